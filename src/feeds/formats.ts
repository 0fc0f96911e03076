/** The three feed formats in one table: file name, media type and renderer, read by the app and the tests. */
import type { Article } from '../articles/article.ts'
import type { SiteSettings } from '../site.ts'
import { renderAtom } from './atom.ts'
import { newestUpdate, toFeedItem, type Feed, type FeedFormat } from './feed-model.ts'
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
    file: 'rss.xml',
    contentType: 'application/rss+xml; charset=utf-8',
    label: 'RSS 2.0',
    render: (feed) => renderRss(feed),
  },
  atom: {
    file: 'atom.xml',
    contentType: 'application/atom+xml; charset=utf-8',
    label: 'Atom 1.0',
    render: (feed) => renderAtom(feed),
  },
  json: {
    file: 'feed.json',
    contentType: 'application/feed+json; charset=utf-8',
    label: 'JSON Feed 1.1',
    render: (feed, site) => renderJsonFeed(feed, site.url),
  },
}

export const FEED_FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[]

/** A set of articles served as feeds under one path, e.g. the whole site at `''`. */
export interface FeedSet {
  /** Path below the site URL, empty or ending in `/`. */
  path: string
  title: string
  description: string
}

/** The newest `site.itemsPerFeed` articles of a set as one feed, ready for any format. */
export function buildFeed(articles: readonly Article[], site: SiteSettings, set: FeedSet): Feed {
  const items = articles.slice(0, site.itemsPerFeed).map((a) => toFeedItem(a, site))
  const homeUrl = `${site.url}${set.path}`
  const selfUrl = (format: FeedFormat) => `${homeUrl}${FEED_FORMATS[format].file}`
  return {
    meta: {
      id: homeUrl,
      title: set.title,
      description: set.description,
      language: site.language,
      homeUrl,
      selfUrls: { rss: selfUrl('rss'), atom: selfUrl('atom'), json: selfUrl('json') },
      updated: newestUpdate(items),
      author: site.defaultAuthor,
      rights: site.rights,
      timeZone: site.timeZone,
    },
    items,
  }
}
