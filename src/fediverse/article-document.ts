/**
 * Every published article as an ActivityStreams `Article`: the JSON-LD document, made from its
 * feed item so that the Fediverse gets what the feeds get (the same credit line first in the
 * content, the picture, the tags, and the attribution machine-readable,
 * attribution-extension.ts). The one place the document is made: the export writes it as the
 * object's file (which the Worker serves), and the Node server's object is read from it
 * (article-object.ts), so that both serve the same bytes.
 *
 * Written here as plain JSON, not by Fedify: it is the document Fedify's `toJsonLd()` writes for
 * an `Article` of these values (its expansion, then compaction against its own context, which
 * costs a millisecond or two an object), key for key and byte for byte, which
 * test/fediverse/article-object.test.ts checks against Fedify's own for every kind of item;
 * and it needs none of Fedify's code, so the export's threads do not load it. One difference,
 * in the values' spelling only: where an IRI lies in a namespace of Fedify's context (an
 * ActivityStreams or Mastodon term's), Fedify's compaction would shorten it to a compact IRI
 * (`as:…`); here every IRI is written whole, which a JSON-LD processor reads as the same IRI.
 */

import type { ArticlePicture } from '../articles/picture.ts'
import type { SiteView } from '../feed-sets/view.ts'
import type { FeedItem } from '../feeds/feed-model.ts'
import type { Article } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { Remembered } from '../text/remembered.ts'
import { ATTRIBUTION_CONTEXT, attributionProperties } from './attribution-extension.ts'
import { hashtagName } from './hashtags.ts'
import { ROUTES } from './routes.ts'

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

/** The ids an article's object names at this view: its own, the site's actor and followers, its tags' pages. */
export function objectIdsOf(view: SiteView, site: SiteSettings): (article: Article) => ArticleObjectIds {
  const actor = new URL(ROUTES.actor.replace('{identifier}', site.fediverse.handle).slice(1), site.url)
  const followers = new URL(ROUTES.followers.replace('{identifier}', site.fediverse.handle).slice(1), site.url)
  // A tag is on many articles: its page's URL is worked out once.
  const tagUrls = new Map<string, URL>()
  const tagUrl = (tag: string) => {
    let url = tagUrls.get(tag)
    if (!url) tagUrls.set(tag, (url = new URL(view.feedSets.named('tags', tag)?.path ?? '', site.url)))
    return url
  }
  return (article) => ({ id: new URL(article.url), actor, followers, tagUrl })
}

/** The `@context` Fedify gives an `Article`: ActivityStreams', the security vocabulary's, GoToSocial's and Fedify's own terms. */
export const ARTICLE_CONTEXT: readonly unknown[] = [
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/data-integrity/v1',
  'https://gotosocial.org/ns',
  {
    toot: 'http://joinmastodon.org/ns#',
    misskey: 'https://misskey-hub.net/ns#',
    fedibird: 'http://fedibird.com/ns#',
    sensitive: 'as:sensitive',
    Emoji: 'toot:Emoji',
    Hashtag: 'as:Hashtag',
    quote: { '@id': 'https://w3id.org/fep/044f#quote', '@type': '@id' },
    quoteUrl: 'as:quoteUrl',
    _misskey_quote: 'misskey:_misskey_quote',
    quoteUri: 'fedibird:quoteUri',
    QuoteAuthorization: 'https://w3id.org/fep/044f#QuoteAuthorization',
    quoteAuthorization: { '@id': 'https://w3id.org/fep/044f#quoteAuthorization', '@type': '@id' },
    emojiReactions: { '@id': 'fedibird:emojiReactions', '@type': '@id' },
  },
]

/**
 * The item's object as a JSON-LD document. A translation carries the attribution extension:
 * its terms after Fedify's in the context, its properties after Fedify's.
 *
 * The properties are in the order a JSON-LD compaction writes them: `id` and `type`, then the
 * others by their full IRI (all ActivityStreams', so by name), a value in the item's language in
 * the `…Map` beside the plain one; a property of one value holds it alone, of several an array.
 */
