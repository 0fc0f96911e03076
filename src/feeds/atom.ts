/** Atom 1.0 (RFC 4287), with the license link relation of RFC 4946. */
import { formatRfc3339 } from '../articles/dates.ts'
import { pictureTitle } from '../articles/picture.ts'
import type { BodyParts } from '../http/body-parts.ts'
import type { Person } from '../model/article.ts'
import { FEED_MEDIA_TYPES } from '../model/feed-files.ts'
import { el, ITEMS_MARK, renderXmlDocumentWith, renderXmlFragment } from '../text/xml.ts'
import { browserNote, documentLinks, FEED_HISTORY_NS, type FeedItem, type FeedMeta } from './feed-model.ts'
import { MEDIA_RSS_NS, mediaContent } from './media-rss.ts'

/** One `<entry>`, as it sits in a feed (feed > entry); dates in the site's zone. */
export function renderAtomEntry(item: FeedItem, timeZone: string): string {
  return renderXmlFragment(
    renderEntry(item, (d) => formatRfc3339(d, timeZone)),
    '  ',
  )
}

/** A feed around entries already serialised by renderAtomEntry. */
export function renderAtom(meta: FeedMeta, items: readonly Uint8Array[]): BodyParts {
  const date = (d: Date) => formatRfc3339(d, meta.timeZone)
  const feed = el(
    'feed',
    {
      xmlns: 'http://www.w3.org/2005/Atom',
      'xmlns:media': MEDIA_RSS_NS,
      ...(meta.archive && { 'xmlns:fh': FEED_HISTORY_NS }),
      'xml:lang': meta.language,
    },
    el('id', {}, meta.id),
    el('title', { type: 'text' }, meta.title),
    el('subtitle', { type: 'text' }, meta.description),
    browserNote(meta),
    el('updated', {}, date(meta.updated)),
    documentLinks(meta.links.atom).map(([rel, href]) => el('link', { rel, type: FEED_MEDIA_TYPES.atom, href })),
    // RFC 5005 §4: an archive document says so.
    meta.archive && el('fh:archive', {}),
    el('link', { rel: 'alternate', type: 'text/html', hreflang: meta.language, href: meta.homeUrl }),
    meta.hub !== undefined && el('link', { rel: 'hub', href: meta.hub }),
    person('author', meta.author),
    meta.rights !== undefined && el('rights', { type: 'text' }, meta.rights),
    el('generator', {}, 'bylines'),
    // RFC 4287 §4.2.5, §4.2.8: a small square icon, and a larger logo (2:1 recommended).
    meta.icon && el('icon', {}, meta.icon.url),
    meta.logo && el('logo', {}, meta.logo.url),
    ITEMS_MARK,
  )
  return renderXmlDocumentWith(feed, items, undefined, meta.browser.stylesheet)
}

function renderEntry(item: FeedItem, date: (d: Date) => string) {
  const original = item.original
  return el(
    'entry',
    // RFC 4287 §2: xml:lang on the entry scopes every text construct inside it.
    { 'xml:lang': item.language },
    el('id', {}, item.id),
    el('title', { type: 'text' }, item.title),
    el('updated', {}, date(item.updated)),
    el('published', {}, date(item.published)),
    el('link', { rel: 'alternate', type: 'text/html', hreflang: item.language, href: item.url }),
    translationLinks(item),
    original?.url !== undefined &&
      el('link', {
        rel: 'via',
        type: 'text/html',
        hreflang: original.language,
        title: original.title,
        href: original.url,
      }),
    item.license !== undefined && el('link', { rel: 'license', href: item.license }),
    item.picture &&
      el('link', {
        rel: 'enclosure',
        type: item.picture.type,
        length: item.picture.size?.toString(),
        title: pictureTitle(item.picture),
        href: item.picture.url,
      }),
    item.authors.map((a) => person('author', a)),
    item.translators.map((t) => person('contributor', t)),
    // RFC 4287 §4.2.2: term is required; the tag is both term and label.
    item.tags.map((t) => el('category', { term: t })),
    item.rights !== undefined && el('rights', { type: 'text' }, item.rights),
    item.summary !== '' && el('summary', { type: 'text' }, item.summary),
    el('content', { type: 'html' }, item.contentHtml),
    item.picture && mediaContent(item.picture),
  )
}

/**
 * The other translations, each an alternate in its language (RFC 4287 §4.2.7.2: an alternate
 * version of the entry; §4.1.1: at most one per type and hreflang, so one per language and never
 * the entry's own). Readers take either the first or the last HTML alternate as the entry's link
 * (feedparser, https://github.com/kurtmckee/feedparser/blob/6.0.10/feedparser/namespaces/_base.py#L351,
 * and Feedbin, https://github.com/feedbin/feedbin/issues/747, the last; Miniflux and most others,
 * the first), so the entry's own page closes the list as well, once more without an hreflang: a
 * combination of type and hreflang of its own, which §4.1.1 allows.
 */
function translationLinks(item: FeedItem) {
  if (item.translations.length === 0) return []
  return [
    ...item.translations.map((t) => el('link', { rel: 'alternate', type: 'text/html', hreflang: t.language, title: t.title, href: t.url })),
    el('link', { rel: 'alternate', type: 'text/html', href: item.url }),
  ]
}

function person(name: 'author' | 'contributor', p: Person) {
  return el(name, {}, el('name', {}, p.name), p.url !== undefined && el('uri', {}, p.url))
}
