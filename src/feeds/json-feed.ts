/** JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with the `_translation` extension. */
import { formatRfc3339 } from '../articles/dates.ts'
import { type ArticlePicture, pictureTitle } from '../articles/picture.ts'
import type { BodyParts } from '../http/body-parts.ts'
import type { Person } from '../model/article.ts'
import { documentParts } from '../text/xml.ts'
import type { FeedItem, FeedMeta } from './feed-model.ts'

/** Where the `_translation` extension is documented, relative to the site URL. */
export const TRANSLATION_EXTENSION_PATH = 'spec/json-feed-translation'

/** JSON.stringify's indentation of an item of `items`: two levels down. */
const ITEM_INDENT = '    '
const ITEMS_PLACE = `${ITEM_INDENT}"\\u0000items"`
const utf8 = new TextEncoder()
const SEPARATOR = utf8.encode(',\n')

/** One item, as JSON.stringify(feed, null, 2) writes it inside `items`. */
export function renderJsonFeedItem(item: FeedItem, timeZone: string, siteUrl: string): string {
  const json = JSON.stringify(
    renderItem(item, (d) => formatRfc3339(d, timeZone), `${siteUrl}${TRANSLATION_EXTENSION_PATH}`),
    null,
    2,
  )
  return ITEM_INDENT + json.replaceAll('\n', `\n${ITEM_INDENT}`)
}

/** A feed around items already serialised by renderJsonFeedItem: the bytes JSON.stringify would give. */
export function renderJsonFeed(meta: FeedMeta, items: readonly Uint8Array[]): BodyParts {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: meta.title,
    home_page_url: meta.homeUrl,
    feed_url: meta.links.json.self,
    // JSON Feed 1.1 pages only forward: next_url walks the archives from the newest to the oldest.
    next_url: meta.links.json.prevArchive,
    description: meta.description,
    // JSON Feed 1.1: `icon` large and square (512×512), `favicon` small and square (64×64).
    icon: meta.icon?.url,
    favicon: meta.favicon?.url,
    language: meta.language,
    authors: [author(meta.author)],
    hubs: meta.hub ? [{ type: 'WebSub', url: meta.hub }] : undefined,
    items: items.length > 0 ? ['\u0000items'] : [],
  }
  const text = `${JSON.stringify(feed, null, 2)}\n`
  if (items.length === 0) return [utf8.encode(text)]
  const [head, tail] = text.split(ITEMS_PLACE) as [string, string]
  return documentParts(utf8.encode(head), items, SEPARATOR, utf8.encode(tail))
}

function renderItem(item: FeedItem, date: (d: Date) => string, about: string) {
  return {
    id: item.id,
    url: item.url,
    external_url: item.original?.url,
    title: item.title,
    content_html: item.contentHtml,
    summary: item.summary || undefined,
    image: item.picture?.url,
    date_published: date(item.published),
    date_modified: item.revised ? date(item.updated) : undefined,
    authors: item.authors.map(author),
    tags: nonEmpty(item.tags),
    language: item.language,
    attachments: item.picture && [attachment(item.picture)],
    _translation: translation(item, date, about),
    _image: item.picture && image(item.picture, about),
  }
}

/** The picture as an attachment: JSON Feed's only place for its type and size. */
function attachment(picture: ArticlePicture) {
  return {
    url: picture.url,
    mime_type: picture.type ?? 'application/octet-stream',
    title: pictureTitle(picture),
    size_in_bytes: picture.size,
  }
}

/** What JSON Feed has no field for: the picture's words, its credit apart from the article's (documented at `about`). */
function image(picture: ArticlePicture, about: string) {
  return {
    about: `${about}#image`,
    url: picture.url,
    alt: picture.alt,
    caption: picture.caption,
    credit: picture.credit,
    width: picture.width,
    height: picture.height,
  }
}

/** Keys with no value are left out (spec §4): JSON.stringify drops `undefined`. */
function translation(item: FeedItem, date: (d: Date) => string, about: string) {
  const original = item.original
  if (!original) return undefined
  return {
    about,
    original: {
      url: original.url,
      title: original.title,
      language: original.language,
      date_published: original.date && date(original.date),
      authors: nonEmpty(original.authors.map(author)),
      publication: {
        name: original.publication.name,
        url: original.publication.url,
        feed_url: original.publication.feed,
      },
    },
    translators: nonEmpty(item.translators.map(author)),
    rights: item.rights,
    license: item.license,
    // The other translations of the same original on this site, one per language.
    translations: nonEmpty(item.translations.map(({ url, language, title }) => ({ url, language, title }))),
  }
}

function author(p: Person) {
  return { name: p.name, url: p.url }
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined
}
