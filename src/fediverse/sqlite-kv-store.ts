/**
 * Fedify's key–value store in a SQLite table, so that what it keeps (our keys, our followers,
 * its caches and idempotency records) survives a restart of the Node server.
 */

import { isDeepStrictEqual } from 'node:util'
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify'
import { durationToMilliseconds } from './duration-milliseconds.ts'
import { inImmediateTransaction, type SqliteDatabase, type SqliteStatement } from './sqlite.ts'

export interface SqliteKvStoreOptions {
  /** The clock, in milliseconds since the epoch; `Date.now` unless a test sets the time. */
  now?: () => number
}

/** Expired rows already read as absent; they are deleted at most this often, on a write. */
const SWEEP_INTERVAL_MS = 60_000

/**
 * A key is stored as its JSON text (`["followers","https://a.example/users/b"]`): one text
 * column, its order byte-wise, and a prefix of whole parts is a prefix of the text (see
 * `keyRange`). A value is stored as JSON text too; `undefined` as NULL.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS kv_entries (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT,
    expires_at INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS kv_entries_by_expiry ON kv_entries (expires_at) WHERE expires_at IS NOT NULL;
`

export class SqliteKvStore implements KvStore {
  readonly #now: () => number
  readonly #select: SqliteStatement
  readonly #upsert: SqliteStatement
  readonly #delete: SqliteStatement
  readonly #deleteExpired: SqliteStatement
  readonly #deleteIfExpired: SqliteStatement
  readonly #listAll: SqliteStatement
  readonly #listRange: SqliteStatement
  #sweptAt = Number.NEGATIVE_INFINITY

  /** The store does not own `database`: whoever opened it closes it. */
  constructor(
    readonly database: SqliteDatabase,
    options: SqliteKvStoreOptions = {},
  ) {
    this.#now = options.now ?? Date.now
    database.exec(SCHEMA)
    this.#select = database.prepare('SELECT value, expires_at FROM kv_entries WHERE key = ?')
    this.#upsert = database.prepare(
      'INSERT INTO kv_entries (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at',
    )
    this.#delete = database.prepare('DELETE FROM kv_entries WHERE key = ?')
    this.#deleteExpired = database.prepare('DELETE FROM kv_entries WHERE expires_at IS NOT NULL AND expires_at <= ?')
    this.#deleteIfExpired = database.prepare('DELETE FROM kv_entries WHERE key = ? AND expires_at IS NOT NULL AND expires_at <= ?')
    const live = '(expires_at IS NULL OR expires_at > ?)'
    this.#listAll = database.prepare(`SELECT key, value FROM kv_entries WHERE ${live} ORDER BY key`)
    this.#listRange = database.prepare(
      `SELECT key, value FROM kv_entries WHERE (key = ? OR (key >= ? AND key < ?)) AND ${live} ORDER BY key`,
    )
  }

  // The drivers are synchronous; the methods are async so that a failure is a rejected promise.
  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    return this.#read(encodeKey(key)) as T | undefined
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    this.#upsert.run(encodeKey(key), encodeValue(value), this.#expiry(options))
    this.#sweepNowAndThen()
  }

  async delete(key: KvKey): Promise<void> {
    this.#delete.run(encodeKey(key))
  }

  /** Sets `newValue` if the value now stored (absent reads as `undefined`) equals `expectedValue`. */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvStoreSetOptions): Promise<boolean> {
    const encoded = encodeKey(key)
    return inImmediateTransaction(this.database, () => {
      if (!isDeepStrictEqual(this.#read(encoded), expectedValue)) return false
      this.#upsert.run(encoded, encodeValue(newValue), this.#expiry(options))
      return true
    })
  }

  /** Every live entry whose key starts with the whole parts of `prefix` (the key itself included). */
  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const now = this.#now()
    const rows = prefix === undefined ? this.#listAll.all(now) : this.#listRange.all(...keyRange(prefix), now)
    for (const row of rows) yield { key: JSON.parse(String(row.key)) as KvKey, value: decodeValue(row.value) }
  }

  /** The value at an encoded key; an expired row reads as absent and is deleted. */
  #read(encodedKey: string): unknown {
    const row = this.#select.get(encodedKey)
    if (row === undefined) return undefined
    const now = this.#now()
    if (row.expires_at !== null && Number(row.expires_at) <= now) {
      this.#deleteIfExpired.run(encodedKey, now)
      return undefined
    }
    return decodeValue(row.value)
  }

  #expiry(options: KvStoreSetOptions | undefined): number | null {
    return options?.ttl == null ? null : this.#now() + durationToMilliseconds(options.ttl)
  }

  #sweepNowAndThen(): void {
    const now = this.#now()
    if (now - this.#sweptAt < SWEEP_INTERVAL_MS) return
    this.#sweptAt = now
    this.#deleteExpired.run(now)
  }
}

function encodeKey(key: KvKey): string {
  return JSON.stringify(key)
}

/**
 * The encoded key equal to `prefix`, and the half-open range of the encoded keys that extend it
 * by whole parts: those that start `["a","b",`. Inside a JSON string a quote is escaped, so `",`
 * only ever ends a part; the range ends at the same text with its last character (`,`) plus one.
 */
function keyRange(prefix: KvKey): [equal: string, from: string, to: string] {
  const equal = encodeKey(prefix)
  const open = equal.slice(0, -1)
  return [equal, `${open},`, `${open}-`]
}

function encodeValue(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value)
}

function decodeValue(stored: unknown): unknown {
  return stored === null ? undefined : JSON.parse(String(stored))
}
