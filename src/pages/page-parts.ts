/** What the listings and the article page show alike: article text isolated, set links, dates. */
import { html, raw } from 'hono/html'
import type { FeedSetIndex } from '../feed-sets/feed-sets.ts'
import type { Words } from '../i18n/words.ts'
import type { Article } from '../model/article.ts'
import type { FeedSetKind } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { isolateHtml } from '../text/bidi.ts'
import { type Direction, languageAttributes, languageDirection } from '../text/direction.ts'
import type { Html } from '../text/escape-html.ts'
import { readingMinutes } from './reading-time.ts'

/**
 * Text from an article (a title, a name, a tag, a summary) in a page: escaped, and isolated when
 * its direction could reorder what is around it, text of the direction `around` (text/bidi.ts).
 * Set titles and descriptions hold their name isolated already (feed-sets/feed-sets.ts).
 */
export const untrusted = (text: string, around: Direction): Html => raw(isolateHtml(text, around))

/**
 * `lang` and `dir` for an element in the language `tag` on a page in `pageLanguage`, when the two
 * differ: nothing for an element in the page's own language.
 */
export function otherLanguage(tag: string, pageLanguage: string): Html | string {
  return tag === pageLanguage ? '' : raw(languageAttributes(tag, languageDirection(pageLanguage)))
}

/** "14 November 2023 · 3 min read", in the words' language. */
export function dateAndReadingTime(a: Article, words: Words): Html {
  return html`<time datetime="${a.date.toISOString()}">${words.date(a.date)}</time> · ${words.plural(words.messages.listing.readingTime, readingMinutes(a))}`
}

/**
 * A set's name linked to its page, or as text when the site does not publish that kind of set
 * (or nothing, when `linkOnly`).
 */
export function setLink(
  kind: FeedSetKind,
  name: string,
  index: FeedSetIndex,
  site: SiteSettings,
  around: Direction,
  label = name,
  linkOnly = false,
): Html | '' {
  const set = index.named(kind, name)
  if (set) return html`<a href="${site.url}${set.path}">${untrusted(label, around)}</a>`
  return linkOnly ? '' : untrusted(label, around)
}
