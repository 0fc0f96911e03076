/**
 * What every resource of a build depends on besides its own inputs: the index's format, the code
 * and the settings. With a resource's inputs it says whether the previous build made that
 * resource from the same things; the export's two threads compare theirs before sharing work.
 */
import { codeVersion } from '../files/code-version.ts'
import type { SiteSettings } from '../settings/settings.ts'
import { PREPARED_SITE_VERSION } from '../resources/prepared-site.ts'

export function buildContext(site: SiteSettings): string {
  return JSON.stringify([PREPARED_SITE_VERSION, codeVersion(), site])
}
