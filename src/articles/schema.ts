/**
 * The one schema for article front matter (spec §1). Types of the validated fields are derived
 * from it; every message says what was expected.
 */
import { z } from 'zod'
import { formatRfc3339, type ParsedDate, parseDate } from './dates.ts'

/** Describes a value for an error message without echoing unbounded input. */
function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (value instanceof Date) return 'a date'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return value.length > 40 ? `"${value.slice(0, 40)}…"` : `"${value}"`
  return `${typeof value} ${String(value)}`
}

/** Zod error map: "missing, expected X" or "got Y, expected X". */
function expected(description: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `missing, expected ${description}` : `got ${describe(issue.input)}, expected ${description}`,
  }
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

export function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1 && /^[A-Za-z]{2,3}(-|$)/.test(value)
  } catch {
    return false
  }
}

const text = (description: string) => z.string(expected(description)).trim().min(1, expected(description))

const httpUrl = (description = 'an absolute http(s) URL') => z.string(expected(description)).trim().refine(isHttpUrl, expected(description))

/** An absolute http(s) URL, or a path resolved against the site URL. */
export function isSiteUrl(value: string): boolean {
  return isHttpUrl(value) || (/^[^:\s]*$/.test(value) && value.length > 0 && !value.startsWith('//'))
}

/** A URI with a scheme, as an item id must be. */
export function isUri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value)
}

const siteUrl = z
  .string(expected('an absolute http(s) URL or a path such as /media/photo.jpg'))
  .trim()
  .refine(isSiteUrl, expected('an absolute http(s) URL or a path such as /media/photo.jpg'))

const languageTag = z
  .string(expected('a BCP 47 language tag such as "fr" or "pt-BR"'))
  .trim()
  .refine(isLanguageTag, expected('a BCP 47 language tag such as "fr" or "pt-BR"'))
  .transform((v) => Intl.getCanonicalLocales(v)[0]!)

const person = z.union(
  [text('a name').transform((name) => ({ name })), z.object({ name: text('a name'), url: httpUrl().optional() })],
  expected('a name, or {name, url}'),
)

/**
 * The most items a list of the front matter may hold (tags, people, related pieces): far above
 * any real article, and low enough that no list can make a feed or a page enormous.
 */
export const MAX_LIST_ITEMS = 100
const tooMany = { error: `has too many items: at most ${MAX_LIST_ITEMS} are accepted` }

const people = z.array(person, expected('a list of names or {name, url}')).max(MAX_LIST_ITEMS, tooMany)

const publication = z.union(
  [
    text('the publication name').transform((name) => ({ name })),
    z.object({
      name: text('the publication name'),
      url: httpUrl().optional(),
      feed: httpUrl('the absolute http(s) URL of its RSS or Atom feed').optional(),
    }),
  ],
  expected('the publication name, or {name, url, feed}'),
)

const slugPattern = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/
const slug = z
  .string(expected('lower-case letters, digits and hyphens, e.g. "france-russia-dialogue"'))
  .regex(slugPattern, expected('lower-case letters, digits and hyphens, e.g. "france-russia-dialogue"'))

export function isSlug(value: string): boolean {
  return slugPattern.test(value)
}

