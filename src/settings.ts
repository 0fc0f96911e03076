/** Site settings: the one documented place for everything a deployment may change. */
import { FEED_SET_KIND_NAMES, type FeedSetKind } from './sets/feed-set-kinds.ts'

export interface Person {
  name: string
  url?: string
}

/**
 * How the visible credit line reads in one language. `{language}`, `{translators}`,
 * `{work}` and `{authors}` are placeholders; everything else is literal text.
 */
export interface CreditWording {
  /** Locale for language names, lists of names and dates, e.g. `en-GB`. */
  locale: string
  translatedFrom: string
  translatedFromBy: string
  original: string
  by: string
}

export interface SiteSettings {
  title: string
  description: string
  /** Absolute http(s) URL of the site's home, always ending with `/`. */
  url: string
  /** BCP 47 tag of the site and the default language of its articles. */
  language: string
  /** IANA zone in which dates written without an offset are read. */
  timeZone: string
  defaultAuthor: Person
  rights?: string
  /** Credit wording by language tag; `en` is the fallback and must be present. */
  credit: Record<string, CreditWording>
  itemsPerFeed: number
  articlesDir: string
  /**
   * HTTP caching of every response (RFC 9111), and RSS `<ttl>`. `sharedMaxAge` is for CDNs and
   * other shared caches (`s-maxage`); it defaults to `maxAge`.
   */
  cache: { maxAge: number; sharedMaxAge?: number; staleWhileRevalidate: number; archiveMaxAge: number }
  /** WebSub hub URL; when set, feeds advertise it and the hub is told of changes. */
  websubHub?: string
  /**
   * The kinds of feed set the site publishes (tags, publications, …); all when not set. Fewer
   * kinds, fewer files: a large archive on a host that limits them (Cloudflare's free plan).
   */
  feedSetKinds?: readonly FeedSetKind[]
  /**
   * Publications the newsroom translates from. An article whose `original.publication` is a
   * bare name that matches one gets its home page and feed; import reads its language.
   */
  publications?: KnownPublication[]
}

export interface KnownPublication {
  name: string
  /** Home page, absolute http(s). */
  url?: string
  /** Its RSS or Atom feed, absolute http(s). */
  feed?: string
  /** BCP 47 tag of the language it publishes in. */
  language?: string
}

export const DEFAULT_PUBLICATIONS: KnownPublication[] = [
  { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed: 'https://www.lemonde.fr/rss/une.xml', language: 'fr' },
]

export const DEFAULT_CREDIT_WORDING: Record<string, CreditWording> = {
  en: {
    locale: 'en-GB',
    translatedFrom: 'Translated from {language}.',
    translatedFromBy: 'Translated from {language} by {translators}.',
    original: 'Original: {work}.',
    by: 'by {authors}',
  },
  fr: {
    locale: 'fr-FR',
    translatedFrom: 'Langue originale : {language}.',
    translatedFromBy: 'Langue originale : {language}. Traduction : {translators}.',
    original: 'Original : {work}.',
    by: 'de {authors}',
  },
  uk: {
    locale: 'uk-UA',
    translatedFrom: 'Мова оригіналу: {language}.',
    translatedFromBy: 'Мова оригіналу: {language}. Переклад: {translators}.',
    original: 'Оригінал: {work}.',
    by: 'автор: {authors}',
  },
}

export const DEFAULT_SITE: SiteSettings = {
  title: 'bylines',
  description: 'The foreign press in English: translated reporting, credited to its source.',
  url: 'http://localhost:3000/',
  language: 'en',
  timeZone: 'Europe/Kyiv',
  defaultAuthor: { name: 'bylines newsroom' },
  rights: 'Translations © bylines. Originals © their publishers.',
  credit: DEFAULT_CREDIT_WORDING,
  itemsPerFeed: 50,
  articlesDir: 'articles',
  cache: { maxAge: 300, staleWhileRevalidate: 86_400, archiveMaxAge: 2_592_000 },
  publications: DEFAULT_PUBLICATIONS,
}

export class SettingsError extends Error {
  override name = 'SettingsError'
}

