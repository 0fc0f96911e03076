/**
 * What the kinds of resource describe their inputs with (kind.ts, `inputs`): what an article, a
 * picture or a set's links add to the resources that show them, worked out once per view. Under
 * the same code and settings, equal inputs make equal bytes; the export leaves alone a file
 * whose inputs are those the last build recorded.
 */

import { type Picture, pictureAt, sitePicture } from '../articles/picture.ts'
import type { FeedSet } from '../feed-sets/feed-sets.ts'
import { siblingsOf } from '../feed-sets/translations.ts'
import { archiveCount, documentArticles } from '../model/archives.ts'
import type { Article } from '../model/article.ts'
import { FEED_SET_KIND_NAMES, type FeedSetKind } from '../model/paths.ts'
import { publicPathOf } from '../model/public-files.ts'
import { oncePer } from '../text/remembered.ts'
import type { ViewIndex } from './view-index.ts'

/** The view's index, with what its resources' inputs are written from. */
export interface Inputs extends ViewIndex {
  /** What an article adds to the inputs of what shows it, or undefined when its version is not known. */
  versionOf(article: Article | undefined): string | undefined
  /** The site's icon, favicon and logo as the pages show them. */
  identity: (string | undefined)[]
  /** The paths of the sets of a kind with these names, as the set index has them now. */
  pathsOf(kind: FeedSetKind, names: readonly string[]): (string | null)[]
  tagPathsOf(article: Article): (string | null)[]
  /** The other translations of an article, as its page and its feed items name them. */
  translationsOf(article: Article): unknown[]
  /** What a listing shows of an article (its version and its card's links), digested. */
  shownInPage(article: Article): string | undefined
  /** What a feed's item shows of an article (its version and its translations), digested. */
  shownInFeed(article: Article): string | undefined
  /** The first and last day of each of a set's archives, which its current page lists. */
  archiveDays(set: FeedSet): (number | undefined)[][]
  /** The kinds of set that have any: the site's current page links each. */
  kindsPublished(): FeedSetKind[]
}

/**
 * @param digest shortens what an article adds to the inputs of each document that lists it (about
 *   thirty: eight sets, four formats), worked out once per article; the export gives a hash
 */
export function inputsFor(index: ViewIndex, digest: (text: string) => string): Inputs {
  const { view, site } = index
  const per = site.itemsPerFeed
  const files = view.publicFiles
  // What the outputs show of a picture (articles/picture.ts): its type, bytes and pixel size when
  // local, and its variants, whose URLs name its bytes.
  const describe = (picture: Picture | undefined) =>
    picture?.local ? `${picture.type}:${picture.size}:${picture.width}x${picture.height}` : undefined
  const pictureOf = (url: string | undefined) => {
    if (url === undefined) return undefined
    const path = publicPathOf(url, site.url)
    const file = path === undefined ? undefined : files.files.get(path)
    const made = file && files.pictures?.of(file)
    const shown = describe(pictureAt(url, files, site.url))
    return shown && `${shown}:${made ? made.digest : ''}`
  }
  // Each article is in about thirty documents (eight sets, four formats): what they take of it
  // is worked out once.
  const versionText = oncePer((article: Article) => `${article.file}:${article.version}:${pictureOf(article.image?.url) ?? ''}`)
  const versionOf = (article: Article | undefined) => (article?.version === undefined ? undefined : versionText(article))
  // Pages link the sets an article belongs to: their paths, as the set index has them now.
  const pathsOf = (kind: FeedSetKind, names: readonly string[]) => names.map((name) => view.feedSets.named(kind, name)?.path ?? null)
  // A listing's card links the original's language, its publication and the translators.
  const cardPathsOf = oncePer((article: Article) => [
    pathsOf('from', article.original ? [article.original.language] : []),
    pathsOf('publications', article.original ? [article.original.publication.name] : []),
    pathsOf(
      'translators',
      article.translators.map((t) => t.name),
    ),
  ])
  // An article's page and its feed items name its other translations: a new one, or a changed
  // title, remakes what shows the article.
  const siblings = siblingsOf(view)
  const translationsOf = oncePer((article: Article) => siblings(article).map(({ url, language, title }) => [url, language, title]))
  // What a document shows of an article: a listing its card's links, a feed's item its translations.
  const shown = (links: (article: Article) => unknown) =>
    oncePer((article: Article) => {
      const version = versionOf(article)
      return version === undefined ? undefined : digest(JSON.stringify([version, links(article)]))
    })
  return {
    ...index,
    versionOf,
    identity: [site.icon, site.favicon, site.logo].map((setting) => describe(sitePicture(setting, files, site.url))),
    pathsOf,
    tagPathsOf: oncePer((article: Article) => pathsOf('tags', article.tags)),
    translationsOf,
    shownInPage: shown(cardPathsOf),
    shownInFeed: shown(translationsOf),
    // A current page lists its set's archives by their first and last day.
    archiveDays: (set) =>
      Array.from({ length: archiveCount(set.articles.length, per) }, (_, i) => {
        const articles = documentArticles(set.articles, i + 1, per)
        return [articles.at(-1)?.date.getTime(), articles[0]?.date.getTime()]
      }),
    kindsPublished: () => FEED_SET_KIND_NAMES.filter((kind) => view.feedSets.byKind(kind).size > 0),
  }
}
