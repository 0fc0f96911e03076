/** Loads settings and articles for a Node process, reporting every problem in the articles. */
import { createHash } from 'node:crypto'
import { join, resolve } from 'node:path'
import { assembleCollection, buildCollection, type Collection, type ParsedFile } from '../articles/collection.ts'
import { loadSettings, type SiteSettings } from '../settings.ts'
import { createArticleFiles } from './article-files.ts'
import { codeVersion } from './code-version.ts'
import { openParseCache, type ParseCache } from './parse-cache.ts'
import { listArticleFiles, readArticleSources } from './read-articles.ts'

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

/**
 * The same, for `bylines build`: through a parse cache of its own (BYLINES_CACHE_DIR, as the
 * server's), so that a rebuild trusts the files that have not changed since the last build, as
 * a restart of the server does, instead of reading and checking every one. Each article carries
 * its file's version, from which the build decides what to make again.
 * @param options.readOnly leave the cache as it is: the export's second thread loads the site
 *   just after the first has saved it, and one writer is enough
 */
export async function loadSiteForBuild(
  env: Record<string, string | undefined>,
  options: { file?: string; readOnly?: boolean } = {},
): Promise<{ site: SiteSettings; collection: Collection; articlesDir: string }> {
  const site = await loadSettings(env, options)
  const articlesDir = resolve(site.articlesDir)
  const cache = await openBuildCache(env, articlesDir, site)
  // Bodies are rendered for the resources being made, and not kept: a full build would store them all.
  const reader = createArticleFiles(articlesDir, site, cache && { ...cache, rendered: () => undefined, setRendered: () => {} }, () => {})
  const files = await listArticleFiles(articlesDir)
  const parsed: ParsedFile[] = files.map((file) => {
    const state = reader.loadSync(file)
    if (!state) return { file, problems: [{ severity: 'error', file, line: 1, message: 'cannot be read; it is left out' }] }
    if (state.parsed.article) state.parsed.article.version = state.version.hash
    return state.parsed
  })
  if (cache && !options.readOnly) {
    cache.retain(new Set(files))
    await cache.saveNow()
  }
  return { site, collection: assembleCollection(parsed), articlesDir }
}

async function openBuildCache(env: Record<string, string | undefined>, articlesDir: string, site: SiteSettings): Promise<ParseCache | undefined> {
  const dir = env.BYLINES_CACHE_DIR ?? 'node_modules/.cache/bylines'
  if (dir === '') return undefined
  const name = createHash('sha256').update(articlesDir).digest('hex').slice(0, 16)
  // Checked front matter depends on the code and the time zone (as the server's cache says).
  return openParseCache(join(resolve(dir), `build-articles-${name}.json`), `${codeVersion()} ${site.timeZone}`, site.url, () => {})
}
