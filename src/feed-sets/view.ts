/**
 * What the site shows at one moment: one content snapshot, the articles published by then, their
 * feed sets, and the responses prepared from them. A view is immutable, so a response is never
 * a mix of old and new content; a new view starts when the content changes or a scheduled
 * article's time comes, and its responses are prepared on first request.
 */

import { countPublished, nextScheduled, publishedBy } from '../articles/schedule.ts'
import type { PreparedResponse } from '../http/prepared.ts'
import type { Article } from '../model/article.ts'
import { NO_PUBLIC_FILES, type PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { buildFeedSetIndex, type FeedSetIndex } from './feed-sets.ts'

/** The articles of one version of the content: valid, non-draft, newest first; and the public folder. */
export interface ContentSnapshot {
  articles: readonly Article[]
  publicFiles?: PublicFiles
}

export interface SiteView {
  snapshot: ContentSnapshot
  /**
   * The moment the view was made for: what the news sitemap counts its two days back from. A
   * Node view lives until the content changes or a scheduled article comes out, so its news
   * sitemap may go on listing an article older than two days until then, which Google ignores.
   */
  at: Date
  published: readonly Article[]
  /** The public folder as it was in the snapshot. */
  publicFiles: PublicFiles
  readonly feedSets: FeedSetIndex
  /** The prepared response for `key`, made once per view. */
  prepared(key: string, prepare: () => Promise<PreparedResponse>): Promise<PreparedResponse>
  /** The response for `key` if it is prepared already. */
  ready(key: string): PreparedResponse | undefined
}

export function createViewSource(getSnapshot: () => ContentSnapshot, site: SiteSettings): (now: Date | number) => SiteView {
  let current: SiteView | undefined
  // The view stands until the content changes or the next scheduled article is due: asked on
  // every request, that is a comparison of a snapshot and of a number.
  let validFrom = Number.POSITIVE_INFINITY
  let validUntil = Number.POSITIVE_INFINITY
  // A number (Date.now()) from the server, asked on every request: no Date is made unless the view is.
  return (nowOrMs) => {
    const snapshot = getSnapshot()
    const t = typeof nowOrMs === 'number' ? nowOrMs : nowOrMs.getTime()
    // From the moment it was checked (a clock set back, in tests, checks again) to the next due date.
    if (current?.snapshot === snapshot && t >= validFrom && t < validUntil) return current
    const now = typeof nowOrMs === 'number' ? new Date(nowOrMs) : nowOrMs
    // Articles are newest first, so the published ones are told apart by their number alone.
    if (current?.snapshot !== snapshot || countPublished(snapshot.articles, now) !== current.published.length) {
      current = createView(snapshot, publishedBy(snapshot.articles, now), now, site)
    }
    validFrom = t
    validUntil = nextScheduled(snapshot.articles, now)?.getTime() ?? Number.POSITIVE_INFINITY
    return current
  }
}

function createView(snapshot: ContentSnapshot, published: Article[], at: Date, site: SiteSettings): SiteView {
  let feedSets: FeedSetIndex | undefined
  const responses = new Map<string, Promise<PreparedResponse>>()
  const settled = new Map<string, PreparedResponse>()
  return {
    snapshot,
    at,
    published,
    publicFiles: snapshot.publicFiles ?? NO_PUBLIC_FILES,
    get feedSets() {
      return (feedSets ??= buildFeedSetIndex(snapshot.articles, published, site))
    },
    prepared(key, prepare) {
      let response = responses.get(key)
      if (!response) {
        response = prepare()
        responses.set(key, response)
        response.then(
          (value) => settled.set(key, value),
          // A failure is not cached: the next request tries again and reports again.
          () => responses.delete(key),
        )
      }
      return response
    },
    ready: (key) => settled.get(key),
  }
}
