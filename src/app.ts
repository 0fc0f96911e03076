/**
 * The bylines web app: feeds, pages, discovery and the extension doc, with the HTTP behaviour
 * aggregators rely on. Runtime-agnostic: it is given its content, settings, clock and
 * compressors; a runtime's entry (src/node/server.ts) only decides where those come from.
 */
import { Hono, type Context } from 'hono'
import { FEED_SET_KIND_NAMES, type FeedSet } from './feed-sets.ts'
import { buildFeed, FEED_FORMATS, FEED_FORMAT_NAMES, feedPageUrl, pageCount } from './feeds/formats.ts'
import type { FeedFormat } from './feeds/feed-model.ts'
import { TRANSLATION_EXTENSION_PATH } from './feeds/json-feed.ts'
import { renderExtensionDoc } from './html/extension-doc.ts'
import { renderOpml } from './html/opml.ts'
import { renderArticlePage, renderFeedsPage, renderNotFoundPage, renderSetPage } from './html/pages.ts'
import { isNotModified } from './http/conditional.ts'
import { chooseEncoding, type Encoders } from './http/encoding.ts'
import { prepareResponse, type PreparedResponse } from './http/prepared.ts'
import { createViewSource, type ContentSnapshot, type SiteView } from './site-view.ts'
import type { SiteSettings } from './site.ts'
import { lastModified as articleLastModified, type Article } from './articles/article.ts'

export interface AppOptions {
  /** The content, or a function giving the current content (the Node entry swaps it live). */
  content: ContentSnapshot | (() => ContentSnapshot)
  site: SiteSettings
  /** The clock that decides which scheduled articles are out; injectable for tests. */
  now?: () => Date
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
  /** Where unexpected errors are reported. */
  logError?: (error: unknown) => void
  /** One line per request; omitted (quiet) by default. */
  logRequest?: (line: string) => void
}

const ALLOW = 'GET, HEAD, OPTIONS'
const HTML = 'text/html; charset=utf-8'
const OPML = 'text/x-opml; charset=utf-8'
/** Pages carry only sanitised markup and a JSON-LD data block: nothing needs to run. */
const HTML_POLICY = "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
const PAGE_PARAMETER = /^[1-9][0-9]{0,8}$/

/**
 * Prepared responses are keyed by their canonical URL path (and page), so that a runtime entry
 * can find a ready response for a request without routing it: see `peek`.
 */
export function resourceKey(path: string, page = 1): string {
  return page > 1 ? `${path}?page=${page}` : path
}

const NOT_FOUND_KEY = ' 404'

export function createApp(options: AppOptions) {
  return createService(options).app
}

