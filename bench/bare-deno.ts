/**
 * The Deno baseline for bench/run.ts (part R): Deno.serve answering the bytes and headers that
 * bylines on Deno sent for /rss.xml (bench/bare-manifest.ts chooses which).
 *
 *   PORT=… BARE_DIR=… deno run --allow-read --allow-env --allow-net bench/bare-deno.ts
 */
import { bareFetchHandler, bareSettings, readBareSite } from './bare-manifest.ts'

const { port, dir } = bareSettings({ PORT: Deno.env.get('PORT'), BARE_DIR: Deno.env.get('BARE_DIR') }, 'bare-deno')
const server = Deno.serve(
  { hostname: '127.0.0.1', port, onListen: ({ port }) => console.log(`bare: listening on http://127.0.0.1:${port}/`) },
  bareFetchHandler(readBareSite(dir)),
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) Deno.addSignalListener(signal, () => void server.shutdown().then(() => Deno.exit(0)))
