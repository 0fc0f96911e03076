/** The HTML pages: feed-set listings (the home page is the site's), articles, 404. */
import { html, raw } from 'hono/html'
import type { Article } from '../articles/article.ts'
import { creditParagraph, formatCreditDate, languageAutonym, languageName } from '../articles/attribution.ts'
import { CORRECTION_WORDING, correctionsHtml, formatNoticeDate } from '../articles/corrections.ts'
import { FEED_SET_KIND_NAMES, siteFeedSet, type FeedSet, type FeedSetIndex, type FeedSetKind } from '../sets/feed-sets.ts'
import { articlePicture, figureHtml } from '../render/picture.ts'
import { balanceBidi, isolateHtml, isolateText } from '../render/bidi.ts'
import { languageAttributes, languageDirection, type Direction } from '../render/direction.ts'
import type { PublicFiles } from '../site/public-files.ts'
import { lastModified } from '../articles/article.ts'
import { CURRENT, documentArticles, neighbours, type DocumentNumber } from '../sets/archives.ts'
import { documentPath, subscribeSectionPath } from '../site/paths.ts'
import { translationSet } from '../site/translations.ts'
import type { FeedFormat } from '../feeds/feed-model.ts'
import { feedUrl } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
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
 * (the home page is the site set's), which ends with how to subscribe to the set (subscribe.ts),
 * or an archive, which shows only what stays fixed once it is sealed: its articles and its place
 * among the archives.
 */
export function renderSetPage(set: FeedSet, document: DocumentNumber, index: FeedSetIndex, site: SiteSettings, files: PublicFiles): Html {
  const per = site.itemsPerFeed
  const articles = documentArticles(set.articles, document, per)
  const { older, newer } = neighbours(set.articles.length, document, per)
  const isSite = set.kind === 'site'
  const heading = isSite ? site.title : set.title
  // Links are absolute, from the site URL, so a site mounted below a path keeps its prefix.
  const link = (n: DocumentNumber) => `${site.url}${documentPath(set.path, n)}`
  const archive = document === CURRENT ? undefined : { first: (document - 1) * per + 1, last: document * per }
  const title = archive ? `${heading}: archive ${document}` : heading
  // The home page's heading is the site's name in the header: shown once.
  const home = isSite && document === CURRENT
  const around = languageDirection(site.language)
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
    body: html`${home ? '' : html`<h1>${heading}</h1>`}
<p>${set.description}</p>
${archive ? html`<p class="meta">Archive ${document}: articles ${archive.first} to ${archive.last}, counted from the first.</p>` : ''}
<p class="feeds">Follow: ${feedLinks(set, site)}</p>
${home ? browseLinks(index, site) : ''}
${articles.length === 0 ? html`<p>No articles yet.</p>` : ''}
<ul class="articles">
${articles.map((a) => listEntry(a, index, site, around))}</ul>
${archive || older !== undefined
  ? html`<nav class="meta">${archive ? html`<a rel="prev" href="${link(newer ?? CURRENT)}">Newer</a> ` : ''}${older !== undefined ? html`<a rel="next" href="${link(older)}">Older</a>` : ''}</nav>`
  : ''}
${archive ? '' : renderSubscribeSection(set, site)}`,
  })
}

/**
 * An article as a set page lists it: the same on the page of each set it is in (about eight in a
 * large archive), so made once per article, set index and settings. In its own language, and
 * its direction where that is not the page's (`around`): an Arabic article on an English page.
 */
function listEntry(a: Article, index: FeedSetIndex, site: SiteSettings, around: Direction): Html {
  const known = listEntries.get(a)
  if (known?.index === index && known.site === site && known.around === around) return known.html
  const own = languageDirection(a.language)
  const entry = raw(
    String(html`<li${raw(languageAttributes(a.language, around))}>
<a href="${a.url}"><strong>${untrusted(a.title, own)}</strong></a>
<div class="meta">${publishedLine(a, index, site, own)}</div>
<div>${untrusted(a.summary, own)}</div>
</li>
`),
  )
  listEntries.set(a, { index, site, around, html: entry })
  return entry
}

