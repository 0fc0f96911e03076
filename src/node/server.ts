/** Node entry: serves the articles folder on PORT (default 3000). */
import { serve } from '@hono/node-server'
import { createApp } from '../app.ts'
import { DEFAULT_SITE } from '../site.ts'
import { describeProblems, loadSite } from './load-site.ts'

const port = Number(process.env.PORT ?? 3000)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT: "${process.env.PORT}" is not a port number`)
  process.exit(1)
}

// Without SITE_URL, links in feeds point at this server, so the quick start works as is.
const base = { ...DEFAULT_SITE, url: `http://localhost:${port}/` }
const { site, collection, articlesDir } = await loadSite(process.env, base)
for (const line of describeProblems(collection)) console.error(line)

const app = createApp({ content: collection, site })
serve({ fetch: app.fetch, port }, (info) => {
  console.log(`bylines: ${collection.articles.length} articles from ${articlesDir}`)
  console.log(`bylines: listening on http://localhost:${info.port}/ (site URL ${site.url})`)
})
