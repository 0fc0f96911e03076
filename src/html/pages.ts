/** The HTML pages: home, article, 404. Content HTML is already sanitised; everything else is escaped. */
import { html, raw } from 'hono/html'
import type { Article } from '../articles/article.ts'
import { creditParagraph, formatCreditDate } from '../attribution.ts'
import type { SiteSettings } from '../site.ts'
import { articleJsonLd, jsonForScript } from './json-ld.ts'
import { renderLayout, type Html } from './layout.ts'

export function renderHomePage(articles: readonly Article[], site: SiteSettings): Html {
  const latest = articles.slice(0, site.itemsPerFeed)
  return renderLayout({
    site,
    title: site.title,
    description: site.description,
    canonical: site.url,
    body: html`<h1>${site.title}</h1>
<p>${site.description}</p>
${latest.length === 0 ? html`<p>No articles yet.</p>` : ''}
<ul class="articles">
${latest.map(
  (a) => html`<li lang="${a.language}">
<a href="/articles/${a.slug}"><strong>${a.title}</strong></a>
<div class="meta">${publishedLine(a, site)}</div>
<div>${a.summary}</div>
</li>
`,
)}</ul>`,
  })
}

export function renderArticlePage(article: Article, articles: readonly Article[], site: SiteSettings): Html {
  const jsonLd = jsonForScript(articleJsonLd(article, site))
  return renderLayout({
    site,
    title: `${article.title} · ${site.title}`,
    language: article.language,
    description: article.summary,
    canonical: article.url,
    head: html`<script type="application/ld+json">${raw(jsonLd)}</script>`,
    body: html`<article>
<h1>${article.title}</h1>
<p class="meta">${publishedLine(article, site)}</p>
${raw(creditParagraph(article, site))}
${article.image ? figure(article) : ''}
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
    body: html`<h1>Not found</h1><p>There is nothing at this address. <a href="/">The latest articles</a> are on the home page.</p>`,
  })
}

function publishedLine(article: Article, site: SiteSettings): Html {
  const iso = article.date.toISOString()
  const date = formatCreditDate(article.date, 'en-GB', site.timeZone)
  const tags = article.tags.length ? html` · ${article.tags.join(', ')}` : ''
  return html`<time datetime="${iso}">${date}</time>${tags}`
}

function figure(article: Article): Html {
  const image = article.image!
  const caption = [image.caption, image.credit].filter(Boolean).join(' — ')
  return html`<figure><img src="${image.url}" alt="${image.alt}">${caption ? html`<figcaption>${caption}</figcaption>` : ''}</figure>`
}

function relatedList(article: Article, articles: readonly Article[]): Html | string {
  if (article.related.length === 0) return ''
  const items = article.related.map((r) => {
    if ('slug' in r) {
      const target = articles.find((a) => a.slug === r.slug)
      return target ? html`<li><a href="/articles/${target.slug}">${target.title}</a></li>` : ''
    }
    return r.url ? html`<li><a href="${r.url}">${r.title}</a></li>` : html`<li>${r.title}</li>`
  })
  return html`<aside><h2>Related</h2><ul>${items}</ul></aside>`
}

