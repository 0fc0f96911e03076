/**
 * What is out at a given moment: an article is published once its `date` has come, and
 * scheduled until then. The Node server, the build and WebSub all ask here, so they never
 * disagree about an article due this very second. Every function takes the articles newest
 * first (as a collection holds them), so the scheduled ones are the first few.
 */
import type { Article } from '../model/article.ts'

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

/** The articles not out yet at `now`, soonest first. */
export function scheduledBy(articles: readonly Article[], now: Date): Article[] {
  return articles.slice(0, articles.length - countPublished(articles, now)).reverse()
}

/**
 * A moment as an editor reads it: the site's local time, its zone, and UTC, which a scheduler
 * (cron) speaks: `2026-12-07 09:00 Europe/Paris (08:00 UTC)`.
 */
export function editorsTime(date: Date, timeZone: string): string {
  const local = dateAndTime(date, timeZone)
  if (timeZone === 'UTC') return `${local} UTC`
  const utc = dateAndTime(date, 'UTC')
  // The UTC day is said only when it is not the local one.
  return `${local} ${timeZone} (${utc.slice(0, 10) === local.slice(0, 10) ? utc.slice(11) : utc} UTC)`
}

function dateAndTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map(({ type, value }) => [type, value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}
