/**
 * The words of one language as the site writes them: its message catalogue (catalogues/), with
 * the newsroom's overrides from settings (`[messages.{tag}]`, and `[credit.{tag}]` for the credit
 * line), and Intl's formatting in its locale. Worked out once per language and settings.
 *
 * A language is found by its exact tag, then its primary subtag (`pt-BR`, then `pt`), in the
 * settings and the built-in catalogues; one that has neither is written in the site's language,
 * and failing that English. What an override leaves out comes from the built-in catalogue of its
 * language, or English.
 */
import type { SiteSettings } from '../settings.ts'
import { languageDirection, type Direction } from '../render/direction.ts'
import { BASE_CATALOGUE, CATALOGUES } from './catalogues/index.ts'
import { formatDate, formatDateRange, formatList, formatNumber, formatPlural, languageName } from './intl.ts'
import type { MessageOverrides, Messages, Plural } from './messages.ts'

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

export function wordsFor(language: string, site: SiteSettings): Words {
  let bySite = known.get(site)
  if (!bySite) known.set(site, (bySite = new Map()))
  let words = bySite.get(language)
  if (!words) bySite.set(language, (words = makeWords(language, site)))
  return words
}

const known = new WeakMap<SiteSettings, Map<string, Words>>()

function makeWords(asked: string, site: SiteSettings): Words {
  const language = [asked, primaryLanguage(asked), site.language, primaryLanguage(site.language)].find((tag) => hasWords(tag, site)) ?? 'en'
  const primary = primaryLanguage(language)
  const builtIn = CATALOGUES[language] ?? CATALOGUES[primary] ?? BASE_CATALOGUE
  let messages = merge(BASE_CATALOGUE, builtIn)
  for (const tag of new Set([primary, language])) {
    const overrides = site.messages[tag]
    if (overrides) messages = merge(messages, overrides)
    const credit = site.credit[tag]
    if (credit) {
      const { locale, ...wording } = credit
      messages = { ...messages, locale, credit: { ...messages.credit, ...wording } }
    }
  }
  const { locale } = messages
  const timeZone = site.timeZone
  return {
    language,
    direction: languageDirection(language),
    messages,
    date: (date) => formatDate(date, locale, timeZone),
    dateRange: (from, to) => formatDateRange(from, to, locale, timeZone),
    number: (n) => formatNumber(n, locale),
    plural: (message, count) => formatPlural(message, count, locale),
    list: (items) => formatList(items, locale),
    languageName: (tag) => languageName(tag, locale),
  }
}

function hasWords(tag: string, site: SiteSettings): boolean {
  return tag in CATALOGUES || tag in site.messages || tag in site.credit
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
    // A plural or a table of kinds is replaced form by form too.
    merged[key] = typeof value === 'object' && typeof inner === 'object' ? { ...inner, ...value } : value
  }
  return merged
}

export function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase()
}
