/**
 * `/healthz`: whether this server's content is keeping up with its folder, for a process manager,
 * a load balancer or a person. 200 while live reload applies changes; 503 once it cannot (the
 * folder gone or unreadable, its watch failed, a change seen and not served past the bound), so
 * that a stale server is seen and restarted.
 * Parts of the folder left out (a link, an unreadable file) are counted but do not fail it: the
 * rest is served, and `check` names them as errors. It is answered to anyone, so it says what
 * kind of trouble there is, and how much, but names no file or folder: the log does.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ContentHealth } from '../content/live-content.ts'
import { HEALTH_PATH } from '../model/paths.ts'

/** Answers `/healthz` and returns true, or returns false for any other request. */
export function serveHealth(req: IncomingMessage, res: ServerResponse, health: () => ContentHealth): boolean {
  const path = req.url?.split('?', 1)[0]
  if (path !== `/${HEALTH_PATH}`) return false
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end()
    return true
  }
  const { version, articles, updatedAt, error, leftOut } = health()
  const body = JSON.stringify({
    status: error ? 'stale' : 'ok',
    content: { version, articles, updatedAt },
    error: error ? { at: error.at, kind: error.kind } : null,
    leftOut: leftOut.length,
  })
  res.writeHead(error ? 503 : 200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    // Always the server's state now, never a cache's.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  })
  res.end(req.method === 'HEAD' ? undefined : body)
  return true
}
