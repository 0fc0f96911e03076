/** Pings the WebSub hub when content changes and when a scheduled article comes out. */

import { nextScheduled } from '../articles/schedule.ts'
import type { PublishedContent } from '../content/published-content.ts'
import { changedFeedUrls, feedSetIndexAt, notifyHub } from '../feeds/websub.ts'
import type { Article } from '../model/article.ts'
import type { SiteSettings } from '../settings/schema.ts'

/** Pings the hub for what readers see change: the articles after the verdict, as the site serves them. */
export function startWebSubPublisher(options: {
  content: Pick<PublishedContent, 'articles' | 'onChange'>
  /** The settings now: feed sets and archives follow them. */
  site: () => SiteSettings
  hub: string
  log: (line: string) => void
  now?: () => Date
}): { close(): void } {
  const { content, site, hub, log } = options
  const now = options.now ?? (() => new Date())
  let timer: ReturnType<typeof setTimeout> | undefined

  const publish = (before: readonly Article[], beforeTime: Date, after: readonly Article[], afterTime: Date) => {
    const now = site()
    const topics = changedFeedUrls(feedSetIndexAt(before, beforeTime, now), feedSetIndexAt(after, afterTime, now), now)
    if (topics.length === 0) return
    void notifyHub(hub, topics).then((results) => {
      for (const { topic, status } of results) log(`websub: publish ${topic} -> ${status}`)
    })
  }

  /** Wakes up when the next scheduled article is due, so its feeds are announced on time. */
  const armSchedule = () => {
    clearTimeout(timer)
    const armedAt = now()
    const next = nextScheduled(content.articles(), armedAt)
    if (!next) return
    // setTimeout holds at most ~24.8 days; a later article re-arms when this fires.
    const delay = Math.min(next.getTime() - armedAt.getTime() + 1, 2 ** 31 - 1)
    timer = setTimeout(() => {
      const articles = content.articles()
      publish(articles, armedAt, articles, now())
      armSchedule()
    }, delay)
    timer.unref?.()
  }

  let last = content.articles()
  content.onChange(() => {
    const t = now()
    const after = content.articles()
    publish(last, t, after, t)
    last = after
    armSchedule()
  })
  armSchedule()
  return { close: () => clearTimeout(timer) }
}
