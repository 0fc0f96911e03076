/** `npm run check`: validates every article and prints every problem; exits 1 on any error. */
import type { Article } from '../articles/article.ts'
import { editorialAdvice, type Advice } from '../articles/advice.ts'
import { parseFrontMatter } from '../articles/front-matter.ts'
import { formatProblem, type Problem } from '../articles/problems.ts'
import { articleToCheck, loadPublicFolder, loadSite, settingsLocator } from '../node/load-site.ts'
import { pictureMakerFor } from '../node/picture-maker.ts'
import { checkPublic } from '../site/public-check.ts'
import { isMainModule, parseOptions, runCommand, UsageError, type Command } from './command.ts'

export const checkCommand: Command = {
  summary: 'check every article before publishing: errors, warnings and editorial advice',
  help: `Usage: bylines check [--strict] [--format text|json]

Reads every article in the articles folder (ARTICLES_DIR, default "articles"), and the
pictures they show from the public folder (PUBLIC_DIR, default "public"), and reports:
  error     the article is left out of the feeds until it is fixed, or a picture it (or the
            site's icon, favicon or logo) names is not in the public folder
  warning   probably a mistake, e.g. an unknown field or a related slug that matches no article;
            a picture readers cannot show (TIFF, HEIC) or over 1 MiB; a file of the public
            folder that is not served (a symbolic link, over 25 MiB, a name the site uses)
  advice    what a careful editor would want to know: a translation without a translator, an
            original URL that is not https, no summary, a related title we have an article for

Drafts (draft: true) are never published. What a draft still misses is listed as "draft:"
lines, and does not fail the check: an import in progress does not turn CI red.

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
    const undecodable = await pictureMakerFor(env, (line, cause) => cause === 'elsewhere' && console.error(line)).undecodable(folder, collection.articles, site.url)
    const pictures = checkPublic(
      collection.articles.map((article) => articleToCheck(article, articlesDir, true, sources.get(article.file))),
      folder,
      site,
      await settingsLocator(env),
      undecodable,
    )
    const found = [...collection.problems, ...pictures].sort(inFileOrder)
    const advice = adviseOn(collection.articles, sources)
    // A draft's problems are what it still misses: listed, and failing only when asked.
    const counts = (p: Problem) => !p.draft || values.strict === true
    const errors = found.filter((p) => p.severity === 'error' && counts(p))
    const warnings = found.filter((p) => p.severity === 'warning' && counts(p))
    const inDrafts = found.filter((p) => !counts(p))
    const status = errors.length > 0 ? 1 : 0

    if (format === 'json') {
      const problems = [...found, ...advice].sort(inFileOrder)
      const report = {
        articlesDir,
        ok: status === 0,
        strict: values.strict === true,
        counts: {
          articles: collection.articles.length,
          drafts: collection.drafts.length,
          errors: errors.length,
          warnings: warnings.length,
          draftProblems: inDrafts.length,
          advice: advice.length,
        },
        drafts: collection.drafts,
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
    const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
    const drafts = collection.drafts.length > 0 ? `${count(collection.drafts.length, 'draft')} (not published), ` : ''
    console.log(
      `${site.articlesDir}: ${count(collection.articles.length, 'article')} ready, ${drafts}` +
        `${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}`,
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

function inFileOrder(a: Pick<Problem, 'file' | 'line'>, b: Pick<Problem, 'file' | 'line'>): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCommand('check', checkCommand, process.argv.slice(2), process.env)
}
