/**
 * How each setting's value is checked: the small readers the schema (schema.ts) is made of. Each
 * throws BadValue with what is wrong; resolve.ts adds where the value came from.
 */
import { z } from 'zod'
import { isUsableLocale } from '../i18n/intl.ts'
import { BadMessages, checkMessageOverrides } from '../i18n/overrides.ts'

export class SettingsError extends Error {
  override name = 'SettingsError'
}

/** A value that is not what a setting expects; the message says what is wrong, not where. */
export class BadValue extends Error {}

/** A setting checked by a function: its message (where it came from is added later). */
export function checked<T>(check: (value: unknown) => T) {
  return z.unknown().transform((value, ctx) => {
    try {
      return check(value)
    } catch (error) {
      if (!(error instanceof BadValue)) throw error
      ctx.addIssue({ code: 'custom', message: error.message })
      return z.NEVER
    }
  })
}

/** An object of known fields; another field is an error that names the ones it takes. */
export function fields<Shape extends z.ZodRawShape>(shape: Shape) {
  const names = Object.keys(shape).join(', ')
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a known field; expected ${names}` : `expected a table with ${names}`),
  })
}

export const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value)))

export function text(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BadValue('expected a non-empty value')
  return value.trim()
}

export function anyText(value: unknown): string {
  if (typeof value !== 'string') throw new BadValue(`${quoted(value)} is not text`)
  return value
}

export function httpUrl(value: unknown): string {
  let url: URL
  try {
    url = new URL(text(value))
  } catch {
    throw new BadValue(`${quoted(value)} is not a URL; expected an absolute http(s) URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadValue(`${quoted(value)} is not http(s); expected an absolute http(s) URL`)
  }
  return url.href
}

/** The site URL always ends in `/` so that relative resolution keeps its path. */
export function siteUrl(value: unknown): string {
  const url = new URL(httpUrl(value))
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

export function languageTag(value: unknown): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(text(value))
    if (canonical) return canonical
  } catch {
    // the message below says what is expected
  }
  throw new BadValue(`${quoted(value)} is not a BCP 47 language tag, e.g. "en" or "pt-BR"`)
}

/**
 * A file of the site's own (its icon, logo or favicon): a path from the site root such as
 * `/icon.png`, served from the public folder, or an absolute http(s) URL.
 */
export function siteFile(value: unknown): string {
  const given = text(value)
  if (/^\/(?!\/)[^\s]*$/.test(given)) return given
  try {
    return httpUrl(given)
  } catch {
    throw new BadValue(`${quoted(value)} is neither a path from the site root such as "/icon.png" nor an absolute http(s) URL`)
  }
}

/** A site file setting as an absolute URL: a path from the site root is below the site URL. */
export function siteFileUrl(setting: string, siteUrl: string): string {
  return new URL(setting.replace(/^\//, ''), siteUrl).href
}

/** A source a Content-Security-Policy may name: an origin such as `https://plausible.io`. */
export function policySource(value: unknown): string {
  const url = httpUrl(value)
  const { origin } = new URL(url)
  if (`${origin}/` !== url) throw new BadValue(`${quoted(value)} is not an origin; expected e.g. "https://plausible.io"`)
  return origin
}

/** A publication's language is what articles give as `original.language`: "fr", never "French". */
export function publicationLanguage(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-|$)/.test(value.trim())) {
    throw new BadValue(`${quoted(value)} is not a BCP 47 language tag, e.g. "fr" or "pt-BR"`)
  }
  return languageTag(value)
}

/** As written, once Intl knows it: Node's ICU would turn "Europe/Kyiv" into the older "Europe/Kiev". */
export function timeZone(value: unknown): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text(value) })
    return text(value)
  } catch {
    throw new BadValue(`${quoted(value)} is not an IANA time zone, e.g. "Europe/Kyiv"`)
  }
}

/** Whole numbers from 1 up; an environment variable gives them as text. */
export function positiveInteger(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new BadValue(`${quoted(value)} is not a positive whole number`)
  return n
}

export function yesOrNo(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new BadValue(`${quoted(value)} is not true or false`)
  return value
}

/** What Mastodon and most servers accept before the `@`: ASCII letters, digits, `_`, and `.`/`-` inside. */
export const FEDIVERSE_HANDLE = /^[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?$/

export function fediverseHandle(value: unknown): string {
  if (typeof value !== 'string' || !FEDIVERSE_HANDLE.test(value)) {
    throw new BadValue(`${quoted(value)} is not a handle; expected lower-case letters, digits and "_" (a "." or "-" inside), e.g. "news"`)
  }
  return value
}

/** The locale drives Intl formatters at render time: a bad one must stop start-up, not feeds. */
export function locale(value: unknown): string {
  const tag = text(value)
  if (isUsableLocale(tag)) return tag
  throw new BadValue(`${quoted(value)} is not a BCP 47 locale such as "en-GB"`)
}

/** A `[messages.{tag}]` table: the newsroom's words for a language (i18n/overrides.ts). */
export function messageOverrides(value: unknown) {
  try {
    return checkMessageOverrides(value)
  } catch (error) {
    throw error instanceof BadMessages ? new BadValue(error.message) : error
  }
}
