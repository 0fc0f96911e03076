/**
 * A set's documents: its page and its feeds, current and archived. One kind, not two, because
 * the export lists each document's page and feeds together, and its index keeps that order.
 */

import type { FeedSet } from '../../feed-sets/feed-sets.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl, newestChange, renderFeed } from '../../feeds/formats.ts'
import { archiveCount, CURRENT, type DocumentNumber, documentArticles, hasDocument, neighbours } from '../../model/archives.ts'
import type { FeedFormat } from '../../model/feed-files.ts'
import { documentPath, feedPath } from '../../model/paths.ts'
import { renderSetPage } from '../../pages/listing.ts'
import type { ResourceKind } from '../kind.ts'
import { HTML_TYPE, type Making } from '../making.ts'

interface SetDocument {
  set: FeedSet
  document: DocumentNumber
  /** A feed's; none for the set's page. */
  format: FeedFormat | undefined
}

export const setDocuments: ResourceKind<SetDocument> = {
  name: 'set documents',
  *keys({ view, site }) {
    for (const set of view.feedSets.all()) {
      const archives = archiveCount(set.articles.length, site.itemsPerFeed)
      for (let document = CURRENT; document <= archives; document++) {
        yield `/${documentPath(set.path, document)}`
        for (const format of FEED_FORMAT_NAMES) yield `/${feedPath(set.path, document, format)}`
      }
    }
  },
  find(_key, target, { site, setAt }) {
    if (target?.type !== 'document') return undefined
    const set = setAt(target.kind, target.slug)
    if (!set || !hasDocument(set.articles.length, target.document, site.itemsPerFeed)) return undefined
    return { set, document: target.document, format: target.format }
  },
  make({ set, document, format }, making) {
    const { site, view, files, prepare, htmlHeaders, cachingOf } = making
    if (format) {
      const { body, updated } = renderFeed(set, document, format, site, making.items)
      return prepare(body, FEED_FORMATS[format].contentType, updated, feedHeaders(format, set, document, making))
    }
    const shown = documentArticles(set.articles, document, site.itemsPerFeed)
    return prepare(String(renderSetPage(set, document, view.feedSets, site, files)), HTML_TYPE, newestChange(shown), {
      ...htmlHeaders,
      ...cachingOf(document),
    })
  },
  inputs({ set, document, format }, inputs) {
    const per = inputs.site.itemsPerFeed
    const articles = documentArticles(set.articles, document, per).map(format ? inputs.shownInFeed : inputs.shownInPage)
    if (articles.includes(undefined)) return undefined
    const { older, newer } = neighbours(set.articles.length, document, per)
    // The current page's subscribe section shows the set's feed addresses: its path, here, and
    // the site's URL, in the build's context.
    const { kind, name, slug, path, title, description, label, hreflang } = set
    const kinds = !format && kind === 'site' && document === CURRENT && inputs.kindsPublished()
    const archives = !format && document === CURRENT && inputs.archiveDays(set)
    return JSON.stringify([
      format ?? 'html',
      kind,
      name,
      slug,
      path,
      title,
      description,
      label,
      hreflang,
      document,
      older,
      newer,
      articles,
      inputs.identity,
      kinds,
      archives,
    ])
  },
}

function feedHeaders(format: FeedFormat, set: FeedSet, document: DocumentNumber, { site, cachingOf }: Making): Record<string, string> {
  const headers: Record<string, string> = {
    ...cachingOf(document),
    // Republishers pull feeds from browsers (spec: CORS on feeds).
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'ETag, Last-Modified, Link',
  }
  if (site.websubHub) {
    headers.link = `<${site.websubHub}>; rel="hub", <${feedUrl(set, format, document, site)}>; rel="self"`
  }
  return headers
}
