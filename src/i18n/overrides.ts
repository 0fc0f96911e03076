/**
 * The newsroom's `[messages.{tag}]` settings, checked against the base catalogue: each key one
 * it has, each template text using only the placeholders the base template uses (a misspelt
 * `{dat}` would be printed as it is), each plural form a CLDR category. What is wrong is said
 * with the key's path: `listing.readingTime.one: …`.
 */
import { BASE_CATALOGUE } from './catalogues/index.ts'
import { placeholdersOf } from './fill.ts'
import { isUsableLocale } from './intl.ts'
import type { MessageOverrides } from './messages.ts'

const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other']

export class BadMessages extends Error {}

export function checkMessageOverrides(value: unknown): MessageOverrides {
  if (!isTable(value)) throw new BadMessages('expected a table of messages, e.g. [messages.fr] with page.skip = "…"')
  const checked: Record<string, unknown> = {}
  for (const [key, given] of Object.entries(value)) {
    if (key === 'locale') {
      checked.locale = checkLocale(given)
      continue
    }
    const base = (BASE_CATALOGUE as unknown as Record<string, unknown>)[key]
    if (!isTable(base)) throw unknownKey(key, BASE_CATALOGUE)
    checked[key] = checkLike(given, base, key)
  }
  return checked as MessageOverrides
}

/** `given` shaped as `base` (a template, a plural, or a table of either), partly. */
function checkLike(given: unknown, base: unknown, path: string): unknown {
  if (typeof base === 'string') return checkTemplate(given, base, path)
  if (!isTable(given)) throw new BadMessages(`${path}: expected a table of ${Object.keys(base as object).join(', ')}`)
  const plural = isPlural(base as object)
  const checked: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(given)) {
    const inner =
      (base as Record<string, unknown>)[key] ?? (plural && PLURAL_FORMS.includes(key) ? (base as { other: string }).other : undefined)
    if (inner === undefined)
      throw unknownKey(`${path}.${key}`, plural ? Object.fromEntries(PLURAL_FORMS.map((form) => [form, ''])) : (base as object))
    checked[key] = checkLike(value, inner, `${path}.${key}`)
  }
  return checked
}

function checkTemplate(given: unknown, base: string, path: string): string {
  if (typeof given !== 'string' || given.trim() === '') throw new BadMessages(`${path}: expected non-empty text`)
  const allowed = new Set(placeholdersOf(base))
  const unknown = placeholdersOf(given).filter((name) => !allowed.has(name))
  if (unknown.length > 0) {
    const expected = allowed.size > 0 ? `it may use ${[...allowed].map((n) => `{${n}}`).join(', ')}` : 'it takes none'
    throw new BadMessages(`${path}: ${unknown.map((n) => `{${n}}`).join(', ')} is not a placeholder of this message; ${expected}`)
  }
  return given
}

function checkLocale(value: unknown): string {
  if (typeof value === 'string' && isUsableLocale(value)) return value
  throw new BadMessages(`locale: ${JSON.stringify(value)} is not a BCP 47 locale such as "en-GB"`)
}

function unknownKey(path: string, base: object): BadMessages {
  return new BadMessages(`${path}: is not a known message; expected one of ${Object.keys(base).join(', ')}`)
}

function isPlural(table: object): boolean {
  return 'other' in table && Object.keys(table).every((key) => PLURAL_FORMS.includes(key))
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
