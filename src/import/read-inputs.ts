/**
 * The inputs of `bylines import`, read before the articles folder is locked: the files and
 * folders named on the command line expanded into files, each read as text and given its id.
 * Reading may be slow (a network share, a big folder) and another import may be waiting, so this
 * is done first; an input that cannot be imported gets its reason here and the others go on.
 */
import { readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { MAX_ARTICLE_BYTES, toPosixPath } from '../content/read-articles.ts'
import { readRegularFile } from '../files/regular-file.ts'
import { ImportError } from './article-draft.ts'
import { importIdFor } from './identity.ts'
import { reasonOf } from './import-outcome.ts'
import type { ImportSettings } from './import-settings.ts'
import { parseRawCopy, type RawCopy } from './raw-copy.ts'
import { decodeRawCopy, normaliseRawText } from './raw-text.ts'

/** One file to import, or an input that gives none (`reason` says why). */
export interface InputFile {
  path: string
  /** As the editor wrote it (folder files: the folder's path joined with theirs). */
  display: string
  reason?: string
}

/**
 * The files named and the files of the folders named (any depth, hidden ones aside), in order; an
 * input that gives no file, or a file inside the articles folder, comes with its reason.
 */
export async function expandInputs(inputs: readonly string[], articlesDir: string): Promise<InputFile[]> {
  const files: InputFile[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (!info) {
      files.push({ path: input, display: input, reason: 'does not exist' })
    } else if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true }).catch((error: unknown) => error as Error)
      if (entries instanceof Error) {
        files.push({ path: input, display: input, reason: `cannot be read: ${entries.message}` })
        continue
      }
      const found = entries
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .filter(
          (path) =>
            !relative(input, path)
              .split(/[\\/]/)
              .some((part) => part.startsWith('.')),
        )
        .sort()
      if (found.length === 0) files.push({ path: input, display: input, reason: 'is a folder with no files' })
      for (const path of found) files.push({ path, display: toPosixPath(path) })
    } else {
      files.push({ path: input, display: input })
    }
  }
  for (const file of files) {
    const inside = relative(articlesDir, file.path)
    if (!file.reason && !isOutside(inside)) {
      file.reason = 'is inside the articles folder: raw copy is imported from elsewhere'
    }
  }
  return files
}

export type ReadCopy = { copy: RawCopy; id: string } | { reason: string }

/** Every input read and given its id, before the articles folder is locked: reading may be slow. */
export async function readCopies(files: readonly InputFile[], settings: ImportSettings): Promise<ReadCopy[]> {
  const copies: ReadCopy[] = []
  const inputOfId = new Map<string, string>()
  for (const input of files) {
    if (input.reason !== undefined) {
      copies.push({ reason: input.reason })
      continue
    }
    try {
      // A FIFO or a device named on the command line is refused, not waited on.
      const bytes = await readRegularFile(input.path, { maxBytes: MAX_ARTICLE_BYTES, what: 'raw copy' })
      const normalised = normaliseRawText(decodeRawCopy(bytes))
      const id = importIdFor(normalised)
      const twin = inputOfId.get(id)
      if (twin !== undefined) throw new ImportError(`is the same text as ${twin}`)
      inputOfId.set(id, input.display)
      const copy = parseRawCopy(normalised, { timeZone: settings.site.timeZone, boilerplate: settings.boilerplate })
      copies.push({ copy, id })
    } catch (error) {
      copies.push({ reason: reasonOf(error) })
    }
  }
  return copies
}

/** True when a path relative to the articles folder leaves it (`..` as a whole segment, or another drive). */
function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || relativePath.startsWith('../') || isAbsolute(relativePath)
}
