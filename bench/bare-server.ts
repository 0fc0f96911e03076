/**
 * The Node baseline for bench/run.ts: a bare node:http server answering the bytes and headers that
 * bylines sent for /rss.xml (bench/bare-manifest.ts chooses which).
 *
 *   PORT=… BARE_DIR=… node --import tsx bench/bare-server.ts
 *
 * BARE_DIR holds manifest.json (written by run.ts) and one body file per coding.
 */
import { createServer } from 'node:http'
import { bareSettings, readBareSite } from './bare-manifest.ts'

const { port, dir } = bareSettings(process.env, 'bare-server')
const site = readBareSite(dir)

const server = createServer((req, res) => {
  if (req.url !== site.path) {
    res.writeHead(404).end()
    return
  }
  const { status, variant } = site.choose(req.headers['accept-encoding'], req.headers['if-none-match'])
  if (status === 304) {
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
