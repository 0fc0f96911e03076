/**
 * How the Node servers take a request: its Host header is judged once, here, before the fast path
 * or the app sees it, so that every path answers a given request alike.
 */

import type { IncomingMessage, ServerResponse } from 'node:http'
import { isIPv6 } from 'node:net'
import { getRequestListener } from '@hono/node-server'

type Listener = (req: IncomingMessage, res: ServerResponse) => void

export interface RequestListenerOptions {
  /** The site's public URL: its authority stands in for the Host the app is given. */
  siteUrl: string
  /** Answers a request straight from node:http when it can (`createFastPath`). */
  serveIfPrepared?: (req: IncomingMessage, res: ServerResponse) => boolean
  log?: (line: string) => void
}

/**
 * The site serves itself under whatever name it is reached by, and builds every absolute URL from
 * its site URL, so the Host header decides nothing but whether the request is well formed. The app
 * is handed the site's own authority in its place: @hono/node-server makes the request's URL from
 * the Host and refuses some it cannot parse back (`Example.org:8080`, `127.1`) that the fast path
 * would serve, and a request without a Host (HTTP/1.0) would otherwise have none.
 */
export function createRequestListener(fetch: Parameters<typeof getRequestListener>[0], options: RequestListenerOptions): Listener {
  const { serveIfPrepared, log } = options
  const authority = new URL(options.siteUrl).host
  const handleWithApp = getRequestListener(fetch)
  return (req, res) => {
    if (!hostIsAcceptable(req)) return refuse(req, res, log)
    if (serveIfPrepared?.(req, res)) return
    req.headers.host = authority
    void handleWithApp(req, res)
  }
}

/**
 * RFC 9112 §3.2: a server MUST answer 400 to any request with more than one Host line or a Host
 * whose value is invalid (and to an HTTP/1.1 request without one, which node:http already does:
 * `requireHostHeader`). A request without a Host (HTTP/1.0) or with an empty one (a client that
 * knows no authority) has none, and §3.3 lets the server apply its configured default: the site's.
 */
export function hostIsAcceptable(req: IncomingMessage): boolean {
  const host = req.headers.host
  if (host === undefined) return true
  const raw = req.rawHeaders
  let lines = 0
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length === 4 && name.toLowerCase() === 'host' && ++lines > 1) return false
  }
  return host === '' || isHostValue(host)
}

// RFC 9110 §7.2: Host = uri-host [ ":" port ], uri-host being RFC 3986's host. A registered name
// (or IPv4 address) must not be empty in an "http" URI (RFC 9110 §4.2.1).
const REG_NAME_HOST = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+(?::[0-9]*)?$/
const IP_LITERAL_HOST = /^\[([^\]]+)\](?::[0-9]*)?$/
const IP_FUTURE = /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/

function isHostValue(value: string): boolean {
  if (REG_NAME_HOST.test(value)) return true
  const literal = IP_LITERAL_HOST.exec(value)?.[1]
  return literal !== undefined && (isIPv6(literal) || IP_FUTURE.test(literal))
}

function refuse(req: IncomingMessage, res: ServerResponse, log?: (line: string) => void): void {
  const started = log ? performance.now() : 0
  const body = 'Bad request: send one Host header naming a host, or none in HTTP/1.0 (RFC 9112 §3.2).\n'
  res
    .writeHead(400, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      connection: 'close',
    })
    .end(req.method === 'HEAD' ? undefined : body)
  log?.(`${req.method} ${(req.url ?? '').slice(0, 200)} 400 ${Buffer.byteLength(body)} ${(performance.now() - started).toFixed(1)}ms`)
}
