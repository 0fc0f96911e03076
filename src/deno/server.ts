/**
 * Deno entry (`npm run start:deno`, and Deno Deploy): serves the site prepared by `bylines build`
 * as the Worker does, the app over the build's index with bodies read from the export, with
 * Deno.serve. Nothing is parsed or rendered here, so a read-only filesystem will do. Deno
 * does not compress (2.9): a proxy or CDN in front does, as Cloudflare does in front of the Worker.
 */
import { dirname, resolve } from 'node:path'
import { preparedApp } from '../edge/prepared-app.ts'
import { readPreparedSite } from '../export/previous-build.ts'
import { DEFAULT_PREPARED_FILE } from '../resources/prepared-site.ts'
import { portFromEnv } from '../server/listen.ts'
import { PROCESS_VARIABLES, portOf, preparedFileOf } from '../settings/environment.ts'
import { exportFiles } from './export-files.ts'

// Asked by name: Deno may be given only those variables (`--allow-env=PORT,BYLINES_PREPARED`).
const env = Object.fromEntries(PROCESS_VARIABLES.map((name) => [name, Deno.env.get(name)]))
const port = portFromEnv(portOf(env), 3000, 'bylines')
const preparedFile = resolve(preparedFileOf(env) ?? DEFAULT_PREPARED_FILE)
const site = await readPreparedSite(preparedFile)
if (!site) {
  console.error(`bylines: ${preparedFile}: no index of a build this version can serve; build the site first: npm run build:static`)
  Deno.exit(1)
}
const { app, log } = preparedApp(site, exportFiles(resolve(dirname(preparedFile), site.exportDir)))

const server = Deno.serve(
  { port, onListen: ({ port }) => console.log(`bylines: listening on http://localhost:${port}/ (site URL ${site.siteUrl})`) },
  app.fetch,
)
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  Deno.addSignalListener(signal, () => void server.shutdown().then(() => log.flush(() => Deno.exit(0))))
