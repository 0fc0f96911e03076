/** `npm run check`: validates every article and prints every problem; exits 1 on any error. */

import { type Advice, editorialAdvice } from '../articles/advice.ts'
import { type FrontMatter, normaliseArticleText, parseFrontMatter } from '../articles/front-matter.ts'
import { checkArticle, defaultSlug } from '../articles/parse-article.ts'
import { formatProblem, inFileOrder, type Problem } from '../articles/problems.ts'
import { articleFileProblems, type FileToCheck, publicFolderProblems, siteFileProblems } from '../articles/public-check.ts'
import { publishable } from '../articles/publishable.ts'
import { editorsTime, scheduledBy } from '../articles/schedule.ts'
import { fieldLocator, loadPublicFolder, loadSite, settingsLocator } from '../content/load-site.ts'
import { pictureMakerFor } from '../content/picture-maker.ts'
import type { Article } from '../model/article.ts'
import { articlePath } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { resolveUrl } from '../text/resolve-url.ts'
import { type Command, count, isMainModule, parseOptions, runCommand, UsageError } from './command.ts'

export const checkCommand: Command = {
  summary: 'check every article before publishing: errors, warnings and editorial advice',
  help: `Usage: bylines check [--strict] [--format text|json]

Reads every article in the articles folder (ARTICLES_DIR, default "articles"), and the
pictures they show from the public folder (PUBLIC_DIR, default "public"), and reports:
  error     the article is not published until it is fixed: not by the server, the build,
            preview or the Worker (a build stops on it). A picture or file it names that is
            not in the public folder is one; so is a missing icon, favicon or logo
  warning   published as it is, but probably a mistake, e.g. an unknown field or a related
            slug that matches no article; a picture readers cannot show (TIFF, HEIC) or over
            1 MiB; a file of the public folder that is not served (a symbolic link, over
            25 MiB, a name the site uses)
  advice    what a careful editor would want to know: a translation without a translator, an
            original URL that is not https, no summary, a related title we have an article for

Drafts (draft: true) are never published. What a draft still misses is listed as "draft:"
lines, and does not fail the check: an import in progress does not turn CI red. Articles
dated in the future are listed as "scheduled:", with the time they go live.

Options:
  --strict        a draft's errors fail the check too
  --format text   one line per problem, "severity: file:line field: message" (default)
  --format json   one JSON object on standard output, for editors' tools and CI
  -h, --help      this help

Exit status: 0 when no article has an error (warnings, advice and drafts' problems do not fail;
with --strict, drafts' errors do), 1 otherwise.`,

  async run(args, env) {
    const { values } = parseOptions(args, { format: { type: 'string' }, strict: { type: 'boolean' } }, false)
    if (values.help) {
      console.log(checkCommand.help)
      return 0
    }
    const format = values.format ?? 'text'
    if (format !== 'text' && format !== 'json') {
      throw new UsageError(`--format ${format}: expected text or json`)
    }

    const { collection, site, articlesDir, sources } = await loadSite(env)
    const folder = loadPublicFolder(site)
    // Making the pictures' copies is how to know that they decode; the build then finds them made.
    // A file that cannot be decoded is a problem of the report below; copies that could not be
    // made for another reason (sharp, the disk) are said as they happen, not blamed on the file.
    const undecodable = await pictureMakerFor(env, (line, cause) => cause === 'elsewhere' && console.error(line)).undecodable(
      folder,
      collection.articles,
      site.url,
    )
    // What the server and the build publish, by the same verdict.
    const verdict = publishable(collection.articles, folder, site, fieldLocator(articlesDir, sources), undecodable)
    // Every problem in one pass: the files of an article left out (errors, drafts) are checked too.
    const published = new Set(collection.articles.map((article) => article.file))
    const draftFiles = new Set(collection.drafts)
    const unpublished = [...sources]
      .filter(([file]) => !published.has(file))
      .map(([file, source]) => unpublishedFileToCheck(file, source, site, draftFiles.has(file)))
    const found = [
      ...collection.problems,
      ...verdict.problems,
      ...unpublished.flatMap((file) => articleFileProblems(file, folder, site)),
      ...siteFileProblems(folder, site, await settingsLocator(env)),
      ...publicFolderProblems(folder),
    ].sort(inFileOrder)
    const advice = adviseOn(verdict.articles, sources)
    // A draft's problems are what it still misses: listed, and failing only when asked.
    const counts = (p: Problem) => !p.draft || values.strict === true
    const errors = found.filter((p) => p.severity === 'error' && counts(p))
    const warnings = found.filter((p) => p.severity === 'warning' && counts(p))
    const inDrafts = found.filter((p) => !counts(p))
    const status = errors.length > 0 ? 1 : 0
    const scheduled = scheduledBy(verdict.articles, new Date())

    if (format === 'json') {
      const problems = [...found, ...advice].sort(inFileOrder)
      const report = {
        articlesDir,
        ok: status === 0,
        strict: values.strict === true,
        counts: {
          articles: verdict.articles.length,
          drafts: collection.drafts.length,
          errors: errors.length,
          warnings: warnings.length,
          draftProblems: inDrafts.length,
          advice: advice.length,
        },
        drafts: collection.drafts,
        scheduled: scheduled.map(({ file, url, date }) => ({ file, url, date: date.toISOString() })),
        problems: problems.map(({ severity, file, line, field, message, draft }) => ({
          severity,
          file,
          line,
          field,
          message,
          ...(draft && { draft }),
        })),
      }
      console.log(JSON.stringify(report, null, 2))
      return status
    }

    for (const problem of found) {
      if (!counts(problem)) continue
      const line = `${problem.severity}: ${formatProblem(problem)}`
      if (problem.severity === 'error') console.error(line)
      else console.warn(line)
    }
    for (const problem of inDrafts) console.log(`draft: ${formatProblem(problem)}`)
    for (const note of advice) console.warn(`advice: ${formatProblem(note)}`)
    for (const article of scheduled)
      console.log(`scheduled: ${article.file} goes live at ${editorsTime(article.date, site.timeZone)}: ${article.url}`)
    const drafts = collection.drafts.length > 0 ? `${count(collection.drafts.length, 'draft')} (not published), ` : ''
    const later = scheduled.length > 0 ? ` (${scheduled.length} scheduled)` : ''
    const asTheyAre = warnings.length > 0 ? ' (published as they are)' : ''
    console.log(
      `${site.articlesDir}: ${count(verdict.articles.length, 'article')} ready${later}, ${drafts}` +
        `${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}${asTheyAre}`,
    )
    if (advice.length > 0) console.log(`${count(advice.length, 'note')} of editorial advice (not errors)`)
    return status
  },
}

