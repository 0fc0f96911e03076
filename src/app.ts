/**
 * The bylines web app: the HTTP behaviour aggregators rely on (methods, redirects, conditional
 * GET, content coding, CORS preflight, 404s) over the site's resources. Runtime-agnostic: the
 * Node server gives it resources rendered live from the articles folder, the Worker resources
 * prepared at build time; what a key holds is decided by the table of kinds in src/resources/ alone.
 */
import { type Context, Hono } from 'hono'
import type { FederationHandler } from './fediverse/handler.ts'
import { isFederationRequest } from './fediverse/routes.ts'
import { isNotModified } from './http/conditional.ts'
import { chooseEncoding } from './http/encoding.ts'
import { GoneError } from './http/gone.ts'
import type { PreparedResponse, Variant } from './http/prepared.ts'
import { ifRangeHolds, parseRange } from './http/range.ts'
import { CURRENT } from './model/archives.ts'
import { type Moved, parseKey } from './model/paths.ts'
import type { Resources } from './resources/resources.ts'

export interface AppOptions {
  /** The site's resources at this moment: rendered live (`renderedResources`) or prepared. */
  resources: () => Resources
  /** The site's public URL, for redirects. */
  siteUrl: string
  /** Where unexpected errors are reported. */
  logError?: (error: unknown) => void
  /** One line per request; omitted (quiet) by default. */
  logRequest?: (line: string) => void
  /** Answers the Fediverse (fediverse/federation.ts): WebFinger, actors, inboxes, articles as objects. */
  federation?: FederationHandler
}

const ALLOW = 'GET, HEAD, OPTIONS'
const PAGE_PARAMETER = /^[1-9][0-9]{0,8}$/
/** The largest activity an inbox reads: Mastodon's own limit on what it fetches is 1 MiB. */
const MAX_ACTIVITY_BYTES = 1024 * 1024

export function createApp(options: AppOptions) {
  return createService(options).app
}

/** The app, and `peek`: the ready 200 response for a path, if one is prepared already. */
export function createService(options: AppOptions) {
  const { logRequest, siteUrl, resources: resourcesNow } = options
  const logError = options.logError ?? console.error

  const app = new Hono()

  if (logRequest) {
    app.use(async (c, next) => {
      const started = performance.now()
      await next()
      const bytes = c.res.headers.get('content-length') ?? '-'
      // The path as sent (still percent-encoded): a decoded "%0A" could forge a log line.
      const { pathname, search } = new URL(c.req.url)
      logRequest(
        `${c.req.method} ${pathname.slice(0, 200)}${search.slice(0, 80)} ${c.res.status} ${bytes} ${(performance.now() - started).toFixed(1)}ms`,
      )
    })
  }

  const { federation } = options
  if (federation) {
    app.use(async (c, next) => {
      if (!isFederationRequest(new URL(c.req.url).pathname, c.req.header('accept'))) return next()
      // An inbox reads the body before it can check who signed it: a body it cannot know the
      // size of, or a large one, is refused unread (an activity is a few KiB).
      if (c.req.method === 'POST') {
        const length = c.req.header('content-length')
        if (length === undefined)
          return c.text('Length required: send the activity with a Content-Length.\n', 411, { 'cache-control': 'no-store' })
        if (!/^\d+$/.test(length) || Number(length) > MAX_ACTIVITY_BYTES)
          return c.text(`Too large: an activity takes at most ${MAX_ACTIVITY_BYTES} bytes.\n`, 413, { 'cache-control': 'no-store' })
      }
      let passed: { response: Response; vary: string | null } | undefined
      const response = await federation(c.req.raw, async () => {
        await next()
        passed = { response: c.res, vary: c.res.headers.get('vary') }
        return c.res
      })
      // Fedify sets `Vary: Accept` on what it hands back; what the site varied on stays too.
      if (passed?.response === response && passed.vary) response.headers.set('vary', mergeVary(passed.vary, response.headers.get('vary')))
      return response
    })
  }

  app.options('*', (c) => preflight(c))
  app.get('*', async (c) => {
    // Asked for now, before anything waits: @hono/node-server makes the signal on first use, and
    // one made after the client has gone is never aborted (bodyOf closes an opened file by it).
    void c.req.raw.signal
    const resources = resourcesNow()
    const url = new URL(c.req.url)
    const key = canonicalPath(url.pathname)
    if (key === undefined) return send(c, await resources.notFound(), resources)

    // Pages were `?page=N`, then `page/N/` folders, both numbered from the newest; they are
    // archives numbered from the oldest now (model/archives.ts). An old page goes to the document
    // that holds what it began with, which changes as articles are added: a temporary redirect
    // (paths.ts, movedTo). Elsewhere the query means nothing and is ignored, as any other query is.
    const page = c.req.query('page')
    const listing = page === undefined ? undefined : resources.has(key) ? key : resources.has(`${key}/`) ? `${key}/` : undefined
    if (page !== undefined && listing !== undefined && isCurrentDocument(listing)) {
      if (!PAGE_PARAMETER.test(page)) return badPage(c)
      const slash = listing.lastIndexOf('/')
      const moved = resources.moved(`${listing.slice(0, slash + 1)}page/${page}/${listing.slice(slash + 1)}`)
      return moved ? redirect(c, siteUrl, moved) : send(c, await resources.notFound(), resources)
    }

    const prepared = resources.get(key)
    const made = prepared && (await orNotFound(prepared))
    if (made) return send(c, made, resources)
    // Old pages, and the subscribe pages that are sections of their sets' pages now.
    const moved = resources.moved(key)
    if (moved) return redirect(c, siteUrl, moved)
    // A set's page or a folder asked for without its final slash.
    if (!key.endsWith('/') && resources.has(`${key}/`)) return c.redirect(`${siteUrl}${key.slice(1)}/${url.search}`, 301)
    return send(c, await resources.notFound(), resources)
  })
  app.all('*', (c) => c.text('Method not allowed. This resource answers GET, HEAD and OPTIONS.\n', 405, { allow: ALLOW }))

  app.onError((error, c) => {
    logError(error)
    return c.text('Internal server error\n', 500, { 'cache-control': 'no-store' })
  })

  const peek = (key: string): PreparedResponse | undefined => {
    const prepared = resourcesNow().ready(key)
    return prepared?.status === 200 ? prepared : undefined
  }
  return { app, peek }
}

