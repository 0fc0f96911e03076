/**
 * Dates, numbers, lists, plurals and language names through Intl, never written by hand: the
 * formatters are costly to build and immutable, so each is made once per locale for the process,
 * and what they give for an article's date is remembered.
 */
import { Remembered } from '../text/remembered.ts'
import { fillText } from './fill.ts'
import type { Plural } from './messages.ts'

const formatters = new Map<string, unknown>()
function memo<T>(key: string, make: () => T): T {
  let value = formatters.get(key) as T | undefined
  if (value === undefined) formatters.set(key, (value = make()))
  return value
}

/** A day as a reader of `locale` writes it in full: "6 December 2026", "6 грудня 2026 р.". */
export function formatDate(date: Date, locale: string, timeZone: string): string {
  const { format, dates } = memo(`date ${locale} ${timeZone}`, () => ({
    format: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }),
    dates: new Remembered<number, string>(),
  }))
  return dates.get(date.getTime(), () => format.format(date))
}

/** Two days as one range, the shared parts written once: "3–9 March 2025". */
export function formatDateRange(from: Date, to: Date, locale: string, timeZone: string): string {
  const format = memo(`date ${locale} ${timeZone} range`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }))
  return from.getTime() <= to.getTime() ? format.formatRange(from, to) : format.formatRange(to, from)
}

export function formatNumber(n: number, locale: string): string {
  return memo(`number ${locale}`, () => new Intl.NumberFormat(locale)).format(n)
}

/** The form of `message` for `count` by the language's plural rules, `{count}` filled in. */
export function formatPlural(message: Plural, count: number, locale: string): string {
  const category = memo(`plural ${locale}`, () => new Intl.PluralRules(locale)).select(count)
  return fillText(message[category] ?? message.other, { count: formatNumber(count, locale) })
}

/** "A, B and C" as `locale` joins a list; the items are joined as they are (text or HTML). */
export function formatList(items: readonly string[], locale: string): string {
  return memo(`list ${locale}`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items)
}

/** Full name of a language in `locale`, e.g. `fr` in `en-GB` is "French". */
export function languageName(tag: string, locale: string): string {
  return languageNames.get(`${locale}\0${tag}`, () => {
    try {
      return memo(`names ${locale}`, () => new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' })).of(tag) ?? tag
    } catch {
      return tag
    }
  })
}

const languageNames = new Remembered<string, string>()

/**
 * A language named in itself, as a reader of it looks for it in a list of translations:
 * "Deutsch", "Français", "Українська". Names start lower-case in many languages (CLDR
 * "français"); in a list of links each stands alone, so its first letter is upper-cased, by the
 * rules of that language. A tag Intl cannot name is given as it is.
 */
export function languageAutonym(tag: string): string {
  const name = languageName(tag, tag)
  if (name === tag) return tag
  const [first = '', ...rest] = Array.from(name)
  try {
    return first.toLocaleUpperCase(tag) + rest.join('')
  } catch {
    return first.toUpperCase() + rest.join('')
  }
}

/** Whether Intl can write dates and lists in `tag`: settings check a locale with it at start-up, not at render time. */
export function isUsableLocale(tag: string): boolean {
  try {
    new Intl.ListFormat(tag)
    new Intl.DateTimeFormat(tag)
    return Intl.getCanonicalLocales(tag).length === 1
  } catch {
    return false
  }
}
