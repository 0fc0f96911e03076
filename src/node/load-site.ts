/** Loads settings and articles for a Node process, reporting every problem in the articles. */
import { buildCollection, type Collection } from '../articles/collection.ts'
import { loadSiteSettings, type SiteSettings } from '../settings.ts'
import { readArticleSources } from './read-articles.ts'
import { resolve } from 'node:path'

export async function loadSite(
  env: Record<string, string | undefined>,
  base?: SiteSettings,
): Promise<{ site: SiteSettings; collection: Collection; articlesDir: string }> {
  const site = loadSiteSettings(env, base)
  const articlesDir = resolve(site.articlesDir)
  const collection = buildCollection(await readArticleSources(articlesDir), site)
  return { site, collection, articlesDir }
}
