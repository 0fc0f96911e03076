/** Node entry: serves the articles folder on PORT (default 3000), live, with compression and logs. */
import { createServer } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createService } from '../app.ts'
import { loadLiveContent } from '../content/live-content.ts'
import { loadLiveSettings } from '../content/live-settings.ts'
import { openArticlesCache } from '../content/parse-cache.ts'
import { pictureMakerFor } from '../content/picture-maker.ts'
import { publicFolderProblem, watchPublicFolder } from '../content/public-folder.ts'
import { publishedContent } from '../content/published-content.ts'
import { ArticlesFolderError } from '../content/read-articles.ts'
import { keepingBuiltins } from '../fediverse/keep-builtins.ts'
import { NODE_ENCODERS } from '../http/encoders.ts'
import { createLineLogger } from '../http/line-logger.ts'
import { renderedResources } from '../resources/resources.ts'
import { portOf } from '../settings/environment.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { SettingsError } from '../settings/values.ts'
import { createFastPath } from './fast-path.ts'
import { serveHealth } from './health.ts'
import { listenOrExit, portFromEnv } from './listen.ts'
import { logPublications } from './publication-log.ts'
import { createRequestListener } from './request-listener.ts'
import { startWebSubPublisher } from './websub-publisher.ts'

const log = createLineLogger()
const port = portFromEnv(portOf(process.env), 3000, 'bylines')

let settings
try {
  // Without a site URL, links in feeds point at this server, so the quick start works as is.
  settings = await loadLiveSettings(process.env, { localUrl: `http://localhost:${port}/`, log })
} catch (error) {
  if (!(error instanceof SettingsError)) throw error
  for (const line of error.message.split('\n')) console.error(`bylines: ${line}`)
  process.exit(1)
}
// The settings of the start: where content comes from and what it says (live-settings.ts).
const site = settings.current()

const articlesDir = resolve(site.articlesDir)
let live
try {
  live = await loadLiveContent(articlesDir, site, { log, cache: await openCache(articlesDir, site) })
} catch (error) {
  if (!(error instanceof ArticlesFolderError)) throw error
  console.error(`bylines: ${error.message}; set ARTICLES_DIR to a folder of articles`)
  process.exit(1)
}
const folderProblem = publicFolderProblem(site.publicDir, site.articlesDir)
if (folderProblem) {
  console.error(`bylines: ${folderProblem}`)
  process.exit(1)
}
let publicFolderChanged = () => {}
const publicFolder = watchPublicFolder(site.publicDir, { log, onChange: () => publicFolderChanged() })
const content = publishedContent({
  collection: live.current,
  publicFiles: publicFolder.current,
  pictures: pictureMakerFor(process.env, log),
  site,
  articlesDir,
  log,
})
const publications = logPublications({ articles: content.articles, timeZone: site.timeZone, log })
content.onChange(() => publications.changed())
live.onChange(() => content.refresh())
publicFolderChanged = () => content.refresh()
// Fedify is loaded only when the site is on the Fediverse, and without slowing the rest (keep-builtins.ts).
const fediverse = site.fediverse.enabled
  ? await (await keepingBuiltins(() => import('./fediverse.ts'))).startFediverse({ content, site: settings.current, env: process.env, log })
  : undefined
const { app, peek } = createService({
  resources: renderedResources({ content: content.current, site: settings.current, encoders: NODE_ENCODERS }),
  siteUrl: site.url,
  logRequest: log.request,
  logError: (error) => console.error('bylines: request failed:', error),
  federation: fediverse?.handler,
})
const publisher = site.websubHub ? startWebSubPublisher({ content, site: settings.current, hub: site.websubHub, log }) : undefined

const fastPath = createFastPath(peek, log.request)
const server = createServer(
  createRequestListener(app.fetch, {
    siteUrl: site.url,
    // The articles counted are those published or scheduled, after the verdict, as the site shows them.
    serveIfPrepared: (req, res) =>
      fastPath(req, res) || serveHealth(req, res, () => ({ ...live.health(), articles: content.articles().length })),
    log: log.request,
  }),
)
listenOrExit(server, port, 'bylines').then((actual) => log(`bylines: listening on http://localhost:${actual}/ (site URL ${site.url})`))

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    live.close()
    settings.close()
    publicFolder.close()
    publications.close()
    publisher?.close()
    // The Fediverse's store closes once no request is left that could still write to it.
    server.close(() => {
      fediverse?.close()
      log.flush(() => process.exit(0))
    })
    // Idle keep-alive connections would otherwise hold the close for their whole timeout.
    server.closeIdleConnections()
  })
}

/**
 * The parse cache is used when running the bundle; from TypeScript sources (development, tests)
 * there is none, so that servers started by the hundred in tests leave nothing behind.
 */
function openCache(articlesDir: string, site: SiteSettings) {
  if (!fileURLToPath(import.meta.url).endsWith('.mjs')) return undefined
  return openArticlesCache({ env: process.env, articlesDir, site, user: 'server', log })
}
