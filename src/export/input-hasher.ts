/**
 * A resource's inputs as a build records them: what resourceInputs (resources/resources.ts) says the
 * resource is made from, hashed with the build's context (the code, the settings), so that the
 * next build leaves the file alone when the hash is the same.
 *
 * A rebuild hashes every resource's inputs before it decides what to make. A build with no
 * previous one makes everything, so each thread hashes the inputs of what it makes, as it makes
 * it, and the cost is shared.
 */
import { createHash } from 'node:crypto'
import type { SiteView } from '../feed-sets/view.ts'
import { codeVersion } from '../files/code-version.ts'
import { PREPARED_SITE_VERSION } from '../resources/prepared-site.ts'
import { resourceInputs } from '../resources/resources.ts'
import type { SiteSettings } from '../settings/schema.ts'

/** @returns the hash of a resource's inputs, or undefined for a resource that is made again by every build */
export function inputHasher(view: SiteView, site: SiteSettings, context: string): (key: string) => string | undefined {
  const inputsOf = resourceInputs(view, site, hashText)
  const contextHash = hashText(context)
  return (key) => {
    const described = inputsOf(key)
    return described === undefined ? undefined : hashText(`${contextHash}\n${described}`)
  }
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url')
}

/**
 * What every resource of a build depends on besides its own inputs: the index's format, the code
 * and the settings. With a resource's inputs it says whether the previous build made that
 * resource from the same things; the export's two threads compare theirs before sharing work.
 */
export function buildContext(site: SiteSettings): string {
  return JSON.stringify([PREPARED_SITE_VERSION, codeVersion(), site])
}
