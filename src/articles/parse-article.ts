/** One article file to one validated, rendered Article, or the list of what is wrong with it. */

import type { Article, Correction, Publication } from '../model/article.ts'
import { articlePath } from '../model/paths.ts'
import { findKnownPublication, type SiteSettings } from '../settings/schema.ts'
import {
  type BodyReference,
  collapseWhitespace,
  findBodyProblem,
  pathReferences,
  type RenderedBody,
  renderMarkdown,
} from '../text/markdown.ts'
import { resolveUrl } from '../text/resolve-url.ts'
import { assignSlugs } from '../text/slugify.ts'
import { stripXmlIllegalDeep } from '../text/text.ts'
import { type ParsedDate, parseDate } from './dates.ts'
import { normaliseArticleText, parseFrontMatter, splitFrontMatter } from './front-matter.ts'
import { ArticleError, formatFieldPath, type Problem } from './problems.ts'
import { checkCommonShape } from './quick-check.ts'
import { createFrontMatterSchema, dateOrderIssues, describeUnknownField, type FrontMatterFields, findUnknownFields } from './schema.ts'

export interface ParsedArticle {
  /** Absent when the file has errors; warnings alone still give an article. */
  article?: Article
  problems: Problem[]
  /** The front matter says `draft: true`, valid or not: its problems are marked so. */
  draft?: true
}

const schemas = new Map<string, ReturnType<typeof createFrontMatterSchema>>()

function schemaFor(timeZone: string) {
  let schema = schemas.get(timeZone)
  if (!schema) {
    schema = createFrontMatterSchema(timeZone)
    schemas.set(timeZone, schema)
  }
  return schema
}

/**
 * The costly part of reading an article (front matter and schema), in a form that can be
 * stored and reused while the file is unchanged: see `src/content/parse-cache.ts`.
 */
export interface CheckedArticle {
  /** Absent when the front matter has errors. */
  fields?: FrontMatterFields
  /** The front matter says `draft: true`, valid or not. */
  draft?: true
  /** Where the body starts in the normalised text (`normaliseArticleText`). */
  bodyStart: number
  /** The body is only white space: known without keeping the body, which is read when rendered. */
  blankBody: boolean
  /** What the body names by a path (`pathReferences`), each at its line of the file. */
  references: BodyReference[]
  problems: Problem[]
}

/** The body's Markdown, or a way to get it when it is first rendered. */
export type BodySource = string | (() => string)

/**
 * @param file path relative to the articles folder, used in messages and for the default slug
 */
export function parseArticle(source: string, file: string, site: SiteSettings): ParsedArticle {
  const text = normaliseArticleText(source)
  const checked = checkArticle(text, file, site)
  return articleFromChecked(checked, text.slice(checked.bodyStart), file, site)
}

/** @param text as given by `normaliseArticleText` */
export function checkArticle(text: string, file: string, site: SiteSettings): CheckedArticle {
  try {
    return checkFrontMatter(text, file, site)
  } catch (error) {
    // Also from `lineOf`: locating a field re-reads the block with the stricter YAML reader,
    // which may refuse what js-yaml accepted; its message is then the file's problem.
    if (!(error instanceof ArticleError)) throw error
    // The fields cannot be read, but a body the fences delimit is checked all the same, so that
    // one pass of `check` says everything wrong with the file.
    const fences = splitFrontMatter(text)
    const bodyStart = fences.kind === 'fenced' ? fences.bodyStart : text.length
    return checkBody({ bodyStart, blankBody: true, references: [], problems: error.problems }, text, file)
  }
}

function checkFrontMatter(text: string, file: string, site: SiteSettings): CheckedArticle {
  const checked = checkBody(checkFields(text, file, site), text, file)
  return checked.draft ? { ...checked, problems: checked.problems.map(inDraft) } : checked
}

/**
 * A body that could not be rendered whole, or not in bounded time, is an error of the file: the
 * article is left out (and `check` fails), rather than found out when a feed is first made.
 */
function checkBody(checked: CheckedArticle, text: string, file: string): CheckedArticle {
  const body = text.slice(checked.bodyStart)
  const found = findBodyProblem(body)
  const paths = pathReferences(body)
  if (!found && paths.length === 0) return checked
  const bodyLine = lineAt(text, checked.bodyStart)
  const references = paths.map((reference) => ({ ...reference, line: bodyLine + reference.line - 1 }))
  if (!found) return { ...checked, references }
  const problem: Problem = { severity: 'error', file, line: bodyLine + found.line - 1, field: 'body', message: found.message }
  return { ...checked, fields: undefined, references, problems: [...checked.problems, problem].sort((a, b) => a.line - b.line) }
}

