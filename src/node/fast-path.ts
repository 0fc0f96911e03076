/**
 * Serving an already-prepared response straight from node:http, without building a Request and a
 * Response: a lookup and a write. It answers exactly as the app would (same negotiation, same
 * conditional rules, same bytes and headers); anything it is not sure of goes to the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { resourceKey } from '../app.ts'
import { isNotModified } from '../http/conditional.ts'
import { chooseEncoding } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'

const PAGE_QUERY = /^page=([1-9][0-9]{0,8})$/

export function createFastPath(peek: (key: string) => PreparedResponse | undefined, log?: (line: string) => void) {
  return function serveIfPrepared(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false
    const key = requestKey(req.url)
    if (key === undefined) return false
    const prepared = peek(key)
    if (!prepared) return false
    const coding = chooseEncoding(req.headers['accept-encoding'], prepared.codings)
    const variant = prepared.readyVariant(coding)
    if (!variant) return false

    const started = log ? performance.now() : 0
    const header = (name: 'if-none-match' | 'if-modified-since') => req.headers[name]
    let status = 200
    if (isNotModified(header, prepared.etags, prepared.lastModified)) {
      status = 304
      res.writeHead(304, variant.notModifiedHeaders).end()
    } else {
      res.writeHead(200, variant.headers).end(req.method === 'HEAD' ? undefined : variant.body)
    }
    log?.(`${req.method} ${req.url.slice(0, 200)} ${status} ${status === 304 ? '-' : variant.headers['content-length']} ${(performance.now() - started).toFixed(1)}ms`)
    return true
  }
}

/** The app's key for a plain path, optionally with `?page=N`; undefined for anything else. */
function requestKey(url: string): string | undefined {
  const q = url.indexOf('?')
  if (q === -1) return url
  const page = PAGE_QUERY.exec(url.slice(q + 1))
  return page ? resourceKey(url.slice(0, q), Number(page[1])) : undefined
}
