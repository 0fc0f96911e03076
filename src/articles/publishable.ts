/**
 * The one verdict on what is published. An article file with an error is already out of the
 * collection (articles/collection.ts); what the collection cannot know is the public folder, so
 * an article that names a file missing from it (its picture, a picture or a file its body links
 * to) is left out here too. The Node server, the build (and so the Worker and `preview`) and
 * `check` all ask here, and agree: what `check` calls an error is never published.
 */
import type { Article } from '../model/article.ts'
import type { PublicFile, PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { Problem } from './problems.ts'
import { articleFileProblems, type FileToCheck } from './public-check.ts'

export interface Verdict {
  /** The articles to publish, in the order given. */
  articles: Article[]
  /** What is wrong with the files the articles name: the errors of those left out, and warnings. */
  problems: Problem[]
  /** The files of the articles left out. */
  leftOut: string[]
}

/**
 * @param lineOf where an article's front-matter fields are: made for each article that names a
 *   file, and asked only for a problem to report (load-site.ts `fieldLocator` reads the file then)
 */
export function publishable(
  articles: readonly Article[],
  folder: PublicFiles,
  site: SiteSettings,
  lineOf: (article: Article) => FileToCheck['lineOf'],
  undecodable?: ReadonlySet<PublicFile>,
): Verdict {
  const kept: Article[] = []
  const problems: Problem[] = []
  const leftOut: string[] = []
  for (const article of articles) {
    // Almost every article names no file of the site, or only files that are there.
    const found =
      article.image || article.references.length > 0 ? articleFileProblems(fileToCheck(article, lineOf), folder, site, undecodable) : []
    for (const problem of found) problems.push(problem)
    if (found.some((problem) => problem.severity === 'error')) leftOut.push(article.file)
    else kept.push(article)
  }
  return { articles: kept, problems, leftOut }
}

/** What an article names in the public folder, as the check reads it; `lineOf` reads nothing until asked. */
export function fileToCheck(article: Article, lineOf: (article: Article) => FileToCheck['lineOf']): FileToCheck {
  return {
    file: article.file,
    baseUrl: article.url,
    ...(article.image && { image: article.image.url }),
    references: article.references,
    lineOf: lineOf(article),
    ...(article.draft && { draft: true }),
  }
}
