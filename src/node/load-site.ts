/** Loads settings and articles for a Node process, reporting every problem in the articles. */
import { resolve } from 'node:path'
import { buildCollection, type Collection } from '../articles/collection.ts'
import { loadSettings, type SiteSettings } from '../settings.ts'
import { readArticleSources } from './read-articles.ts'

/**
 * @param options.file the settings file, when not the default (`bylines.toml`, or BYLINES_CONFIG)
 */
export async function loadSite(
  env: Record<string, string | undefined>,
  options: { file?: string } = {},
): Promise<{ site: SiteSettings; collection: Collection; articlesDir: string }> {
  const site = await loadSettings(env, options)
  const articlesDir = resolve(site.articlesDir)
  const collection = buildCollection(await readArticleSources(articlesDir), site)
  return { site, collection, articlesDir }
}
