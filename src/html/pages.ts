/** The HTML pages: feed-set listings (the home page is the site's), articles, 404. */
import { html, raw } from 'hono/html'
import type { Article } from '../articles/article.ts'
import { creditParagraph } from '../articles/attribution.ts'
import { correctionsHtml } from '../articles/corrections.ts'
import { FEED_SET_KIND_NAMES, siteFeedSet, type FeedSet, type FeedSetIndex, type FeedSetKind } from '../sets/feed-sets.ts'
import { articlePicture, cardPictureHtml, figureHtml } from '../render/picture.ts'
import { balanceBidi, isolateHtml, isolateText } from '../render/bidi.ts'
import { languageAttributes, languageDirection, type Direction } from '../render/direction.ts'
import { escapeHtml } from '../render/escape-html.ts'
import { readingMinutes } from '../render/reading-time.ts'
import type { PublicFiles } from '../site/public-files.ts'
import { lastModified } from '../articles/article.ts'
import { archiveCount, CURRENT, documentArticles, neighbours, type DocumentNumber } from '../sets/archives.ts'
import { documentPath, subscribeSectionPath } from '../site/paths.ts'
import { translationSet } from '../site/translations.ts'
import type { FeedFormat } from '../feeds/feed-model.ts'
import { feedUrl } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
import { fillHtml, fillText } from '../i18n/fill.ts'
import { languageAutonym } from '../i18n/intl.ts'
import type { Messages } from '../i18n/messages.ts'
import { wordsFor, wordsLanguageAttributes, type Words } from '../i18n/words.ts'
import { articleJsonLd, jsonForScript } from './json-ld.ts'
import { renderLayout, type Html } from './layout.ts'
import { renderSubscribeSection, SUBSCRIBE_SCRIPT } from './subscribe.ts'

/**
 * Text from an article (a title, a name, a tag, a summary) in a page: escaped, and isolated when
 * its direction could reorder what is around it, text of the direction `around` (render/bidi.ts).
 * Set titles and descriptions hold their name isolated already (sets/feed-sets.ts).
 */
const untrusted = (text: string, around: Direction): Html => raw(isolateHtml(text, around))

/**
 * `lang` and `dir` for an element in the language `tag` on a page in `pageLanguage`, when the two
 * differ: nothing for an element in the page's own language.
 */
function otherLanguage(tag: string, pageLanguage: string): Html | string {
  return tag === pageLanguage ? '' : raw(languageAttributes(tag, languageDirection(pageLanguage)))
}

/**
 * One document of a set's listing, as its feeds are split (sets/archives.ts): the current page
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
<div class="tools">${archive
  ? html`<a href="${site.url}${subscribeSectionPath(set.path)}">${words.messages.feeds.howToSubscribe}</a>`
  : html`${renderSubscribeSection(set, site)}${home ? browseLinks(index, site, words.messages) : ''}`}</div>
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
    items.push(html`<li><a href="${link(CURRENT)}">${m.latest}</a></li>`, html`<li><a rel="prev" href="${link(newer ?? CURRENT)}">${m.newer}</a></li>`)
    for (const n of pageNumbersUpTo(document)) {
      items.push(n === undefined ? html`<li><span aria-hidden="true">…</span></li>` : n === document
        ? html`<li><span aria-current="page">${words.number(n)}</span></li>`
        : html`<li><a href="${link(n)}" aria-label="${fillText(m.archive, { number: words.number(n) })}">${words.number(n)}</a></li>`)
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
${numbers.map((n) => html`<li><a href="${site.url}${documentPath(set.path, n)}">${dateRangeOf(documentArticles(set.articles, n, per), words)}</a></li>
`)}</ol></details>`
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

function dateAndReadingTime(a: Article, words: Words): Html {
  return html`<time datetime="${a.date.toISOString()}">${words.date(a.date)}</time> · ${words.plural(words.messages.listing.readingTime, readingMinutes(a))}`
}

/**
 * An article's page, worded in the article's language: its headline, date and reading time, one
 * attribution block (the credit line, with its links), corrections, picture and text, then its
 * tags and related pieces. @param siblings the other translations of its original, one per
 * language (site/translations.ts)
 */
