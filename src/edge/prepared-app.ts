/**
 * The app over a prepared build, as Bun and Deno serve it: the Worker's resources with bodies
 * read from the export, and request lines written in batches, as the Node server writes them
 * (a write per request costs a busy server).
 */
import { createApp } from '../app.ts'
import { createLineLogger } from '../http/line-logger.ts'
import type { PreparedSite } from '../resources/prepared-site.ts'
import { type AssetFetcher, type AssetOpener, preparedResources } from './prepared-resources.ts'

export function preparedApp(site: PreparedSite, files: { fetchAsset: AssetFetcher; openAsset?: AssetOpener }) {
  const resources = preparedResources(site, files.fetchAsset, files.openAsset)
  const log = createLineLogger()
  const app = createApp({
    resources: () => resources,
    siteUrl: site.siteUrl,
    logRequest: log.request,
    logError: (error) => console.error('bylines: request failed:', error),
  })
  return { app, log }
}
