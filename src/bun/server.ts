/**
 * Bun entry (`npm run start:bun`): serves the site prepared by `bylines build` as the Worker does,
 * the app over the build's index with bodies read from the export, with Bun.serve. Not the Node
 * server under Bun: Bun's node:http gives an empty response a Content-Type and no Content-Length
 * (docs/decisions.md, "Bun and Deno"). A large file is held whole while it is sent (export-files.ts).
 * Bun does not compress: a proxy or CDN in front does, as Cloudflare does in front of the Worker.
 */
import { dirname, resolve } from 'node:path'
import { preparedApp } from '../edge/prepared-app.ts'
import { readPreparedSite } from '../export/previous-build.ts'
import { DEFAULT_PREPARED_FILE } from '../resources/prepared-site.ts'
import { portFromEnv } from '../server/listen.ts'
import { portOf, preparedFileOf } from '../settings/environment.ts'
import { exportFiles } from './export-files.ts'

const port = portFromEnv(portOf(process.env), 3000, 'bylines')
const preparedFile = resolve(preparedFileOf(process.env) ?? DEFAULT_PREPARED_FILE)
const site = await readPreparedSite(preparedFile)
if (!site) {
  console.error(`bylines: ${preparedFile}: no index of a build this version can serve; build the site first: npm run build:static`)
  process.exit(1)
}
const { app, log } = preparedApp(site, exportFiles(resolve(dirname(preparedFile), site.exportDir)))

const server = Bun.serve({ port, fetch: app.fetch })
console.log(`bylines: listening on http://localhost:${server.port}/ (site URL ${site.siteUrl})`)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void server.stop().then(() => log.flush(() => process.exit(0))))
