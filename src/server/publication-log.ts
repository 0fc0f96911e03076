/**
 * The server's word on what goes live: `published: {file} ({url})` when an article comes out,
 * by an edit or because its scheduled time has come; `scheduled: …` when one is dated in the
 * future, with the time it will; `no longer published: …` when one leaves the site. An editor
 * watching the log sees each article's fate as it happens, not at the next request.
 */

import { editorsTime, nextScheduled, publishedBy, scheduledBy } from '../articles/schedule.ts'
import type { Article } from '../model/article.ts'

export interface PublicationLog {
  /** The articles may have changed: say what changed for readers. */
  changed(): void
  close(): void
}

/** setTimeout holds at most ~24.8 days; a later article re-arms when it fires. */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/**
 * @param articles the articles the site publishes, scheduled ones included, newest first
 */
export function logPublications(options: {
  articles: () => readonly Article[]
  timeZone: string
  log: (line: string) => void
  now?: () => Date
}): PublicationLog {
  const { log, timeZone } = options
  const now = options.now ?? (() => new Date())
  let timer: ReturnType<typeof setTimeout> | undefined
  let out = new Map<string, string>()
  let waiting = new Map<string, number>()

  const look = (quiet: boolean) => {
    const at = now()
    const articles = options.articles()
    const nowOut = new Map(publishedBy(articles, at).map((article) => [article.file, article.url]))
    const nowWaiting = new Map<string, number>()
    for (const article of scheduledBy(articles, at)) {
      nowWaiting.set(article.file, article.date.getTime())
      // Said again when its time moves.
      if (waiting.get(article.file) !== article.date.getTime())
        log(`scheduled: ${article.file} goes live at ${editorsTime(article.date, timeZone)}: ${article.url}`)
    }
    if (!quiet) {
      for (const [file, url] of nowOut) if (out.get(file) !== url) log(`published: ${file} (${url})`)
      for (const [file, url] of out) if (nowOut.get(file) !== url && !nowWaiting.has(file)) log(`no longer published: ${file} (${url})`)
    }
    out = nowOut
    waiting = nowWaiting
    arm(articles, at)
  }

  const arm = (articles: readonly Article[], at: Date) => {
    clearTimeout(timer)
    const next = nextScheduled(articles, at)
    if (!next) return
    timer = setTimeout(() => look(false), Math.min(next.getTime() - at.getTime() + 1, LONGEST_TIMER_MS))
    timer.unref?.()
  }

  // What is out at start is the content's log line; only what waits is said.
  look(true)
  return { changed: () => look(false), close: () => clearTimeout(timer) }
}
