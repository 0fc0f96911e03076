/**
 * Translation sets: the published translations of one original, linked to each other from
 * pages, feeds and the sitemap (spec §5). Worked out once per view, since every output asks
 * the same question of the same articles.
 */

import { translationSetKey } from '../articles/same-original.ts'
import type { Article } from '../model/article.ts'
import type { SiteView } from './view.ts'

/** The other articles of an article's set, one per language, ordered by language tag; none for most. */
export type SiblingLookup = (article: Article) => readonly Article[]

export const NO_SIBLINGS: SiblingLookup = () => []

/**
 * The sibling lookup of these articles, which must be the published ones, newest first (as a
 * view holds them): a draft or a scheduled translation is linked once it is out.
 */
export function buildSiblingLookup(published: readonly Article[]): SiblingLookup {
  const sets = new Map<string, Map<string, Article>>()
  for (const article of published) {
    const key = translationSetKey(article)
    if (key === undefined) continue
    let byLanguage = sets.get(key)
    if (!byLanguage) sets.set(key, (byLanguage = new Map()))
    // One article per language (RFC 4287 §4.1.1 allows one alternate per type and hreflang, and
    // hreflang pairs must be reciprocal): the collection publishes no second translation of an
    // original into a language (articles/same-original.ts), so each language is met once.
    byLanguage.set(article.language, article)
  }
  const siblings = new Map<Article, readonly Article[]>()
  for (const byLanguage of sets.values()) {
    if (byLanguage.size < 2) continue
    const members = [...byLanguage.values()].sort((a, b) => compareTags(a.language, b.language))
    for (const article of members)
      siblings.set(
        article,
        members.filter((other) => other !== article),
      )
  }
  return (article) => siblings.get(article) ?? []
}

const lookups = new WeakMap<SiteView, SiblingLookup>()

/** The view's sibling lookup, made on first use and kept with it. */
export function siblingsOf(view: SiteView): SiblingLookup {
  let lookup = lookups.get(view)
  if (!lookup) lookups.set(view, (lookup = buildSiblingLookup(view.published)))
  return lookup
}

/** An article and its siblings, ordered by language tag (what hreflang alternates list); empty without siblings. */
export function translationSet(article: Article, siblings: readonly Article[]): Article[] {
  return siblings.length === 0 ? [] : [article, ...siblings].sort((a, b) => compareTags(a.language, b.language))
}

function compareTags(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
