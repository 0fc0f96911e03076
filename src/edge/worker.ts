/**
 * Cloudflare Workers entry: the same app as the Node server, answering from the site prepared by
 * `npm run build:static` (wrangler's [build] command) — the index is bundled in, the bodies are
 * the static export deployed as the Worker's assets. Nothing is parsed or rendered here.
 */
import prepared from 'bylines:prepared-site'
import { createApp } from '../app.ts'
import { PREPARED_SITE_VERSION, type PreparedSite } from '../site/prepared-site.ts'
import { preparedResources } from './prepared-resources.ts'

/** Settings are not read here: they were baked into every response by the build. */
interface Env {
  ASSETS: { fetch(request: Request | string): Promise<Response> }
}

const site = prepared as PreparedSite
/** Any origin will do: the ASSETS binding looks at the path only. */
const ASSET_ORIGIN = 'https://assets.invalid/'
// The binding arrives with each request; responses are prepared once per isolate.
let assets: Env['ASSETS'] | undefined
const resources = preparedResources(site, (file) => assets!.fetch(new Request(new URL(assetPath(file), ASSET_ORIGIN))))
const app = createApp({
  resources: () => resources,
  siteUrl: site.siteUrl,
  logError: (error) => console.error('bylines: request failed:', error),
})

/** A file name of the export as a URL path: every segment encoded, so `#` or `?` stay names. */
function assetPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    if (site.version !== PREPARED_SITE_VERSION) {
      return new Response(`The prepared site is version ${site.version}; this Worker reads ${PREPARED_SITE_VERSION}. Run the build again.\n`, { status: 500 })
    }
    assets = env.ASSETS
    return app.fetch(request)
  },
}
