/**
 * The baseline for bench/run.ts: a bare node:http server answering the bytes and headers that
 * bylines sent for /rss.xml, with the least work that is still equivalent: pick br/gzip/identity
 * by a substring check of Accept-Encoding, 304 when If-None-Match is that coding's ETag.
 *
 *   PORT=… BARE_DIR=… node --import tsx bench/bare-server.ts
 *
 * BARE_DIR holds manifest.json (written by run.ts) and one body file per coding.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'

export type Coding = 'identity' | 'gzip' | 'br'

export interface CapturedVariant {
  path: string
  etag: string
  headers: Record<string, string>
  notModifiedHeaders: Record<string, string>
  bodyFile: string
}

export type Manifest = Record<Coding, CapturedVariant>

const dir = process.env.BARE_DIR
const port = Number(process.env.PORT)
if (!dir || !Number.isInteger(port) || port <= 0) {
  console.error('bare-server: set PORT and BARE_DIR')
  process.exit(2)
}

const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
const load = (coding: Coding) => ({ ...manifest[coding], body: readFileSync(join(dir, manifest[coding].bodyFile)) })
const br = load('br')
const gzip = load('gzip')
const identity = load('identity')

const server = createServer((req, res) => {
  if (req.url !== identity.path) {
    res.writeHead(404).end()
    return
  }
  const accept = req.headers['accept-encoding'] ?? ''
  const variant = accept.includes('br') ? br : accept.includes('gzip') ? gzip : identity
  if (req.headers['if-none-match'] === variant.etag) {
    res.writeHead(304, variant.notModifiedHeaders).end()
  } else {
    res.writeHead(200, variant.headers).end(req.method === 'HEAD' ? undefined : variant.body)
  }
})
server.listen(port, '127.0.0.1', () => console.log(`bare: listening on http://127.0.0.1:${port}/`))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close(() => process.exit(0))
    server.closeAllConnections()
  })
}
