/** Schema.org NewsArticle JSON-LD for the article page (spec §4, "The article page"). */

import { creditedAuthors } from '../articles/attribution.ts'
import { formatRfc3339 } from '../articles/dates.ts'
import type { Article, Person } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'

type Thing = Record<string, unknown>

export function articleJsonLd(article: Article, site: SiteSettings): Thing {
  const date = (d: Date) => formatRfc3339(d, site.timeZone)
  const original = article.original
  // Authors fall back to the publication or the site itself: those are organisations.
  const byOrganisation = article.authors.length === 0 && !original?.authors.length
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    url: article.url,
    mainEntityOfPage: article.url,
    inLanguage: article.language,
    datePublished: date(article.date),
    dateModified: date(article.updated ?? article.date),
    description: article.summary || undefined,
    image: article.image?.url,
    keywords: article.tags.length ? article.tags.join(', ') : undefined,
    author: creditedAuthors(article, site).map((p) => thing(byOrganisation ? 'Organization' : 'Person', p)),
    translator: article.translators.length ? article.translators.map((p) => thing('Person', p)) : undefined,
    publisher: thing('Organization', { name: site.title, url: site.url }),
    // schema.org CorrectionComment: "a correction to a published article", with its text and date.
    correction: article.corrections.length
      ? article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: date(c.date) }))
      : undefined,
    copyrightNotice: article.rights,
    license: article.license,
    translationOfWork: original && {
      '@type': 'NewsArticle',
      headline: original.title,
      url: original.url,
      inLanguage: original.language,
      author: original.authors.length ? original.authors.map((p) => thing('Person', p)) : undefined,
      publisher: thing('Organization', original.publication),
      datePublished: original.date && date(original.date),
    },
  }
}

function thing(type: string, p: Person): Thing {
  return { '@type': type, name: p.name, url: p.url }
}

/**
 * JSON that is safe inside <script>: `<` cannot start `</script>` or `<!--`, and the line
 * separators that old parsers reject are escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
