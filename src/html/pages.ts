/** The HTML pages: feed-set listings (the home page is the site's), articles, 404. */
import { html, raw } from 'hono/html'
import type { Article } from '../articles/article.ts'
import { creditParagraph, formatCreditDate } from '../articles/attribution.ts'
import { siteFeedSet, type FeedSet, type FeedSetIndex } from '../sets/feed-sets.ts'
import { articlePicture, figureHtml } from '../render/picture.ts'
import type { PublicFiles } from '../site/public-files.ts'
import { lastModified } from '../articles/article.ts'
import { CURRENT, documentArticles, neighbours, type DocumentNumber } from '../sets/archives.ts'
import { documentPath } from '../site/paths.ts'
import type { FeedFormat } from '../feeds/feed-model.ts'
import { feedUrl } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
import { articleJsonLd, jsonForScript } from './json-ld.ts'
import { renderLayout, type Html } from './layout.ts'

/**
 * One document of a set's listing, as its feeds are split (sets/archives.ts): the current page
 * (the home page is the site set's) or an archive, which shows only what stays fixed once it is
 * sealed: its articles and its place among the archives.
 */
export function renderSetPage(set: FeedSet, document: DocumentNumber, site: SiteSettings, files: PublicFiles): Html {
  const per = site.itemsPerFeed
  const articles = documentArticles(set.articles, document, per)
  const { older, newer } = neighbours(set.articles.length, document, per)
  const isSite = set.kind === 'site'
  const heading = isSite ? site.title : set.title
  // Links are absolute, from the site URL, so a site mounted below a path keeps its prefix.
  const link = (n: DocumentNumber) => `${site.url}${documentPath(set.path, n)}`
  const archive = document === CURRENT ? undefined : { first: (document - 1) * per + 1, last: document * per }
  const title = archive ? `${heading}: archive ${document}` : heading
  return renderLayout({
    site,
    files,
    title,
    description: set.description,
    canonical: link(document),
    preview: { type: 'website', title, description: set.description },
    feeds: isSite ? [set] : [set, siteFeedSet(site)],
    language: set.hreflang,
    body: html`<h1>${heading}</h1>
<p>${set.description}</p>
${archive ? html`<p class="meta">Archive ${document}: articles ${archive.first} to ${archive.last}, counted from the first.</p>` : ''}
${isSite ? '' : html`<p class="feeds">Follow: ${feedLinks(set, site)}</p>`}
${articles.length === 0 ? html`<p>No articles yet.</p>` : ''}
<ul class="articles">
${articles.map(
  (a) => html`<li lang="${a.language}">
<a href="${a.url}"><strong>${a.title}</strong></a>
<div class="meta">${publishedLine(a, site)}</div>
<div>${a.summary}</div>
</li>
`,
)}</ul>
${archive || older !== undefined
  ? html`<nav class="meta">${archive ? html`<a rel="prev" href="${link(newer ?? CURRENT)}">Newer</a> ` : ''}${older !== undefined ? html`<a rel="next" href="${link(older)}">Older</a>` : ''}</nav>`
  : ''}`,
  })
}

export function renderArticlePage(article: Article, bySlug: ReadonlyMap<string, Article>, index: FeedSetIndex, site: SiteSettings, files: PublicFiles): Html {
  const jsonLd = jsonForScript(articleJsonLd(article, site))
  const publication = article.original && index.named('publications', article.original.publication.name)
  const picture = article.image && articlePicture(article.image, files, site.url)
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
    title: `${article.title} · ${site.title}`,
    language: article.language,
    description: article.summary,
    canonical: article.url,
    feeds: publication ? [index.site, publication] : [index.site],
    head: html`<script type="application/ld+json">${raw(jsonLd)}</script>`,
    body: html`<article>
<h1>${article.title}</h1>
<p class="meta">${publishedLine(article, site)}</p>
${raw(creditParagraph(article, site))}
${raw(figureHtml(picture))}
${raw(article.bodyHtml)}
${relatedList(article, bySlug)}
${article.rights ? html`<p class="meta">${article.rights}</p>` : ''}
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
${[...groups].map(([kind, sets]) => html`<h2>${KIND_HEADINGS[kind]}</h2>
<ul class="articles">
${sets.map((set) => html`<li${set.hreflang ? html` lang="${set.hreflang}"` : ''}><a href="${site.url}${set.path}"><strong>${set.kind === 'site' ? 'Everything' : set.label}</strong></a>
<div class="meta">${set.articles.length} article${set.articles.length === 1 ? '' : 's'}${set.articles[0] ? html`, latest: ${set.articles[0].title}` : ''}</div>
<div class="feeds">${feedLinks(set, site)}</div></li>
`)}</ul>
`)}`,
  })
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
  return html`<a href="${url('rss')}">RSS</a> · <a href="${url('atom')}">Atom</a> · <a href="${url('json')}">JSON Feed</a>`
}

function publishedLine(article: Article, site: SiteSettings): Html {
  const iso = article.date.toISOString()
  const date = formatCreditDate(article.date, 'en-GB', site.timeZone)
  const tags = article.tags.length ? html` · ${article.tags.join(', ')}` : ''
  return html`<time datetime="${iso}">${date}</time>${tags}`
}

function relatedList(article: Article, bySlug: ReadonlyMap<string, Article>): Html | string {
  if (article.related.length === 0) return ''
  const items = article.related.map((r) => {
    if ('slug' in r) {
      const target = bySlug.get(r.slug)
      return target ? html`<li><a href="${target.url}">${target.title}</a></li>` : ''
    }
    return r.url ? html`<li><a href="${r.url}">${r.title}</a></li>` : html`<li>${r.title}</li>`
  })
  return html`<aside><h2>Related</h2><ul>${items}</ul></aside>`
}
