/** The three feed formats in one table: file name, media type and renderer, read by the app and the tests. */

import { sitePicture } from '../articles/picture.ts'
import type { FeedSet } from '../feed-sets/feed-sets.ts'
import { NO_SIBLINGS, type SiblingLookup } from '../feed-sets/translations.ts'
import type { BodyParts } from '../http/body-parts.ts'
import { wordsFor } from '../i18n/words.ts'
import { CURRENT, type DocumentNumber, documentArticles, neighbours } from '../model/archives.ts'
import { type Article, lastModified } from '../model/article.ts'
import type { FeedFormat } from '../model/feed-files.ts'
import { FEED_FILES, FEED_MEDIA_TYPES } from '../model/feed-files.ts'
import { documentPath, FEED_STYLESHEET_PATH, feedPath, subscribeSectionPath } from '../model/paths.ts'
import { NO_PUBLIC_FILES, type PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { renderAtom, renderAtomEntry } from './atom.ts'
import { type DocumentLinks, type FeedItem, type FeedMeta, toFeedItem } from './feed-model.ts'
import { renderJsonFeed, renderJsonFeedItem } from './json-feed.ts'
import { renderRss, renderRssItem } from './rss.ts'

export interface FeedFormatSpec {
  file: string
  /** The format's own media type: what links announce (autodiscovery, `rel="self"`). */
  mediaType: string
  /**
   * The type it is served with. XML feeds go as `application/xml`: a browser shows
   * `application/rss+xml` and `application/atom+xml` as plain text, where `application/xml`
   * takes the feed's stylesheet (a readable page); readers tell the format by the document.
   */
  contentType: string
  label: string
  /** One item, serialised as it sits in every document of this format. */
  renderItem(item: FeedItem, site: SiteSettings): string
  /** A document around items already serialised by renderItem, in parts: the items are not copied. */
  renderDocument(meta: FeedMeta, items: readonly Uint8Array[]): BodyParts
}

export const FEED_FORMATS: Record<FeedFormat, FeedFormatSpec> = {
  rss: {
    file: FEED_FILES.rss,
    mediaType: FEED_MEDIA_TYPES.rss,
    contentType: 'application/xml; charset=utf-8',
    label: 'RSS 2.0',
    renderItem: (item) => renderRssItem(item),
    renderDocument: renderRss,
  },
  atom: {
    file: FEED_FILES.atom,
    mediaType: FEED_MEDIA_TYPES.atom,
    contentType: 'application/xml; charset=utf-8',
    label: 'Atom 1.0',
    renderItem: (item, site) => renderAtomEntry(item, site.timeZone),
    renderDocument: renderAtom,
  },
  json: {
    file: FEED_FILES.json,
    mediaType: FEED_MEDIA_TYPES.json,
    contentType: 'application/feed+json; charset=utf-8',
    label: 'JSON Feed 1.1',
    renderItem: (item, site) => renderJsonFeedItem(item, site.timeZone, site.url),
    renderDocument: renderJsonFeed,
  },
}

export const FEED_FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[]

/** URL of one document of a set's feed. */
export function feedUrl(set: FeedSet, format: FeedFormat, document: DocumentNumber, site: SiteSettings): string {
  return `${site.url}${feedPath(set.path, document, format)}`
}

/**
 * Serialised items, made once per article and format and reused by every document that lists
 * the article (about eight sets each): the export keeps one for the whole build. An article is
 * re-created when its file changes, so a cache never serves an old version of it; an item also
 * names its article's other translations, so a cache is made for one view (its published
 * articles), whose sibling lookup it is given.
 */
export class ItemCache {
  readonly #site: SiteSettings
  readonly #items = new WeakMap<Article, { item?: FeedItem } & Partial<Record<FeedFormat, Uint8Array>>>()
  readonly #siblings: SiblingLookup
  readonly #encode: (text: string) => Uint8Array
  /** The public folder the items' pictures are described from (their type, bytes, pixel size). */
  readonly files: PublicFiles

  /** @param encode how an item becomes UTF-8 (the export encodes into memory its threads share) */
  constructor(
    site: SiteSettings,
    files: PublicFiles = NO_PUBLIC_FILES,
    siblings: SiblingLookup = NO_SIBLINGS,
    encode: (text: string) => Uint8Array = (text) => utf8.encode(text),
  ) {
    this.#site = site
    this.files = files
    this.#siblings = siblings
    this.#encode = encode
  }

  /**
   * The article's item, as every format reads it: credit line, dates, authors worked out once.
   * Kept until every format has its bytes, so that what else is made of the item (the
   * article's Fediverse object) is asked for first.
   */
  item(article: Article): FeedItem {
    const entry = this.#entryOf(article)
    return (entry.item ??= toFeedItem(article, this.#site, this.files, this.#siblings(article)))
  }

  bytes(article: Article, format: FeedFormat): Uint8Array {
    const entry = this.#entryOf(article)
    let bytes = entry[format]
    if (bytes) return bytes
    bytes = entry[format] = this.#encode(FEED_FORMATS[format].renderItem(this.item(article), this.#site))
    // Once every format has its bytes the item is not read again: its content (the whole body,
    // as one string) would stay in memory for nothing, an archive's worth in a full build.
    if (FEED_FORMAT_NAMES.every((name) => entry[name])) entry.item = undefined
    return bytes
  }

  /** Takes bytes made elsewhere (another thread of the export, from the same article and settings). */
  adopt(article: Article, format: FeedFormat, bytes: Uint8Array): void {
    this.#entryOf(article)[format] = bytes
  }

  #entryOf(article: Article) {
    let entry = this.#items.get(article)
    if (!entry) this.#items.set(article, (entry = {}))
    return entry
  }
}

const utf8 = new TextEncoder()

/**
 * One document of a set's feed, in parts (RFC 5005 §4, archived feeds): the current document holds
 * the newest items and links the newest archive as `prev-archive`; each archive links `current`
 * and its neighbours. Nothing in an archive depends on the articles outside it but whether a
 * newer archive exists, so a sealed archive keeps its bytes as the set grows.
 * @returns the body, and the newest change among its items (undefined for an empty feed)
 */
export function renderFeed(
  set: FeedSet,
  document: DocumentNumber,
  format: FeedFormat,
  site: SiteSettings,
  items = new ItemCache(site),
): { body: BodyParts; updated?: Date } {
  const articles = documentArticles(set.articles, document, site.itemsPerFeed)
  const updated = newestChange(articles)
  const meta = feedMeta(set, document, updated, site, items.files)
  return {
    body: FEED_FORMATS[format].renderDocument(
      meta,
      articles.map((article) => items.bytes(article, format)),
    ),
    updated,
  }
}

function feedMeta(set: FeedSet, document: DocumentNumber, updated: Date | undefined, site: SiteSettings, files: PublicFiles): FeedMeta {
  const { older, newer } = neighbours(set.articles.length, document, site.itemsPerFeed)
  const linksFor = (format: FeedFormat): DocumentLinks => ({
    self: feedUrl(set, format, document, site),
    current: document === CURRENT ? undefined : feedUrl(set, format, CURRENT, site),
    prevArchive: older === undefined ? undefined : feedUrl(set, format, older, site),
    nextArchive: newer === undefined ? undefined : feedUrl(set, format, newer, site),
  })
  return {
    id: `${site.url}${set.path}`,
    title: set.title,
    description: set.description,
    language: set.hreflang ?? site.language,
    homeUrl: `${site.url}${documentPath(set.path, document)}`,
    links: { rss: linksFor('rss'), atom: linksFor('atom'), json: linksFor('json') },
    archive: document !== CURRENT,
    // The newest item's last change, never "now", so equal content gives equal bytes.
    updated: updated ?? new Date(0),
    author: site.defaultAuthor,
    rights: site.rights,
    timeZone: site.timeZone,
    ttlMinutes: Math.ceil(site.cache.maxAge / 60),
    hub: site.websubHub,
    browser: {
      stylesheet: `${site.url}${FEED_STYLESHEET_PATH}`,
      subscribeUrl: `${site.url}${subscribeSectionPath(set.path)}`,
      words: wordsFor(site.language, site).messages.feedNote,
      language: site.language,
    },
    icon: sitePicture(site.icon, files, site.url),
    favicon: sitePicture(site.favicon, files, site.url),
    logo: sitePicture(site.logo, files, site.url),
  }
}

/** The newest `updated` (or `date`) among articles; undefined for none. */
export function newestChange(articles: readonly Article[]): Date | undefined {
  let newest: number | undefined
  for (const article of articles) {
    const t = lastModified(article).getTime()
    if (newest === undefined || t > newest) newest = t
  }
  return newest === undefined ? undefined : new Date(newest)
}
