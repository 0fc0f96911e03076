/** The three feed formats in one table: file name, media type and renderer, read by the app and the tests. */
import type { SiteSettings } from '../settings.ts'
import { renderAtom } from './atom.ts'
import { FEED_FILES } from './feed-files.ts'
import { CURRENT, documentArticles, neighbours, type DocumentNumber } from '../sets/archives.ts'
import type { FeedSet } from '../sets/feed-sets.ts'
import { documentPath, feedPath } from '../site/paths.ts'
import { newestUpdate, toFeedItem, type DocumentLinks, type Feed, type FeedFormat } from './feed-model.ts'
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

/** URL of one document of a set's feed. */
export function feedUrl(set: FeedSet, format: FeedFormat, document: DocumentNumber, site: SiteSettings): string {
  return `${site.url}${feedPath(set.path, document, format)}`
}

/**
 * One document of a set's feed (RFC 5005 §4, archived feeds): the current document holds the
 * newest items and links the newest archive as `prev-archive`; each archive links `current` and
 * its neighbours. Nothing in an archive depends on the articles outside it but whether a newer
 * archive exists, so a sealed archive keeps its bytes as the set grows.
 */
export function buildFeed(set: FeedSet, document: DocumentNumber, site: SiteSettings): Feed {
  const per = site.itemsPerFeed
  const items = documentArticles(set.articles, document, per).map((a) => toFeedItem(a, site))
  const { older, newer } = neighbours(set.articles.length, document, per)
  const linksFor = (format: FeedFormat): DocumentLinks => ({
    self: feedUrl(set, format, document, site),
    current: document === CURRENT ? undefined : feedUrl(set, format, CURRENT, site),
    prevArchive: older === undefined ? undefined : feedUrl(set, format, older, site),
    nextArchive: newer === undefined ? undefined : feedUrl(set, format, newer, site),
  })
  return {
    meta: {
      id: `${site.url}${set.path}`,
      title: set.title,
      description: set.description,
      language: set.hreflang ?? site.language,
      homeUrl: `${site.url}${documentPath(set.path, document)}`,
      links: { rss: linksFor('rss'), atom: linksFor('atom'), json: linksFor('json') },
      archive: document !== CURRENT,
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
