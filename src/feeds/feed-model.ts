/**
 * The shared mapping from articles to feed items (spec §2–3). Format modules only decide how
 * to write these values; what is credited, and where, is decided here once.
 */

import { creditedAuthors, creditParagraph } from '../articles/attribution.ts'
import { correctionsHtml } from '../articles/corrections.ts'
import { type ArticlePicture, articlePicture, figureHtml, type Picture } from '../articles/picture.ts'
import type { Messages } from '../i18n/messages.ts'
import type { Person } from '../model/article.ts'
import { type Article, lastModified, type Original } from '../model/article.ts'
import type { FeedFormat } from '../model/feed-files.ts'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { languageDirection } from '../text/direction.ts'
import { el } from '../text/xml.ts'

export interface FeedMeta {
  /** Stable id of the feed, the same for all three formats. */
  id: string
  title: string
  description: string
  language: string
  /** The HTML page this feed mirrors. */
  homeUrl: string
  /** This document's own URL and its archive links (RFC 5005 §4), in each format. */
  links: Record<FeedFormat, DocumentLinks>
  /** An archive document (RFC 5005 §4: `fh:archive`), not the current one. */
  archive: boolean
  /** The newest item's last change (the epoch for none), never "now", so equal content gives equal bytes. */
  updated: Date
  author: Person
  rights?: string
  timeZone: string
  /** How long a reader may wait before polling again (RSS `<ttl>`, as Cache-Control). */
  ttlMinutes: number
  /** WebSub hub, when one is configured. */
  hub?: string
  /** For a person who opens the feed in a browser: its stylesheet and the set's subscribe section. */
  /** The browser view: its stylesheet, where to subscribe, and its words, in the site's language. */
  browser: { stylesheet: string; subscribeUrl: string; words: Messages['feedNote']; language: string }
  /** The site's square icon, small icon and wide logo, when set. */
  icon?: Picture
  favicon?: Picture
  logo?: Picture
}

export interface DocumentLinks {
  self: string
  /** The current document; on archives only. */
  current?: string
  /** The archive just older than this document; absent on the oldest. */
  prevArchive?: string
  /** The archive just newer; on archives but the newest, whose successor is `current`. */
  nextArchive?: string
}

export interface FeedItem {
  id: string
  url: string
  title: string
  published: Date
  updated: Date
  /** True when the article gave `updated`; formats that distinguish it say so. */
  revised: boolean
  language: string
  summary: string
  /** The credit paragraph first, then the corrections notice, the image and the body: sanitised, absolute URLs. */
  contentHtml: string
  authors: Person[]
  translators: Person[]
  tags: string[]
  original?: Original
  rights?: string
  license?: string
  picture?: ArticlePicture
  /** The other translations of the same original, one per language, ordered by language tag. */
  translations: Translation[]
}

/** Another language's translation of an item's original: our page of it. */
export interface Translation {
  url: string
  language: string
  title: string
}

/** RFC 5005 §4's namespace, for `fh:archive`. */
export const FEED_HISTORY_NS = 'http://purl.org/syndication/history/1.0'

/** `[rel, href]` for self and each archive link that exists, in a fixed order. */
export function documentLinks(links: DocumentLinks): [string, string][] {
  const rels = [
    ['self', links.self],
    ['current', links.current],
    ['prev-archive', links.prevArchive],
    ['next-archive', links.nextArchive],
  ] as const
  return rels.flatMap(([rel, href]) => (href === undefined ? [] : [[rel, href] as [string, string]]))
}

/** @param siblings the article's translation set but itself (feed-sets/translations.ts) */
export function toFeedItem(article: Article, site: SiteSettings, files: PublicFiles, siblings: readonly Article[] = []): FeedItem {
  const picture = article.image && articlePicture(article.image, files, site.url)
  return {
    id: article.id,
    url: article.url,
    title: article.title,
    published: article.date,
    updated: lastModified(article),
    revised: article.updated !== undefined,
    language: article.language,
    summary: article.summary,
    contentHtml:
      creditParagraph(article, site) +
      correctionsHtml(article, site) +
      figureHtml(picture, languageDirection(article.language), { plain: true }) +
      article.bodyHtml,
    authors: creditedAuthors(article, site),
    translators: article.translators,
    tags: article.tags,
    original: article.original,
    rights: article.rights,
    license: article.license,
    picture,
    translations: siblings.map(({ url, language, title }) => ({ url, language, title })),
  }
}

export const XHTML_NS = 'http://www.w3.org/1999/xhtml'

/**
 * What a person who opens the feed in a browser reads first, as XHTML inside the feed: browsers
 * show it (its links work), feed readers skip an element they do not know. In the XHTML
 * namespace by a default declaration, which the W3C validator accepts where a prefix warns.
 */
export function browserNote(meta: FeedMeta) {
  const a = (href: string, text: string) => el('a', { href }, text)
  const { words } = meta.browser
  return el(
    'div',
    // In the site's language, which a set's feed (`/languages/uk/`) may not be in.
    { xmlns: XHTML_NS, class: 'bylines-about', ...(meta.browser.language === meta.language ? {} : { 'xml:lang': meta.browser.language }) },
    el('p', {}, words.about),
    el('p', {}, a(meta.browser.subscribeUrl, words.howToSubscribe), ' · ', a(meta.homeUrl, words.readOnSite)),
  )
}