/** The line (from 1) that the character at `offset` is on. */
function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

const inDraft = (problem: Problem): Problem => ({ ...problem, draft: true })

/** Unknown fields named one by one, at most; the rest are counted. */
const MAX_UNKNOWN_FIELDS_NAMED = 20

function checkFields(text: string, file: string, site: SiteSettings): CheckedArticle {
  const { body, bodyStart, lineOf, data: raw } = parseFrontMatter(text, file)
  const draft = raw.draft === true ? { draft: true as const } : {}
  const blankBody = !/\S/.test(body)
  const quick = checkCommonShape(raw, site.timeZone)
  if (quick) return { fields: quick, bodyStart, blankBody, references: [], problems: [], ...draft }

  const data = stripXmlIllegalDeep(raw)
  const problems: Problem[] = []
  const report = (severity: Problem['severity'], path: (string | number)[], message: string) =>
    problems.push({ severity, file, line: lineOf(path), field: formatFieldPath(path), message })

  // Each unknown field is located in the YAML, which costs a scan of its mapping: a file of a
  // hundred thousand made-up keys must not cost a hundred thousand scans.
  const unknown = findUnknownFields(data)
  for (const field of unknown.slice(0, MAX_UNKNOWN_FIELDS_NAMED)) report('warning', field.path, describeUnknownField(field))
  if (unknown.length > MAX_UNKNOWN_FIELDS_NAMED) {
    const more = unknown.length - MAX_UNKNOWN_FIELDS_NAMED
    report(
      'warning',
      unknown[MAX_UNKNOWN_FIELDS_NAMED]!.path,
      `and ${more} more field${more === 1 ? '' : 's'} that are not known; they are ignored`,
    )
  }

  const result = schemaFor(site.timeZone).safeParse(data)
  if (!result.success) {
    for (const issue of result.error.issues) {
      report('error', issue.path as (string | number)[], issue.message)
    }
    // Every problem at once: the rules across fields, which zod skips once a field has failed.
    const corrections = Array.isArray(data.corrections) ? (data.corrections as unknown[]) : []
    const dates = {
      date: dateOf(data.date, site.timeZone),
      updated: dateOf(data.updated, site.timeZone),
      corrections: corrections.map((c) => dateOf((c as { date?: unknown } | null)?.date, site.timeZone)),
    }
    const reported = new Set(problems.map((p) => p.field))
    for (const issue of dateOrderIssues(dates, site.timeZone)) {
      const field = formatFieldPath(issue.path)
      if (!reported.has(field)) report('error', issue.path, issue.message)
      reported.add(field)
    }
    return { bodyStart, blankBody, references: [], problems: problems.sort((a, b) => a.line - b.line), ...draft }
  }
  return { fields: result.data, bodyStart, blankBody, references: [], problems, ...draft }
}

/** A front-matter date as the schema would read it, or undefined when it would not. */
function dateOf(value: unknown, timeZone: string): ParsedDate | undefined {
  return typeof value === 'string' ? parseDate(value, timeZone) : undefined
}

/** A body rendered earlier for the same file, and where to report a new rendering. */
export interface RenderMemo {
  rendered?: RenderedBody
  onRender?(rendered: RenderedBody): void
}

/** The cheap part: slug, defaults and the article itself, from checked front matter and the body. */
export function articleFromChecked(
  checked: CheckedArticle,
  body: BodySource,
  file: string,
  site: SiteSettings,
  memo: RenderMemo = {},
): ParsedArticle {
  const { fields } = checked
  const problems = [...checked.problems]
  const draft = checked.draft ? { draft: true as const } : {}
  if (!fields) return { problems, ...draft }
  // An explicit slug is checked by the schema; one from the file name is made a slug here.
  const slug = fields.slug ?? defaultSlug(file)

  const url = `${site.url}${articlePath(slug)}`
  if (!fields.summary && checked.blankBody) {
    problems.push({
      severity: 'warning',
      file,
      line: 1,
      field: 'summary',
      message: 'is missing and the body is empty: expected one or the other',
      ...draft,
    })
  }
  return { article: toArticle(fields, { file, slug, url, site, body, memo, references: checked.references }), problems, ...draft }
}

