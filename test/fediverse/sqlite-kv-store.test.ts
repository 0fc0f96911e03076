/** Fedify's key–value store in SQLite: values survive a reopen, ttl, compare-and-swap, listing by whole key parts. */

import type { KvKey, KvStore } from '@fedify/fedify'
import { Temporal } from '@js-temporal/polyfill'
import { describe, expect, it } from 'vitest'
import { SqliteKvStore } from '../../src/fediverse/sqlite-kv-store.ts'
import { DRIVERS, freshDatabaseFile } from './sqlite-drivers.ts'

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2026, 11, 1)) {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

/** The entries listed, in the order of their keys' parts (the contract names no order). */
async function listed(store: KvStore, prefix?: KvKey) {
  const entries = []
  for await (const entry of store.list(prefix)) entries.push(entry)
  const sortable = (key: KvKey) => key.join('\0')
  return entries.sort((a, b) => (sortable(a.key) < sortable(b.key) ? -1 : sortable(a.key) > sortable(b.key) ? 1 : 0))
}

for (const { driver, usable, title } of DRIVERS) {
  describe.skipIf(!usable)(`SqliteKvStore ${title}`, () => {
    const fresh = () => {
      const { open } = freshDatabaseFile(driver)
      const clock = manualClock()
      const { database } = open()
      return { store: new SqliteKvStore(database, { now: clock.now }), database, clock, open }
    }

    it('gets what was set, JSON values whole; a key never set or deleted reads as undefined', async () => {
      const { store, database } = fresh()
      const value = { id: 'https://a.example/users/b', inbox: 'https://a.example/inbox', tags: ['x', 'ü'], n: 1.5, ok: true, none: null }
      await store.set(['followers', 'https://a.example/users/b'], value)
      expect(await store.get(['followers', 'https://a.example/users/b'])).toEqual(value)
      expect(await store.get(['followers'])).toBeUndefined()
      await store.set(['followers', 'https://a.example/users/b'], 'replaced')
      expect(await store.get(['followers', 'https://a.example/users/b'])).toBe('replaced')
      await store.delete(['followers', 'https://a.example/users/b'])
      expect(await store.get(['followers', 'https://a.example/users/b'])).toBeUndefined()
      database.close()
    })

    it('keeps a value across close and reopen of the file', async () => {
      const { store, database, open } = fresh()
      await store.set(['keys', 'news'], { privateKey: { kty: 'RSA', n: 'abc' } })
      database.close()
      const reopened = open().database
      expect(await new SqliteKvStore(reopened).get(['keys', 'news'])).toEqual({ privateKey: { kty: 'RSA', n: 'abc' } })
      reopened.close()
    })

    it('reads a value past its ttl as absent, and deletes it', async () => {
      const { store, database, clock } = fresh()
      await store.set(['cache', 'doc'], 'fresh', { ttl: Temporal.Duration.from({ minutes: 5 }) })
      await store.set(['cache', 'kept'], 'for ever')
      clock.advance(5 * 60_000 - 1)
      expect(await store.get(['cache', 'doc'])).toBe('fresh')
      clock.advance(1)
      expect(await store.get(['cache', 'doc'])).toBeUndefined()
      expect(await listed(store, ['cache'])).toEqual([{ key: ['cache', 'kept'], value: 'for ever' }])
      expect(
        database
          .prepare('SELECT key FROM kv_entries ORDER BY key')
          .all()
          .map((row) => row.key),
      ).toEqual(['["cache","kept"]'])
      database.close()
    })

    it('sweeps expired rows it never reads, on a later write', async () => {
      const { store, database, clock } = fresh()
      await store.set(['idempotence', 'a'], true, { ttl: Temporal.Duration.from({ days: 1 }) })
      clock.advance(24 * 3_600_000)
      await store.set(['other'], 1)
      expect(
        database
          .prepare('SELECT key FROM kv_entries')
          .all()
          .map((row) => row.key),
      ).toEqual(['["other"]'])
      database.close()
    })

    it('swaps only when the stored value is the one expected (absent as undefined)', async () => {
      const { store, database, clock } = fresh()
      expect(await store.cas(['counter'], undefined, { n: 1 })).toBe(true)
      expect(await store.cas(['counter'], undefined, { n: 9 })).toBe(false)
      expect(await store.cas(['counter'], { n: 2 }, { n: 9 })).toBe(false)
      expect(await store.get(['counter'])).toEqual({ n: 1 })
      expect(await store.cas(['counter'], { n: 1 }, { n: 2 }, { ttl: Temporal.Duration.from({ seconds: 10 }) })).toBe(true)
      expect(await store.get(['counter'])).toEqual({ n: 2 })
      clock.advance(10_000)
      // Expired: reads as absent, so it is swapped as if never set.
      expect(await store.cas(['counter'], { n: 2 }, { n: 3 })).toBe(false)
      expect(await store.cas(['counter'], undefined, { n: 3 })).toBe(true)
      expect(await store.get(['counter'])).toEqual({ n: 3 })
      database.close()
    })

    it('lists by whole key parts: the prefix itself and its extensions, not a longer part that starts alike', async () => {
      const { store, database } = fresh()
      await store.set(['followers'], 'the list itself')
      await store.set(['followers', 'a'], 1)
      await store.set(['followers', 'a', 'b'], 2)
      await store.set(['followers', 'a,b'], 3)
      await store.set(['followers', 'a"'], 4)
      await store.set(['followersX', 'a'], 5)
      await store.set(['follower'], 6)
      await store.set(['following', 'z'], 7)
      expect(await listed(store, ['followers', 'a'])).toEqual([
        { key: ['followers', 'a'], value: 1 },
        { key: ['followers', 'a', 'b'], value: 2 },
      ])
      expect((await listed(store, ['followers'])).map((entry) => entry.key)).toEqual([
        ['followers'],
        ['followers', 'a'],
        ['followers', 'a', 'b'],
        ['followers', 'a"'],
        ['followers', 'a,b'],
      ])
      expect((await listed(store)).map((entry) => entry.value)).toEqual([6, 'the list itself', 1, 2, 4, 3, 5, 7])
      expect(await listed(store, ['nothing'])).toEqual([])
      database.close()
    })
  })
}
