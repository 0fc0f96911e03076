/** Each published article's page, at its permanent address. */

import { siblingsOf } from '../../feed-sets/translations.ts'
import { type Article, lastModified } from '../../model/article.ts'
import { articlePath } from '../../model/paths.ts'
import { renderArticlePage } from '../../pages/pages.ts'
import type { ResourceKind } from '../kind.ts'
import { HTML_TYPE } from '../making.ts'

export const articlePages: ResourceKind<Article> = {
  name: 'article pages',
  *keys({ view }) {
    for (const article of view.published) yield `/${articlePath(article.slug)}`
  },
  find: (_key, target, { bySlug }) => (target?.type === 'article' ? bySlug.get(target.slug) : undefined),
  make(article, { view, site, files, bySlug, prepare, htmlHeaders }) {
    // An article's URL is also its ActivityStreams object's (fediverse/routes.ts): caches key on Accept.
    const headers = site.fediverse.enabled ? { ...htmlHeaders, vary: 'Accept' } : htmlHeaders
    const page = renderArticlePage(article, bySlug, view.feedSets, site, files, siblingsOf(view)(article))
    return prepare(String(page), HTML_TYPE, lastModified(article), headers)
  },
  inputs(article, inputs) {
    const { versionOf, bySlug, view } = inputs
    const version = versionOf(article)
    if (version === undefined) return undefined
    // The page also shows its related articles' titles, and links its publication's feeds.
    const related = article.related.map((r) => ('slug' in r ? (versionOf(bySlug.get(r.slug)) ?? 'none') : r))
    const publication = article.original && view.feedSets.named('publications', article.original.publication.name)
    // Its "More" links: its tags and its original's language.
    const links = [inputs.tagPathsOf(article), inputs.pathsOf('from', article.original ? [article.original.language] : [])]
    return JSON.stringify([
      'article',
      version,
      related,
      publication?.path,
      publication?.title,
      inputs.identity,
      links,
      inputs.translationsOf(article),
    ])
  },
}
