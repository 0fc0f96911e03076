/**
 * Fedify's key–value store over a Workers KV namespace: the followers, the actors' keys, what
 * followers were told, and Fedify's own caches, kept across isolates and deploys.
 *
 * A key's parts are each percent-encoded and joined by `/`, with a `/` at the end, so that a
 * list by prefix (`bylines/followers/news/`) finds exactly the keys under those parts, never
 * `news2`'s. Workers KV is eventually consistent: a write is seen at once where it was made,
 * and elsewhere within about a minute.
 */
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from '@fedify/fedify'

/** What this store uses of a KV namespace binding (workers-types' `KVNamespace`). */
export interface WorkersKvNamespace {
  get(key: string, type: 'text'): Promise<string | null>
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>
  delete(key: string): Promise<void>
  list(options: { prefix?: string; cursor?: string }): Promise<{ keys: { name: string }[]; list_complete: boolean; cursor?: string }>
}

/** Workers KV refuses an `expirationTtl` under a minute. */
const MINIMUM_TTL_SECONDS = 60

export class WorkersKvStore implements KvStore {
  readonly #namespace: WorkersKvNamespace

  constructor(namespace: WorkersKvNamespace) {
    this.#namespace = namespace
  }

  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const text = await this.#namespace.get(encodeKey(key), 'text')
    // Stored as JSON, so a stored `null` comes back as itself, and a missing key as undefined.
    return text === null ? undefined : (JSON.parse(text) as T)
  }

  async set(key: KvKey, value: unknown, options?: KvStoreSetOptions): Promise<void> {
    const ttl = options?.ttl && Math.max(MINIMUM_TTL_SECONDS, Math.ceil(options.ttl.total('second')))
    await this.#namespace.put(encodeKey(key), JSON.stringify(value), ttl ? { expirationTtl: ttl } : undefined)
  }

  async delete(key: KvKey): Promise<void> {
    await this.#namespace.delete(encodeKey(key))
  }

  async *list(prefix?: KvKey): AsyncIterable<KvStoreListEntry> {
    const encodedPrefix = prefix && prefix.length > 0 ? encodeKey(prefix) : undefined
    let cursor: string | undefined
    do {
      const page = await this.#namespace.list({ prefix: encodedPrefix, cursor })
      for (const { name } of page.keys) {
        const value = await this.get(decodeKey(name))
        // Deleted or expired between the list and the read.
        if (value !== undefined) yield { key: decodeKey(name), value }
      }
      cursor = page.list_complete ? undefined : page.cursor
    } while (cursor)
  }
}

export function encodeKey(key: KvKey): string {
  return key.map((part) => `${encodeURIComponent(part)}/`).join('')
}

export function decodeKey(name: string): KvKey {
  const parts = name.split('/').slice(0, -1).map(decodeURIComponent)
  return parts as unknown as KvKey
}