export function articleDocument(item: FeedItem, ids: ArticleObjectIds): Record<string, unknown> {
  const extension = attributionProperties(item)
  // The key of a language map is the tag as a JSON-LD processor writes it: lower case.
  const language = canonicalLanguage(item.language).toLowerCase()
  const inLanguage = (text: string) => ({ [language]: text })
  // Plain text in an object whose text is HTML (`mediaType`): escaped, as the actor's summary is.
  const summary = item.summary ? `<p>${escapeHtml(item.summary)}</p>` : undefined
  const { picture } = item
  const tags = hashtags(item.tags, ids)
  const document: Record<string, unknown> = {
    '@context': extension ? [...ARTICLE_CONTEXT, ATTRIBUTION_CONTEXT] : ARTICLE_CONTEXT,
    id: ids.id.href,
    type: 'Article',
  }
  if (picture) document.attachment = pictureNode('Document', picture)
  document.attributedTo = ids.actor.href
  // Public and to the followers (`to`, `cc`): what Mastodon calls a public post, shown on its timelines.
  document.cc = ids.followers.href
  // `name` + `summary` + `url` are what Mastodon shows of an Article (it is one of the types it
  // converts: FEDERATION.md); `content` is what servers that render articles show.
  document.content = item.contentHtml
  document.contentMap = inLanguage(item.contentHtml)
  if (picture) document.image = pictureNode('Image', picture)
  document.mediaType = 'text/html'
  document.name = item.title
  document.nameMap = inLanguage(item.title)
  document.published = isoInstant(item.published)
  if (summary !== undefined) {
    document.summary = summary
    document.summaryMap = inLanguage(summary)
  }
  if (tags.length > 0) document.tag = oneOrMany(tags)
  document.to = 'as:Public'
  if (item.revised) document.updated = isoInstant(item.updated)
  document.url = oneOrMany(pageLinks(item))
  return extension ? { ...document, ...extension } : document
}

/**
 * Our page first (Mastodon links the first `text/html` link of `url`), then the page of each
 * other translation of the same original (spec §5) as an alternate in its language: what the
 * page's `<link rel="alternate" hreflang>` and Atom's alternates say, in ActivityStreams' Link
 * (`hreflang`, `rel`, `name`).
 */
function pageLinks(item: FeedItem): Record<string, unknown>[] {
  const page = { type: 'Link', href: new URL(item.url).href, hreflang: canonicalLanguage(item.language), mediaType: 'text/html' }
  const siblings = item.translations.map(({ url, language, title }) => ({
    type: 'Link',
    href: new URL(url).href,
    hreflang: canonicalLanguage(language),
    mediaType: 'text/html',
    name: title,
    rel: 'alternate',
  }))
  return [page, ...siblings]
}

/** One hashtag per distinct name (Mastodon's names ignore case); tags with no letter have none. */
function hashtags(tags: readonly string[], ids: ArticleObjectIds): Record<string, unknown>[] {
  const byName = new Map<string, Record<string, unknown>>()
  for (const tag of tags) {
    const name = hashtagNames.get(tag, hashtagName)
    if (name && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), { type: 'Hashtag', href: ids.tagUrl(tag).href, name })
  }
  return [...byName.values()]
}

/** The picture with its alt text as `name`, which Mastodon shows as the media's description. */
function pictureNode(type: 'Image' | 'Document', picture: ArticlePicture): Record<string, unknown> {
  const node: Record<string, unknown> = { type }
  if (picture.height != null) node.height = picture.height
  if (picture.type != null) node.mediaType = picture.type
  if (picture.alt != null) node.name = picture.alt
  node.url = new URL(picture.url).href
  if (picture.width != null) node.width = picture.width
  return node
}

/** A language tag as Fedify writes it (`Intl.Locale`'s `baseName`: `pt-BR`, `zh-Hant-TW`), worked out once per tag. */
function canonicalLanguage(tag: string): string {
  return languages.get(tag, (tag) => new Intl.Locale(tag).baseName)
}

const languages = new Remembered<string, string>(1_000)
const hashtagNames = new Remembered<string, string | undefined>()

function oneOrMany<T>(values: T[]): T | T[] {
  return values.length === 1 ? values[0]! : values
}

/**
 * A date as Fedify writes an instant: ISO 8601 in UTC, with the fraction of a second only as
 * long as it needs to be (`…T16:45:00Z`, `…T16:45:00.5Z`), as Temporal writes one.
 */
export function isoInstant(date: Date): string {
  const iso = date.toISOString()
  const fraction = /\.(\d{3})Z$/.exec(iso)
  if (!fraction) return iso
  const digits = fraction[1]!.replace(/0+$/, '')
  return `${iso.slice(0, fraction.index)}${digits ? `.${digits}` : ''}Z`
}
