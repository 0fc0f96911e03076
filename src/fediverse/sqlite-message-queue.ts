/**
 * Fedify's message queue in SQLite, for the Node server: outgoing deliveries (and incoming
 * activities) wait in a file, so that a restart loses none. Fedify retries a failed delivery
 * itself, with its back-off, by enqueueing it again (`nativeRetrial` is false); this queue only
 * keeps a message until a handler has finished with it. See docs/decisions.md.
 */
import type { MessageQueue, MessageQueueDepth, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify'
import { durationToMilliseconds } from './duration-milliseconds.ts'
import type { SqliteDatabase } from './sqlite.ts'
import { SqliteQueueTable, type TakenMessage } from './sqlite-queue-table.ts'

export interface SqliteMessageQueueOptions {
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test sets the time. */
  now?: () => number
  /** How often `listen` looks for messages that became due (others' or delayed ones). 1 s. */
  pollIntervalMs?: number
  /**
   * How long a taken message is reserved for its handler; the lease is renewed while the handler
   * runs, so this is how long a message taken by a process that died waits to be taken again.
   * 60 s.
   */
  leaseMs?: number
  /** How many messages one `listen` handles at once (never two of one ordering key). 4. */
  concurrency?: number
  /**
   * Told when a handler throws (with its message, which is kept and tried again later) or when
   * the queue cannot be read (no message: `listen` tries again at the next poll). Logs on stderr
   * by default.
   */
  onError?: (error: unknown, message?: unknown) => void
}

const DEFAULT_POLL_INTERVAL_MS = 1_000
const DEFAULT_LEASE_MS = 60_000
const DEFAULT_CONCURRENCY = 4
/** A message whose handler threw waits 1 s, then 2, 4, … up to an hour before the next try. */
const FIRST_RETRY_DELAY_MS = 1_000
const LONGEST_RETRY_DELAY_MS = 3_600_000

/**
 * Fedify's `ParallelMessageQueue` must not wrap this queue: it returns from the handler this
 * queue calls before the work is done, so the row would be deleted too early and a restart
 * would lose the message. Use `concurrency` instead.
 */
export class SqliteMessageQueue implements MessageQueue {
  /** Fedify re-enqueues a failed delivery itself, with its retry policy (see the file header). */
  readonly nativeRetrial = false
  readonly #table: SqliteQueueTable
  readonly #now: () => number
  readonly #pollIntervalMs: number
  readonly #leaseMs: number
  readonly #concurrency: number
  readonly #onError: (error: unknown, message?: unknown) => void
  /** The listen loops of this queue waiting for work, woken at once by an enqueue here. */
  readonly #sleepers = new Set<() => void>()

  /** The queue does not own `database`: whoever opened it closes it. */
  constructor(database: SqliteDatabase, options: SqliteMessageQueueOptions = {}) {
    this.#table = new SqliteQueueTable(database)
    this.#now = options.now ?? Date.now
    this.#pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
    this.#concurrency = options.concurrency ?? DEFAULT_CONCURRENCY
    this.#onError = options.onError ?? reportError
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.enqueueMany([message], options)
  }

  // async, as every method here, so that a refused message is a rejected promise, not a throw.
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delayMs = options?.delay == null ? 0 : durationToMilliseconds(options.delay)
    this.#table.insert(messages, this.#now() + delayMs, options?.orderingKey)
    this.#wake()
  }

  /**
   * Handles due messages until `signal` aborts, then resolves at once (abort it before the
   * database is closed). A handler still running
   * then goes on, its lease renewed, and its row is deleted when it succeeds; if the process ends
   * first, the lease runs out and the message is handled again after the restart.
   */
  async listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options
    const running = new Set<Promise<void>>()
    while (signal?.aborted !== true) {
      while (running.size < this.#concurrency) {
        const taken = this.#takeNext()
        if (taken === undefined) break
        const handling = this.#handle(taken, handler).finally(() => {
          running.delete(handling)
          this.#wake()
        })
        running.add(handling)
      }
      await this.#sleep(signal)
    }
  }

  /** The next due message, or none; `listen` never rejects, so a failed read is reported. */
  #takeNext(): TakenMessage | undefined {
    const now = this.#now()
    try {
      return this.#table.take(now, now + this.#leaseMs)
    } catch (error) {
      this.#report(error)
      return undefined
    }
  }

  async getDepth(): Promise<MessageQueueDepth> {
    return this.#table.depth(this.#now())
  }

  async #handle(taken: TakenMessage, handler: (message: unknown) => Promise<void> | void): Promise<void> {
    const renewal = setInterval(() => {
      if (!this.#tryWrite(() => this.#table.renew(taken, this.#now() + this.#leaseMs))) clearInterval(renewal)
    }, this.#leaseMs / 3)
    renewal.unref()
    try {
      await handler(taken.message)
    } catch (error) {
      this.#tryWrite(() => this.#table.release(taken, this.#now() + retryDelayMs(taken.failures)))
      this.#report(error, taken.message)
      return
    } finally {
      clearInterval(renewal)
    }
    this.#tryWrite(() => this.#table.finish(taken))
  }

  /**
   * Writes what became of a taken message; false when it could not be written or the lease was
   * lost. The database may have been closed meanwhile (a handler that outlived the server's
   * shutdown): then the row keeps its lease until it runs out, and the message is handled again
   * after the restart rather than lost.
   */
  #tryWrite(write: () => boolean | void): boolean {
    try {
      return write() !== false
    } catch {
      return false
    }
  }

  #report(error: unknown, message?: unknown): void {
    try {
      this.#onError(error, message)
    } catch {
      // A reporter that fails must not stop the queue, nor leave a promise rejected unhandled.
    }
  }

  /** Waits for an enqueue in this process, a handler that finished, the poll interval or `signal`. */
  #sleep(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted === true) return resolve()
      const wake = () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', wake)
        this.#sleepers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, this.#pollIntervalMs)
      signal?.addEventListener('abort', wake, { once: true })
      this.#sleepers.add(wake)
    })
  }

  #wake(): void {
    for (const wake of this.#sleepers) wake()
  }
}

/** 1 s after the first failure, doubled after each one, at most an hour. */
function retryDelayMs(earlierFailures: number): number {
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** earlierFailures, LONGEST_RETRY_DELAY_MS)
}

function reportError(error: unknown, message?: unknown): void {
  if (message === undefined) console.error('The message queue could not be read; it will be tried again in a moment:', error)
  else console.error('A queued message could not be handled; it stays in the queue and will be tried again:', error)
}