interface Derived {
  file: string
  slug: string
  url: string
  site: SiteSettings
  body: BodySource
  memo?: RenderMemo
  references: readonly BodyReference[]
}

function toArticle(fields: FrontMatterFields, { file, slug, url, site, body, memo, references }: Derived): Article {
  // Markdown is rendered on first use: a large archive is parsed at start-up, but only the
  // articles that are served are ever rendered.
  let rendered = memo?.rendered
  const render = () => {
    if (!rendered) {
      rendered = renderMarkdown(typeof body === 'string' ? body : body(), url, site.url)
      memo?.onRender?.(rendered)
    }
    return rendered
  }
  // Collapsed on first use, as the body is rendered: most summaries of an archive are never shown.
  let summary: string | undefined
  const original = fields.original && {
    publication: withKnownPublication(fields.original.publication, site),
    url: fields.original.url,
    title: fields.original.title,
    language: fields.original.language,
    authors: fields.original.authors ?? [],
    date: fields.original.date?.instant,
  }
  const corrections = (fields.corrections ?? [])
    .map((c) => ({ date: c.date.instant, text: collapseWhitespace(c.text) }))
    .sort((a, b) => a.date.getTime() - b.date.getTime())
  return {
    file,
    slug,
    id: fields.id ?? defaultId(site.url, fields.date.instant, slug),
    ...((fields.slug === undefined || fields.id === undefined) && {
      derived: { slug: fields.slug === undefined, id: fields.id === undefined },
    }),
    url,
    title: collapseWhitespace(fields.title),
    date: fields.date.instant,
    updated: fields.updated?.instant ?? latestChange(fields.date.instant, corrections),
    language: fields.language ?? site.language,
    get summary() {
      if (!fields.summary) return render().firstParagraph
      return (summary ??= collapseWhitespace(fields.summary))
    },
    tags: fields.tags ?? [],
    image: fields.image && {
      ...fields.image,
      url: resolveUrl(fields.image.url, site.url) ?? fields.image.url,
    },
    authors: fields.authors ?? [],
    translators: fields.translators ?? [],
    original,
    translationKey: fields.translationKey,
    rights: fields.rights,
    license: fields.license,
    draft: fields.draft ?? false,
    related: (fields.related ?? []).map((r) => (typeof r === 'string' ? { slug: r } : r)),
    corrections,
    references,
    get bodyHtml() {
      return render().html
    },
  }
}

/**
 * A corrected article has changed: without `updated`, the latest correction says when, so that
 * feeds mark the item changed and readers that re-fetch it show the notice. A correction written
 * as a day alone is that day's midnight, which may fall before `date` on the day of publication:
 * the article is then changed at `date`, never before.
 */
function latestChange(date: Date, corrections: readonly Correction[]): Date | undefined {
  const latest = corrections.at(-1)?.date
  if (!latest) return undefined
  return latest > date ? latest : date
}

/**
 * A bare publication name that matches one of the site's known publications takes its
 * canonical name, home page and feed; a publication written with a url or feed is kept as is.
 */
function withKnownPublication(publication: Publication, site: SiteSettings): Publication {
  if (publication.url !== undefined || publication.feed !== undefined) return publication
  const known = findKnownPublication(site.publications, publication.name)
  if (!known) return publication
  const { name, url, feed } = known
  return { name, ...(url !== undefined && { url }), ...(feed !== undefined && { feed }) }
}

/** `articles/2019/france-russia.md` gives `france-russia`. */
/**
 * The file name as a slug, by the transliteration feed sets use (text/slugify.ts): `статья.md`
 * is `statia`, `Ελλάδα.md` `ellada`; scripts without a table (Arabic, CJK) keep their letters,
 * and a name with none gets a short hash. A clash with another article's slug is settled in
 * the collection, as for sets: the first keeps it.
 */
export function defaultSlug(file: string): string {
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.md$/i, '')
  return assignSlugs([name]).get(name)!
}

/**
 * RFC 4151 tag URI from the site's host, the first publication date (UTC) and the slug
 * (spec §3). Neither the title, the body nor `updated` takes part, so edits keep the id.
 */
export function defaultId(siteUrl: string, date: Date, slug: string): string {
  const host = new URL(siteUrl).hostname
  return `tag:${host},${date.toISOString().slice(0, 10)}:${slug}`
}
