/**
 * The bylines web app: feeds, pages and the extension doc. Runtime-agnostic: it is given its
 * articles, settings and clock; the Node and Worker entries only decide where those come from.
 */
import { Hono } from 'hono'
import type { Article } from './articles/article.ts'
import { buildFeed, FEED_FORMATS, FEED_FORMAT_NAMES, type FeedSet } from './feeds/formats.ts'
import { renderExtensionDoc } from './html/extension-doc.ts'
import { renderArticlePage, renderHomePage, renderNotFoundPage } from './html/pages.ts'
import { createPublishedViews } from './published.ts'
import { TRANSLATION_EXTENSION_PATH } from './feeds/json-feed.ts'
import type { SiteSettings } from './site.ts'

export interface AppOptions {
  /** Valid, non-draft articles, newest first (see `buildCollection`). */
  articles: readonly Article[]
  site: SiteSettings
  /** The clock that decides which scheduled articles are out; injectable for tests. */
  now?: () => Date
  /** Where unexpected errors are reported. */
  logError?: (error: unknown) => void
}

export function createApp({ articles, site, now = () => new Date(), logError = console.error }: AppOptions) {
  const app = new Hono()
  const publishedAt = createPublishedViews(articles)
  const siteFeed: FeedSet = { path: '', title: site.title, description: site.description }

  for (const format of FEED_FORMAT_NAMES) {
    const { file, contentType, render } = FEED_FORMATS[format]
    app.get(`/${file}`, (c) => {
      const view = publishedAt(now())
      const body = view.memo(`feed:${format}`, () => render(buildFeed(view.articles, site, siteFeed), site))
      return c.body(body, 200, { 'Content-Type': contentType })
    })
  }

  app.get('/', (c) => {
    const view = publishedAt(now())
    return c.html(view.memo('home', () => String(renderHomePage(view.articles, site))))
  })

  app.get('/articles/:slug', (c) => {
    const view = publishedAt(now())
    const slug = c.req.param('slug')
    const article = view.articles.find((a) => a.slug === slug)
    if (!article) return c.notFound()
    return c.html(view.memo(`article:${slug}`, () => String(renderArticlePage(article, view.articles, site))))
  })

  app.get(`/${TRANSLATION_EXTENSION_PATH}`, (c) => c.html(String(renderExtensionDoc(site))))

  app.notFound((c) => c.html(String(renderNotFoundPage(site)), 404))
  app.onError((error, c) => {
    logError(error)
    return c.text('Internal server error', 500)
  })
  return app
}
