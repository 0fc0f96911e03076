/**
 * A set's listing: its current page (the home page is the site set's) and its archives, with the
 * articles as cards, the pages between its documents and the list of its archives.
 */
import { html, raw } from 'hono/html'
import { articlePicture, cardPictureHtml } from '../articles/picture.ts'
import { type FeedSet, type FeedSetIndex, siteFeedSet } from '../feed-sets/feed-sets.ts'
import { fillHtml, fillText } from '../i18n/fill.ts'
import type { Messages } from '../i18n/messages.ts'
import { type Words, wordsFor } from '../i18n/words.ts'
import { archiveCount, CURRENT, type DocumentNumber, documentArticles, neighbours } from '../model/archives.ts'
import type { Article } from '../model/article.ts'
import { documentPath, FEED_SET_KIND_NAMES, subscribeSectionPath } from '../model/paths.ts'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { languageDirection } from '../text/direction.ts'
import type { Html } from '../text/escape-html.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { renderLayout } from './layout.ts'
import { dateAndReadingTime, otherLanguage, setLink, untrusted } from './page-parts.ts'
import { renderSubscribeSection, SUBSCRIBE_SCRIPT } from './subscribe.ts'

/**
 * One document of a set's listing, as its feeds are split (model/archives.ts): the current page
 * (the home page is the site set's), with how to subscribe to the set (subscribe.ts) and the
 * list of its archives, or an archive, which shows only what stays fixed once it is sealed: its
 * articles and the archives before it. Worded in the site's language.
 */
export function renderSetPage(set: FeedSet, document: DocumentNumber, index: FeedSetIndex, site: SiteSettings, files: PublicFiles): Html {
  const per = site.itemsPerFeed
  const words = wordsFor(site.language, site)
  const m = words.messages.listing
  const articles = documentArticles(set.articles, document, per)
  const isSite = set.kind === 'site'
  const heading = isSite ? site.title : set.label
  const link = (n: DocumentNumber) => `${site.url}${documentPath(set.path, n)}`
  const archive = document !== CURRENT
  const title = archive ? fillText(m.archiveTitle, { name: heading, number: words.number(document) }) : set.title
  // The home page's heading is the site's name in the header: shown once.
  const home = isSite && !archive
  const around = words.direction
  // The first picture in the listing is near the top: likely the page's largest paint.
  const firstPictured = articles.find((a) => a.image)
  return renderLayout({
    site,
    files,
    home,
    title,
    description: set.description,
    canonical: link(document),
    preview: { type: 'website', title, description: set.description },
    feeds: isSite ? [set] : [set, siteFeedSet(site)],
    head: archive ? undefined : SUBSCRIBE_SCRIPT,
    body: html`${home ? '' : html`${set.kind === 'site' ? '' : html`<p class="eyebrow">${m.kind[set.kind]}</p>`}<h1>${untrusted(heading, around)}</h1>`}
<p class="lede">${set.description}</p>
${archive ? html`<p class="meta">${raw(fillHtml(m.archiveHeading, { number: escapeHtml(words.number(document)), range: escapeHtml(dateRangeOf(articles, words)) }))}</p>` : ''}
<div class="tools">${
      archive
        ? html`<a href="${site.url}${subscribeSectionPath(set.path)}">${words.messages.feeds.howToSubscribe}</a>`
        : html`${renderSubscribeSection(set, site)}${home ? browseLinks(index, site, words.messages) : ''}`
    }</div>
${articles.length === 0 ? html`<p>${m.noArticles}</p>` : ''}
<ul class="cards">
${articles.map((a) => card(a, index, site, files, { first: a === firstPictured, plain: archive }))}</ul>
${pager(set, document, site, words)}
${archive ? '' : archiveList(set, site, words)}`,
  })
}

/** The first and last day of a document's articles (newest first), as one range. */
function dateRangeOf(articles: readonly Article[], words: Words): string {
  const newest = articles[0]
  const oldest = articles.at(-1)
  return newest && oldest ? words.dateRange(oldest.date, newest.date) : ''
}

/**
 * Links between a set's documents: to newer and older ones, and on an archive to the archives
 * before it by number (a sealed archive never changes, so it links only to what is as fixed).
 */
function pager(set: FeedSet, document: DocumentNumber, site: SiteSettings, words: Words): Html | string {
  const m = words.messages.listing
  const { older, newer } = neighbours(set.articles.length, document, site.itemsPerFeed)
  const link = (n: DocumentNumber) => `${site.url}${documentPath(set.path, n)}`
  const items: Html[] = []
  if (document !== CURRENT) {
    items.push(
      html`<li><a href="${link(CURRENT)}">${m.latest}</a></li>`,
      html`<li><a rel="prev" href="${link(newer ?? CURRENT)}">${m.newer}</a></li>`,
    )
    for (const n of pageNumbersUpTo(document)) {
      items.push(
        n === undefined
          ? html`<li><span aria-hidden="true">…</span></li>`
          : n === document
            ? html`<li><span aria-current="page">${words.number(n)}</span></li>`
            : html`<li><a href="${link(n)}" aria-label="${fillText(m.archive, { number: words.number(n) })}">${words.number(n)}</a></li>`,
      )
    }
  }
  if (older !== undefined) items.push(html`<li><a rel="next" href="${link(older)}">${m.older}</a></li>`)
  return items.length === 0 ? '' : html`<nav aria-label="${m.pages}"><ul class="pager">${items}</ul></nav>`
}

