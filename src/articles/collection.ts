/** All articles of a site: parsed, checked against each other, drafts left out, newest first. */
import { createHash } from 'node:crypto'
import type { SiteSettings } from '../settings.ts'
import type { Article } from './article.ts'
import { articlePath } from '../site/paths.ts'
import { shortHash } from '../sets/slugify.ts'
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

/** Checks parsed files against each other (unique slugs and ids, related links), drops drafts, sorts. */
export function assembleCollection(files: readonly ParsedFile[]): Collection {
  const problems: Problem[] = []
  const bySlug = new Map<string, Article>()
  const byId = new Map<string, Article>()
  const articles: Article[] = []
  // Published articles first, so that a draft (a copy being reworked, say) never takes a live
  // article's slug or id; then by path, so the outcome never depends on the disk.
  const isDraft = (f: ParsedFile) => (f.article?.draft || f.draft ? 1 : 0)
  const drafts = files.filter((f) => isDraft(f) === 1).map((f) => f.file).sort(compareStrings)
  const ordered = [...files].sort((a, b) => isDraft(a) - isDraft(b) || compareStrings(a.file, b.file))

  for (const { file, article: parsed, problems: own } of ordered) {
    for (const problem of own) problems.push(problem)
    if (!parsed) continue
    let article = parsed
    // A slug made from the file name gives way, as a set's slug does (sets/slugify.ts): the
    // first keeps it, the other gets a stable suffix from its file name.
    const taken = bySlug.get(article.slug)
    if (taken && article.derived?.slug) {
      const slug = freeSlug(article.slug, file, bySlug)
      problems.push({
        severity: 'warning',
        file,
        line: 1,
        field: 'slug',
        message: `"${article.slug}", from the file name, is already used by ${taken.file}; this article is at "${slug}": set slug to choose another`,
      })
      article = withSlug(article, slug)
    }
    const clash = bySlug.get(article.slug) ?? byId.get(article.id)
    if (clash) {
      const field = bySlug.has(article.slug) ? 'slug' : 'id'
      problems.push({
        severity: 'error',
        file,
        line: 1,
        field,
        message: `"${article[field]}" is already used by ${clash.file}; expected a unique ${field}`,
        ...(article.draft && { draft: true as const }),
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
  return { articles, problems, drafts }
}

function freeSlug(base: string, file: string, taken: ReadonlyMap<string, unknown>): string {
  const suffix = shortHash(file)
  let slug = `${base}-${suffix}`
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${suffix}-${n}`
  return slug
}

/**
 * The article at another slug: its URL, and its id when that was made from the slug. Its other
 * properties are kept as they are (the body is still rendered on first use).
 */
function withSlug(article: Article, slug: string): Article {
  const url = article.url.slice(0, article.url.length - articlePath(article.slug).length) + articlePath(slug)
  const id = article.derived?.id ? article.id.slice(0, article.id.length - article.slug.length) + slug : article.id
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(article), slug: { value: slug, enumerable: true }, url: { value: url, enumerable: true }, id: { value: id, enumerable: true } }) as Article
}

/** Newest first; equal dates fall back to the slug so the order never depends on the disk. */
export function newestFirst(a: Article, b: Article): number {
  return b.date.getTime() - a.date.getTime() || compareStrings(a.slug, b.slug)
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
