/**
 * A set's subscribe page, for a person who does not know what a feed is: its three addresses
 * with copy buttons, a line on what a feed reader does, and links that add the feed to common
 * readers. The feeds' own browser view links here.
 */
import { html, raw } from 'hono/html'
import type { FeedSet } from '../sets/feed-sets.ts'
import { CURRENT } from '../sets/archives.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
import type { PublicFiles } from '../site/public-files.ts'
import { documentPath } from '../site/paths.ts'
import { renderLayout, type Html } from './layout.ts'
import { COPY_SCRIPT } from './policy.ts'

/** Web readers that take a feed's address in a link; a desktop or phone reader takes the address itself. */
const READERS: { name: string; link: (feed: string) => string }[] = [
  { name: 'Feedly', link: (feed) => `https://feedly.com/i/subscription/feed/${encodeURIComponent(feed)}` },
  { name: 'Inoreader', link: (feed) => `https://www.inoreader.com/?add_feed=${encodeURIComponent(feed)}` },
  { name: 'NewsBlur', link: (feed) => `https://www.newsblur.com/?url=${encodeURIComponent(feed)}` },
  { name: 'The Old Reader', link: (feed) => `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(feed)}` },
]

export function renderSubscribePage(set: FeedSet, site: SiteSettings, files: PublicFiles): Html {
  const name = set.kind === 'site' ? site.title : set.title
  const title = `Subscribe to ${name}`
  const rss = feedUrl(set, 'rss', CURRENT, site)
  const description = `Follow ${name} in a feed reader: RSS, Atom and JSON Feed addresses.`
  return renderLayout({
    site,
    files,
    title,
    description,
    canonical: `${site.url}${`subscribe/${set.path}`}`,
    feeds: [set],
    preview: { type: 'website', title, description },
    head: html`<script>${raw(COPY_SCRIPT)}</script>`,
    body: html`<h1>${title}</h1>
<p>A feed brings you each new article as it is published, in the reader of your choice: no
account with us, no email, nothing to install from us. Copy an address below into your feed reader,
or use a link to add it to a web reader. The articles are also on
<a href="${site.url}${documentPath(set.path, CURRENT)}">their page on the site</a>.</p>
<h2>The addresses</h2>
<dl class="subscribe">
${FEED_FORMAT_NAMES.map((format) => {
  const url = feedUrl(set, format, CURRENT, site)
  return html`<dt>${FEED_FORMATS[format].label}</dt>
<dd><input readonly value="${url}" aria-label="${FEED_FORMATS[format].label} address" size="48"> <button type="button" data-copy="${url}">Copy</button> <a href="${url}">open</a></dd>
`
})}</dl>
<p class="meta">RSS suits every reader; Atom is the same articles in the standard most readers prefer; JSON Feed is for
programs and the readers that read it. Each article carries its credit: the original, its
authors and its translators.</p>
<h2>Add it to a reader</h2>
<ul class="readers">
${READERS.map((reader) => html`<li><a href="${reader.link(rss)}">${reader.name}</a></li>
`)}<li><a href="${rss.replace(/^https?:/, 'feed:')}">Your default feed reader</a> (NetNewsWire, Reeder and others open <code>feed:</code> links)</li>
</ul>
<p class="meta">newsboat and other terminal readers: add <code>${rss}</code> to your urls file.</p>`,
  })
}
