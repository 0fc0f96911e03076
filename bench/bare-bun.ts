/**
 * The Bun baseline for bench/run.ts (part R): Bun.serve answering the bytes and headers that
 * bylines on Bun sent for /rss.xml (bench/bare-manifest.ts chooses which).
 *
 *   PORT=… BARE_DIR=… bun bench/bare-bun.ts
 */
import { bareFetchHandler, bareSettings, readBareSite } from './bare-manifest.ts'

const { port, dir } = bareSettings(process.env, 'bare-bun')
const server = Bun.serve({ hostname: '127.0.0.1', port, fetch: bareFetchHandler(readBareSite(dir)) })
console.log(`bare: listening on http://127.0.0.1:${server.port}/`)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void server.stop(true).then(() => process.exit(0)))
