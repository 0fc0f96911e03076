/**
 * What a raw copy, the editor's options and the site's settings say about one article, and
 * what none of them says. Never invents a value: a required field nobody gives is listed as
 * missing and the article stays a draft.
 */
import { isHttpUrl } from '../articles/schema.ts'
import { findKnownPublication, type KnownPublication, type SiteSettings } from '../settings/schema.ts'
import type { RawCopy } from './raw-copy.ts'

/** What the copy cannot say, from the command line. Values are already validated. */
export interface ImportOptions {
  originalUrl?: string
  originalTitle?: string
  /** Canonical BCP 47 tag. */
  originalLanguage?: string
  translators?: string[]
  /** This article's language, when it is not the site's. Canonical BCP 47 tag. */
  language?: string
  tags?: string[]
}

export interface DraftContext {
  site: Pick<SiteSettings, 'publications'>
  id: string
  /** The slug this article will have, so a teaser never points at the article itself. */
  slug?: string
  /** The slug of one of our articles with this title, for the "Related:" teasers. */
  slugForTitle(title: string): string | undefined
}

export type Related = string | { title: string }

/** The front matter of an imported article, in the order it is written. */
export interface ImportedFields {
  id: string
  title?: string
  date?: string
  language?: string
  summary?: string
  tags?: string[]
  translators?: string[]
  original: {
    publication?: string
    url?: string
    title?: string
    language?: string
    authors?: string[]
  }
  related?: Related[]
  /**
   * What an editor added to a published article, kept as written when `--force` imports its copy
   * again: the copy never says it, and a correction must not vanish with a new version of the text.
   */
  updated?: unknown
  corrections?: unknown
}

/** The fields import keeps from the file it replaces. */
export const KEPT_ON_REIMPORT = ['updated', 'corrections'] as const

export interface Missing {
  /** Front-matter path, e.g. `original.url`. */
  field: string
  level: 'required' | 'recommended'
  /** How to supply it, e.g. `--original-url`. */
  hint: string
}

export interface ArticleDraft {
  fields: ImportedFields
  /** Body paragraphs as plain text. */
  paragraphs: string[]
  /** The copy's photo caption and credit; written as a comment, since the copy has no file. */
  image?: { caption?: string; credit?: string }
  missing: Missing[]
  /** True when a required field is missing: never served until an editor completes it. */
  draft: boolean
}

export class ImportError extends Error {
  override name = 'ImportError'
}

/**
 * @throws ImportError when the copy has no body: there is nothing to publish
 */
export function buildArticleDraft(copy: RawCopy, options: ImportOptions, context: DraftContext): ArticleDraft {
  if (copy.paragraphs.length === 0) {
    throw new ImportError(
      copy.title === undefined
        ? 'has no text we can read as an article: expected a title line, then the body'
        : "has a title but no body: expected the article's paragraphs after the header",
    )
  }
  const publications = context.site.publications ?? []
  const textUrl = copy.originalUrl && isHttpUrl(copy.originalUrl) ? copy.originalUrl : undefined
  const known = knownPublicationOf(copy, textUrl, publications)
  const publication = known?.name ?? copy.publication
  const authors = copy.authors.filter((name) => !publication || !containsName(name, publication))

  const fields: ImportedFields = {
    id: context.id,
    title: copy.title,
    date: copy.date?.value,
    language: options.language,
    summary: copy.summary?.replace(/\s+/g, ' '),
    tags: options.tags?.length ? options.tags : undefined,
    translators: firstNonEmpty(options.translators, copy.translators),
    original: {
      publication,
      url: options.originalUrl ?? textUrl,
      title: options.originalTitle,
      language: options.originalLanguage ?? copy.originalLanguage ?? known?.language,
      authors: authors.length > 0 ? authors : undefined,
    },
    related: relatedEntries(copy.related, context),
  }

  const missing: Missing[] = []
  const need = (present: unknown, field: string, level: Missing['level'], hint: string) => {
    if (present === undefined) missing.push({ field, level, hint })
  }
  need(fields.title, 'title', 'required', 'the first line of the copy is the title')
  need(fields.date, 'date', 'required', 'the copy has no date line such as "22:11, 23 September 2019"')
  need(publication, 'original.publication', 'required', 'the copy has no "Source :" or "Read the original article at … website" line')
  need(
    fields.original.language,
    'original.language',
    'required',
    publication ? `--original-language, or add "${publication}" with its language to SITE_PUBLICATIONS` : '--original-language',
  )
  need(fields.original.url, 'original.url', 'recommended', '--original-url')
  need(fields.original.title, 'original.title', 'recommended', '--original-title')
  need(fields.translators, 'translators', 'recommended', '--translator')

  return {
    fields,
    paragraphs: copy.paragraphs,
    image: copy.image,
    missing,
    draft: missing.some((m) => m.level === 'required'),
  }
}

/**
 * The known publication the copy names: by its Source line (the name itself), else by the
 * original's address, else by an Author line that names it ("French newspaper Le Monde").
 */
function knownPublicationOf(
  copy: RawCopy,
  url: string | undefined,
  publications: readonly KnownPublication[],
): KnownPublication | undefined {
  // A Source line must name the publication itself: "Le Monde diplomatique" is not Le Monde.
  if (copy.publication) return findKnownPublication(publications, copy.publication)
  if (url) {
    const known = publications.find((p) => p.url && hostOf(p.url) === hostOf(url))
    if (known) return known
  }
  // An Author line may describe it ("French newspaper Le Monde"): the whole name, as words.
  for (const author of copy.authors) {
    const known = findKnownPublication(publications, author) ?? publications.find((p) => containsName(author, p.name))
    if (known) return known
  }
  return undefined
}

/** "French newspaper Le Monde" names "Le Monde": the whole name, as words. */
function containsName(text: string, name: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()
  const haystack = fold(text)
  const needle = fold(name)
  let at = haystack.indexOf(needle)
  while (at >= 0) {
    const before = haystack[at - 1]
    const after = haystack[at + needle.length]
    const boundary = (ch: string | undefined) => ch === undefined || !/[\p{L}\p{N}]/u.test(ch)
    if (boundary(before) && boundary(after)) return true
    at = haystack.indexOf(needle, at + 1)
  }
  return false
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '')
}

function relatedEntries(titles: readonly string[], context: DraftContext): Related[] | undefined {
  const entries: Related[] = []
  const seen = new Set<string>()
  for (const title of titles) {
    const slug = context.slugForTitle(title)
    const entry = slug && slug !== context.slug ? slug : { title }
    const key = typeof entry === 'string' ? `slug:${entry}` : `title:${title}`
    if (seen.has(key)) continue
    seen.add(key)
    entries.push(entry)
  }
  return entries.length > 0 ? entries : undefined
}

function firstNonEmpty(...lists: (readonly string[] | undefined)[]): string[] | undefined {
  const list = lists.find((l) => l && l.length > 0)
  return list ? [...list] : undefined
}