/** To where a path has gone, by the status paths.ts gave it; a fragment is allowed in Location (RFC 9110 §10.2.2). */
function redirect(c: Context, siteUrl: string, moved: Moved): Response {
  return c.redirect(`${siteUrl}${moved.to.slice(1)}`, moved.status)
}

/** Conditional GET and content coding over a prepared response: a lookup and a write. */
async function send(c: Context, prepared: PreparedResponse, resources: Resources): Promise<Response> {
  const coding = chooseEncoding(c.req.header('accept-encoding'), prepared.codings)
  // Decided before the body is touched: a 304 never waits for compression or an asset fetch.
  if (prepared.status === 200 && isNotModified((name) => c.req.header(name), prepared.etags, prepared.lastModified)) {
    return new Response(null, { status: 304, headers: prepared.notModifiedHeaders(coding) })
  }
  const variant = await orNotFound(prepared.variant(coding))
  if (variant === undefined) return send(c, await resources.notFound(), resources)
  const size = variant.opened ? variant.opened.size : variant.body.byteLength
  const range = c.req.header('range')
  // Ranges are offered (Accept-Ranges) on the public folder's files, of their bytes as stored.
  if (range !== undefined && prepared.status === 200 && coding === 'identity' && variant.headers['accept-ranges'] === 'bytes') {
    const { etag, 'last-modified': lastModified } = variant.headers
    const asked = ifRangeHolds(c.req.header('if-range'), etag, lastModified) ? parseRange(range, size) : undefined
    if (asked === 'unsatisfiable') {
      variant.opened?.close()
      return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}`, 'cache-control': 'no-store' } })
    }
    if (asked) {
      const { 'content-length': _whole, ...headers } = variant.headers
      return new Response(bodyOf(c, variant, asked.start, asked.end), {
        status: 206,
        headers: {
          ...headers,
          'content-range': `bytes ${asked.start}-${asked.end}/${size}`,
          'content-length': String(asked.end - asked.start + 1),
        },
      })
    }
  }
  return new Response(bodyOf(c, variant, 0, size - 1), { status: prepared.status, headers: variant.headers })
}

/**
 * A prepared response or variant, or undefined when what was listed is gone as it is read (a
 * public file deleted or replaced since the folder was listed): a 404, not a 500.
 */
async function orNotFound<T>(made: Promise<T>): Promise<T | undefined> {
  try {
    return await made
  } catch (error) {
    if (error instanceof GoneError) return undefined
    throw error
  }
}

/**
 * Bytes `start` to `end` (inclusive) of a variant, as the Fetch API takes a body (web runtimes
 * type `BodyInit` without shared memory: ours are made on ordinary ArrayBuffers). A body opened
 * for this response is streamed, or closed unread for HEAD, whose body is never sent, and for a
 * client that has gone: a writer that finds the connection closed before it starts waits for it
 * for ever, and never cancels the stream.
 */
function bodyOf(c: Context, variant: Variant, start: number, end: number): Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null {
  if (!variant.opened) return variant.body.subarray(start, end + 1) as Uint8Array<ArrayBuffer>
  const { opened } = variant
  const gone = c.req.raw.signal
  if (c.req.method === 'HEAD' || gone.aborted) {
    opened.close()
    return null
  }
  gone.addEventListener('abort', () => opened.close(), { once: true })
  return opened.stream(start, end)
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

/**
 * Resources live at canonical paths: each segment percent-encoded as encodeURIComponent does
 * it (`/tags/%E6%9D%B1%E4%BA%AC/`), so `%e6` and `%E6` name the same set; undefined for a path
 * that does not decode.
 */
function canonicalPath(pathname: string): string | undefined {
  if (!pathname.includes('%')) return pathname
  try {
    return pathname
      .split('/')
      .map((segment) => encodeURIComponent(decodeURIComponent(segment)))
      .join('/')
  } catch {
    return undefined
  }
}

/** A set's current listing or feed, at the set's own path. */
function isCurrentDocument(key: string): boolean {
  const target = parseKey(key)
  return target?.type === 'document' && target.document === CURRENT
}

function badPage(c: Context): Response {
  return c.text('The "page" parameter must be a whole number from 1 up, e.g. ?page=2.\n', 400, { 'cache-control': 'no-store' })
}

/** Two `Vary` values as one, each field name once. */
function mergeVary(a: string, b: string | null): string {
  const names = [...a.split(','), ...(b ?? '').split(',')].map((name) => name.trim()).filter((name) => name !== '')
  const seen = new Set<string>()
  return names.filter((name) => !seen.has(name.toLowerCase()) && seen.add(name.toLowerCase())).join(', ')
}
