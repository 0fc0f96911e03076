/**
 * Who is credited and how (spec §2): the one mapping from an article to its credits, shared by
 * every feed format and the HTML pages.
 */
import type { Article } from './article.ts'
import type { CreditWording, Person, SiteSettings } from '../settings.ts'
import { isolateHtml } from '../render/bidi.ts'
import { languageAttributes, languageDirection } from '../render/direction.ts'
import { escapeHtml } from '../render/escape-html.ts'
import { Remembered } from './remembered.ts'

/** Authors of an item: `authors`, else `original.authors`, else the publication, else the site's. */
export function creditedAuthors(article: Article, site: SiteSettings): Person[] {
  if (article.authors.length > 0) return article.authors
  if (article.original?.authors.length) return article.original.authors
  if (article.original) {
    const { name, url } = article.original.publication
    return [url ? { name, url } : { name }]
  }
  return [site.defaultAuthor]
}

/** The wording for a language: exact tag, then its primary subtag, then English. */
export function creditWordingFor(language: string, site: SiteSettings): CreditWording {
  return site.credit[language] ?? site.credit[primaryLanguage(language)] ?? site.credit.en ?? fallbackWording()
}

function fallbackWording(): CreditWording {
  return {
    locale: 'en-GB',
    translatedFrom: 'Translated from {language}.',
    translatedFromBy: 'Translated from {language} by {translators}.',
    original: 'Original: {work}.',
    by: 'by {authors}',
  }
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

/** Intl objects are costly to build and immutable: one per locale and kind, for the process. */
const formatters = new Map<string, unknown>()
function memo<T>(key: string, make: () => T): T {
  let value = formatters.get(key) as T | undefined
  if (value === undefined) formatters.set(key, (value = make()))
  return value
}

/**
 * The visible credit line, as the inner HTML of `<p class="bylines-credit">`. Parts that are
 * not known are left out: no "undefined", no empty links. Each name and title from the article
 * is isolated (render/bidi.ts), so a right-to-left title or a stray direction control cannot
 * reorder the sentence around it.
 */
export function creditHtml(article: Article, site: SiteSettings): string {
  const original = article.original
  if (!original) return ''
  const wording = creditWordingFor(article.language, site)
  // Names and titles are isolated from the wording's own text, in the wording's direction.
  const around = languageDirection(wording.locale)
  const personHtml = (person: Person) => (person.url ? link(person.url, isolateHtml(person.name, around)) : isolateHtml(person.name, around))
  const sentences: string[] = []

  const language = escapeHtml(languageName(original.language, wording.locale))
  const translators = listHtml(article.translators.map(personHtml), wording.locale)
  sentences.push(
    translators
      ? fillTemplate(wording.translatedFromBy, { language, translators })
      : fillTemplate(wording.translatedFrom, { language }),
  )

  const publication = original.publication
  const authors = listHtml(original.authors.map(personHtml), wording.locale)
  const parts: string[] = []
  if (original.title) {
    const quoted = `“${isolateHtml(original.title, around, original.language)}”`
    const title = original.url ? link(original.url, quoted, original.language) : quoted
    parts.push(authors ? `${title} ${fillTemplate(wording.by, { authors })}` : title)
    parts.push(isolateHtml(publication.name, around))
  } else {
    // Without a title, the publication carries the link to the original (or to its home).
    const target = original.url ?? publication.url
    const name = isolateHtml(publication.name, around)
    if (authors) parts.push(authors)
    parts.push(target ? link(target, name, original.url ? original.language : undefined) : name)
  }
  if (original.date) parts.push(escapeHtml(formatCreditDate(original.date, wording.locale, site.timeZone)))
  const sentence = fillTemplate(wording.original, { work: parts.join(', ') })
  // Some locales' long dates end in an abbreviation point ("4 березня 2024 р."): one full stop.
  sentences.push(sentence.endsWith('..') ? sentence.slice(0, -1) : sentence)

  return sentences.join(' ')
}

/**
 * The whole paragraph, or nothing for own reporting. Worked out once per article and settings:
 * the article's page and its feed item both show it. Worded in another language than the
 * article's (a language with no wording of its own is credited in English), it says so, and
 * its direction when that differs: English credit in an Arabic article reads left to right.
 */
export function creditParagraph(article: Article, site: SiteSettings): string {
  const known = credits.get(article)
  if (known?.site === site) return known.html
  const inner = creditHtml(article, site)
  const html = inner ? `<p class="bylines-credit"${creditLanguage(article, site)}>${inner}</p>` : ''
  credits.set(article, { site, html })
  return html
}

const credits = new WeakMap<Article, { site: SiteSettings; html: string }>()

/** `lang` (and `dir`) for the credit paragraph when its wording is not in the article's language. */
function creditLanguage(article: Article, site: SiteSettings): string {
  const { locale } = creditWordingFor(article.language, site)
  if (primaryLanguage(locale) === primaryLanguage(article.language)) return ''
  return languageAttributes(locale, languageDirection(article.language))
}

function primaryLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase()
}

export function formatCreditDate(date: Date, locale: string, timeZone: string): string {
  const { format, dates } = memo(`date ${locale} ${timeZone}`, () => ({ format: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }), dates: new Remembered<number, string>() }))
  return dates.get(date.getTime(), () => format.format(date))
}

function link(href: string, innerHtml: string, hreflang?: string): string {
  const lang = hreflang ? ` hreflang="${escapeHtml(hreflang)}"` : ''
  return `<a href="${escapeHtml(href)}"${lang}>${innerHtml}</a>`
}

function listHtml(items: string[], locale: string): string {
  if (items.length === 0) return ''
  // ListFormat only joins; the items are already escaped HTML.
  return memo(`list ${locale}`, () => new Intl.ListFormat(locale, { type: 'conjunction' })).format(items)
}

/** Replaces `{name}` placeholders with HTML; the template's own text is escaped. */
function fillTemplate(template: string, values: Record<string, string>): string {
  return template
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const key = /^\{([a-z]+)\}$/.exec(part)?.[1]
      return key !== undefined && key in values ? values[key]! : escapeHtml(part)
    })
    .join('')
}
