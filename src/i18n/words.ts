/**
 * The words of one language as the site writes them: its message catalogue (catalogues/), with
 * the newsroom's overrides from settings (`[messages.{tag}]`), and Intl's formatting in its
 * locale. Worked out once per language and settings. `[credit.{tag}]` words the credit line
 * alone (creditWordsFor).
 *
 * A language is found by its exact tag, then its primary subtag (`pt-BR`, then `pt`), in the
 * settings and the built-in catalogues; one that has neither is written in the site's language,
 * and failing that English. What an override leaves out comes from the built-in catalogue of its
 * language, or English.
 */
import { type Direction, languageAttributes, languageDirection } from '../text/direction.ts'
import { BASE_CATALOGUE, CATALOGUES } from './catalogues/index.ts'
import { formatDate, formatDateRange, formatList, formatNumber, formatPlural, languageName } from './intl.ts'
import type { MessageOverrides, Messages, Plural } from './messages.ts'

/**
 * What a site's words depend on, of its settings (settings/ checks them): its language and time
 * zone, and the newsroom's wordings by language tag.
 */
export interface WordingSettings {
  language: string
  timeZone: string
  /** `[messages.{tag}]`: any message of the catalogues, reworded. */
  messages: Readonly<Record<string, MessageOverrides | undefined>>
  /** `[credit.{tag}]`: the credit line alone, in its own locale. */
  credit: Readonly<Record<string, ({ locale: string } & Partial<Messages['credit']>) | undefined>>
}

export interface Words {
  /** The language tag the words are in: the one asked for, or the one they fell back to. */
  language: string
  direction: Direction
  messages: Messages
  /** A day in full, in the site's time zone. */
  date(date: Date): string
  dateRange(from: Date, to: Date): string
  number(n: number): string
  plural(message: Plural, count: number): string
  list(items: readonly string[]): string
  languageName(tag: string): string
}

export function wordsFor(language: string, site: WordingSettings): Words {
  let bySite = known.get(site)
  if (!bySite) known.set(site, (bySite = new Map()))
  let words = bySite.get(language)
  if (!words) bySite.set(language, (words = makeWords(language, site)))
  return words
}

const known = new WeakMap<WordingSettings, Map<string, Words>>()

function makeWords(asked: string, site: WordingSettings): Words {
  const language = [asked, primaryLanguage(asked), site.language, primaryLanguage(site.language)].find((tag) => hasWords(tag, site)) ?? 'en'
  const primary = primaryLanguage(language)
  const builtIn = CATALOGUES[language] ?? CATALOGUES[primary] ?? BASE_CATALOGUE
  let messages = merge(BASE_CATALOGUE, builtIn)
  for (const tag of new Set([primary, language])) {
    const overrides = site.messages[tag]
    if (overrides) messages = merge(messages, overrides)
  }
  return { language, direction: languageDirection(language), messages, ...formatters(messages.locale, site.timeZone) }
}

/**
 * The words of the credit line of an article in `language`: its page's, or, where the older
 * `[credit.{tag}]` setting gives them, those, in their own locale. That setting words the credit
 * line alone, so it may give it a language the rest of the page has no words for.
 */
export function creditWordsFor(language: string, site: WordingSettings): Words {
  const tag = [language, primaryLanguage(language)].find((t) => t in site.credit)
  if (tag === undefined) return wordsFor(language, site)
  let bySite = knownCredit.get(site)
  if (!bySite) knownCredit.set(site, (bySite = new Map()))
  let words = bySite.get(tag)
  if (!words) bySite.set(tag, (words = makeCreditWords(tag, site)))
  return words
}

const knownCredit = new WeakMap<WordingSettings, Map<string, Words>>()

function makeCreditWords(tag: string, site: WordingSettings): Words {
  const { locale, ...credit } = site.credit[tag]!
  const page = wordsFor(tag, site)
  const messages = { ...page.messages, locale, credit: { ...page.messages.credit, ...credit } }
  return { language: tag, direction: languageDirection(tag), messages, ...formatters(locale, site.timeZone) }
}

function formatters(locale: string, timeZone: string): Pick<Words, 'date' | 'dateRange' | 'number' | 'plural' | 'list' | 'languageName'> {
  return {
    date: (date) => formatDate(date, locale, timeZone),
    dateRange: (from, to) => formatDateRange(from, to, locale, timeZone),
    number: (n) => formatNumber(n, locale),
    plural: (message, count) => formatPlural(message, count, locale),
    list: (items) => formatList(items, locale),
    languageName: (tag) => languageName(tag, locale),
  }
}

function hasWords(tag: string, site: WordingSettings): boolean {
  return tag in CATALOGUES || tag in site.messages
}

/** Each group of `overrides` laid over the same group of `messages`, key by key. */
function merge(messages: Messages, overrides: MessageOverrides | Messages): Messages {
  const merged: Record<string, unknown> = { ...messages }
  for (const [key, value] of Object.entries(overrides)) {
    const base = merged[key]
    merged[key] = typeof value === 'object' && typeof base === 'object' ? mergeGroup(base as object, value as object) : value
  }
  return merged as unknown as Messages
}

function mergeGroup(base: object, overrides: object): object {
  const merged: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) {
    const inner = merged[key]
    // A table of kinds is laid over key by key; a plural is replaced whole, so that a language's
    // forms are never mixed with another's ("1 article" in a Polish page).
    merged[key] = typeof value === 'object' && typeof inner === 'object' && !('other' in value) ? { ...inner, ...value } : value
  }
  return merged
}

export function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase()
}

/**
 * `lang` (and `dir`) for an element of our words on a page in `pageLanguage`, when the words
 * fell back to another language (a Hebrew article, with no catalogue, on an English site):
 * nothing when they are the page's own.
 */
export function wordsLanguageAttributes(words: Words, pageLanguage: string): string {
  if (primaryLanguage(words.language) === primaryLanguage(pageLanguage)) return ''
  return languageAttributes(words.messages.locale, languageDirection(pageLanguage))
}
