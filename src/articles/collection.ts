/** All articles of a site: parsed, checked against each other, drafts left out, newest first. */
import { createHash } from 'node:crypto'
import type { SiteSettings } from '../settings.ts'
import type { Article } from './article.ts'
import { parseArticle, type ParsedArticle } from './parse-article.ts'
import type { Problem } from './problems.ts'

export interface ArticleSource {
  /** Path relative to the articles folder. */
  file: string
  source: string
}

export interface Collection {
  /** Every valid, non-draft article, including scheduled ones; newest first. */
  articles: Article[]
  /** Every problem in every file, errors and warnings, in file order. */
  problems: Problem[]
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

/** Checks parsed files against each other (unique slugs and ids, related links), drops drafts, sorts. */
export function assembleCollection(files: readonly ParsedFile[]): Collection {
  const problems: Problem[] = []
  const bySlug = new Map<string, Article>()
  const byId = new Map<string, Article>()
  const articles: Article[] = []
  // Published articles first, so that a draft (a copy being reworked, say) never takes a live
  // article's slug or id; then by path, so the outcome never depends on the disk.
  const isDraft = (f: ParsedFile) => (f.article?.draft ? 1 : 0)
  const ordered = [...files].sort((a, b) => isDraft(a) - isDraft(b) || compareStrings(a.file, b.file))

  for (const { file, article, problems: own } of ordered) {
    problems.push(...own)
    if (!article) continue
    const clash = bySlug.get(article.slug) ?? byId.get(article.id)
    if (clash) {
      const field = bySlug.has(article.slug) ? 'slug' : 'id'
      problems.push({
        severity: 'error',
        file,
        line: 1,
        field,
        message: `"${article[field]}" is already used by ${clash.file}; expected a unique ${field}`,
      })
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
  return { articles, problems }
}

/** Newest first; equal dates fall back to the slug so the order never depends on the disk. */
export function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(a.slug, b.slug)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
