/**
 * The resources at fixed paths, one of each whatever the articles: the page of every feed, the
 * OPML file of them, the doc of the JSON Feed extension, the feeds' stylesheet; and the 404 page,
 * which has no path.
 */

import { newestChange } from '../../feeds/formats.ts'
import { TRANSLATION_EXTENSION_PATH } from '../../feeds/json-feed.ts'
import type { PreparedResponse } from '../../http/prepared.ts'
import { FEED_STYLESHEET_PATH } from '../../model/paths.ts'
import { renderExtensionDoc } from '../../pages/extension-doc.ts'
import { FEED_STYLESHEET } from '../../pages/feed-stylesheet.ts'
import { renderOpml } from '../../pages/opml.ts'
import { renderFeedsPage, renderNotFoundPage } from '../../pages/pages.ts'
import type { ResourceKind } from '../kind.ts'
import { HTML_TYPE, type Making } from '../making.ts'

const OPML_TYPE = 'text/x-opml; charset=utf-8'
const CSS_TYPE = 'text/css; charset=utf-8'

/**
 * The kind of the one resource at `key`.
 * @param inputs what it is made from, where that is worked out; by default it is made by every
 *   build (a few pages, cheap to make, some listing every set)
 */
function fixedPage(name: string, key: string, make: (making: Making) => Promise<PreparedResponse>, inputs?: string): ResourceKind<true> {
  return {
    name,
    keys: () => [key],
    find: (asked) => asked === key || undefined,
    make: (_found, making) => make(making),
    inputs: () => inputs,
  }
}

export const feedsPage = fixedPage('feeds page', '/feeds', ({ view, site, files, prepare, htmlHeaders }) =>
  prepare(String(renderFeedsPage(view.feedSets, site, files)), HTML_TYPE, newestChange(view.published), htmlHeaders),
)

export const opmlFile = fixedPage('OPML file', '/feeds.opml', ({ view, site, prepare }) =>
  prepare(renderOpml(view.feedSets, site), OPML_TYPE, newestChange(view.published), { 'access-control-allow-origin': '*' }),
)

export const extensionDoc = fixedPage('extension doc', `/${TRANSLATION_EXTENSION_PATH}`, ({ site, files, prepare, htmlHeaders }) =>
  prepare(String(renderExtensionDoc(site, files)), HTML_TYPE, undefined, htmlHeaders),
)

export const feedStylesheet = fixedPage(
  'feed stylesheet',
  `/${FEED_STYLESHEET_PATH}`,
  ({ prepare }) => prepare(FEED_STYLESHEET, CSS_TYPE, undefined),
  // Fixed text: the code version (the build's context) is all it depends on.
  JSON.stringify(['feed-stylesheet']),
)

/** The 404 page: not a kind, since no key names it; made with the same headers as the pages. */
export function makeNotFoundPage({ site, files, prepare, htmlHeaders }: Making): Promise<PreparedResponse> {
  return prepare(
    String(renderNotFoundPage(site, files)),
    HTML_TYPE,
    undefined,
    { ...htmlHeaders, 'cache-control': 'public, max-age=60' },
    404,
  )
}