/** Advice on the articles that will be published; drafts are not checked for it yet. */
function adviseOn(articles: readonly Article[], sources: ReadonlyMap<string, string>): Advice[] {
  const inputs = articles.map((article) => {
    // Every article of the collection was made from one of these texts.
    const source = sources.get(article.file)!
    const { data, lineOf } = parseFrontMatter(source, article.file)
    return { article, data, lineOf }
  })
  return editorialAdvice(inputs).sort(inFileOrder)
}

/**
 * What a file that is not published (it has errors, or is a draft) names in the public folder:
 * its picture, if its front matter can be read that far, and what its body names by a path.
 */
function unpublishedFileToCheck(file: string, source: string, site: SiteSettings, draft: boolean): FileToCheck {
  const text = normaliseArticleText(source)
  const { references } = checkArticle(text, file, site)
  let front: Pick<FrontMatter, 'data' | 'lineOf'> = { data: {}, lineOf: () => 1 }
  try {
    front = parseFrontMatter(text, file)
  } catch {
    // Front matter that cannot be read names no picture; its problem is the collection's.
  }
  const image = (front.data.image as { url?: unknown } | undefined)?.url
  const slug = typeof front.data.slug === 'string' ? front.data.slug : defaultSlug(file)
  return {
    file,
    baseUrl: `${site.url}${articlePath(slug)}`,
    ...(typeof image === 'string' && { image: resolveUrl(image, site.url) ?? image }),
    references,
    lineOf: front.lineOf,
    draft,
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCommand('check', checkCommand, process.argv.slice(2), process.env)
}
