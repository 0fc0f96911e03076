/**
 * Who is credited and how (spec §2): the one mapping from an article to its credits, shared by
 * every feed format and the HTML pages.
 */

import { fillHtml } from '../i18n/fill.ts'
import { creditWordsFor, wordsLanguageAttributes } from '../i18n/words.ts'
import type { Article, Person } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { isolateHtml } from '../text/bidi.ts'
import { escapeHtml } from '../text/escape-html.ts'

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

/**
 * The visible credit line, as the inner HTML of `<p class="bylines-credit">`. Parts that are
 * not known are left out: no "undefined", no empty links. Each name and title from the article
 * is isolated (text/bidi.ts), so a right-to-left title or a stray direction control cannot
 * reorder the sentence around it.
 */
export function creditHtml(article: Article, site: SiteSettings): string {
  const original = article.original
  if (!original) return ''
  const words = creditWordsFor(article.language, site)
  const wording = words.messages.credit
  // Names and titles are isolated from the wording's own text, in the wording's direction.
  const around = words.direction
  const personHtml = (person: Person) =>
    person.url ? link(person.url, isolateHtml(person.name, around)) : isolateHtml(person.name, around)
  const names = (people: Person[]) => (people.length > 0 ? words.list(people.map(personHtml)) : '')
  const sentences: string[] = []

  const language = escapeHtml(words.languageName(original.language))
  const translators = names(article.translators)
  sentences.push(
    translators ? fillHtml(wording.translatedFromBy, { language, translators }) : fillHtml(wording.translatedFrom, { language }),
  )

  const publication = original.publication
  const authors = names(original.authors)
  const parts: string[] = []
  if (original.title) {
    const quoted = fillHtml(wording.quoted, { title: isolateHtml(original.title, around, original.language) })
    const title = original.url ? link(original.url, quoted, original.language) : quoted
    parts.push(authors ? `${title} ${fillHtml(wording.by, { authors })}` : title)
    parts.push(isolateHtml(publication.name, around))
  } else {
    // Without a title, the publication carries the link to the original (or to its home).
    const target = original.url ?? publication.url
    const name = isolateHtml(publication.name, around)
    if (authors) parts.push(authors)
    parts.push(target ? link(target, name, original.url ? original.language : undefined) : name)
  }
  if (original.date) parts.push(escapeHtml(words.date(original.date)))
  const sentence = fillHtml(wording.original, { work: parts.join(escapeHtml(wording.separator)) })
  // Some locales' long dates end in an abbreviation point ("4 березня 2024 р."): one full stop.
  sentences.push(sentence.endsWith('..') ? sentence.slice(0, -1) : sentence)

  return sentences.join(' ')
}

/**
 * The whole paragraph, or nothing for own reporting. Worked out once per article and settings:
 * the article's page and its feed item both show it. Worded in another language than the
 * article's (a language with no words of its own is credited in the site's language, or English), it says so, and
 * its direction when that differs: English credit in an Arabic article reads left to right.
 */
export function creditParagraph(article: Article, site: SiteSettings): string {
  const known = credits.get(article)
  if (known?.site === site) return known.html
  const inner = creditHtml(article, site)
  const html = inner
    ? `<p class="bylines-credit"${wordsLanguageAttributes(creditWordsFor(article.language, site), article.language)}>${inner}</p>`
    : ''
  credits.set(article, { site, html })
  return html
}

const credits = new WeakMap<Article, { site: SiteSettings; html: string }>()

function link(href: string, innerHtml: string, hreflang?: string): string {
  const lang = hreflang ? ` hreflang="${escapeHtml(hreflang)}"` : ''
  return `<a href="${escapeHtml(href)}"${lang}>${innerHtml}</a>`
}
