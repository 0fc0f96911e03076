/**
 * The prepared site: what a build hands to the Worker. Every response is rendered once, in
 * Node; its body is a file of the static export, and this index says, for each canonical path,
 * which file holds the body and which headers go with it. Runtime-agnostic JSON.
 */
import type { ContentCoding } from '../http/encoding.ts'

export const PREPARED_SITE_VERSION = 2
/** Where `bylines build` writes the index, and where the servers of a build look for it. */
export const DEFAULT_PREPARED_FILE = 'build/prepared-site.json'

export interface PreparedEntry {
  /** The body's file, relative to the export folder, `/`-separated. */
  file: string
  /** Index into `headerSets`: the headers this response shares with others. */
  shared: number
  /** The headers of this response alone: ETag, Content-Length, Last-Modified, Link. */
  own: Record<string, string>
}

export interface PreparedSite {
  version: typeof PREPARED_SITE_VERSION
  siteUrl: string
  /** Where the static export is, relative to this index's folder (`/`-separated). */
  exportDir: string
  /** When the build ran; scheduled articles due later are not in it. */
  builtAt: string
  /** The next scheduled article's date, when there is one: rebuild then to publish it. */
  nextScheduled?: string
  /** The codings the Node server offers: their ETags are honoured in If-None-Match too. */
  codings: ContentCoding[]
  headerSets: Record<string, string>[]
  /** Every 200 response, by canonical path. */
  resources: Record<string, PreparedEntry>
  /** The 404 page. */
  notFound: PreparedEntry
  /** Articles per archive, and the number of articles of each set by its path: where an old page has gone. */
  itemsPerFeed: number
  setSizes: Record<string, number>
}

/** Headers that differ from one response to the next; everything else is shared. */
export const OWN_HEADERS = new Set(['etag', 'content-length', 'last-modified', 'link'])

/** Every file the index lists, relative to the export folder: the bodies of its responses and the 404 page. */
export function filesOf(site: PreparedSite): string[] {
  return [...Object.values(site.resources), site.notFound].map((entry) => entry.file)
}