export function renderArticlePage(article: Article, bySlug: ReadonlyMap<string, Article>, index: FeedSetIndex, site: SiteSettings, files: PublicFiles, siblings: readonly Article[] = []): Html {
  const jsonLd = jsonForScript(articleJsonLd(article, site))
  const publication = article.original && index.named('publications', article.original.publication.name)
  const picture = article.image && articlePicture(article.image, files, site.url)
  const around = languageDirection(article.language)
  const words = wordsFor(article.language, site)
  const m = words.messages.article
  const fallback = raw(wordsLanguageAttributes(words, article.language))
  return renderLayout({
    site,
    files,
    preview: {
      type: 'article',
      title: article.title,
      description: article.summary,
      url: article.url,
      // An article without a picture is previewed with the site's icon.
      ...(picture && { image: picture }),
      published: article.date,
      modified: lastModified(article),
    },
    title: `${isolateText(article.title, around)} · ${site.title}`,
    language: article.language,
    description: article.summary,
    canonical: article.url,
    feeds: publication ? [index.site, publication] : [index.site],
    head: html`${languageAlternates(article, siblings)}<script type="application/ld+json">${raw(jsonLd)}</script>`,
    body: html`<article class="article">
<h1>${untrusted(article.title, around)}</h1>
<p class="meta"${fallback}>${byline(article, words)}${dateAndReadingTime(article, words)}${updatedNote(article, words)}</p>
${alsoInLine(siblings, article.language, words, fallback)}
${raw(creditParagraph(article, site))}
${raw(correctionsHtml(article, site))}
${raw(figureHtml(picture, around))}
${raw(article.bodyHtml)}
${moreLinks(article, index, site, words, fallback)}
${relatedList(article, bySlug, words, fallback)}
${article.rights ? html`<p class="meta">${untrusted(article.rights, around)}</p>` : ''}
${article.license ? html`<p class="meta"${fallback}><a rel="license" href="${article.license}">${m.licence}</a></p>` : ''}
</article>`,
  })
}

/** Own reporting's authors; a translation names its authors in the credit line. */
function byline(article: Article, words: Words): Html | string {
  if (article.authors.length === 0) return ''
  const names = words.list(article.authors.map((p) => String(untrusted(p.name, words.direction))))
  return html`${raw(fillHtml(words.messages.article.byline, { authors: names }))} · `
}

/** "Updated 16 November 2023" after the date, when the article says it changed. */
function updatedNote(article: Article, words: Words): Html | string {
  if (!article.updated) return ''
  const date = `<time datetime="${article.updated.toISOString()}">${escapeHtml(words.date(article.updated))}</time>`
  return html` · <span class="updated">${raw(fillHtml(words.messages.corrections.updated, { date }))}</span>`
}

/**
 * Where the article leads on this site: its tags, its publication and its original language. Its
 * translators and authors are named once, in the credit line; their sets are a click away from
 * any listing.
 */
function moreLinks(article: Article, index: FeedSetIndex, site: SiteSettings, words: Words, fallback: Html): Html | string {
  const around = languageDirection(article.language)
  const links = article.tags.map((tag) => setLink('tags', tag, index, site, around, tag, true))
  const original = article.original
  if (original) {
    links.push(setLink('publications', original.publication.name, index, site, around, original.publication.name, true))
    links.push(setLink('from', original.language, index, site, around, words.languageName(original.language), true))
  }
  const present = links.filter((link) => link !== '')
  if (present.length === 0) return ''
  const label = words.messages.article.more
  return html`<nav class="meta more" aria-label="${words.messages.article.moreLabel}"${fallback}>${label}<ul class="chips">${present.map((link) => html`<li>${link}</li>`)}</ul></nav>`
}

export function renderNotFoundPage(site: SiteSettings, files: PublicFiles): Html {
  const m = wordsFor(site.language, site).messages.notFound
  return renderLayout({
    site,
    files,
    title: `${m.title} · ${site.title}`,
    feeds: [siteFeedSet(site)],
    policyInPage: true,
    body: html`<h1>${m.title}</h1><p class="lede">${m.text}</p><ul><li><a href="${site.url}">${m.home}</a></li><li><a href="${site.url}feeds">${m.feeds}</a></li></ul>`,
  })
}

/** Every feed set with a short preview of what it holds. */
export function renderFeedsPage(index: FeedSetIndex, site: SiteSettings, files: PublicFiles): Html {
  const groups = new Map<FeedSetKind | 'site', FeedSet[]>()
  for (const set of index.all()) {
    const list = groups.get(set.kind) ?? []
    list.push(set)
    groups.set(set.kind, list)
  }
  const words = wordsFor(site.language, site)
  const m = words.messages.feeds
  const description = fillText(m.intro, { site: site.title })
  const title = `${m.title} · ${site.title}`
  const around = words.direction
  const opml = `<a href="${escapeHtml(`${site.url}feeds.opml`)}">${escapeHtml(m.opmlLink)}</a>`
  return renderLayout({
    site,
    files,
    title,
    description,
    preview: { type: 'website', title, description },
    canonical: `${site.url}feeds`,
    feeds: [index.site],
    body: html`<h1>${m.title}</h1>
<p class="lede">${description} ${raw(fillHtml(m.opml, { link: opml }))}</p>
${[...groups].map(([kind, sets]) => html`<h2 id="${kind}">${m.kinds[kind]}</h2>
<ul class="feed-list">
${sets.map((set) => html`<li><a href="${site.url}${set.path}"${set.hreflang ? html` hreflang="${set.hreflang}"` : ''}><strong>${set.kind === 'site' ? m.everything : untrusted(set.label, around)}</strong></a>
<div class="meta">${words.plural(m.articles, set.articles.length)}${set.articles[0] ? html` · ${raw(fillHtml(m.latest, { title: String(latestTitle(set.articles[0], site)) }))}` : ''}</div>
<div class="meta">${feedLinks(set, site, words)}</div></li>
`)}</ul>
`)}`,
  })
}

