/**
 * A version of the code that renders the site: a hash of every source file and of the locked
 * dependencies (a new markdown-it can change a page as surely as our own code). A build leaves a
 * file alone only if it was made by this same version; a change anywhere in src/ means every
 * resource is made again, which is slower but never stale.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..')
const LOCK = join(SRC, '..', 'package-lock.json')

let version: string | undefined

/**
 * Set in a bundle (scripts/bundle.mjs) to the version of the sources it was made from: a bundle
 * has no src/ beside it to hash, and its two files (the command, the build's second thread) must
 * name the same version. Undefined, as an identifier never declared, when run from the sources.
 */
declare const BUNDLED_CODE_VERSION: string | undefined

export function codeVersion(): string {
  if (typeof BUNDLED_CODE_VERSION === 'string') return BUNDLED_CODE_VERSION
  if (version !== undefined) return version
  const hash = createHash('sha1')
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
  for (const file of [...files, LOCK]) {
    hash.update(file.slice(SRC.length)).update('\0')
    try {
      hash.update(readFileSync(file))
    } catch {
      // No lock file (an unpacked copy of src/ alone): the sources still tell versions apart.
    }
    hash.update('\0')
  }
  return (version = hash.digest('base64url'))
}
