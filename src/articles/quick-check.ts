/**
 * The common case of front matter, checked without zod: known fields only, every value of the
 * expected type and valid. It gives exactly what the schema (`schema.ts`, the source of truth)
 * would give, or undefined whenever anything is unusual, and then the schema checks the file and
 * words the messages. At 10,000 articles zod, the unknown-field walk and the pass that strips
 * XML-illegal characters cost more than reading the YAML; this is one walk, allocating only the
 * result. test/quick-check.test.ts holds it to the schema's output.
 */
import { stripXmlIllegal } from '../text/text.ts'
import { type ParsedDate, parseDate } from './dates.ts'
import {
  dateOrderIssues,
  type FrontMatterFields,
  isHttpUrl,
  isLanguageTag,
  isSiteUrl,
  isSlug,
  isUri,
  KNOWN_FIELDS,
  MAX_LIST_ITEMS,
} from './schema.ts'

/** Thrown inside the walk to give up on the quick path; never escapes this module. */
const UNUSUAL = Symbol('unusual')

type Fields = Record<string, unknown>

/** The checked fields, or undefined when only the schema can say (an error, a warning, a rare form). */
export function checkCommonShape(data: Record<string, unknown>, timeZone: string): FrontMatterFields | undefined {
  try {
    return readFields(data, timeZone)
  } catch (error) {
    if (error === UNUSUAL) return undefined
    throw error
  }
}

function readFields(data: Fields, timeZone: string): FrontMatterFields {
  onlyKnown(data, KNOWN_FIELDS[''])
  const date = dateOf(data.date, timeZone)
  const updated = optional(data.updated, (v) => dateOf(v, timeZone))
  const corrections = optional(data.corrections, (v) => list(v, (c) => correction(c, timeZone)))
  // The schema's superRefine: its message is the schema's to give.
  const dates = { date, updated, corrections: corrections?.map((c) => c.date) }
  if (dateOrderIssues(dates, timeZone).length > 0) throw UNUSUAL
  const fields: Fields = { title: text(data.title), date }
  set(fields, 'updated', updated)
  set(
    fields,
    'id',
    optional(data.id, (v) => checked(text(v), isUri)),
  )
  set(fields, 'slug', optional(data.slug, slug))
  set(fields, 'language', optional(data.language, languageTag))
  set(fields, 'summary', optional(data.summary, text))
  set(
    fields,
    'tags',
    optional(data.tags, (v) => list(v, text)),
  )
  set(fields, 'image', optional(data.image, image))
  set(fields, 'authors', optional(data.authors, people))
  set(
    fields,
    'translators',
    optional(data.translators, (v) => (Array.isArray(v) ? people(v) : [person(v)])),
  )
  set(
    fields,
    'original',
    optional(data.original, (v) => original(v, timeZone)),
  )
  set(fields, 'translationKey', optional(data.translationKey, text))
  set(fields, 'rights', optional(data.rights, text))
  set(fields, 'license', optional(data.license, httpUrl))
  set(
    fields,
    'draft',
    optional(data.draft, (v) => (typeof v === 'boolean' ? v : fail())),
  )
  set(
    fields,
    'related',
    optional(data.related, (v) => list(v, relatedItem)),
  )
  set(fields, 'corrections', corrections)
  return fields as FrontMatterFields
}

function correction(value: unknown, timeZone: string): { date: ParsedDate; text: string } {
  const data = mapping(value, KNOWN_FIELDS['corrections[]'])
  return { date: dateOf(data.date, timeZone), text: text(data.text) }
}

function original(value: unknown, timeZone: string): Fields {
  const data = mapping(value, KNOWN_FIELDS.original)
  const fields: Fields = { publication: publication(data.publication) }
  set(fields, 'url', optional(data.url, httpUrl))
  set(fields, 'title', optional(data.title, text))
  fields.language = languageTag(data.language)
  set(fields, 'authors', optional(data.authors, people))
  set(
    fields,
    'date',
    optional(data.date, (v) => dateOf(v, timeZone)),
  )
  return fields
}

