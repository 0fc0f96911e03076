/**
 * The site's URL scheme, below the site URL: where a set, each of its documents and feeds, and
 * an article live, and how a request path is read back into those. The one place a path is
 * spelled; everything that links, lists, exports or routes asks here.
 *
 *   {set}                              a set's current page: '' (the home page), tags/{slug}/, …
 *   {set}rss.xml, atom.xml, feed.json  its current feeds
 *   archive/{set}{n}/[feed file]       archive n (RFC 5005 §4), under a prefix of its own so that
 *                                      one `_headers` rule gives every archive its caching
 *   {set}page/{n}/[feed file]          the numbering used before archives: redirected
 *   articles/{slug}                    an article
 *   {set}#subscribe                    how to follow a set's feeds, for people who opened one: a
 *                                      section of the set's current page, not a file of its own
 *   subscribe/{set}                    that section's page before: redirected to {set}#subscribe
 *   feed.css                           the feeds' stylesheet, for a feed opened in a browser
 *   sitemap.xml, sitemap-news.xml      the sitemap (or the index of its parts), the Google News
 *   sitemap-{n}.xml                    sitemap; the sitemap's parts when it is split
 *   robots.txt                         where crawlers find the sitemaps
 *   healthz                            the Node server's health (server/health.ts); not exported
 *   variants/{hash}/{name}-{width}.{ext}  smaller copies of the pictures articles show
 *                                      (picture-variants.ts)
 */

import { CURRENT, type DocumentNumber, documentForOldPage } from './archives.ts'
import type { FeedFormat } from './feed-files.ts'
import { FEED_FILES } from './feed-files.ts'
import { VARIANTS_SEGMENT } from './picture-variants.ts'

/** The kinds of feed set, by the path each lives under (tags/{slug}/, publications/{slug}/, …). */
export const FEED_SET_KIND_NAMES = ['tags', 'publications', 'from', 'translators', 'authors', 'languages'] as const

export type FeedSetKind = (typeof FEED_SET_KIND_NAMES)[number]

export const ARCHIVE_PREFIX = 'archive/'
export const ARTICLES_PREFIX = 'articles/'
/** Where each set's subscribe page was, before it became a section of the set's page. */
const OLD_SUBSCRIBE_PREFIX = 'subscribe/'
/** The id of the section of a set's current page that tells how to follow its feeds. */
export const SUBSCRIBE_SECTION_ID = 'subscribe'
/**
 * The stylesheet that makes a feed opened in a browser readable: one name at the top, so that a
 * newsroom's own folders (`public/assets/`, `public/css/`) stay theirs.
 */
export const FEED_STYLESHEET_PATH = 'feed.css'
export const SITEMAP_PATH = 'sitemap.xml'
/**
 * The names of the sitemap's parts and of the news sitemap begin with this, and nothing else's
 * does: one `_headers` rule (`/sitemap-*`) covers them all without reaching `/sitemap.xml`.
 */
export const SITEMAP_FAMILY_PREFIX = 'sitemap-'
export const NEWS_SITEMAP_PATH = `${SITEMAP_FAMILY_PREFIX}news.xml`
/** Whether the Node server keeps up with its folder; a process manager's, not a reader's. */
export const HEALTH_PATH = 'healthz'
/** Not reserved: a newsroom's own `public/robots.txt` takes its place (resources/kinds/crawler-files.ts). */
export const ROBOTS_PATH = 'robots.txt'

/** Part `n` of a sitemap split past the protocol's limits, from 1. */
export function sitemapPartPath(n: number): string {
  return `${SITEMAP_FAMILY_PREFIX}${n}.xml`
}

const SITEMAP_PART_KEY = new RegExp(`^/${SITEMAP_FAMILY_PREFIX}([1-9][0-9]{0,8})\\.xml$`)

/** The part a key names (`/sitemap-2.xml` is 2), or undefined. */
export function sitemapPartOf(key: string): number | undefined {
  const match = SITEMAP_PART_KEY.exec(key)
  return match ? Number(match[1]) : undefined
}

