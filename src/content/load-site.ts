/** Loads settings and articles for a Node process, reporting every problem in the articles. */
import { resolve } from 'node:path'
import { assembleCollection, buildCollection, type Collection, type ParsedFile } from '../articles/collection.ts'
import { parseFrontMatter } from '../articles/front-matter.ts'
import { locateFieldProblems } from '../articles/problem-lines.ts'
import type { Problem } from '../articles/problems.ts'
import type { FileToCheck, PublicFolderToCheck } from '../articles/public-check.ts'
import { publishable, type Verdict } from '../articles/publishable.ts'
import type { Article } from '../model/article.ts'
import type { PublicFiles } from '../model/public-files.ts'
import { loadSettings } from '../settings/resolve.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { readSettingsFile } from '../settings/settings-file.ts'
import { lineOf as settingsLineOf } from '../settings/toml-lines.ts'
import { SettingsError } from '../settings/values.ts'
import { createArticleFiles } from './article-files.ts'
import { openArticlesCache } from './parse-cache.ts'
import { listPublicFolder, publicFolderProblem } from './public-folder.ts'
import { listArticleFolder, readArticleFileSync, readArticleFolder, type SkippedEntry } from './read-articles.ts'

/**
 * @param options.file the settings file, when not the default (`bylines.toml`, or BYLINES_CONFIG)
 */
export async function loadSite(
  env: Record<string, string | undefined>,
  options: { file?: string } = {},
): Promise<{ site: SiteSettings; collection: Collection; articlesDir: string; sources: ReadonlyMap<string, string> }> {
  const site = await loadSettings(env, options)
  const articlesDir = resolve(site.articlesDir)
  const { sources, skipped } = await readArticleFolder(articlesDir)
  const collection = buildCollection(sources, site)
  const sourceOf = new Map(sources.map(({ file, source }) => [file, source]))
  locateFieldProblems(collection.problems, (file) => sourceOf.get(file))
  // A loop, not a spread: a checkout can hold a hundred thousand links.
  for (const entry of skipped) collection.problems.push(skippedProblem(entry))
  // The text each article was read from, so that what checks it again need not read it again.
  return { site, collection, articlesDir, sources: sourceOf }
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
  const cache = await openArticlesCache({ env, articlesDir, site, user: 'build' })
  // Bodies are rendered for the resources being made, and not kept: a full build would store them all.
  const { files, skipped } = await listArticleFolder(articlesDir)
  const unreadable = (path: string, reason: string) => void skipped.push({ path, reason })
  const reader = createArticleFiles(
    articlesDir,
    site,
    cache && { ...cache, rendered: () => undefined, setRendered: () => {} },
    () => {},
    unreadable,
  )
  const parsed: ParsedFile[] = files.flatMap((file) => {
    const state = reader.loadSync(file)
    if (!state) return []
    if (state.parsed.article) state.parsed.article.version = state.version.hash
    return state.parsed
  })
  if (cache && !options.readOnly) {
    cache.retain(new Set(files))
    await cache.saveNow()
  }
  const collection = assembleCollection(parsed)
  for (const entry of skipped) collection.problems.push(skippedProblem(entry))
  return { site, collection, articlesDir }
}

/** A part of the folder the listing left out is an error: someone's article may be in it. */
function skippedProblem({ path, reason }: SkippedEntry): Problem {
  return { severity: 'error', file: path, line: 1, message: `${reason}; it is left out` }
}

/** The public folder, listed for a build or a check; a folder that holds the articles is refused. */
export function loadPublicFolder(site: SiteSettings): PublicFolderToCheck {
  const problem = publicFolderProblem(site.publicDir, site.articlesDir)
  if (problem) throw new SettingsError(problem)
  return { ...listPublicFolder(site.publicDir), dir: site.publicDir }
}

/**
 * Where an article's front-matter fields are, for a problem found in it: its file is read again
 * only then (a build checks the pictures of thousands of articles, and finds few problems).
 */
export function fieldLocator(articlesDir: string, sources?: ReadonlyMap<string, string>): (article: Article) => FileToCheck['lineOf'] {
  return (article) => {
    let lineOf: FileToCheck['lineOf'] | undefined
    return (path) => {
      try {
        lineOf ??= parseFrontMatter(
          sources?.get(article.file) ?? readArticleFileSync(articlesDir, article.file).bytes.toString('utf8'),
          article.file,
        ).lineOf
        return lineOf(path)
      } catch {
        return 1
      }
    }
  }
}

/**
 * The articles a build publishes: those of the collection whose pictures and files are in the
 * public folder (articles/publishable.ts). Both threads of a build ask here, so they agree.
 */
export function publishableForBuild(collection: Collection, folder: PublicFiles, site: SiteSettings, articlesDir: string): Verdict {
  return publishable(collection.articles, folder, site, fieldLocator(articlesDir))
}

/** Where a setting is, for a problem found in it. */
export async function settingsLocator(env: Record<string, string | undefined>, file?: string) {
  const settings = await readSettingsFile(env, file)
  return settings
    ? { file: settings.name, lineOf: (path: readonly string[]) => settingsLineOf(settings.text, [...path]) }
    : { file: 'settings', lineOf: () => 1 }
}
