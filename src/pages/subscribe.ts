/**
 * A set's subscribe section, near the top of its current page, for a person who does not know
 * what a feed is: its three addresses with copy buttons, links that add the feed to common
 * readers, and, folded away, a line on what a feed reader does. The feeds' own browser view links here,
 * so the reader lands on the set's articles and the addresses together. It was a page of its
 * own per set; as a section it costs the static export no file (docs/decisions.md).
 */
import { html, raw } from 'hono/html'
import type { FeedSet } from '../feed-sets/feed-sets.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl } from '../feeds/formats.ts'
import { fillHtml, fillText } from '../i18n/fill.ts'
import { wordsFor } from '../i18n/words.ts'
import { CURRENT } from '../model/archives.ts'
import { SUBSCRIBE_SECTION_ID } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { Html } from '../text/escape-html.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { COPY_SCRIPT } from './policy.ts'

/** Web readers that take a feed's address in a link; a desktop or phone reader takes the address itself. */
const READERS: { name: string; link: (feed: string) => string }[] = [
  { name: 'Feedly', link: (feed) => `https://feedly.com/i/subscription/feed/${encodeURIComponent(feed)}` },
  { name: 'Inoreader', link: (feed) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(feed)}` },
  { name: 'NewsBlur', link: (feed) => `https://www.newsblur.com/?url=${encodeURIComponent(feed)}` },
  { name: 'The Old Reader', link: (feed) => `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(feed)}` },
]

const HEADING_ID = `${SUBSCRIBE_SECTION_ID}-heading`

/** For the page's `<head>`: the copy buttons' script, which the page policy allows by its hash. */
export const SUBSCRIBE_SCRIPT: Html = html`<script>${raw(COPY_SCRIPT)}</script>`

/**
 * Folded to one line by default, so a set's page leads with its articles; opened by a click, or
 * by a link to it (the copy script opens it when the address names it).
 */
export function renderSubscribeSection(set: FeedSet, site: SiteSettings): Html {
  const rss = feedUrl(set, 'rss', CURRENT, site)
  const m = wordsFor(site.language, site).messages.subscribe
  const scheme = '<code>feed:</code>'
  return html`<section id="${SUBSCRIBE_SECTION_ID}" class="subscribe" aria-labelledby="${HEADING_ID}"><details>
<summary>${raw(fillHtml(m.summary, { heading: `<h2 id="${HEADING_ID}">${escapeHtml(m.heading)}</h2>`, formats: escapeHtml(FEED_FORMAT_NAMES.map((f) => FEED_FORMATS[f].label).join(' · ')) }))}</summary>
<p>${m.intro}</p>
<dl class="addresses">
${FEED_FORMAT_NAMES.map((format) => {
  const url = feedUrl(set, format, CURRENT, site)
  const { label } = FEED_FORMATS[format]
  return html`<dt>${label}</dt>
<dd><input readonly value="${url}" aria-label="${fillText(m.address, { format: label })}"> <button type="button" data-copy="${url}" data-copied="${m.copied}">${m.copy}</button> <a href="${url}">${m.open}</a></dd>
`
})}</dl>
<ul class="readers">
${READERS.map(
  (reader) => html`<li><a href="${reader.link(rss)}">${reader.name}</a></li>
`,
)}<li><a href="${rss.replace(/^https?:/, 'feed:')}">${m.defaultReader}</a> ${raw(fillHtml(m.defaultReaderNote, { scheme }))}</li>
</ul>
<details>
<summary>${m.whatIsAFeed}</summary>
<p>${m.explanation}</p>
<p class="meta">${raw(fillHtml(m.terminal, { url: `<code>${escapeHtml(rss)}</code>` }))}</p>
</details>
</details></section>`
}