const listEntries = new WeakMap<Article, { index: FeedSetIndex; site: SiteSettings; around: Direction; html: Html }>()

/** @param siblings the other translations of its original, one per language (site/translations.ts) */
export function renderArticlePage(article: Article, bySlug: ReadonlyMap<string, Article>, index: FeedSetIndex, site: SiteSettings, files: PublicFiles, siblings: readonly Article[] = []): Html {
  const jsonLd = jsonForScript(articleJsonLd(article, site))
  const publication = article.original && index.named('publications', article.original.publication.name)
  const picture = article.image && articlePicture(article.image, files, site.url)
  const around = languageDirection(article.language)
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
    body: html`<article>
<h1>${untrusted(article.title, around)}</h1>
<p class="meta">${publishedLine(article, index, site, around, true)}</p>
${setsLine(article, index, site, around)}
${alsoInLine(siblings, article.language)}
${raw(creditParagraph(article, site))}
${raw(correctionsHtml(article, site))}
${raw(figureHtml(picture, around))}
${raw(article.bodyHtml)}
${relatedList(article, bySlug)}
${article.rights ? html`<p class="meta">${untrusted(article.rights, around)}</p>` : ''}
${article.license ? html`<p class="meta"><a rel="license" href="${article.license}">Licence</a></p>` : ''}
</article>`,
  })
}

export function renderNotFoundPage(site: SiteSettings, files: PublicFiles): Html {
  return renderLayout({
    site,
    files,
    title: `Not found · ${site.title}`,
    feeds: [siteFeedSet(site)],
    policyInPage: true,
    body: html`<h1>Not found</h1><p>There is nothing at this address. <a href="${site.url}">The latest articles</a> are on the home page, and <a href="${site.url}feeds">every feed</a> is listed.</p>`,
  })
}

