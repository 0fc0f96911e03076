/** The three feed formats in one table: file name, media type and renderer, read by the app and the tests. */
import type { SiteSettings } from '../settings.ts'
import { renderAtom } from './atom.ts'
import { FEED_FILES } from './feed-files.ts'
import type { FeedSet } from '../sets/feed-sets.ts'
import { newestUpdate, toFeedItem, type Feed, type FeedFormat, type PageLinks } from './feed-model.ts'
import { renderJsonFeed } from './json-feed.ts'
import { renderRss } from './rss.ts'

export interface FeedFormatSpec {
  file: string
  contentType: string
  label: string
  render(feed: Feed, site: SiteSettings): string
}

export const FEED_FORMATS: Record<FeedFormat, FeedFormatSpec> = {
  rss: {
    file: FEED_FILES.rss,
    contentType: 'application/rss+xml; charset=utf-8',
    label: 'RSS 2.0',
    render: (feed) => renderRss(feed),
  },
  atom: {
    file: FEED_FILES.atom,
    contentType: 'application/atom+xml; charset=utf-8',
    label: 'Atom 1.0',
    render: (feed) => renderAtom(feed),
  },
  json: {
    file: FEED_FILES.json,
    contentType: 'application/feed+json; charset=utf-8',
    label: 'JSON Feed 1.1',
    render: (feed, site) => renderJsonFeed(feed, site.url),
  },
}

export const FEED_FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[]

/** Number of pages of a set: at least one, so an empty site still has a (first) feed. */
export function pageCount(set: FeedSet, site: SiteSettings): number {
  return Math.max(1, Math.ceil(set.articles.length / site.itemsPerFeed))
}

/**
 * Path (below the site URL) of one page of a set: page 1 is the set's own path, so its URL never
 * changes; older pages are folders (`page/2/`), not queries, so a static host can serve them.
 */
export function setPagePath(set: FeedSet, page: number): string {
  return page > 1 ? `${set.path}page/${page}/` : set.path
}

/** URL of one page of a set's feed. */
export function feedPageUrl(set: FeedSet, format: FeedFormat, page: number, site: SiteSettings): string {
  return `${site.url}${setPagePath(set, page)}${FEED_FORMATS[format].file}`
}

/**
 * One page of a set's feed (RFC 5005 §3, paged feeds): page 1 holds the newest items, each
 * page links to the first, last, next (older) and previous (newer) pages.
 */
export function buildFeed(set: FeedSet, page: number, site: SiteSettings): Feed {
  const start = (page - 1) * site.itemsPerFeed
  const items = set.articles.slice(start, start + site.itemsPerFeed).map((a) => toFeedItem(a, site))
  const last = pageCount(set, site)
  const linksFor = (format: FeedFormat): PageLinks => ({
    self: feedPageUrl(set, format, page, site),
    first: feedPageUrl(set, format, 1, site),
    last: feedPageUrl(set, format, last, site),
    next: page < last ? feedPageUrl(set, format, page + 1, site) : undefined,
    previous: page > 1 ? feedPageUrl(set, format, page - 1, site) : undefined,
  })
  return {
    meta: {
      id: `${site.url}${set.path}`,
      title: set.title,
      description: set.description,
      language: set.hreflang ?? site.language,
      homeUrl: `${site.url}${set.path}`,
      links: { rss: linksFor('rss'), atom: linksFor('atom'), json: linksFor('json') },
      updated: newestUpdate(items),
      author: site.defaultAuthor,
      rights: site.rights,
      timeZone: site.timeZone,
      ttlMinutes: Math.ceil(site.cache.maxAge / 60),
      hub: site.websubHub,
    },
    items,
  }
}
