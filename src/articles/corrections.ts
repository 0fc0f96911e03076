/**
 * How a corrected article says so (spec §1, "corrections"): the notice that follows the credit
 * line on the article's page and at the top of its item in every feed, so that a reader who
 * re-fetches the item sees what changed, and the words of the page's "Updated" date. One module,
 * so the page and the three feeds cannot word or order it differently.
 */
import type { Article } from './article.ts'
import { formatCreditDate } from './attribution.ts'
import { formatRfc3339 } from './dates.ts'
import type { SiteSettings } from '../settings.ts'
import { isolateHtml } from '../render/bidi.ts'
import { languageDirection } from '../render/direction.ts'
import { escapeHtml } from '../render/escape-html.ts'

/** The English wording, kept together until the site's words move into per-language catalogues. */
export const CORRECTION_WORDING = {
  locale: 'en-GB',
  /** The notice's accessible name. */
  notice: 'Corrections',
  /** Before each correction's date. */
  correction: 'Correction',
  /** Before the article's `updated` date on its page. */
  updated: 'Updated',
}

/** A date as the notice and the page show it, in the site's zone: "16 November 2023". */
export function formatNoticeDate(date: Date, site: SiteSettings): string {
  return formatCreditDate(date, CORRECTION_WORDING.locale, site.timeZone)
}

/**
 * `<aside role="note">` with one paragraph per correction, oldest first, or nothing for an
 * article without one. The text is the article's plain text, escaped and isolated here
 * (render/bidi.ts), never read as Markdown or HTML.
 */
export function correctionsHtml(article: Article, site: SiteSettings): string {
  if (article.corrections.length === 0) return ''
  const w = CORRECTION_WORDING
  // The text is isolated against our wording around it, in the notice's language.
  const around = languageDirection(w.locale)
  const items = article.corrections.map((c) => {
    const when = `<time datetime="${formatRfc3339(c.date, site.timeZone)}">${escapeHtml(formatNoticeDate(c.date, site))}</time>`
    return `<p class="bylines-correction"><strong>${escapeHtml(w.correction)}, ${when}:</strong> ${isolateHtml(c.text, around)}</p>`
  })
  return `<aside class="bylines-corrections" role="note" aria-label="${escapeHtml(w.notice)}">${items.join('')}</aside>`
}