/** Every feed set with a short preview of what it holds. */
export function renderFeedsPage(index: FeedSetIndex, site: SiteSettings, files: PublicFiles): Html {
  const groups = new Map<string, FeedSet[]>()
  for (const set of index.all()) {
    const list = groups.get(set.kind) ?? []
    list.push(set)
    groups.set(set.kind, list)
  }
  const description = `Every feed of ${site.title}, in RSS 2.0, Atom 1.0 and JSON Feed 1.1.`
  const around = languageDirection(site.language)
  return renderLayout({
    site,
    files,
    title: `Feeds · ${site.title}`,
    description,
    preview: { type: 'website', title: `Feeds · ${site.title}`, description },
    canonical: `${site.url}feeds`,
    feeds: [index.site],
    body: html`<h1>Feeds</h1>
<p>Every feed of ${site.title}, each in RSS 2.0, Atom 1.0 and JSON Feed 1.1. Import them all
into a feed reader with the <a href="${site.url}feeds.opml">OPML file</a>.</p>
${[...groups].map(([kind, sets]) => html`<h2 id="${kind}">${KIND_HEADINGS[kind]}</h2>
<ul class="articles">
${sets.map((set) => html`<li><a href="${site.url}${set.path}"${set.hreflang ? html` hreflang="${set.hreflang}"` : ''}><strong>${set.kind === 'site' ? 'Everything' : untrusted(set.label, around)}</strong></a>
<div class="meta">${set.articles.length} article${set.articles.length === 1 ? '' : 's'}${set.articles[0] ? html`, latest: ${latestTitle(set.articles[0], site)}` : ''}</div>
<div class="feeds">${feedLinks(set, site)}</div></li>
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

const KIND_HEADINGS: Record<string, string> = {
  site: 'The whole site',
  tags: 'By tag',
  publications: 'By original publication',
  from: 'By original language',
  translators: 'By translator',
  authors: 'By author',
  languages: 'By language of publication',
}

function feedLinks(set: FeedSet, site: SiteSettings): Html {
  const url = (format: FeedFormat) => feedUrl(set, format, CURRENT, site)
  return html`<a href="${url('rss')}">RSS</a> · <a href="${url('atom')}">Atom</a> · <a href="${url('json')}">JSON Feed</a> · <a href="${site.url}${subscribeSectionPath(set.path)}">how to subscribe</a>`
}

/** The home page leads to every kind of set the site publishes, listed on /feeds. */
function browseLinks(index: FeedSetIndex, site: SiteSettings): Html | string {
  const kinds = FEED_SET_KIND_NAMES.filter((kind) => index.byKind(kind).size > 0)
  if (kinds.length === 0) return ''
  return html`<nav class="feeds" aria-label="Browse">Browse: ${kinds.map((kind, i) => html`${i > 0 ? ' · ' : ''}<a href="${site.url}feeds#${kind}">${BROWSE_LABELS[kind]}</a>`)}</nav>`
}

const BROWSE_LABELS: Record<FeedSetKind, string> = {
  tags: 'tags',
  publications: 'publications',
  from: 'original languages',
  translators: 'translators',
  authors: 'authors',
  languages: 'languages',
}

/** A set's name linked to its page, or as text when the site does not publish that kind of set. */
function setLink(kind: FeedSetKind, name: string, index: FeedSetIndex, site: SiteSettings, around: Direction, label = name): Html {
  const set = index.named(kind, name)
  return set ? html`<a href="${site.url}${set.path}">${untrusted(label, around)}</a>` : untrusted(label, around)
}

/** @param withUpdated the article's page names its last change too; a listing only the first date */
function publishedLine(article: Article, index: FeedSetIndex, site: SiteSettings, around: Direction, withUpdated = false): Html {
  const iso = article.date.toISOString()
  const date = formatCreditDate(article.date, 'en-GB', site.timeZone)
  const updated = withUpdated && article.updated
    ? html` · <span class="updated">${CORRECTION_WORDING.updated} <time datetime="${article.updated.toISOString()}">${formatNoticeDate(article.updated, site)}</time></span>`
    : ''
  const tags = article.tags.length ? html` · ${article.tags.map((tag, i) => html`${i > 0 ? ', ' : ''}${setLink('tags', tag, index, site, around)}`)}` : ''
  return html`<time datetime="${iso}">${date}</time>${updated}${tags}`
}

/** Where else the article's publication, original language, translators and authors lead. */
function setsLine(article: Article, index: FeedSetIndex, site: SiteSettings, around: Direction): Html | string {
  const parts: Html[] = []
  const original = article.original
  if (original) {
    parts.push(html`Original in ${setLink('from', original.language, index, site, around, languageName(original.language, 'en'))}, from ${setLink('publications', original.publication.name, index, site, around)}`)
  }
  const list = (kind: FeedSetKind, names: string[]) => names.map((name, i) => html`${i > 0 ? ', ' : ''}${setLink(kind, name, index, site, around)}`)
  if (article.translators.length > 0) parts.push(html`translated by ${list('translators', article.translators.map((t) => t.name))}`)
  const authors = [...article.authors, ...(original?.authors ?? [])].map((p) => p.name)
  if (authors.length > 0) parts.push(html`written by ${list('authors', [...new Set(authors)])}`)
  return parts.length === 0 ? '' : html`<p class="meta sets">${parts.map((part, i) => html`${i > 0 ? ' · ' : ''}${part}`)}</p>`
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
function alsoInLine(siblings: readonly Article[], pageLanguage: string): Html | string {
  if (siblings.length === 0) return ''
  const around = languageDirection(pageLanguage)
  const links = siblings.map((a, i) => html`${i > 0 ? ' · ' : ''}<a href="${a.url}" hreflang="${a.language}"${raw(languageAttributes(a.language, around))} title="${balanceBidi(a.title)}">${languageAutonym(a.language)}</a>`)
  return html`<p class="meta translations">Also in: ${links}</p>`
}

function relatedList(article: Article, bySlug: ReadonlyMap<string, Article>): Html | string {
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
  return html`<aside><h2>Related</h2><ul>${items}</ul></aside>`
}
