/**
 * The Google News sitemap: the articles published in the last two days, each with the
 * publication's name and language, its publication date and title
 * (https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap).
 */

import { formatRfc3339 } from '../articles/dates.ts'
import type { Article } from '../model/article.ts'
import { el, renderXmlDocument } from '../text/xml.ts'
import { SITEMAP_NS } from './sitemap.ts'

export const NEWS_NS = 'http://www.google.com/schemas/sitemap-news/0.9'

/** Google: "Only include recent URLs for articles that were created in the last two days." */
export const NEWS_WINDOW_MS = 2 * 24 * 60 * 60 * 1000
/** Google: "a sitemap may have up to 1,000 news:news tags"; the newest are kept. */
export const NEWS_MAX_ARTICLES = 1000

/**
 * The articles a news sitemap made at `at` lists: published in the two days before it, newest
 * first, at most NEWS_MAX_ARTICLES.
 * @param published the articles published by `at`, newest first
 */
export function newsArticles(published: readonly Article[], at: Date): Article[] {
  const since = at.getTime() - NEWS_WINDOW_MS
  const recent: Article[] = []
  for (const article of published) {
    // Newest first: the first one older than the window ends it.
    if (article.date.getTime() <= since || recent.length === NEWS_MAX_ARTICLES) break
    recent.push(article)
  }
  return recent
}

/**
 * Google's `news:language`: "an ISO 639 language code (two or three letters). Exception: For
 * Simplified Chinese, use zh-cn and for Traditional Chinese, use zh-tw." Our articles carry BCP
 * 47 tags (`en-GB`, `zh-Hant`); the script or region tells the two Chinese apart.
 */
export function newsLanguage(tag: string): string {
  const [language, ...rest] = tag.toLowerCase().split('-')
  if (language !== 'zh') return language!
  return rest.some((subtag) => ['hant', 'tw', 'hk', 'mo'].includes(subtag)) ? 'zh-tw' : 'zh-cn'
}

/**
 * @param articles as `newsArticles` chose them. None is fine: Google says an empty news
 *   sitemap "won't cause any problems", and crawlers keep one address to come back to.
 */
export function renderNewsSitemap(articles: readonly Article[], publication: string, timeZone: string): string {
  return renderXmlDocument(
    el(
      'urlset',
      { xmlns: SITEMAP_NS, 'xmlns:news': NEWS_NS },
      articles.map((article) =>
        el(
          'url',
          {},
          el('loc', {}, article.url),
          el(
            'news:news',
            {},
            el('news:publication', {}, el('news:name', {}, publication), el('news:language', {}, newsLanguage(article.language))),
            el('news:publication_date', {}, formatRfc3339(article.date, timeZone)),
            el('news:title', {}, article.title),
          ),
        ),
      ),
    ),
  )
}