/** Builds the schema for one site time zone, since dates without an offset are read in it. */
export function createFrontMatterSchema(timeZone: string) {
  const date = (description: string) =>
    z.string(expected(description)).transform((value, ctx) => {
      const parsed = parseDate(value, timeZone)
      if (!parsed) {
        ctx.addIssue({ code: 'custom', message: `got ${describe(value)}, expected ${description}` })
        return z.NEVER
      }
      return parsed
    })
  const dateTime = date('a date such as 2019-09-23T22:11:00+03:00 or 2019-09-23 22:11')
  const correctionDate = date('the day of the correction, e.g. 2023-11-15, or a time such as 2023-11-15 09:30')

  const original = z.object(
    {
      publication,
      url: httpUrl('the absolute http(s) URL of the original article').optional(),
      title: text('the original title').optional(),
      language: languageTag,
      authors: people.optional(),
      date: dateTime.optional(),
    },
    expected('a mapping with publication and language'),
  )

  return z
    .object({
      title: text('the headline as text'),
      date: dateTime,
      updated: dateTime.optional(),
      id: text('a stable URI such as "urn:uuid:…" or "tag:…"').refine(isUri, expected('a URI such as "urn:uuid:…"')).optional(),
      slug: slug.optional(),
      language: languageTag.optional(),
      summary: text('a one-paragraph plain-text summary').optional(),
      tags: z.array(text('a tag'), expected('a list of tags')).max(MAX_LIST_ITEMS, tooMany).optional(),
      image: z
        .object(
          {
            url: siteUrl,
            alt: text('text describing the image'),
            caption: text('a caption').optional(),
            credit: text('who took or owns the image').optional(),
          },
          expected('a mapping with url and alt'),
        )
        .optional(),
      authors: people.optional(),
      translators: z.union([person.transform((p) => [p]), people], expected('a name or a list of translators')).optional(),
      original: original.optional(),
      translationKey: text('a name shared by the translations of one original, e.g. "night-trains-2023"').optional(),
      rights: text('a rights statement').optional(),
      license: httpUrl('the URL of a licence').optional(),
      draft: z.boolean(expected('true or false')).optional(),
      related: z
        .array(
          z.union(
            [slug, z.object({ title: text("the related piece's title"), url: httpUrl().optional() })],
            expected('a slug of one of our articles, or {title, url}'),
          ),
          expected('a list of slugs or {title, url}'),
        )
        .max(MAX_LIST_ITEMS, tooMany)
        .optional(),
      // Plain text, escaped wherever it is shown: it goes into feeds, pages and JSON-LD's `text` alike.
      corrections: z
        .array(
          z.object({ date: correctionDate, text: text('what was corrected, as plain text') }, expected('a mapping with date and text')),
          expected('a list of {date, text}'),
        )
        .max(MAX_LIST_ITEMS, tooMany)
        .optional(),
    })
    .superRefine((fields, ctx) => {
      const dates = { date: fields.date, updated: fields.updated, corrections: fields.corrections?.map((c) => c.date) }
      for (const issue of dateOrderIssues(dates, timeZone)) ctx.addIssue({ code: 'custom', ...issue })
    })
}

/** The dates of an article, as far as each could be read, for the rules across them. */
export interface ArticleDates {
  date?: ParsedDate
  updated?: ParsedDate
  corrections?: (ParsedDate | undefined)[]
}

export interface DateOrderIssue {
  path: (string | number)[]
  message: string
}

/**
 * The rules across fields: `updated` is not before `date`; a correction is not before the
 * article, and `updated`, when given, not before any correction. Zod checks them only when every
 * field is valid; the parser also asks them of the dates alone, so that they are reported with
 * the rest.
 */
export function dateOrderIssues({ date, updated, corrections = [] }: ArticleDates, timeZone: string): DateOrderIssue[] {
  const issues: DateOrderIssue[] = []
  if (date && updated && updated.instant < date.instant) {
    issues.push({ path: ['updated'], message: 'is earlier than date, expected the same time or later' })
  }
  let latest: number | undefined
  corrections.forEach((correction, i) => {
    if (!correction) return
    if (date && isEarlier(correction, date, timeZone)) {
      issues.push({ path: ['corrections', i, 'date'], message: 'is earlier than date, expected the day of publication or later' })
    }
    if (latest === undefined || isEarlier(corrections[latest]!, correction, timeZone)) latest = i
  })
  if (updated && latest !== undefined && isEarlier(updated, corrections[latest]!, timeZone)) {
    issues.push({
      path: ['updated'],
      message: `is earlier than corrections[${latest}].date, expected the latest correction or later (or leave updated out: it is then the latest correction's date)`,
    })
  }
  return issues
}

/**
 * A date alone (`2023-11-15`) stands for its whole day in the site's zone: a correction written
 * as the day of publication is not "before" an article published that afternoon.
 */
function isEarlier(a: ParsedDate, b: ParsedDate, timeZone: string): boolean {
  if (!a.dateOnly && !b.dateOnly) return a.instant < b.instant
  const day = (d: ParsedDate) => formatRfc3339(d.instant, timeZone).slice(0, 10)
  return day(a) < day(b)
}

export type FrontMatterFields = z.infer<ReturnType<typeof createFrontMatterSchema>>

