/**
 * A set's subscribe section, at the end of its current page, for a person who does not know what
 * a feed is: its three addresses with copy buttons, links that add the feed to common readers,
 * and, folded away, a line on what a feed reader does. The feeds' own browser view links here,
 * so the reader lands on the set's articles and the addresses together. It was a page of its
 * own per set; as a section it costs the static export no file (docs/decisions.md).
 */
import { html, raw } from 'hono/html'
import type { FeedSet } from '../sets/feed-sets.ts'
import { CURRENT } from '../sets/archives.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
import { SUBSCRIBE_SECTION_ID } from '../site/paths.ts'
import type { Html } from './layout.ts'
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

export function renderSubscribeSection(set: FeedSet, site: SiteSettings): Html {
  const rss = feedUrl(set, 'rss', CURRENT, site)
  return html`<section id="${SUBSCRIBE_SECTION_ID}" aria-labelledby="${HEADING_ID}">
<h2 id="${HEADING_ID}">Subscribe</h2>
<p>Get each new article of this page in your feed reader as it is published: copy an address
into the reader, or add the feed to a web reader with a link.</p>
<dl class="subscribe">
${FEED_FORMAT_NAMES.map((format) => {
  const url = feedUrl(set, format, CURRENT, site)
  return html`<dt>${FEED_FORMATS[format].label}</dt>
<dd><input readonly value="${url}" aria-label="${FEED_FORMATS[format].label} address" size="48"> <button type="button" data-copy="${url}">Copy</button> <a href="${url}">open</a></dd>
`
})}</dl>
<ul class="readers">
${READERS.map((reader) => html`<li><a href="${reader.link(rss)}">${reader.name}</a></li>
`)}<li><a href="${rss.replace(/^https?:/, 'feed:')}">Your default feed reader</a> (NetNewsWire, Reeder and others open <code>feed:</code> links)</li>
</ul>
<details>
<summary>What is a feed?</summary>
<p>A feed brings you each new article as it is published, in the reader of your choice: no
account with us, no email, nothing to install from us. RSS suits every reader; Atom is the same
articles in the standard most readers prefer; JSON Feed is for programs and the readers that
read it. Each article carries its credit: the original, its authors and its translators.</p>
<p class="meta">newsboat and other terminal readers: add <code>${rss}</code> to your urls file.</p>
</details>
</section>`
}