/** A set's path: '' for the site, else e.g. `tags/france/`, the slug percent-encoded. */
export function setPath(kind: FeedSetKind, slug: string): string {
  return `${kind}/${encodeURIComponent(slug)}/`
}

/** One document of a set: the set's own path for the current one, so its URL never changes. */
export function documentPath(setPath: string, document: DocumentNumber): string {
  return document === CURRENT ? setPath : `${ARCHIVE_PREFIX}${setPath}${document}/`
}

export function feedPath(setPath: string, document: DocumentNumber, format: FeedFormat): string {
  return `${documentPath(setPath, document)}${FEED_FILES[format]}`
}

/** A slug from a file name may hold any script's letters (`東京`): it is percent-encoded. */
export function articlePath(slug: string): string {
  return `${ARTICLES_PREFIX}${encodeURIComponent(slug)}`
}

/** A set's subscribe section, on its current page: `#subscribe` for the site's, `tags/rail/#subscribe` for a tag's. */
export function subscribeSectionPath(setPath: string): string {
  return `${documentPath(setPath, CURRENT)}#${SUBSCRIBE_SECTION_ID}`
}

/**
 * The first segments of the paths the site makes itself: a file of the public folder there
 * (`public/rss.xml`, `public/tags/…`) is never served, so that it cannot stand in for a feed.
 * So are names beginning `sitemap-` (isSitePath), which the sitemap's parts may take. Not
 * `robots.txt`: a newsroom's own replaces the site's.
 */
const SITE_SEGMENTS = new Set<string>([
  ...FEED_SET_KIND_NAMES,
  ...Object.values(FEED_FILES),
  ARTICLES_PREFIX.slice(0, -1),
  ARCHIVE_PREFIX.slice(0, -1),
  // Kept: the old subscribe pages' addresses redirect, and no public file may stand in for them.
  OLD_SUBSCRIBE_PREFIX.slice(0, -1),
  FEED_STYLESHEET_PATH,
  'page',
  'feeds',
  'feeds.opml',
  'spec',
  SITEMAP_PATH,
  HEALTH_PATH,
  VARIANTS_SEGMENT,
])

/** The static host's rules for the export (Cloudflare's and Netlify's format). */
export const HEADERS_FILE = '_headers'
/** The 404 page in the export, the name static hosts answer a missing path with. */
export const NOT_FOUND_FILE = '404.html'
/**
 * Files of the static export that are not resources: its home page, 404 page and host rules.
 * The hosts' other names (`_redirects`, `_worker.js`, …) are never published at all
 * (public-files.ts, unpublishableReason).
 */
const EXPORT_FILES = new Set(['index.html', NOT_FOUND_FILE, HEADERS_FILE])

/**
 * Whether a path from the site root (`media/a.jpg`, not encoded) is among those the site makes,
 * or would take the place of one of its files in the static export (`feeds.html`).
 */
export function isSitePath(path: string): boolean {
  const first = path.split('/', 1)[0]!
  return (
    SITE_SEGMENTS.has(first) ||
    SITE_SEGMENTS.has(first.replace(/\.html$/, '')) ||
    first.startsWith(SITEMAP_FAMILY_PREFIX) ||
    EXPORT_FILES.has(path)
  )
}

/** What a request path (a resource key: `/` and the path, canonically encoded) names. */
export type KeyTarget =
  | { type: 'document'; setPath: string; kind?: FeedSetKind; slug?: string; document: DocumentNumber; format?: FeedFormat }
  | { type: 'old-page'; setPath: string; kind?: FeedSetKind; slug?: string; page: number; format?: FeedFormat }
  | { type: 'article'; slug: string }
  | { type: 'old-subscribe'; setPath: string; kind?: FeedSetKind; slug?: string }

