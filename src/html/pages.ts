/** The HTML pages: feed-set listings (the home page is the site's), articles, 404. */
import { html, raw } from 'hono/html'
import type { Article } from '../articles/article.ts'
import { creditParagraph, formatCreditDate } from '../articles/attribution.ts'
import { siteFeedSet, type FeedSet, type FeedSetIndex } from '../sets/feed-sets.ts'
import { figureHtml } from '../feeds/feed-model.ts'
import { setPagePath } from '../feeds/formats.ts'
import type { SiteSettings } from '../settings.ts'
import { articleJsonLd, jsonForScript } from './json-ld.ts'
import { renderLayout, type Html } from './layout.ts'

/** One page of a set's articles; the home page is page 1 of the site set. */
export function renderSetPage(set: FeedSet, page: number, pages: number, site: SiteSettings): Html {
  const start = (page - 1) * site.itemsPerFeed
  const articles = set.articles.slice(start, start + site.itemsPerFeed)
  const isSite = set.kind === 'site'
  // Links are absolute, from the site URL, so a site mounted below a path keeps its prefix.
  const pageLink = (n: number) => `${site.url}${setPagePath(set, n)}`
  return renderLayout({
    site,
    title: isSite ? site.title : `${set.title}`,
    description: set.description,
    canonical: pageLink(page),
    feeds: isSite ? [set] : [set, siteFeedSet(site)],
    language: set.hreflang,
    body: html`<h1>${isSite ? site.title : set.title}</h1>
<p>${set.description}</p>
${isSite ? '' : html`<p class="feeds">Follow: ${feedLinks(set, site)}</p>`}
${articles.length === 0 ? html`<p>No articles yet.</p>` : ''}
<ul class="articles">
${articles.map(
  (a) => html`<li lang="${a.language}">
<a href="${site.url}articles/${a.slug}"><strong>${a.title}</strong></a>
<div class="meta">${publishedLine(a, site)}</div>
<div>${a.summary}</div>
</li>
`,
)}</ul>
${pages > 1
  ? html`<nav class="meta">${page > 1 ? html`<a rel="prev" href="${pageLink(page - 1)}">Newer</a>` : ''}
 Page ${page} of ${pages}
${page < pages ? html`<a rel="next" href="${pageLink(page + 1)}">Older</a>` : ''}</nav>`
  : ''}`,
  })
}

export function renderArticlePage(article: Article, articles: readonly Article[], index: FeedSetIndex, site: SiteSettings): Html {
  const jsonLd = jsonForScript(articleJsonLd(article, site))
  const publication = article.original && [...index.byKind('publications').values()].find((s) => s.name === article.original!.publication.name)
  return renderLayout({
    site,
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
${raw(figureHtml(article))}
${raw(article.bodyHtml)}
${relatedList(article, articles)}
${article.rights ? html`<p class="meta">${article.rights}</p>` : ''}
${article.license ? html`<p class="meta"><a rel="license" href="${article.license}">Licence</a></p>` : ''}
</article>`,
  })
}

export function renderNotFoundPage(site: SiteSettings): Html {
  return renderLayout({
    site,
    title: `Not found · ${site.title}`,
    feeds: [siteFeedSet(site)],
    body: html`<h1>Not found</h1><p>There is nothing at this address. <a href="${site.url}">The latest articles</a> are on the home page, and <a href="${site.url}feeds">every feed</a> is listed.</p>`,
  })
}

/** Every feed set with a short preview of what it holds. */
export function renderFeedsPage(index: FeedSetIndex, site: SiteSettings): Html {
  const groups = new Map<string, FeedSet[]>()
  for (const set of index.all()) {
    const list = groups.get(set.kind) ?? []
    list.push(set)
    groups.set(set.kind, list)
  }
  return renderLayout({
    site,
    title: `Feeds · ${site.title}`,
    description: `Every feed of ${site.title}, in RSS 2.0, Atom 1.0 and JSON Feed 1.1.`,
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
  const base = `${site.url}${set.path}`
  return html`<a href="${base}rss.xml">RSS</a> · <a href="${base}atom.xml">Atom</a> · <a href="${base}feed.json">JSON Feed</a>`
}

function publishedLine(article: Article, site: SiteSettings): Html {
  const iso = article.date.toISOString()
  const date = formatCreditDate(article.date, 'en-GB', site.timeZone)
  const tags = article.tags.length ? html` · ${article.tags.join(', ')}` : ''
  return html`<time datetime="${iso}">${date}</time>${tags}`
}

function relatedList(article: Article, articles: readonly Article[]): Html | string {
  if (article.related.length === 0) return ''
  const items = article.related.map((r) => {
    if ('slug' in r) {
      const target = articles.find((a) => a.slug === r.slug)
      return target ? html`<li><a href="${target.url}">${target.title}</a></li>` : ''
    }
    return r.url ? html`<li><a href="${r.url}">${r.title}</a></li>` : html`<li>${r.title}</li>`
  })
  return html`<aside><h2>Related</h2><ul>${items}</ul></aside>`
}