/** The mappings of the format, by where they stand: `''` the top, `image`, `authors[]` (each of a list)… */
type Mapping =
  | ''
  | 'image'
  | 'original'
  | 'original.publication'
  | 'authors[]'
  | 'translators[]'
  | 'original.authors[]'
  | 'related[]'
  | 'corrections[]'

/**
 * Every field the format knows, by mapping, read off the schema itself so the two cannot
 * disagree. Anything else is a warning (spec §1: "a likely typo"), never silently used.
 */
export const KNOWN_FIELDS = knownFieldsOf(createFrontMatterSchema('UTC'))

function knownFieldsOf(schema: z.ZodType): Record<Mapping, readonly string[]> {
  const found: Record<string, string[]> = {}
  const visit = (node: z.core.$ZodType, at: string) => {
    const def = node._zod.def as z.core.$ZodTypeDef & Record<string, unknown>
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, z.core.$ZodType>
        found[at] = [...new Set([...(found[at] ?? []), ...Object.keys(shape)])]
        for (const [key, child] of Object.entries(shape)) visit(child, at === '' ? key : `${at}.${key}`)
        break
      }
      case 'optional':
      case 'nullable':
      case 'default':
        visit(def.innerType as z.core.$ZodType, at)
        break
      case 'union':
        for (const option of def.options as z.core.$ZodType[]) visit(option, at)
        break
      case 'array':
        visit(def.element as z.core.$ZodType, `${at}[]`)
        break
      case 'pipe':
        visit(def.in as z.core.$ZodType, at)
        break
    }
  }
  visit(schema, '')
  const mappings: Mapping[] = [
    '',
    'image',
    'original',
    'original.publication',
    'authors[]',
    'translators[]',
    'original.authors[]',
    'related[]',
    'corrections[]',
  ]
  for (const mapping of mappings) {
    if (!found[mapping]) throw new Error(`the front-matter schema has no mapping at "${mapping}"`)
  }
  return found as Record<Mapping, readonly string[]>
}

export interface UnknownField {
  path: (string | number)[]
  /** The known fields of the mapping it was found in. */
  known: readonly string[]
}

/**
 * The article's fields that hold fields of their own: one of theirs written at the top is most
 * likely one whose line was not indented under its parent (`original:` then `publication:`).
 */
const PARENT_FIELDS = ['original', 'image'] as const

/**
 * A field of `original:` or `image:` written unindented is named as such; else "did you mean
 * "title"?" for a near miss, else the list of fields the mapping accepts.
 */
export function describeUnknownField({ path, known }: UnknownField): string {
  const name = String(path[path.length - 1])
  const parents = path.length === 1 ? PARENT_FIELDS.filter((parent) => KNOWN_FIELDS[parent].includes(name)) : []
  if (parents.length > 0) {
    const under = parents.map((parent) => `${parent}:`).join(' or ')
    return `is a field of ${parents.join(' or ')}, not of the article itself; if it belongs under ${under}, indent it by two spaces below that line. As it is, it is ignored`
  }
  const closest = known.map((k) => ({ k, d: editDistance(name.toLowerCase(), k) })).sort((a, b) => a.d - b.d)[0]
  if (closest && closest.d <= 2) return `is not a known field: did you mean "${closest.k}"? It is ignored`
  return `is not a known field (expected one of ${known.join(', ')}); it is ignored`
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return row[b.length]!
}

/** Fields not in KNOWN_FIELDS, e.g. path `['original', 'titel']`. */
export function findUnknownFields(data: Record<string, unknown>): UnknownField[] {
  const unknown: UnknownField[] = []
  const visit = (value: unknown, shape: string, path: (string | number)[]) => {
    const known = (KNOWN_FIELDS as Record<string, readonly string[]>)[shape]
    if (!known) return
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return
    for (const [key, child] of Object.entries(value)) {
      if (!known.includes(key)) {
        unknown.push({ path: [...path, key], known })
        continue
      }
      const childShape = shape === '' ? key : `${shape}.${key}`
      if (Array.isArray(child)) {
        child.forEach((item, i) => visit(item, `${childShape}[]`, [...path, key, i]))
      } else {
        visit(child, childShape, [...path, key])
      }
    }
  }
  visit(data, '', [])
  return unknown
}
