/**
 * What the site tells crawlers: the sitemap of its pages (every article, every set's current
 * page and archive pages, `/feeds`), the news sitemap of its last two days, and the robots.txt
 * that names both. Worked out once per view, since which parts the sitemap has is needed to
 * list the site's keys as well as to answer them.
 */

import { siblingsOf, translationSet } from '../feed-sets/translations.ts'
import type { SiteView } from '../feed-sets/view.ts'
import { newestChange } from '../feeds/formats.ts'
import { archiveCount, CURRENT, documentArticles } from '../model/archives.ts'
import { type Article, lastModified } from '../model/article.ts'
import {
  documentPath,
  NEWS_SITEMAP_PATH,
  ROBOTS_PATH,
  SITEMAP_FAMILY_PREFIX,
  SITEMAP_PATH,
  sitemapPartOf,
  sitemapPartPath,
} from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { newsArticles, renderNewsSitemap } from './news-sitemap.ts'
import { renderRobotsTxt } from './robots.ts'
import { SITEMAP_LIMITS, type SitemapEntry, type SitemapLimits, type SitemapSet, splitSitemap } from './sitemap.ts'

export const SITEMAP_KEY = `/${SITEMAP_PATH}`
export const NEWS_SITEMAP_KEY = `/${NEWS_SITEMAP_PATH}`
export const ROBOTS_KEY = `/${ROBOTS_PATH}`

const XML_TYPE = 'application/xml; charset=utf-8'
const TEXT_TYPE = 'text/plain; charset=utf-8'

/** One crawler file: its body, its type, and the newest change it tells of (its Last-Modified). */
export interface CrawlerFile {
  body: string | Uint8Array
  type: string
  lastModified?: Date
}

/** Whether `key` is a name only the crawler files use: a cheap test before working them out. */
export function isCrawlerKey(key: string): boolean {
  return key === SITEMAP_KEY || key === ROBOTS_KEY || key.startsWith(`/${SITEMAP_FAMILY_PREFIX}`)
}

/**
 * The pages the sitemap lists, with when each last changed. Set pages, archives included, are
 * listed as well as articles: they are pages a reader lands on from a search (a tag, a
 * publication, a translator), and archives are the only pages that link every older article.
 * An article with other translations names each, itself included, as a language alternate.
 */
export function sitemapEntries(view: SiteView, site: SiteSettings): SitemapEntry[] {
  const entries: SitemapEntry[] = []
  const url = (path: string) => `${site.url}${path}`
  for (const set of view.feedSets.all()) {
    const archives = archiveCount(set.articles.length, site.itemsPerFeed)
    for (let document = CURRENT; document <= archives; document++) {
      const shown = documentArticles(set.articles, document, site.itemsPerFeed)
      entries.push({ loc: url(documentPath(set.path, document)), lastmod: newestChange(shown) })
    }
  }
  const siblings = siblingsOf(view)
  for (const article of view.published) {
    const set = translationSet(article, siblings(article))
    const alternates = set.length > 0 ? set.map((a) => ({ hreflang: a.language, href: a.url })) : undefined
    entries.push({ loc: article.url, lastmod: lastModified(article), ...(alternates && { alternates }) })
  }
  entries.push({ loc: url('feeds'), lastmod: newestChange(view.published) })
  return entries
}

/** The sitemap at these limits: one `<urlset>`, or an index of parts at `/sitemap-{n}.xml`. */
export function siteSitemap(view: SiteView, site: SiteSettings, limits?: SitemapLimits): SitemapSet {
  return splitSitemap(sitemapEntries(view, site), (n) => `${site.url}${sitemapPartPath(n)}`, site.timeZone, limits)
}

export interface CrawlerFiles {
  /** The keys of the crawler files, in order. */
  keys: readonly string[]
  /** The file at `key`, or undefined when it is none of them. */
  at(key: string): CrawlerFile | undefined
  /** The articles the news sitemap lists. */
  news: readonly Article[]
}

const made = new WeakMap<SiteView, Map<SitemapLimits, CrawlerFiles>>()

/**
 * The crawler files of a view, worked out on first use and kept with it.
 * @param limits the sitemap's, other than the protocol's only in tests
 */
export function crawlerFilesOf(view: SiteView, site: SiteSettings, limits: SitemapLimits = SITEMAP_LIMITS): CrawlerFiles {
  let byLimits = made.get(view)
  if (!byLimits) made.set(view, (byLimits = new Map()))
  let files = byLimits.get(limits)
  if (!files) {
    const sitemap = siteSitemap(view, site, limits)
    const news = newsArticles(view.published, view.at)
    const partKeys = sitemap.index ? sitemap.parts.map((_, i) => `/${sitemapPartPath(i + 1)}`) : []
    const root = sitemap.index ?? sitemap.parts[0]!
    files = {
      keys: [SITEMAP_KEY, ...partKeys, NEWS_SITEMAP_KEY, ROBOTS_KEY],
      news,
      at(key) {
        if (key === SITEMAP_KEY) return { body: root.body, type: XML_TYPE, lastModified: root.newest }
        if (key === NEWS_SITEMAP_KEY)
          return { body: renderNewsSitemap(news, site.title, site.timeZone), type: XML_TYPE, lastModified: newestChange(news) }
        if (key === ROBOTS_KEY)
          return { body: renderRobotsTxt([`${site.url}${SITEMAP_PATH}`, `${site.url}${NEWS_SITEMAP_PATH}`]), type: TEXT_TYPE }
        // The parts exist only when the sitemap is split; unsplit, it is all at /sitemap.xml.
        const part = sitemap.index ? sitemapPartOf(key) : undefined
        const document = part === undefined ? undefined : sitemap.parts[part - 1]
        return document && { body: document.body, type: XML_TYPE, lastModified: document.newest }
      },
    }
    byLimits.set(limits, files)
  }
  return files
}
