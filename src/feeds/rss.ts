/** RSS 2.0 (https://www.rssboard.org/rss-specification) with the Dublin Core, content and Atom modules. */
import { formatRfc822 } from '../articles/dates.ts'
import type { Picture } from '../articles/picture.ts'
import type { BodyParts } from '../http/body-parts.ts'
import { FEED_MEDIA_TYPES } from '../model/feed-files.ts'
import { escapeHtmlText } from '../text/escape-html.ts'
import {
  cdata,
  el,
  escapeXmlAttrHex,
  escapeXmlTextHex,
  ITEMS_MARK,
  renderXmlDocumentWith,
  renderXmlFragment,
  type XmlStyle,
} from '../text/xml.ts'
import { browserNote, documentLinks, FEED_HISTORY_NS, type FeedItem, type FeedMeta } from './feed-model.ts'
import { MEDIA_RSS_NS, mediaContent } from './media-rss.ts'

const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  media: MEDIA_RSS_NS,
}

/** RSS 2.0's limits for the channel `<image>`: 144 pixels wide, 400 high. */
const RSS_IMAGE_MAX = { width: 144, height: 400 }

/**
 * The RSS Best Practices Profile's escaping of plain text, in elements and in attributes, for
 * the channel and its items alike.
 */
const STYLE: XmlStyle = { escapeText: escapeXmlTextHex, escapeAttr: escapeXmlAttrHex }

/** One `<item>`, as it sits in a channel (rss > channel > item). */
export function renderRssItem(item: FeedItem): string {
  return renderXmlFragment(renderItem(item), '    ', STYLE)
}

/** A channel around items already serialised by renderRssItem. */
export function renderRss(meta: FeedMeta, items: readonly Uint8Array[]): BodyParts {
  const channel = el(
    'channel',
    {},
    el('title', {}, meta.title),
    el('link', {}, meta.homeUrl),
    el('description', {}, meta.description),
    browserNote(meta),
    el('language', {}, meta.language),
    meta.rights !== undefined && el('copyright', {}, meta.rights),
    el('lastBuildDate', {}, formatRfc822(meta.updated)),
    el('generator', {}, 'bylines'),
    el('docs', {}, 'https://www.rssboard.org/rss-specification'),
    el('ttl', {}, String(meta.ttlMinutes)),
    meta.icon && channelImage(meta.icon, meta),
    documentLinks(meta.links.rss).map(([rel, href]) => el('atom:link', { rel, type: FEED_MEDIA_TYPES.rss, href })),
    meta.archive && el('fh:archive', {}),
    meta.hub !== undefined && el('atom:link', { rel: 'hub', href: meta.hub }),
    ITEMS_MARK,
  )
  // Namespaces are declared once, on the root, whatever the items contain (spec §4).
  return renderXmlDocumentWith(
    el(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': NS.atom,
        'xmlns:dc': NS.dc,
        'xmlns:content': NS.content,
        'xmlns:media': NS.media,
        ...(meta.archive && { 'xmlns:fh': FEED_HISTORY_NS }),
      },
      channel,
    ),
    items,
    STYLE,
    meta.browser.stylesheet,
  )
}

function renderItem(item: FeedItem) {
  const original = item.original
  return el(
    'item',
    {},
    el('title', {}, item.title),
    el('link', {}, item.url),
    el('guid', { isPermaLink: 'false' }, item.id),
    el('pubDate', {}, formatRfc822(item.published)),
    // Readers treat <description> as HTML, so the plain-text summary is HTML-escaped first:
    // "<img onerror>" in a summary stays text, and "AT&amp;T" stays as written. Only as much as
    // HTML needs: a browser's view of the feed (feed-stylesheet.ts) shows the value as it is,
    // so "night's" must not become "night&#39;s".
    el('description', {}, escapeHtmlText(item.summary)),
    el('content:encoded', {}, cdata(item.contentHtml)),
    // <author> must be an email address; names go in dc:creator.
    item.authors.map((a) => el('dc:creator', {}, a.name)),
    item.translators.map((t) => el('dc:contributor', {}, t.name)),
    el('dc:language', {}, item.language),
    original?.url !== undefined && el('dc:source', {}, original.url),
    original?.url !== undefined &&
      el('atom:link', {
        rel: 'via',
        type: 'text/html',
        href: original.url,
        hreflang: original.language,
        title: original.title,
      }),
    original?.publication.feed !== undefined && el('source', { url: original.publication.feed }, original.publication.name),
    item.rights !== undefined && el('dc:rights', {}, item.rights),
    item.tags.map((t) => el('category', {}, t)),
    // RSS allows one enclosure, with its length in bytes: known for a file of this site only.
    item.picture?.size !== undefined &&
      el('enclosure', { url: item.picture.url, length: String(item.picture.size), type: item.picture.type ?? 'application/octet-stream' }),
    item.picture && mediaContent(item.picture),
  )
}

/**
 * The channel's `<image>`: its title and link must be the channel's. The declared size is the
 * picture's scaled to fit RSS's limits (readers scale it; the validator checks the numbers).
 */
function channelImage(icon: Picture, meta: FeedMeta) {
  const { width, height } = icon
  const scale = width && height ? Math.min(1, RSS_IMAGE_MAX.width / width, RSS_IMAGE_MAX.height / height) : undefined
  return el(
    'image',
    {},
    el('url', {}, icon.url),
    el('title', {}, meta.title),
    el('link', {}, meta.homeUrl),
    scale !== undefined && el('width', {}, String(Math.max(1, Math.floor(width! * scale)))),
    scale !== undefined && el('height', {}, String(Math.max(1, Math.floor(height! * scale)))),
  )
}
