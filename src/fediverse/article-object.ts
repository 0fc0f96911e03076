/**
 * Every published article as an ActivityStreams `Article`, made from its feed item so that the
 * Fediverse gets what the feeds get: the same credit line first in the content, the picture,
 * the tags, and the attribution machine-readable (attribution-extension.ts).
 */
import { Article, Document, Hashtag, Image, LanguageString, Link, PUBLIC_COLLECTION } from '@fedify/vocab'
import { Temporal } from '@js-temporal/polyfill'
import type { FeedItem } from '../feeds/feed-model.ts'
import { escapeHtml } from '../text/escape-html.ts'
import type { ArticlePicture } from '../articles/picture.ts'
import { ATTRIBUTION_CONTEXT, attributionProperties } from './attribution-extension.ts'
import { DocumentArticle } from './document-article.ts'
import { hashtagName } from './hashtags.ts'

export interface ArticleObjectIds {
  /** The article page's URL: the page answers `Accept: application/activity+json` with this object. */
  id: URL
  /** The site's actor. */
  actor: URL
  /** The actor's followers collection. */
  followers: URL
  /** A tag's page, which a hashtag links to. */
  tagUrl(tag: string): URL
}

/**
 * The item's object. A translation carries the attribution extension in its JSON-LD, which
 * Fedify has no property for: the object is written by Fedify, the extension added to that
 * document, and the document read back, so that the object serialises as that document
 * wherever Fedify serialises it (document-article.ts).
 */
export async function articleObject(item: FeedItem, ids: ArticleObjectIds): Promise<Article> {
  const article = new Article(articleValues(item, ids))
  const extension = attributionProperties(item)
  return extension ? DocumentArticle.fromJsonLd(withExtension(await article.toJsonLd(), extension)) : article
}

/**
 * The item's object as JSON-LD: what `toJsonLd()` of articleObject's object returns, without
 * reading the document back into an object, which a file of the export has no use for.
 */
export async function articleDocument(item: FeedItem, ids: ArticleObjectIds): Promise<unknown> {
  const document = await new Article(articleValues(item, ids)).toJsonLd()
  const extension = attributionProperties(item)
  return extension ? withExtension(document, extension) : document
}

/** Fedify's document of the object, the extension's terms added to its context and its properties to it. */
function withExtension(document: unknown, extension: Record<string, unknown>): Record<string, unknown> {
  const { '@context': context } = document as { '@context': unknown[] }
  return { ...(document as Record<string, unknown>), '@context': [...context, ATTRIBUTION_CONTEXT], ...extension }
}

function articleValues(item: FeedItem, ids: ArticleObjectIds): ConstructorParameters<typeof Article>[0] {
  const inLanguage = (text: string) => [text, new LanguageString(text, item.language)]
  return {
    id: ids.id,
    // `name` + `summary` + `url` are what Mastodon shows of an Article (it is one of the types it
    // converts: FEDERATION.md); `content` is what servers that render articles show.
    names: inLanguage(item.title),
    // Plain text in an object whose text is HTML (`mediaType`): escaped, as the actor's summary is.
    summaries: item.summary ? inLanguage(`<p>${escapeHtml(item.summary)}</p>`) : [],
    contents: inLanguage(item.contentHtml),
    mediaType: 'text/html',
    urls: pageLinks(item),
    published: instant(item.published),
    updated: item.revised ? instant(item.updated) : null,
    attribution: ids.actor,
    // Public and to the followers: what Mastodon calls a public post, shown on its timelines.
    to: PUBLIC_COLLECTION,
    cc: ids.followers,
    tags: hashtags(item.tags, ids),
    image: item.picture ? new Image(pictureValues(item.picture)) : null,
    attachments: item.picture ? [new Document(pictureValues(item.picture))] : [],
  }
}

/**
 * Our page first (Mastodon links the first `text/html` link of `url`), then the page of each
 * other translation of the same original (spec §5) as an alternate in its language: what the
 * page's `<link rel="alternate" hreflang>` and Atom's alternates say, in ActivityStreams' Link
 * (`hreflang`, `rel`, `name`).
 */
function pageLinks(item: FeedItem): Link[] {
  const page = new Link({ href: new URL(item.url), mediaType: 'text/html', language: new Intl.Locale(item.language) })
  const siblings = item.translations.map(
    ({ url, language, title }) => new Link({ href: new URL(url), mediaType: 'text/html', rels: ['alternate'], language: new Intl.Locale(language), name: title }),
  )
  return [page, ...siblings]
}

/** One hashtag per distinct name (Mastodon's names ignore case); tags with no letter have none. */
function hashtags(tags: readonly string[], ids: ArticleObjectIds): Hashtag[] {
  const byName = new Map<string, Hashtag>()
  for (const tag of tags) {
    const name = hashtagName(tag)
    if (name && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), new Hashtag({ name, href: ids.tagUrl(tag) }))
  }
  return [...byName.values()]
}

/** The picture with its alt text as `name`, which Mastodon shows as the media's description. */
function pictureValues(picture: ArticlePicture) {
  return { url: new URL(picture.url), mediaType: picture.type ?? null, name: picture.alt, width: picture.width ?? null, height: picture.height ?? null }
}

/** A date as the Temporal instant Fedify's vocabulary takes. */
export function instant(date: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime())
}