/** A set's newest title on /feeds, in the site's language: marked with its own language when that differs. */
function latestTitle(article: Article, site: SiteSettings): Html {
  const title = untrusted(article.title, languageDirection(article.language))
  const attributes = otherLanguage(article.language, site.language)
  return attributes ? html`<span${attributes}>${title}</span>` : title
}

function feedLinks(set: FeedSet, site: SiteSettings, words: Words): Html {
  const url = (format: FeedFormat) => feedUrl(set, format, CURRENT, site)
  return html`<a href="${url('rss')}">RSS</a> · <a href="${url('atom')}">Atom</a> · <a href="${url('json')}">JSON Feed</a> · <a href="${site.url}${subscribeSectionPath(set.path)}">${words.messages.feeds.howToSubscribe}</a>`
}

/** The home page leads to every kind of set the site publishes, listed on /feeds. */
function browseLinks(index: FeedSetIndex, site: SiteSettings, messages: Messages): Html | string {
  const kinds = FEED_SET_KIND_NAMES.filter((kind) => index.byKind(kind).size > 0)
  if (kinds.length === 0) return ''
  const m = messages.listing
  return html`<nav class="meta" aria-label="${m.browseLabel}">${m.browse} ${kinds.map((kind, i) => html`${i > 0 ? ' · ' : ''}<a href="${site.url}feeds#${kind}">${m.browseKinds[kind]}</a>`)}</nav>`
}

/**
 * A set's name linked to its page, or as text when the site does not publish that kind of set
 * (or nothing, when `linkOnly`).
 */
function setLink(kind: FeedSetKind, name: string, index: FeedSetIndex, site: SiteSettings, around: Direction, label = name, linkOnly = false): Html | '' {
  const set = index.named(kind, name)
  if (set) return html`<a href="${site.url}${set.path}">${untrusted(label, around)}</a>`
  return linkOnly ? '' : untrusted(label, around)
}

/**
 * Google's hreflang annotations: the page in each language, itself included, each page listing
 * the same set (https://developers.google.com/search/docs/specialty/international/localized-versions).
 */
function languageAlternates(article: Article, siblings: readonly Article[]): Html {
  return html`${translationSet(article, siblings).map((a) => html`<link rel="alternate" hreflang="${a.language}" href="${a.url}">
`)}`
}

/** The other translations, each language named in itself, as a reader of it looks for it. */
function alsoInLine(siblings: readonly Article[], pageLanguage: string, words: Words, fallback: Html): Html | string {
  if (siblings.length === 0) return ''
  const around = languageDirection(pageLanguage)
  const links = siblings.map((a, i) => html`${i > 0 ? ' · ' : ''}<a href="${a.url}" hreflang="${a.language}"${raw(languageAttributes(a.language, around))} title="${balanceBidi(a.title)}">${languageAutonym(a.language)}</a>`)
  return html`<p class="meta translations"${fallback}>${words.messages.article.alsoIn} ${links}</p>`
}

function relatedList(article: Article, bySlug: ReadonlyMap<string, Article>, words: Words, fallback: Html): Html | string {
  if (article.related.length === 0) return ''
  const around = languageDirection(article.language)
  const items = article.related.map((r) => {
    if ('slug' in r) {
      const target = bySlug.get(r.slug)
      // Another of our articles, perhaps in another language: marked as such.
      return target ? html`<li><a href="${target.url}"${otherLanguage(target.language, article.language)}>${untrusted(target.title, languageDirection(target.language))}</a></li>` : ''
    }
    return r.url ? html`<li><a href="${r.url}">${untrusted(r.title, around)}</a></li>` : html`<li>${untrusted(r.title, around)}</li>`
  })
  return html`<aside><h2${fallback}>${words.messages.article.related}</h2><ul>${items}</ul></aside>`
}
