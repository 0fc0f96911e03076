/** All articles of a site: parsed, checked against each other, drafts left out, newest first. */
import { createHash } from 'node:crypto'
import type { Article } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { type ParsedArticle, parseArticle } from './parse-article.ts'
import type { Problem } from './problems.ts'
import { PublishedOriginals, sameOriginalProblem } from './same-original.ts'

export interface ArticleSource {
  /** Path relative to the articles folder. */
  file: string
  source: string
}

export interface Collection {
  /** Every valid, non-draft article, including scheduled ones; newest first. */
  articles: Article[]
  /** Every problem in every file, errors and warnings, in file order; a draft's are marked `draft`. */
  problems: Problem[]
  /** The files that say `draft: true`, valid or not: never published. */
  drafts: string[]
}

/** One file's outcome, as `assembleCollection` takes it. */
export interface ParsedFile extends ParsedArticle {
  file: string
}

export function buildCollection(sources: readonly ArticleSource[], site: SiteSettings): Collection {
  return assembleCollection(
    sources.map(({ file, source }) => {
      const parsed = parseArticle(source, file, site)
      if (parsed.article) parsed.article.version = sourceVersion(source)
      return { file, ...parsed }
    }),
  )
}

/** The version of an article's text (Article.version). */
export function sourceVersion(source: string): string {
  return createHash('sha1').update(source).digest('base64url')
}

/**
 * Checks parsed files against each other (unique slugs and ids, one published translation of an
 * original per language, related links), drops drafts, sorts.
 */
export function assembleCollection(files: readonly ParsedFile[]): Collection {
  const problems: Problem[] = []
  const bySlug = new Map<string, Article>()
  const byId = new Map<string, Article>()
  const articles: Article[] = []
  const originals = new PublishedOriginals()
  // Who keeps an address or id two files share, or an original in one language: a published article before a draft (a copy being
  // reworked, say), then the one with the earliest date, the one readers have had longest, so a
  // new file, wherever it lives, never moves a published article or changes its feed id; then by
  // path, so the outcome never depends on the disk.
  const isDraft = (f: ParsedFile) => (f.article?.draft || f.draft ? 1 : 0)
  const dateOf = (f: ParsedFile) => f.article?.date.getTime() ?? Number.POSITIVE_INFINITY
  const drafts = files
    .filter((f) => isDraft(f) === 1)
    .map((f) => f.file)
    .sort(compareStrings)
  const ordered = [...files].sort((a, b) => isDraft(a) - isDraft(b) || dateOf(a) - dateOf(b) || compareStrings(a.file, b.file))

  for (const { file, article, problems: own } of ordered) {
    for (const problem of own) problems.push(problem)
    if (!article) continue
    const clash = bySlug.get(article.slug) ?? byId.get(article.id)
    if (clash) {
      const field = bySlug.has(article.slug) ? 'slug' : 'id'
      // A slug made from the file name is the editor's to change as much as a written one.
      const from = field === 'slug' && article.derived?.slug ? ', from the file name,' : ''
      const holder = clash.draft ? `the draft ${clash.file}` : `${clash.file}, published first`
      problems.push({
        severity: 'error',
        file,
        line: 1,
        field,
        message: `"${article[field]}"${from} is the ${field === 'slug' ? 'address' : 'feed id'} of ${holder}; this article is left out until it has its own: set ${field}: to another`,
        ...(article.draft && { draft: true as const }),
      })
      continue
    }
    const same = article.draft ? undefined : originals.claim(article)
    if (same) {
      problems.push(sameOriginalProblem(article, same))
      continue
    }
    bySlug.set(article.slug, article)
    byId.set(article.id, article)
    if (!article.draft) articles.push(article)
  }

  for (const article of articles) {
    article.related.forEach((related, i) => {
      if ('slug' in related && !bySlug.has(related.slug)) {
        problems.push({
          severity: 'warning',
          file: article.file,
          line: 1,
          field: `related[${i}]`,
          message: `"${related.slug}" matches no article; expected the slug of one of ours`,
        })
      }
    })
  }

  articles.sort(newestFirst)
  // In file order, each file's in its own order (the files were taken by date above).
  problems.sort((a, b) => compareStrings(a.file, b.file))
  return { articles, problems, drafts }
}

/** Newest first; equal dates fall back to the slug so the order never depends on the disk. */
export function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(a.slug, b.slug)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