const KIND = `(?:(${FEED_SET_KIND_NAMES.join('|')})/([^/]+)/)?`
const NUMBER = '([1-9][0-9]{0,8})'
const FILE = `(${Object.values(FEED_FILES)
  .map((f) => f.replace('.', '\\.'))
  .join('|')})?`
const CURRENT_KEY = new RegExp(`^/${KIND}${FILE}$`)
const ARCHIVE_KEY = new RegExp(`^/${ARCHIVE_PREFIX}${KIND}${NUMBER}/${FILE}$`)
const OLD_PAGE_KEY = new RegExp(`^/${KIND}page/${NUMBER}/${FILE}$`)
const ARTICLE_KEY = new RegExp(`^/${ARTICLES_PREFIX}([^/]+)$`)
const OLD_SUBSCRIBE_KEY = new RegExp(`^/${OLD_SUBSCRIBE_PREFIX}${KIND}$`)
const FORMAT_BY_FILE = new Map(Object.entries(FEED_FILES).map(([format, file]) => [file as string, format as FeedFormat]))

export function parseKey(key: string): KeyTarget | undefined {
  let match = CURRENT_KEY.exec(key)
  if (match) return { type: 'document', ...setOf(match[1], match[2]), document: CURRENT, format: formatOf(match[3]) }
  match = ARCHIVE_KEY.exec(key)
  if (match) return { type: 'document', ...setOf(match[1], match[2]), document: Number(match[3]), format: formatOf(match[4]) }
  match = OLD_PAGE_KEY.exec(key)
  if (match) return { type: 'old-page', ...setOf(match[1], match[2]), page: Number(match[3]), format: formatOf(match[4]) }
  match = ARTICLE_KEY.exec(key)
  if (match) {
    const slug = decodeSegment(match[1]!)
    return slug === undefined ? undefined : { type: 'article', slug }
  }
  match = OLD_SUBSCRIBE_KEY.exec(key)
  if (match) return { type: 'old-subscribe', ...setOf(match[1], match[2]) }
  return undefined
}

function setOf(kind: string | undefined, slug: string | undefined): { setPath: string; kind?: FeedSetKind; slug?: string } {
  if (kind === undefined) return { setPath: '' }
  return { setPath: `${kind}/${slug}/`, kind: kind as FeedSetKind, slug: decodeURIComponent(slug!) }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

function formatOf(file: string | undefined): FeedFormat | undefined {
  return file === undefined ? undefined : FORMAT_BY_FILE.get(file)
}

/** Where a path the site no longer serves has gone, and for how long. */
export interface Moved {
  /** A key, with a fragment where it leads to a section of a page (`/tags/rail/#subscribe`). */
  to: string
  /** 302 where the place changes as articles are added; 301 where it never will. */
  status: 301 | 302
}

/**
 * Where `key` has gone, if it is a path the site used to serve: a page of the numbering used
 * before archives (`…/page/N/…`, newest first) goes to the document that now holds the first
 * article it showed, for now; an old subscribe page, to its set's subscribe section, for good.
 * @param sizeOf the number of articles of the set at a path, undefined for no such set
 */
export function movedTo(key: string, sizeOf: (setPath: string) => number | undefined, perArchive: number): Moved | undefined {
  const target = parseKey(key)
  if (target?.type === 'old-page') {
    const size = sizeOf(target.setPath)
    const document = size === undefined ? undefined : documentForOldPage(size, target.page, perArchive)
    if (document === undefined) return undefined
    return {
      to: `/${target.format ? feedPath(target.setPath, document, target.format) : documentPath(target.setPath, document)}`,
      status: 302,
    }
  }
  // The subscribe pages were folders, reached without the final slash by a redirect to it: one redirect now.
  const subscribe = target ?? parseKey(`${key}/`)
  if (subscribe?.type === 'old-subscribe' && sizeOf(subscribe.setPath) !== undefined) {
    return { to: `/${subscribeSectionPath(subscribe.setPath)}`, status: 301 }
  }
  return undefined
}
