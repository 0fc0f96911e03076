/**
 * Cloudflare Workers entry: the same app as the Node server, answering from the site prepared by
 * `npm run build:static` (wrangler's [build] command) — the index is bundled in, the bodies are
 * the static export deployed as the Worker's assets. Nothing is parsed or rendered here.
 */
import prepared from 'bylines:prepared-site'
import { createApp } from '../app.ts'
import { PREPARED_SITE_VERSION, type PreparedSite } from '../prepared-site.ts'
import { preparedResources } from './prepared-resources.ts'

interface Env {
  ASSETS: { fetch(request: Request | string): Promise<Response> }
  SITE_URL?: string
}

const site = prepared as PreparedSite
/** Any origin will do: the ASSETS binding looks at the path only. */
const ASSET_ORIGIN = 'https://assets.invalid/'
// The binding arrives with each request; responses are prepared once per isolate.
let assets: Env['ASSETS'] | undefined
const resources = preparedResources(site, (file) => assets!.fetch(new Request(new URL(encodeURI(file), ASSET_ORIGIN))))
const app = createApp({
  resources: () => resources,
  siteUrl: site.siteUrl,
  logError: (error) => console.error('bylines: request failed:', error),
})
let warned = false

export default {
  fetch(request: Request, env: Env): Response | Promise<Response> {
    if (site.version !== PREPARED_SITE_VERSION) {
      return new Response(`The prepared site is version ${site.version}; this Worker reads ${PREPARED_SITE_VERSION}. Run the build again.\n`, { status: 500 })
    }
    // Settings are baked in at build time; a [vars] change without a build would not show.
    if (!warned && env.SITE_URL !== undefined && env.SITE_URL !== site.siteUrl) {
      warned = true
      console.warn(`bylines: SITE_URL is ${env.SITE_URL} but the site was built for ${site.siteUrl}; build and deploy again`)
    }
    assets = env.ASSETS
    return app.fetch(request)
  },
}
