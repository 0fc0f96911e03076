/**
 * The sitemap (sitemaps.org protocol 0.9): every page a search engine should know, each with when
 * it last changed. Past the protocol's limits it is split into parts of at most so many URLs and
 * bytes, listed by a sitemap index. Pure: which pages are listed is the site's (sitemaps/crawler-files.ts).
 */
import { formatRfc3339 } from '../articles/dates.ts'
import { joinParts } from '../http/body-parts.ts'
import { el, ITEMS_MARK, renderXmlDocument, renderXmlDocumentWith, renderXmlFragment, type XmlElement } from '../text/xml.ts'

export const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

export interface SitemapLimits {
  /** URLs in one sitemap at most. */
  urls: number
  /** Bytes of one sitemap at most, uncompressed. */
  bytes: number
}

/**
 * sitemaps.org, "Sitemap file location" and "Using Sitemap index files": a sitemap holds "no
 * more than 50,000 URLs and must be no larger than 50MB (52,428,800 bytes)" uncompressed; a
 * larger one is split into several, listed by a sitemap index. An index may list 50,000
 * sitemaps, so one index is enough for any site (2.5 billion URLs).
 */
export const SITEMAP_LIMITS: SitemapLimits = { urls: 50_000, bytes: 52_428_800 }

/** The XHTML namespace, for Google's `xhtml:link` language alternates. */
export const XHTML_NS = 'http://www.w3.org/1999/xhtml'

/** One `<url>`: an absolute URL and, when known, when its page last changed. */
export interface SitemapEntry {
  loc: string
  lastmod?: Date
  /** The page in every language, itself included, when it has others. */
  alternates?: readonly { hreflang: string; href: string }[]
}

/** One sitemap document: a `<urlset>` part, or the index of the parts. */
export interface SitemapDocument {
  body: Uint8Array
  /** The newest `lastmod` it lists: its own `Last-Modified`, and its `lastmod` in an index. */
  newest?: Date
  /** The entries a part lists (none for an index). */
  entries: readonly SitemapEntry[]
}

/** The whole sitemap: one `<urlset>` (`index` undefined, `parts` of one) or an index and its parts. */
export interface SitemapSet {
  index?: SitemapDocument
  parts: SitemapDocument[]
}

/**
 * The entries as sitemaps within `limits`, in order: all in one when they fit, else parts
 * filled one after the other and an index listing them at `partUrl(1)`, `partUrl(2)`, ….
 * @throws RangeError when a single entry is larger than `limits.bytes` allows
 */
export function splitSitemap(
  entries: readonly SitemapEntry[],
  partUrl: (n: number) => string,
  timeZone: string,
  limits: SitemapLimits = SITEMAP_LIMITS,
): SitemapSet {
  const parts = packParts(entries, timeZone, limits)
  if (parts.length === 1) return { parts }
  const index = el(
    'sitemapindex',
    { xmlns: SITEMAP_NS },
    parts.map((part, i) =>
      el('sitemap', {}, el('loc', {}, partUrl(i + 1)), part.newest && el('lastmod', {}, formatRfc3339(part.newest, timeZone))),
    ),
  )
  return { index: { body: utf8.encode(renderXmlDocument(index)), newest: newestOf(parts.map((part) => part.newest)), entries: [] }, parts }
}

const utf8 = new TextEncoder()
/** Declared once on every `<urlset>`, so that a URL's bytes do not depend on which part it lands in. */
const URLSET: XmlElement = el('urlset', { xmlns: SITEMAP_NS, 'xmlns:xhtml': XHTML_NS }, ITEMS_MARK)
/**
 * A `<urlset>` with n URLs is the empty one's bytes plus each URL's and a line break each
 * (xml.ts: the items are joined by line breaks, in place of the mark's line).
 */
const EMPTY_URLSET_BYTES = joinParts(renderXmlDocumentWith(URLSET, [])).byteLength

function packParts(entries: readonly SitemapEntry[], timeZone: string, limits: SitemapLimits): SitemapDocument[] {
  const parts: SitemapDocument[] = []
  let items: Uint8Array[] = []
  let listed: SitemapEntry[] = []
  let bytes = EMPTY_URLSET_BYTES
  const close = () => {
    parts.push({
      body: joinParts(renderXmlDocumentWith(URLSET, items)),
      newest: newestOf(listed.map((entry) => entry.lastmod)),
      entries: listed,
    })
    items = []
    listed = []
    bytes = EMPTY_URLSET_BYTES
  }
  for (const entry of entries) {
    const item = utf8.encode(renderXmlFragment(urlElement(entry, timeZone), '  '))
    const cost = item.byteLength + 1
    if (EMPTY_URLSET_BYTES + cost > limits.bytes) {
      throw new RangeError(`the sitemap entry for ${entry.loc} alone is larger than ${limits.bytes} bytes`)
    }
    if (items.length >= limits.urls || bytes + cost > limits.bytes) close()
    items.push(item)
    listed.push(entry)
    bytes += cost
  }
  // A site without a page still has a sitemap: an empty `<urlset>`.
  if (items.length > 0 || parts.length === 0) close()
  return parts
}

/**
 * Language alternates as Google reads them in a sitemap: one `xhtml:link rel="alternate"` per
 * language, the URL's own included, in each of the URLs
 * (https://developers.google.com/search/docs/specialty/international/localized-versions#sitemap).
 */
function urlElement(entry: SitemapEntry, timeZone: string): XmlElement {
  return el(
    'url',
    {},
    el('loc', {}, entry.loc),
    entry.lastmod && el('lastmod', {}, formatRfc3339(entry.lastmod, timeZone)),
    (entry.alternates ?? []).map(({ hreflang, href }) => el('xhtml:link', { rel: 'alternate', hreflang, href })),
  )
}

function newestOf(dates: readonly (Date | undefined)[]): Date | undefined {
  let newest: Date | undefined
  for (const date of dates) if (date && (!newest || date > newest)) newest = date
  return newest
}