/** Environment variables that override a setting, and how each is read. */
const ENV_OVERRIDES = {
  SITE_TITLE: (s, v) => ({ ...s, title: requireText('SITE_TITLE', v) }),
  SITE_DESCRIPTION: (s, v) => ({ ...s, description: v }),
  SITE_URL: (s, v) => ({ ...s, url: normaliseSiteUrl('SITE_URL', v) }),
  SITE_LANGUAGE: (s, v) => ({ ...s, language: requireLanguageTag('SITE_LANGUAGE', v) }),
  SITE_TIME_ZONE: (s, v) => ({ ...s, timeZone: requireTimeZone('SITE_TIME_ZONE', v) }),
  SITE_AUTHOR: (s, v) => ({ ...s, defaultAuthor: { name: requireText('SITE_AUTHOR', v) } }),
  SITE_AUTHOR_URL: (s, v) => ({
    ...s,
    defaultAuthor: { ...s.defaultAuthor, url: normaliseHttpUrl('SITE_AUTHOR_URL', v) },
  }),
  SITE_RIGHTS: (s, v) => ({ ...s, rights: v || undefined }),
  SITE_CREDIT_WORDING: (s, v) => ({ ...s, credit: parseCreditWording(v) }),
  ITEMS_PER_FEED: (s, v) => ({ ...s, itemsPerFeed: requirePositiveInteger('ITEMS_PER_FEED', v) }),
  ARTICLES_DIR: (s, v) => ({ ...s, articlesDir: requireText('ARTICLES_DIR', v) }),
  CACHE_MAX_AGE: (s, v) => ({ ...s, cache: { ...s.cache, maxAge: requirePositiveInteger('CACHE_MAX_AGE', v) } }),
  CACHE_SHARED_MAX_AGE: (s, v) => ({ ...s, cache: { ...s.cache, sharedMaxAge: requirePositiveInteger('CACHE_SHARED_MAX_AGE', v) } }),
  CACHE_STALE_WHILE_REVALIDATE: (s, v) => ({
    ...s,
    cache: { ...s.cache, staleWhileRevalidate: requirePositiveInteger('CACHE_STALE_WHILE_REVALIDATE', v) },
  }),
  CACHE_ARCHIVE_MAX_AGE: (s, v) => ({ ...s, cache: { ...s.cache, archiveMaxAge: requirePositiveInteger('CACHE_ARCHIVE_MAX_AGE', v) } }),
  WEBSUB_HUB: (s, v) => ({ ...s, websubHub: normaliseHttpUrl('WEBSUB_HUB', v) }),
  SITE_PUBLICATIONS: (s, v) => ({ ...s, publications: parsePublications(v) }),
  FEED_SETS: (s, v) => ({ ...s, feedSetKinds: parseFeedSetKinds(v) }),
} satisfies Record<string, (site: SiteSettings, value: string) => SiteSettings>

/** Applies every override present in `env` to `base`; throws SettingsError naming the variable. */
export function loadSiteSettings(
  env: Record<string, string | undefined>,
  base: SiteSettings = DEFAULT_SITE,
): SiteSettings {
  let site = base
  for (const [name, apply] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name]
    if (value !== undefined && value !== '') site = apply(site, value.trim())
  }
  return site
}

function requireText(name: string, value: string): string {
  if (!value) throw new SettingsError(`${name}: expected a non-empty value`)
  return value
}

function normaliseHttpUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SettingsError(`${name}: "${value}" is not a URL; expected an absolute http(s) URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SettingsError(`${name}: "${value}" is not http(s); expected an absolute http(s) URL`)
  }
  return url.href
}

/** The site URL always ends in `/` so that relative resolution keeps its path. */
export function normaliseSiteUrl(name: string, value: string): string {
  const url = new URL(normaliseHttpUrl(name, value))
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

function requireLanguageTag(name: string, value: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(value)
    if (canonical) return canonical
  } catch {
    // fall through to the error below
  }
  throw new SettingsError(`${name}: "${value}" is not a BCP 47 language tag, e.g. "en" or "pt-BR"`)
}

function requireTimeZone(name: string, value: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone
  } catch {
    throw new SettingsError(`${name}: "${value}" is not an IANA time zone, e.g. "Europe/Kyiv"`)
  }
}

function parseFeedSetKinds(value: string): FeedSetKind[] {
  if (value === 'none') return []
  const kinds = value.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '')
  for (const kind of kinds) {
    if (!(FEED_SET_KIND_NAMES as readonly string[]).includes(kind)) {
      throw new SettingsError(`FEED_SETS: "${kind}" is not a kind of feed set; expected a comma-separated list of ${FEED_SET_KIND_NAMES.join(', ')}, or none`)
    }
  }
  return [...new Set(kinds)] as FeedSetKind[]
}

function requirePositiveInteger(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new SettingsError(`${name}: "${value}" is not a positive whole number`)
  }
  return n
}

function parseCreditWording(value: string): Record<string, CreditWording> {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (cause) {
    throw new SettingsError('SITE_CREDIT_WORDING: expected JSON', { cause })
  }
  const keys = ['locale', 'translatedFrom', 'translatedFromBy', 'original', 'by'] as const
  const wording: Record<string, CreditWording> = { ...DEFAULT_CREDIT_WORDING }
  if (typeof parsed !== 'object' || parsed === null) {
    throw new SettingsError('SITE_CREDIT_WORDING: expected an object keyed by language tag')
  }
  for (const [tag, entry] of Object.entries(parsed)) {
    const complete = keys.every((k) => typeof (entry as Record<string, unknown>)?.[k] === 'string')
    if (!complete) {
      throw new SettingsError(`SITE_CREDIT_WORDING.${tag}: expected strings ${keys.join(', ')}`)
    }
    // The locale drives Intl formatters at render time: a bad one must stop start-up, not feeds.
    const locale = (entry as CreditWording).locale
    try {
      new Intl.ListFormat(locale)
      new Intl.DateTimeFormat(locale)
      if (Intl.getCanonicalLocales(locale).length !== 1) throw new RangeError(locale)
    } catch {
      throw new SettingsError(`SITE_CREDIT_WORDING.${tag}.locale: "${locale}" is not a BCP 47 locale such as "en-GB"`)
    }
    wording[tag] = entry as CreditWording
  }
  return wording
}

/** `SITE_PUBLICATIONS`: a JSON list of {name, url, feed, language}; it replaces the defaults. */
function parsePublications(value: string): KnownPublication[] {
  const variable = 'SITE_PUBLICATIONS'
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch (cause) {
    throw new SettingsError(`${variable}: expected JSON, a list of {"name", "url", "feed", "language"}`, { cause })
  }
  if (!Array.isArray(parsed)) {
    throw new SettingsError(`${variable}: expected a JSON list of {"name", "url", "feed", "language"}`)
  }
  const keys = ['name', 'url', 'feed', 'language']
  return parsed.map((entry: unknown, i) => {
    const at = `${variable}[${i}]`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new SettingsError(`${at}: expected an object with "name" and optionally "url", "feed", "language"`)
    }
    const fields = entry as Record<string, unknown>
    const unknown = Object.keys(fields).find((k) => !keys.includes(k))
    if (unknown !== undefined) {
      throw new SettingsError(`${at}.${unknown}: is not a known field; expected ${keys.join(', ')}`)
    }
    for (const key of keys) {
      if (fields[key] !== undefined && typeof fields[key] !== 'string') {
        throw new SettingsError(`${at}.${key}: expected a string`)
      }
    }
    const name = requireText(`${at}.name`, String(fields.name ?? '').trim())
    const publication: KnownPublication = { name }
    if (fields.url) publication.url = normaliseHttpUrl(`${at}.url`, String(fields.url).trim())
    if (fields.feed) publication.feed = normaliseHttpUrl(`${at}.feed`, String(fields.feed).trim())
    if (fields.language) {
      const tag = String(fields.language).trim()
      // An article's original.language must be a 2- or 3-letter language, e.g. "fr", not "French".
      if (!/^[A-Za-z]{2,3}(-|$)/.test(tag)) {
        throw new SettingsError(`${at}.language: "${tag}" is not a BCP 47 language tag, e.g. "fr" or "pt-BR"`)
      }
      publication.language = requireLanguageTag(`${at}.language`, tag)
    }
    return publication
  })
}

/** The known publication called `name` (case, spacing and Unicode form ignored), if any. */
export function findKnownPublication(
  publications: readonly KnownPublication[] | undefined,
  name: string,
): KnownPublication | undefined {
  const key = publicationKey(name)
  return publications?.find((p) => publicationKey(p.name) === key)
}

function publicationKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()
}
