/**
 * The files for crawlers (sitemaps/crawler-files.ts): the sitemap, its parts when it is split,
 * the news sitemap and robots.txt. A newsroom's own public/robots.txt takes the site's place:
 * it is then a public file's key, not this kind's.
 */
import { crawlerFilesOf, isCrawlerKey, NEWS_SITEMAP_KEY, ROBOTS_KEY } from '../../sitemaps/crawler-files.ts'
import type { ResourceKind } from '../kind.ts'

export const crawlerFiles: ResourceKind<string> = {
  name: 'crawler files',
  keys: ({ view, site, publicByKey }) => crawlerFilesOf(view, site).keys.filter((key) => !publicByKey.has(key)),
  // The cheap tests first: which parts the sitemap has is worked out only for a crawler's name.
  find: (key, _target, { view, site, publicByKey }) =>
    isCrawlerKey(key) && !publicByKey.has(key) && crawlerFilesOf(view, site).keys.includes(key) ? key : undefined,
  make(key, { view, site, prepare }) {
    const file = crawlerFilesOf(view, site).at(key)!
    return prepare(file.body, file.type, file.lastModified)
  },
  inputs(key, { view, site, versionOf }) {
    // Settings and code alone: the site's title and URL are in the build's context.
    if (key === ROBOTS_KEY) return JSON.stringify(['robots'])
    if (key === NEWS_SITEMAP_KEY) {
      // Its articles (a day's or two's, a thousand at most): which ones says where the two days fall.
      const versions = crawlerFilesOf(view, site).news.map(versionOf)
      return versions.includes(undefined) ? undefined : JSON.stringify(['news', versions])
    }
    // The sitemap and its parts list every page: working out their inputs would cost as much as making them.
    return undefined
  },
}
