/** The page that documents the JSON Feed `_translation` extension; feeds link to it as `about`. */
import { html } from 'hono/html'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { Html } from '../text/escape-html.ts'
import { renderLayout } from './layout.ts'

const EXAMPLE = `"_translation": {
  "about": "{site}/spec/json-feed-translation",
  "original": {
    "url": "https://www.example.fr/2019/09/22/article.html",
    "title": "La guerre en Ukraine n’est plus un obstacle",
    "language": "fr",
    "date_published": "2019-09-22T00:00:00+03:00",
    "authors": [{ "name": "Jean Dupont" }],
    "publication": { "name": "Le Monde", "url": "https://www.lemonde.fr/", "feed_url": "https://www.lemonde.fr/rss/une.xml" }
  },
  "translators": [{ "name": "Jane Doe", "url": "https://example.org/people/jane-doe" }],
  "rights": "© Le Monde 2019. Translation published with permission.",
  "license": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
  "translations": [
    { "url": "{site}/articles/ukraina-franciia-rosiia", "language": "uk", "title": "Війна в Україні більше не перешкода?" }
  ]
}`

const IMAGE_EXAMPLE = `"_image": {
  "about": "https://news.example.org/spec/json-feed-translation#image",
  "url": "https://news.example.org/media/putin-macron.jpg",
  "alt": "Vladimir Putin and Emmanuel Macron",
  "caption": "Vladimir Putin and Emmanuel Macron at Brégançon",
  "credit": "Le Monde",
  "width": 1600,
  "height": 900
}`

/**
 * An example, as code. Its lines are longer than a phone's screen is wide and it scrolls
 * sideways: `tabindex` lets a keyboard reach and scroll it (WCAG 2.1.1; axe-core's
 * scrollable-region-focusable).
 */
function codeBlock(code: string): Html {
  return html`<pre tabindex="0"><code>${code}</code></pre>`
}

const FIELDS: [string, string][] = [
  ['about', 'URL of this page. Required, as JSON Feed 1.1 asks of every extension.'],
  ['original', 'The work this item translates. Present on every translated item.'],
  ['original.url', 'Absolute URL of the original article. Also given as the item’s external_url.'],
  ['original.title', 'Title of the original, in its own language.'],
  ['original.language', 'BCP 47 tag of the original’s language, e.g. "fr". Always present.'],
  ['original.date_published', 'RFC 3339 date-time the original was published.'],
  ['original.authors', 'Authors of the original, as JSON Feed author objects (name, url).'],
  ['original.publication', 'The publication: name (always), url (its home page), feed_url (its RSS or Atom feed).'],
  ['translators', 'Who translated it, as author objects. Translators are never listed in the item’s authors.'],
  ['rights', 'Rights statement for the translation, as text.'],
  ['license', 'URL of the licence under which it may be republished.'],
  [
    'translations',
    'The other translations of the same original on this site, one per language, ordered by language tag; absent when there are none. The item’s own language is never among them.',
  ],
  ['translations[].url', 'Absolute URL of that translation’s page on this site.'],
  ['translations[].language', 'BCP 47 tag of its language, e.g. "uk". Always present.'],
  ['translations[].title', 'Its title, in its language.'],
]

/** The item's `_image`: what JSON Feed's `image` (a bare URL) cannot say. */
const IMAGE_FIELDS: [string, string][] = [
  ['about', 'The URL of this section.'],
  ['url', 'The picture, the same URL as the item’s image and its attachment.'],
  ['alt', 'Text describing the picture, for readers who cannot see it. Always present.'],
  ['caption', 'The caption, as text.'],
  ['credit', 'Who took or owns the picture, as text: credit it apart from the article’s own credit.'],
  ['width, height', 'Its size in pixels, when it is a file of this site.'],
]

export function renderExtensionDoc(site: SiteSettings, files: PublicFiles): Html {
  return renderLayout({
    site,
    files,
    // The extension's documentation is written in English, whatever the site's language.
    language: 'en',
    title: `JSON Feed extension: _translation · ${site.title}`,
    canonical: `${site.url}spec/json-feed-translation`,
    body: html`<h1>JSON Feed extension: <code>_translation</code></h1>
<p>Items of ${site.title}’s JSON Feeds (version 1.1) that are translations carry an
<code>_translation</code> object, so that a republisher can credit the original and the
translator by machine as well as in the visible credit line at the top of <code>content_html</code>.
Items that are not translations have no <code>_translation</code>.</p>
<p>Keys with no known value are left out, never set to null. Clients that do not know the
extension ignore it, as JSON Feed 1.1 requires.</p>
<h2>Fields</h2>
<dl>
${FIELDS.map(
  ([name, text]) => html`<dt><code>${name}</code></dt><dd>${text}</dd>
`,
)}</dl>
<h2>Example</h2>
${codeBlock(EXAMPLE.replaceAll('{site}', site.url.replace(/\/$/, '')))}
<h2>Related fields</h2>
<p>The item’s <code>authors</code> are the authors credited for the piece: its own byline,
else the original’s authors, else the publication. Its <code>language</code> is the language of
the translation; <code>external_url</code> is the original’s URL.</p>
<h2 id="translations">Translations of one original</h2>
<p>Translations of the same original (the same <code>original.url</code>, or the same
<code>translationKey</code> in their front matter) form a set: one article per language, the
newest when two share one. Each translated item lists the others in
<code>_translation.translations</code>; the Atom feeds name them as
<code>&lt;link rel="alternate" hreflang="…"&gt;</code> on the entry, and each article page as
hreflang alternates in its head.</p>
<h2 id="image">The picture: <code>_image</code></h2>
<p>A picture is a credited work too. An item with a picture has JSON Feed’s <code>image</code> (its
URL) and an <code>attachments</code> entry (its type, size in bytes and title), and an
<code>_image</code> object with what those cannot say, whether or not the item is a translation:</p>
<dl>
${IMAGE_FIELDS.map(
  ([name, text]) => html`<dt><code>${name}</code></dt><dd>${text}</dd>
`,
)}</dl>
${codeBlock(IMAGE_EXAMPLE)}`,
  })
}