function publication(value: unknown): Fields {
  if (typeof value === 'string') return { name: text(value) }
  const data = mapping(value, KNOWN_FIELDS['original.publication'])
  const fields: Fields = { name: text(data.name) }
  set(fields, 'url', optional(data.url, httpUrl))
  set(fields, 'feed', optional(data.feed, httpUrl))
  return fields
}

function image(value: unknown): Fields {
  const data = mapping(value, KNOWN_FIELDS.image)
  const fields: Fields = { url: checked(plain(data.url).trim(), isSiteUrl), alt: text(data.alt) }
  set(fields, 'caption', optional(data.caption, text))
  set(fields, 'credit', optional(data.credit, text))
  return fields
}

function people(value: unknown): Fields[] {
  return list(value, person)
}

/** A name, or `{name, url}`. */
function person(value: unknown): Fields {
  if (typeof value === 'string') return { name: text(value) }
  return nameAndUrl(value, KNOWN_FIELDS['authors[]'], 'name')
}

/** A slug, or `{title, url}`. */
function relatedItem(value: unknown): unknown {
  if (typeof value === 'string') return slug(value)
  return nameAndUrl(value, KNOWN_FIELDS['related[]'], 'title')
}

function nameAndUrl(value: unknown, known: readonly string[], key: 'name' | 'title'): Fields {
  const data = mapping(value, known)
  const fields: Fields = { [key]: text(data[key]) }
  set(fields, 'url', optional(data.url, httpUrl))
  return fields
}

function mapping(value: unknown, known: readonly string[]): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail()
  onlyKnown(value as Fields, known)
  return value as Fields
}

function onlyKnown(data: Fields, known: readonly string[]): void {
  for (const key in data) if (!known.includes(key)) fail()
}

function list<T>(value: unknown, item: (value: unknown) => T): T[] {
  // Over the limit: the schema says so.
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) fail()
  return (value as unknown[]).map(item)
}

/** A string the schema takes as it is: no XML-illegal characters to strip first. */
function plain(value: unknown): string {
  if (typeof value !== 'string' || stripXmlIllegal(value) !== value) fail()
  return value as string
}

/** The schema's `text`: trimmed, not empty. */
function text(value: unknown): string {
  const trimmed = plain(value).trim()
  return trimmed.length > 0 ? trimmed : fail()
}

function httpUrl(value: unknown): string {
  return checked(plain(value).trim(), isHttpUrl)
}

function slug(value: unknown): string {
  return checked(plain(value), isSlug)
}

function dateOf(value: unknown, timeZone: string): ParsedDate {
  return parseDate(plain(value), timeZone) ?? fail()
}

/** Language tags repeat across an archive, and canonicalising one is not free; bounded. */
const CANONICAL_TAGS = new Map<string, string | undefined>()
const MAX_CANONICAL_TAGS = 1000

function languageTag(value: unknown): string {
  const tag = plain(value).trim()
  if (CANONICAL_TAGS.has(tag)) return CANONICAL_TAGS.get(tag) ?? fail()
  const canonical = isLanguageTag(tag) ? Intl.getCanonicalLocales(tag)[0] : undefined
  if (CANONICAL_TAGS.size < MAX_CANONICAL_TAGS) CANONICAL_TAGS.set(tag, canonical)
  return canonical ?? fail()
}

function checked(value: string, test: (value: string) => boolean): string {
  return test(value) ? value : fail()
}

/** The schema's `.optional()`: absent is fine, but null is not. */
function optional<T>(value: unknown, read: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value)
}

/** As the schema leaves an absent optional field: no key at all. */
function set(fields: Fields, key: string, value: unknown): void {
  if (value !== undefined) fields[key] = value
}

function fail(): never {
  throw UNUSUAL
}
