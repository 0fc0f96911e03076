/** Pings the WebSub hub when content changes and when a scheduled article comes out. */
import type { Article } from '../articles/article.ts'
import { nextScheduled } from '../articles/schedule.ts'
import type { SiteSettings } from '../settings.ts'
import { changedFeedUrls, feedSetIndexAt, notifyHub } from '../site/websub.ts'
import type { LiveContent } from './live-content.ts'

export function startWebSubPublisher(options: {
  live: LiveContent
  /** The settings now: feed sets and archives follow them. */
  site: () => SiteSettings
  hub: string
  log: (line: string) => void
  now?: () => Date
}): { close(): void } {
  const { live, site, hub, log } = options
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
    const next = nextScheduled(live.current().articles, armedAt)
    if (!next) return
    // setTimeout holds at most ~24.8 days; a later article re-arms when this fires.
    const delay = Math.min(next.getTime() - armedAt.getTime() + 1, 2 ** 31 - 1)
    timer = setTimeout(() => {
      const articles = live.current().articles
      publish(articles, armedAt, articles, now())
      armSchedule()
    }, delay)
    timer.unref?.()
  }

  live.onChange((before, after) => {
    const t = now()
    publish(before.articles, t, after.articles, t)
    armSchedule()
  })
  armSchedule()
  return { close: () => clearTimeout(timer) }
}