/** The app, and `peek`: the ready 200 response for a request key, if one is prepared already. */
export function createService(options: AppOptions) {
  const { site, encoders, logRequest } = options
  const now = options.now ?? (() => new Date())
  const logError = options.logError ?? console.error
  const getContent = typeof options.content === 'function' ? options.content : () => options.content as ContentSnapshot
  const viewAt = createViewSource(getContent, site)
  const cacheControl = `public, max-age=${site.cache.maxAge}, stale-while-revalidate=${site.cache.staleWhileRevalidate}`

  const app = new Hono()

  if (logRequest) {
    app.use(async (c, next) => {
      const started = performance.now()
      await next()
      const bytes = c.res.headers.get('content-length') ?? '-'
      // The path as sent (still percent-encoded): a decoded "%0A" could forge a log line.
      const { pathname, search } = new URL(c.req.url)
      logRequest(`${c.req.method} ${pathname.slice(0, 200)}${search.slice(0, 80)} ${c.res.status} ${bytes} ${(performance.now() - started).toFixed(1)}ms`)
    })
  }

  /** Registers GET (and so HEAD), an OPTIONS preflight, and 405 for every other method. */
  const route = (path: string, handler: (c: Context, view: SiteView) => Promise<Response> | Response) => {
    app.get(path, (c) => handler(c, viewAt(now())))
    app.options(path, (c) => preflight(c))
    app.all(path, (c) => c.text('Method not allowed. This resource answers GET, HEAD and OPTIONS.\n', 405, { allow: ALLOW }))
  }

  const prepare = (body: string, contentType: string, lastModified: Date | undefined, extra: Record<string, string> = {}, status = 200) =>
    prepareResponse({
      status,
      body,
      lastModified,
      encoders,
      headers: { 'content-type': contentType, 'cache-control': cacheControl, 'x-content-type-options': 'nosniff', ...extra },
    })

  const htmlHeaders = { 'content-security-policy': HTML_POLICY }
  const feedHeaders = (format: FeedFormat, set: FeedSet, page: number): Record<string, string> => {
    const headers: Record<string, string> = {
      // Republishers pull feeds from browsers (spec: CORS on feeds).
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag, Last-Modified, Link',
    }
    if (site.websubHub) {
      headers.link = `<${site.websubHub}>; rel="hub", <${feedPageUrl(set, format, page, site)}>; rel="self"`
    }
    return headers
  }

  const serveSetFeed = async (c: Context, view: SiteView, set: FeedSet | undefined, format: FeedFormat) => {
    if (!set) return notFound(c, view)
    const page = readPage(c)
    if (page === 'invalid') return badPage(c)
    if (page > pageCount(set, site)) return notFound(c, view)
    const prepared = await view.prepared(resourceKey(`/${set.path}${FEED_FORMATS[format].file}`, page), () => {
      const feed = buildFeed(set, page, site)
      const updated = feed.items.length > 0 ? feed.meta.updated : undefined
      return prepare(FEED_FORMATS[format].render(feed, site), FEED_FORMATS[format].contentType, updated, feedHeaders(format, set, page))
    })
    return send(c, prepared)
  }

  const serveSetPage = async (c: Context, view: SiteView, set: FeedSet | undefined) => {
    if (!set) return notFound(c, view)
    const page = readPage(c)
    if (page === 'invalid') return badPage(c)
    const pages = pageCount(set, site)
    if (page > pages) return notFound(c, view)
    const prepared = await view.prepared(resourceKey(`/${set.path}`, page), () => {
      const shown = set.articles.slice((page - 1) * site.itemsPerFeed, page * site.itemsPerFeed)
      return prepare(String(renderSetPage(set, page, pages, site)), HTML, newest(shown), htmlHeaders)
    })
    return send(c, prepared)
  }

  const notFound = async (c: Context, view: SiteView) => {
    const prepared = await view.prepared(NOT_FOUND_KEY, () =>
      prepare(String(renderNotFoundPage(site)), HTML, undefined, { ...htmlHeaders, 'cache-control': 'public, max-age=60' }, 404),
    )
    return send(c, prepared)
  }

  route('/', (c, view) => serveSetPage(c, view, view.feedSets.site))
  for (const format of FEED_FORMAT_NAMES) {
    route(`/${FEED_FORMATS[format].file}`, (c, view) => serveSetFeed(c, view, view.feedSets.site, format))
  }

  for (const kind of FEED_SET_KIND_NAMES) {
    route(`/${kind}/:slug/`, (c, view) => serveSetPage(c, view, view.feedSets.byKind(kind).get(c.req.param('slug')!)))
    for (const format of FEED_FORMAT_NAMES) {
      route(`/${kind}/:slug/${FEED_FORMATS[format].file}`, (c, view) =>
        serveSetFeed(c, view, view.feedSets.byKind(kind).get(c.req.param('slug')!), format),
      )
    }
    route(`/${kind}/:slug`, (c, view) => {
      const set = view.feedSets.byKind(kind).get(c.req.param('slug')!)
      const query = new URL(c.req.url).search
      return set ? c.redirect(`${site.url}${set.path}${query}`, 301) : notFound(c, view)
    })
  }

  route('/articles/:slug', async (c, view) => {
    const slug = c.req.param('slug')!
    const article = view.published.find((a) => a.slug === slug)
    if (!article) return notFound(c, view)
    const prepared = await view.prepared(`/articles/${slug}`, () =>
      prepare(String(renderArticlePage(article, view.published, view.feedSets, site)), HTML, articleLastModified(article), htmlHeaders),
    )
    return send(c, prepared)
  })

  route('/feeds', async (c, view) =>
    send(c, await view.prepared('/feeds', () => prepare(String(renderFeedsPage(view.feedSets, site)), HTML, newest(view.published), htmlHeaders))),
  )

  route('/feeds.opml', async (c, view) =>
    send(
      c,
      await view.prepared('/feeds.opml', () =>
        prepare(renderOpml(view.feedSets, site), OPML, newest(view.published), { 'access-control-allow-origin': '*' }),
      ),
    ),
  )

  route(`/${TRANSLATION_EXTENSION_PATH}`, async (c, view) =>
    send(c, await view.prepared(`/${TRANSLATION_EXTENSION_PATH}`, () => prepare(String(renderExtensionDoc(site)), HTML, undefined, htmlHeaders))),
  )

  app.notFound((c) => notFound(c, viewAt(now())))
  app.onError((error, c) => {
    logError(error)
    return c.text('Internal server error\n', 500, { 'cache-control': 'no-store' })
  })

  const peek = (key: string): PreparedResponse | undefined => {
    const prepared = viewAt(now()).ready(key)
    return prepared?.status === 200 ? prepared : undefined
  }
  return { app, peek }
}

/** Conditional GET and content coding over a prepared response: a lookup and a write. */
async function send(c: Context, prepared: PreparedResponse): Promise<Response> {
  const coding = chooseEncoding(c.req.header('accept-encoding'), prepared.codings)
  const variant = await prepared.variant(coding)
  if (prepared.status === 200 && isNotModified((name) => c.req.header(name), prepared.etags, prepared.lastModified)) {
    return new Response(null, { status: 304, headers: variant.notModifiedHeaders })
  }
  return new Response(variant.body, { status: prepared.status, headers: variant.headers })
}

/** CORS preflight: any origin may GET, with the conditional headers aggregators send. */
function preflight(c: Context): Response {
  return new Response(null, {
    status: 204,
    headers: {
      allow: ALLOW,
      'access-control-allow-origin': '*',
      'access-control-allow-methods': ALLOW,
      'access-control-allow-headers': c.req.header('access-control-request-headers') ?? 'If-None-Match, If-Modified-Since',
      'access-control-max-age': '86400',
    },
  })
}

function readPage(c: Context): number | 'invalid' {
  const value = c.req.query('page')
  if (value === undefined) return 1
  return PAGE_PARAMETER.test(value) ? Number(value) : 'invalid'
}

function badPage(c: Context): Response {
  return c.text('The "page" parameter must be a whole number from 1 up, e.g. ?page=2.\n', 400, { 'cache-control': 'no-store' })
}

/** Last-Modified of a listing: the newest change among the articles it shows. */
function newest(articles: readonly Article[]): Date | undefined {
  let max: number | undefined
  for (const article of articles) {
    const t = articleLastModified(article).getTime()
    if (max === undefined || t > max) max = t
  }
  return max === undefined ? undefined : new Date(max)
}

