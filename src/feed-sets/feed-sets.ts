/**
 * Feed sets: the site-wide feed and every subset a reader of a translation service subscribes
 * to (a tag, a publication, a source language, a translator, an author, an article language).
 * Each set has an HTML page and the three feeds under one path.
 */

import { fillText } from '../i18n/fill.ts'
import { wordsFor } from '../i18n/words.ts'
import type { Article } from '../model/article.ts'
import { FEED_SET_KIND_NAMES, type FeedSetKind, setPath } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { isolateText } from '../text/bidi.ts'
import { assignSlugs } from '../text/slugify.ts'

interface KindSpec {
  /** The names of the sets an article belongs to. */
  names(article: Article): string[]
  /** Language tags are already short, stable and unique: they are their own slugs. */
  slugIsName?: boolean
  /** The language of the set's articles, for `hreflang`, when the set says it. */
  hreflang?(name: string): string
  /** The name is a language tag, shown as the language's name, e.g. "French" for `fr`. */
  isLanguage?: boolean
}

export const FEED_SET_KINDS: Record<FeedSetKind, KindSpec> = {
  tags: {
    names: (a) => a.tags,
  },
  publications: {
    names: (a) => (a.original ? [a.original.publication.name] : []),
  },
  from: {
    names: (a) => (a.original ? [a.original.language] : []),
    slugIsName: true,
    isLanguage: true,
  },
  translators: {
    names: (a) => a.translators.map((t) => t.name),
  },
  authors: {
    names: (a) => [...a.authors, ...(a.original?.authors ?? [])].map((p) => p.name),
  },
  languages: {
    names: (a) => [a.language],
    slugIsName: true,
    isLanguage: true,
    hreflang: (tag) => tag,
  },
}

/**
 * A set's label ("French" for `fr`), title and description, in the site's language
 * (i18n/catalogues). A name from the articles inside our own sentence ("Translations by …"),
 * which every output shows as plain text, is isolated there (text/bidi.ts), so that it cannot
 * reorder the sentence.
 */
function namesOf(kind: FeedSetKind, name: string, site: SiteSettings): Pick<FeedSet, 'label' | 'title' | 'description'> {
  const words = wordsFor(site.language, site)
  const label = FEED_SET_KINDS[kind].isLanguage ? words.languageName(name) : name
  const values = { site: site.title, name: isolateText(label, words.direction) }
  const { title, description } = words.messages.sets[kind]
  return { label, title: fillText(title, values), description: fillText(description, values) }
}

export interface FeedSet {
  kind: FeedSetKind | 'site'
  /** The value the set is about: a tag, a name, a language tag; empty for the site. */
  name: string
  slug: string
  /** Path below the site URL: `''` for the site, else e.g. `tags/france/` (percent-encoded). */
  path: string
  title: string
  description: string
  label: string
  hreflang?: string
  /** Published articles of the set, newest first. */
  articles: Article[]
}

export interface FeedSetIndex {
  site: FeedSet
  /** Sets of one kind with at least one published article, by slug; built on first use. */
  byKind(kind: FeedSetKind): Map<string, FeedSet>
  /** The set of one kind about `name` (a tag, a publication's name, …), if published. */
  named(kind: FeedSetKind, name: string): FeedSet | undefined
  /** Every set, the site first, then by kind and label: for /feeds and OPML. */
  all(): FeedSet[]
}

/** The whole site as a feed set, at the root path. */
export function siteFeedSet(site: SiteSettings, articles: Article[] = []): FeedSet {
  return { kind: 'site', name: '', slug: '', path: '', title: site.title, description: site.description, label: site.title, articles }
}

/**
 * @param allArticles every valid article, published or not, newest first: slugs are assigned
 *   over all of them (oldest first) so that a scheduled article never moves an existing URL.
 * @param published the articles out now, newest first.
 */
export function buildFeedSetIndex(allArticles: readonly Article[], published: readonly Article[], site: SiteSettings): FeedSetIndex {
  const siteSet = siteFeedSet(site, [...published])
  const kinds = new Map<FeedSetKind, Map<string, FeedSet>>()
  const publishedKinds: readonly FeedSetKind[] = site.feedSets ?? FEED_SET_KIND_NAMES
  const byKind = (kind: FeedSetKind) => {
    let sets = kinds.get(kind)
    // A kind the site does not publish has no sets: its paths are 404s, and no page links to it.
    if (!sets) kinds.set(kind, (sets = publishedKinds.includes(kind) ? buildKind(kind, allArticles, published, site) : new Map()))
    return sets
  }
  let all: FeedSet[] | undefined
  const byName = new Map<FeedSetKind, Map<string, FeedSet>>()
  return {
    site: siteSet,
    byKind,
    named(kind, name) {
      let sets = byName.get(kind)
      if (!sets) byName.set(kind, (sets = new Map([...byKind(kind).values()].map((set) => [set.name, set]))))
      return sets.get(name)
    },
    all: () =>
      (all ??= [
        siteSet,
        ...FEED_SET_KIND_NAMES.flatMap((kind) => [...byKind(kind).values()].sort((a, b) => a.label.localeCompare(b.label, site.language))),
      ]),
  }
}

function buildKind(
  kind: FeedSetKind,
  allArticles: readonly Article[],
  published: readonly Article[],
  site: SiteSettings,
): Map<string, FeedSet> {
  const spec = FEED_SET_KINDS[kind]
  const oldestFirst: string[] = []
  for (let i = allArticles.length - 1; i >= 0; i--) oldestFirst.push(...spec.names(allArticles[i]!))
  const slugs = spec.slugIsName ? new Map(oldestFirst.map((n) => [n, n.toLowerCase()])) : assignSlugs(oldestFirst)

  const members = new Map<string, Article[]>()
  for (const article of published) {
    for (const name of new Set(spec.names(article))) {
      let list = members.get(name)
      if (!list) members.set(name, (list = []))
      list.push(article)
    }
  }
  const sets = new Map<string, FeedSet>()
  // A site that publishes in one language would repeat its whole archive under that language.
  if (kind === 'languages' && members.size === 1) return sets
  for (const [name, articles] of members) {
    const slug = slugs.get(name)!
    sets.set(slug, {
      kind,
      name,
      slug,
      path: setPath(kind, slug),
      ...namesOf(kind, name, site),
      hreflang: spec.hreflang?.(name),
      articles,
    })
  }
  return sets
}
