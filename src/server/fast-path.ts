/**
 * Serving an already-prepared response straight from node:http, without building a Request and a
 * Response: a lookup and a write. It answers exactly as the app would (same negotiation, same
 * conditional rules, same bytes and headers); anything it is not sure of goes to the app.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { isFederationRequest } from '../fediverse/routes.ts'
import { isNotModified } from '../http/conditional.ts'
import { chooseEncoding } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'

export function createFastPath(peek: (key: string) => PreparedResponse | undefined, log?: (line: string) => void) {
  return function serveIfPrepared(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false
    // A query (an old `?page=N` link, say) is the app's to answer.
    if (req.url.includes('?')) return false
    // So is a byte range, and what the Fediverse asks of an article's URL (its object, not its page).
    if (req.headers.range !== undefined || isFederationRequest(req.url, req.headers.accept)) return false
    const prepared = peek(req.url)
    if (!prepared) return false
    const coding = chooseEncoding(req.headers['accept-encoding'], prepared.codings)
    const variant = prepared.readyVariant(coding)
    if (!variant) return false

    const started = log ? performance.now() : 0
    const header = (name: 'if-none-match' | 'if-modified-since') => req.headers[name]
    let status = 200
    if (isNotModified(header, prepared.etags, prepared.lastModified)) {
      status = 304
      res.writeHead(304, prepared.notModifiedHeaders(coding)).end()
    } else {
      res.writeHead(200, variant.headers).end(req.method === 'HEAD' ? undefined : variant.body)
    }
    log?.(
      `${req.method} ${req.url.slice(0, 200)} ${status} ${status === 304 ? '-' : variant.headers['content-length']} ${(performance.now() - started).toFixed(1)}ms`,
    )
    return true
  }
}
