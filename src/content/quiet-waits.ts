/**
 * Waits for each changed thing (a file, or a whole folder) to be quiet before it is read, each
 * on its own: a key is due once it has had no change for `quietMs`, or once `maxMs` have passed
 * since its wait began, whichever comes first. So a file that never stops changing is still
 * taken at the bound, and it never holds up another; one quiet period for everything, restarted
 * by any change, let a log appended every 20 ms hold an article's edit back for seconds.
 */

export interface QuietWaitOptions {
  quietMs: number
  maxMs: number
}

export interface QuietWaits<K> {
  /**
   * A change to `key`. `since` is when an earlier change to it, not served yet, was seen (a file
   * read too soon that waits again): what `oldest` reports. It does not shorten the wait.
   */
  touch(key: K, since?: number): void
  /** Whether `key` is waiting. */
  has(key: K): boolean
  /** When the oldest change still waiting was seen (`performance.now()`), or undefined. */
  oldest(): number | undefined
  /** Makes every waiting key due now. */
  flush(): void
  close(): void
}

interface Wait {
  /** When the change it waits for was seen, for `oldest`. */
  since: number
  /** When this wait began, for the bound. */
  began: number
  last: number
}

/** `onDue` gets the keys now due, each with when its change was seen. */
export function createQuietWaits<K>(onDue: (due: Map<K, number>) => void, { quietMs, maxMs }: QuietWaitOptions): QuietWaits<K> {
  const waiting = new Map<K, Wait>()
  let timer: ReturnType<typeof setTimeout> | undefined
  let armedFor = Infinity

  const deadlineOf = (wait: Wait) => Math.min(wait.last + quietMs, wait.began + maxMs)

  /** One timer for all keys, set for the earliest deadline; a later touch lets it fire early and set itself again. */
  const arm = (at: number) => {
    if (timer !== undefined && armedFor <= at) return
    clearTimeout(timer)
    armedFor = at
    timer = setTimeout(fire, Math.max(0, at - performance.now()))
    // A wait never keeps a process alive on its own.
    timer.unref()
  }

  const take = (isDue: (wait: Wait) => boolean) => {
    const due = new Map<K, number>()
    let next = Infinity
    for (const [key, wait] of waiting) {
      if (isDue(wait)) due.set(key, wait.since)
      else next = Math.min(next, deadlineOf(wait))
    }
    for (const key of due.keys()) waiting.delete(key)
    if (next < Infinity) arm(next)
    if (due.size > 0) onDue(due)
  }

  const fire = () => {
    timer = undefined
    armedFor = Infinity
    // Timers count whole milliseconds: one that fires a fraction early still finds its key due.
    const now = performance.now() + 1
    take((wait) => deadlineOf(wait) <= now)
  }

  return {
    touch(key, since) {
      const now = performance.now()
      let wait = waiting.get(key)
      if (wait) wait.last = now
      else waiting.set(key, (wait = { since: now, began: now, last: now }))
      if (since !== undefined) wait.since = Math.min(wait.since, since)
      arm(deadlineOf(wait))
    },
    has: (key) => waiting.has(key),
    oldest() {
      let oldest: number | undefined
      for (const { since } of waiting.values()) if (oldest === undefined || since < oldest) oldest = since
      return oldest
    },
    flush: () => take(() => true),
    close() {
      clearTimeout(timer)
      timer = undefined
      waiting.clear()
    },
  }
}
