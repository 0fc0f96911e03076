/**
 * How a corrected article says so (spec §1, "corrections"): the notice that follows the credit
 * line on the article's page and at the top of its item in every feed, so that a reader who
 * re-fetches the item sees what changed. One module, so the page and the three feeds cannot word
 * or order it differently.
 */

import { fillHtml } from '../i18n/fill.ts'
import { wordsFor, wordsLanguageAttributes } from '../i18n/words.ts'
import type { Article } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { isolateHtml } from '../text/bidi.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { formatRfc3339 } from './dates.ts'

/**
 * `<aside role="note">` with one paragraph per correction, oldest first, or nothing for an
 * article without one, worded in the article's language. The text is the article's plain text,
 * escaped and isolated here (text/bidi.ts), never read as Markdown or HTML.
 */
export function correctionsHtml(article: Article, site: SiteSettings): string {
  if (article.corrections.length === 0) return ''
  const words = wordsFor(article.language, site)
  const w = words.messages.corrections
  const items = article.corrections.map((c) => {
    const date = `<time datetime="${formatRfc3339(c.date, site.timeZone)}">${escapeHtml(words.date(c.date))}</time>`
    // The text is isolated against our wording around it, in the notice's language.
    return `<p class="bylines-correction"><strong>${fillHtml(w.correction, { date })}</strong> ${isolateHtml(c.text, words.direction)}</p>`
  })
  return `<aside class="bylines-corrections" role="note" aria-label="${escapeHtml(w.notice)}"${wordsLanguageAttributes(words, article.language)}>${items.join('')}</aside>`
}
