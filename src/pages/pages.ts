/** The HTML pages but the listings (listing.ts): articles, /feeds, 404. */
import { html, raw } from 'hono/html'
import { creditParagraph } from '../articles/attribution.ts'
import { correctionsHtml } from '../articles/corrections.ts'
import { articlePicture, figureHtml } from '../articles/picture.ts'
import { type FeedSet, type FeedSetIndex, siteFeedSet } from '../feed-sets/feed-sets.ts'
import { translationSet } from '../feed-sets/translations.ts'
import { feedUrl } from '../feeds/formats.ts'
import { fillHtml, fillText } from '../i18n/fill.ts'
import { languageAutonym } from '../i18n/intl.ts'
import { type Words, wordsFor, wordsLanguageAttributes } from '../i18n/words.ts'
import { CURRENT } from '../model/archives.ts'
import type { Article } from '../model/article.ts'
import { lastModified } from '../model/article.ts'
import type { FeedFormat } from '../model/feed-files.ts'
import type { FeedSetKind } from '../model/paths.ts'
import { subscribeSectionPath } from '../model/paths.ts'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { balanceBidi, isolateText } from '../text/bidi.ts'
import { languageAttributes, languageDirection } from '../text/direction.ts'
import type { Html } from '../text/escape-html.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { articleJsonLd, jsonForScript } from './json-ld.ts'
import { renderLayout } from './layout.ts'
import { dateAndReadingTime, otherLanguage, setLink, untrusted } from './page-parts.ts'

/**
 * An article's page, worded in the article's language: its headline, date and reading time, one
 * attribution block (the credit line, with its links), corrections, picture and text, then its
 * tags and related pieces. @param siblings the other translations of its original, one per
 * language (feed-sets/translations.ts)
 */
export function renderArticlePage(
  article: Article,
  bySlug: ReadonlyMap<string, Article>,
  index: FeedSetIndex,
  site: SiteSettings,
  files: PublicFiles,
  siblings: readonly Article[] = [],
): Html {
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
    head: html`${languageAlternates(article, siblings)}${activityAlternate(article, site)}<script type="application/ld+json">${raw(jsonLd)}</script>`,
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
${[...groups].map(
  ([kind, sets]) => html`<h2 id="${kind}">${m.kinds[kind]}</h2>
<ul class="feed-list">
${sets.map(
  (
    set,
  ) => html`<li><a href="${site.url}${set.path}"${set.hreflang ? html` hreflang="${set.hreflang}"` : ''}><strong>${set.kind === 'site' ? m.everything : untrusted(set.label, around)}</strong></a>
<div class="meta">${words.plural(m.articles, set.articles.length)}${set.articles[0] ? html` · ${raw(fillHtml(m.latest, { title: String(latestTitle(set.articles[0], site)) }))}` : ''}</div>
<div class="meta">${feedLinks(set, site, words)}</div></li>
`,
)}</ul>
`,
)}`,
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

/**
 * Google's hreflang annotations: the page in each language, itself included, each page listing
 * the same set (https://developers.google.com/search/docs/specialty/international/localized-versions).
 */
function languageAlternates(article: Article, siblings: readonly Article[]): Html {
  return html`${translationSet(article, siblings).map(
    (a) => html`<link rel="alternate" hreflang="${a.language}" href="${a.url}">
`,
  )}`
}

/**
 * The page's ActivityStreams object, at the page's own URL (fediverse/routes.ts): a server that
 * fetched the page looks here for what to show of it, as Mastodon does for an address searched.
 */
function activityAlternate(article: Article, site: SiteSettings): Html | string {
  return site.fediverse.enabled
    ? html`<link rel="alternate" type="application/activity+json" href="${article.url}">
`
    : ''
}

/** The other translations, each language named in itself, as a reader of it looks for it. */
function alsoInLine(siblings: readonly Article[], pageLanguage: string, words: Words, fallback: Html): Html | string {
  if (siblings.length === 0) return ''
  const around = languageDirection(pageLanguage)
  const links = siblings.map(
    (a, i) =>
      html`${i > 0 ? ' · ' : ''}<a href="${a.url}" hreflang="${a.language}"${raw(languageAttributes(a.language, around))} title="${balanceBidi(a.title)}">${languageAutonym(a.language)}</a>`,
  )
  return html`<p class="meta translations"${fallback}>${words.messages.article.alsoIn} ${links}</p>`
}

function relatedList(article: Article, bySlug: ReadonlyMap<string, Article>, words: Words, fallback: Html): Html | string {
  if (article.related.length === 0) return ''
  const around = languageDirection(article.language)
  const items = article.related.map((r) => {
    if ('slug' in r) {
      const target = bySlug.get(r.slug)
      // Another of our articles, perhaps in another language: marked as such.
      return target
        ? html`<li><a href="${target.url}"${otherLanguage(target.language, article.language)}>${untrusted(target.title, languageDirection(target.language))}</a></li>`
        : ''
    }
    return r.url ? html`<li><a href="${r.url}">${untrusted(r.title, around)}</a></li>` : html`<li>${untrusted(r.title, around)}</li>`
  })
  return html`<aside><h2${fallback}>${words.messages.article.related}</h2><ul>${items}</ul></aside>`
}
