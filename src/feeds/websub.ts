/**
 * WebSub publishing (W3C WebSub §5 discovery, §7 publishing): tell the hub which feeds changed,
 * so subscribers get updates without polling.
 */

import { publishedBy } from '../articles/schedule.ts'
import { buildFeedSetIndex, type FeedSet, type FeedSetIndex } from '../feed-sets/feed-sets.ts'
import { CURRENT, documentArticles } from '../model/archives.ts'
import type { Article } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { FEED_FORMAT_NAMES, feedUrl } from './formats.ts'

/**
 * Topic URLs (every format of the current document) of the sets whose current document differs between two states:
 * a new, removed or re-read article among its newest items. Articles are re-created when their
 * file changes, so comparing them by identity finds edits too.
 */
export function changedFeedUrls(before: FeedSetIndex, after: FeedSetIndex, site: SiteSettings): string[] {
  const current = (set: FeedSet | undefined) => (set ? documentArticles(set.articles, CURRENT, site.itemsPerFeed) : [])
  const sets = (index: FeedSetIndex) => new Map(index.all().map((s) => [s.path, s]))
  const old = sets(before)
  const now = sets(after)
  const urls: string[] = []
  for (const path of new Set([...old.keys(), ...now.keys()])) {
    const a = current(old.get(path))
    const b = current(now.get(path))
    if (a.length === b.length && a.every((article, i) => article === b[i])) continue
    const set = now.get(path) ?? old.get(path)!
    for (const format of FEED_FORMAT_NAMES) urls.push(feedUrl(set, format, CURRENT, site))
  }
  return urls
}

export function feedSetIndexAt(articles: readonly Article[], now: Date, site: SiteSettings): FeedSetIndex {
  return buildFeedSetIndex(articles, publishedBy(articles, now), site)
}

/** One publish ping per topic (`hub.mode=publish`, `hub.url`), as hubs commonly accept it. */
export async function notifyHub(
  hub: string,
  topics: readonly string[],
  fetchImpl: typeof fetch = fetch,
): Promise<{ topic: string; status: number | string }[]> {
  return Promise.all(
    topics.map(async (topic) => {
      try {
        const response = await fetchImpl(hub, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': topic }).toString(),
          signal: AbortSignal.timeout(10_000),
        })
        await response.body?.cancel()
        return { topic, status: response.status }
      } catch (error) {
        return { topic, status: (error as Error).message }
      }
    }),
  )
}