/** The archive numbers an archive links to: the first, the last few before it, itself; a gap is undefined. */
function pageNumbersUpTo(document: number): (number | undefined)[] {
  const shown = new Set([1, document - 3, document - 2, document - 1, document].filter((n) => n >= 1))
  const numbers: (number | undefined)[] = []
  let previous = 0
  for (const n of [...shown].sort((a, b) => a - b)) {
    if (n > previous + 1) numbers.push(undefined)
    numbers.push((previous = n))
  }
  return numbers
}

/** On a current page: every archive of the set, newest first, each with its dates, folded away. */
function archiveList(set: FeedSet, site: SiteSettings, words: Words): Html | string {
  const per = site.itemsPerFeed
  const count = archiveCount(set.articles.length, per)
  if (count === 0) return ''
  const m = words.messages.listing
  const numbers = Array.from({ length: count }, (_, i) => count - i)
  return html`<details class="archives"><summary>${m.archives}</summary><ol reversed>
${numbers.map(
  (n) => html`<li><a href="${site.url}${documentPath(set.path, n)}">${dateRangeOf(documentArticles(set.articles, n, per), words)}</a></li>
`,
)}</ol></details>`
}

/**
 * An article as a set page lists it: a card with its picture, headline, attribution line,
 * summary, date and reading time. The same on the page of each set it is in (about eight in a
 * large archive), so made once per article, set index and settings; its picture apart, since
 * the first picture of a listing loads at once and the others lazily, and an archive, cached as
 * immutable, shows the picture's own URL, which outlives its variants' (named by its bytes). Our words are the site's language; the
 * article's title and summary keep their own, and their direction where that is not the page's.
 */
function card(a: Article, index: FeedSetIndex, site: SiteSettings, files: PublicFiles, picture: { first: boolean; plain: boolean }): Html {
  const image = a.image && articlePicture(a.image, files, site.url)
  return html`<li class="card">${raw(cardPictureHtml(image, { sizes: CARD_PICTURE_SIZES, ...picture }))}${cardBody(a, index, site)}</li>
`
}

/**
 * How wide a card's picture is shown (layout.ts): the cards fill a 70rem column, as many as fit
 * at 19rem or more, one on a phone.
 */
const CARD_PICTURE_SIZES = '(min-width: 72rem) 23rem, (min-width: 40rem) 50vw, 100vw'

function cardBody(a: Article, index: FeedSetIndex, site: SiteSettings): Html {
  const known = cardBodies.get(a)
  if (known?.index === index && known.site === site) return known.html
  const words = wordsFor(site.language, site)
  const own = languageDirection(a.language)
  const lang = otherLanguage(a.language, site.language)
  const body = raw(
    String(html`<div class="card-body">
<h2${lang}><a href="${a.url}">${untrusted(a.title, own)}</a></h2>
${attributionLine(a, index, site, words)}
<p class="summary"${lang}>${untrusted(a.summary, own)}</p>
<p class="meta">${dateAndReadingTime(a, words)}</p>
</div>`),
  )
  cardBodies.set(a, { index, site, html: body })
  return body
}

const cardBodies = new WeakMap<Article, { index: FeedSetIndex; site: SiteSettings; html: Html }>()

/** "Translated from German · Beispielstädter Abendpost · Marta Kowalenko", each leading to its set. */
function attributionLine(a: Article, index: FeedSetIndex, site: SiteSettings, words: Words): Html | string {
  const original = a.original
  if (!original) return ''
  const around = words.direction
  const language = setLink('from', original.language, index, site, around, words.languageName(original.language))
  const parts = [
    raw(fillHtml(words.messages.listing.translatedFrom, { language: String(language) })),
    setLink('publications', original.publication.name, index, site, around),
    ...a.translators.map((t) => setLink('translators', t.name, index, site, around)),
  ]
  return html`<p class="attribution">${parts.map((part, i) => html`${i > 0 ? ' · ' : ''}${part}`)}</p>`
}

/** The home page leads to every kind of set the site publishes, listed on /feeds. */
function browseLinks(index: FeedSetIndex, site: SiteSettings, messages: Messages): Html | string {
  const kinds = FEED_SET_KIND_NAMES.filter((kind) => index.byKind(kind).size > 0)
  if (kinds.length === 0) return ''
  const m = messages.listing
  return html`<nav class="meta" aria-label="${m.browseLabel}">${m.browse} ${kinds.map((kind, i) => html`${i > 0 ? ' · ' : ''}<a href="${site.url}feeds#${kind}">${m.browseKinds[kind]}</a>`)}</nav>`
}
