/**
 * What is out at a given moment: an article is published once its `date` has come, and
 * scheduled until then. The Node server, the build and WebSub all ask here, so they never
 * disagree about an article due this very second. Every function takes the articles newest
 * first (as a collection holds them), so the scheduled ones are the first few.
 */
import type { Article } from './article.ts'

/** How many articles are out at `now`: the scheduled ones all come first. */
export function countPublished(articles: readonly Article[], now: Date): number {
  let scheduled = 0
  while (scheduled < articles.length && articles[scheduled]!.date.getTime() > now.getTime()) scheduled++
  return articles.length - scheduled
}

/** The articles out at `now`, newest first. */
export function publishedBy(articles: readonly Article[], now: Date): Article[] {
  return articles.slice(articles.length - countPublished(articles, now))
}

/** The soonest date of an article not out yet at `now`, if any. */
export function nextScheduled(articles: readonly Article[], now: Date): Date | undefined {
  const scheduled = articles.length - countPublished(articles, now)
  return scheduled > 0 ? articles[scheduled - 1]!.date : undefined
}
