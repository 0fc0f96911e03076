/**
 * The rows of the SQLite message queue: a message waits in a row until it is due, is taken
 * under a lease (a token and an expiry), and its row is deleted when its handler succeeds. A
 * row whose lease has expired can be taken again: that is how a message taken by a process that
 * died is handled after the restart instead of being lost. Every method is one statement, so
 * two connections to the file (two processes, two queues) never take the same message.
 */
import { randomUUID } from 'node:crypto'
import { inImmediateTransaction, type SqliteDatabase, type SqliteStatement } from './sqlite.ts'

/** A message taken from the table, to be finished or released with its lease token. */
export interface TakenMessage {
  readonly id: number
  readonly message: unknown
  readonly leaseToken: string
  /** How many times a handler failed on this message before. */
  readonly failures: number
}

export interface QueueDepth {
  /** Rows not being handled now: waiting for their time, or due. */
  readonly queued: number
  readonly ready: number
  readonly delayed: number
}

/**
 * `id` is AUTOINCREMENT so that ids are never reused: they are the order messages were enqueued
 * in, which an ordering key must keep. Messages are JSON text.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS queue_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message TEXT NOT NULL,
    ordering_key TEXT,
    due_at INTEGER NOT NULL,
    lease_token TEXT,
    lease_until INTEGER,
    failures INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS queue_messages_by_due_time ON queue_messages (due_at, id);
  CREATE INDEX IF NOT EXISTS queue_messages_by_ordering_key ON queue_messages (ordering_key, id) WHERE ordering_key IS NOT NULL;
`

/**
 * The earliest due message not leased (or whose lease ran out), but of an ordering key only the first enqueued of those still
 * there: while it waits, is being handled, or waits for a retry, the later ones of its key wait
 * too, so a key's messages are handled one at a time and in order.
 */
const TAKE = `
  UPDATE queue_messages SET lease_token = ?, lease_until = ?
  WHERE id = (
    SELECT candidate.id FROM queue_messages AS candidate
    WHERE candidate.due_at <= ? AND (candidate.lease_until IS NULL OR candidate.lease_until <= ?)
      AND (candidate.ordering_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM queue_messages AS earlier
        WHERE earlier.ordering_key = candidate.ordering_key AND earlier.id < candidate.id))
    ORDER BY candidate.due_at, candidate.id
    LIMIT 1)
  RETURNING id, message, lease_token, failures
`

/** Rows not leased, or leased by a taker whose lease has run out. */
const FREE = '(lease_until IS NULL OR lease_until <= ?)'

export class SqliteQueueTable {
  readonly #insert: SqliteStatement
  readonly #take: SqliteStatement
  readonly #renew: SqliteStatement
  readonly #finish: SqliteStatement
  readonly #release: SqliteStatement
  readonly #depth: SqliteStatement

  /** The table does not own `database`: whoever opened it closes it. */
  constructor(readonly database: SqliteDatabase) {
    database.exec(SCHEMA)
    this.#insert = database.prepare('INSERT INTO queue_messages (message, ordering_key, due_at) VALUES (?, ?, ?)')
    this.#take = database.prepare(TAKE)
    this.#renew = database.prepare('UPDATE queue_messages SET lease_until = ? WHERE id = ? AND lease_token = ?')
    this.#finish = database.prepare('DELETE FROM queue_messages WHERE id = ? AND lease_token = ?')
    this.#release = database.prepare(
      'UPDATE queue_messages SET lease_token = NULL, lease_until = NULL, failures = failures + 1, due_at = ? WHERE id = ? AND lease_token = ?',
    )
    this.#depth = database.prepare(`SELECT count(*) AS queued, coalesce(sum(due_at <= ?), 0) AS ready FROM queue_messages WHERE ${FREE}`)
  }

  /** Adds messages, in this order, due at `dueAt` (milliseconds since the epoch), all or none. */
  insert(messages: readonly unknown[], dueAt: number, orderingKey: string | undefined): void {
    const encoded = messages.map(encodeMessage)
    inImmediateTransaction(this.database, () => {
      for (const message of encoded) this.#insert.run(message, orderingKey ?? null, dueAt)
    })
  }

  /** Takes the next due message (see TAKE) under a lease that runs until `leaseUntil`. */
  take(now: number, leaseUntil: number): TakenMessage | undefined {
    const row = this.#take.get(randomUUID(), leaseUntil, now, now)
    if (row === undefined) return undefined
    return {
      id: Number(row.id),
      message: JSON.parse(String(row.message)),
      leaseToken: String(row.lease_token),
      failures: Number(row.failures),
    }
  }

  /** Extends a lease still held; false when it was lost (it ran out and another took the row). */
  renew(taken: TakenMessage, leaseUntil: number): boolean {
    return Number(this.#renew.run(leaseUntil, taken.id, taken.leaseToken).changes) > 0
  }

  /** Deletes a handled message's row, if the lease is still this taker's. */
  finish(taken: TakenMessage): void {
    this.#finish.run(taken.id, taken.leaseToken)
  }

  /** Gives a message whose handler failed back to the queue, due again at `dueAt`. */
  release(taken: TakenMessage, dueAt: number): void {
    this.#release.run(dueAt, taken.id, taken.leaseToken)
  }

  depth(now: number): QueueDepth {
    const row = this.#depth.get(now, now)
    const queued = Number(row?.queued ?? 0)
    const ready = Number(row?.ready ?? 0)
    return { queued, ready, delayed: queued - ready }
  }
}

function encodeMessage(message: unknown): string {
  const encoded = JSON.stringify(message)
  if (encoded === undefined) throw new TypeError(`A queued message must be a JSON value; got ${typeof message}.`)
  return encoded
}
