/**
 * The Fedify store over Workers KV (src/edge/workers-kv-store.ts), against a namespace that
 * behaves as Workers KV's API does: keys listed in byte order, a page of at most `limit` keys with
 * a cursor for the rest, `expirationTtl` refused under 60 seconds.
 */
import { Temporal } from '@js-temporal/polyfill'
import { describe, expect, it } from 'vitest'
import { decodeKey, encodeKey, type WorkersKvNamespace, WorkersKvStore } from '../../src/edge/workers-kv-store.ts'
import { followersOf } from '../../src/fediverse/followers.ts'

/** Workers KV's behaviour, in memory: `pageSize` keys per list call. */
function fakeNamespace(pageSize = 2) {
  const values = new Map<string, string>()
  const ttls = new Map<string, number>()
  const namespace: WorkersKvNamespace = {
    get: async (key) => values.get(key) ?? null,
    async put(key, value, options) {
      if (options?.expirationTtl !== undefined && options.expirationTtl < 60)
        throw new Error('KV PUT failed: 400 Invalid expiration_ttl of less than 60 seconds')
      values.set(key, value)
      if (options?.expirationTtl !== undefined) ttls.set(key, options.expirationTtl)
    },
    delete: async (key) => void values.delete(key),
    async list({ prefix = '', cursor }) {
      const names = [...values.keys()].filter((name) => name.startsWith(prefix)).sort()
      const start = cursor ? Number(cursor) : 0
      const keys = names.slice(start, start + pageSize).map((name) => ({ name }))
      const complete = start + pageSize >= names.length
      return { keys, list_complete: complete, ...(complete ? {} : { cursor: String(start + pageSize) }) }
    },
  }
  return { namespace, values, ttls }
}

const collect = async <T>(items: AsyncIterable<T>) => {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

describe('WorkersKvStore', () => {
  it('keeps JSON values, a stored null apart from a missing key', async () => {
    const store = new WorkersKvStore(fakeNamespace().namespace)
    await store.set(['bylines', 'keys', 'news'], [{ kty: 'RSA', n: 'abc' }])
    await store.set(['fedify', 'nothing'], null)
    expect(await store.get(['bylines', 'keys', 'news'])).toEqual([{ kty: 'RSA', n: 'abc' }])
    expect(await store.get(['fedify', 'nothing'])).toBeNull()
    expect(await store.get(['fedify', 'missing'])).toBeUndefined()
    await store.delete(['bylines', 'keys', 'news'])
    expect(await store.get(['bylines', 'keys', 'news'])).toBeUndefined()
  })

  it('lists exactly the keys under a prefix, across pages, and not a longer sibling’s', async () => {
    const { namespace } = fakeNamespace(2)
    const store = new WorkersKvStore(namespace)
    const followers = ['https://a.example/users/1', 'https://b.example/u/2?x=/y', 'https://c.example/@3']
    for (const [i, id] of followers.entries()) await store.set(['bylines', 'followers', 'news', id], { n: i })
    await store.set(['bylines', 'followers', 'news2', 'https://d.example/users/4'], { n: 9 })
    await store.set(['bylines', 'followers', 'news'], { n: -1 })
    const listed = await collect(store.list(['bylines', 'followers', 'news']))
    expect(
      listed
        .map((entry) => entry.key)
        .filter((key) => key.length === 4)
        .map((key) => key[3])
        .sort(),
    ).toEqual([...followers].sort())
    expect(listed.some((entry) => entry.key[2] === 'news2')).toBe(false)
    expect(await collect(store.list())).toHaveLength(5)
  })

  it('turns a TTL into expirationTtl in whole seconds, at least the minute KV accepts', async () => {
    const { namespace, ttls } = fakeNamespace()
    const store = new WorkersKvStore(namespace)
    await store.set(['short'], 1, { ttl: Temporal.Duration.from({ seconds: 5 }) })
    await store.set(['long'], 1, { ttl: Temporal.Duration.from({ hours: 1, milliseconds: 1 }) })
    await store.set(['kept'], 1)
    expect(Object.fromEntries([...ttls].map(([key, ttl]) => [decodeKey(key)[0], ttl]))).toEqual({ short: 60, long: 3601 })
  })

  it('encodes each part, so that a slash or a percent in a URL stays inside its part', () => {
    const key = ['bylines', 'followers', 'news', 'https://x.example/a/b%2Fc?d=/e'] as const
    expect(encodeKey(key).split('/')).toHaveLength(5)
    expect(decodeKey(encodeKey(key))).toEqual(key)
  })

  it('holds the site’s followers as the Node server’s store does', async () => {
    const followers = followersOf(new WorkersKvStore(fakeNamespace(1).namespace))
    const recipient = (n: number) => ({
      id: new URL(`https://m${n}.example/users/x`),
      inboxId: new URL(`https://m${n}.example/users/x/inbox`),
      endpoints: { sharedInbox: new URL(`https://m${n}.example/inbox`) },
    })
    for (const n of [1, 2, 3]) await followers.add('news', recipient(n))
    expect(await followers.remove('news', new URL('https://m2.example/users/x'))).toBe(true)
    expect(await followers.remove('news', new URL('https://m2.example/users/x'))).toBe(false)
    const listed = await followers.list('news')
    expect(listed.map((follower) => follower.inboxId?.href).sort()).toEqual([
      'https://m1.example/users/x/inbox',
      'https://m3.example/users/x/inbox',
    ])
    expect(listed[0]!.endpoints?.sharedInbox?.href).toMatch(/^https:\/\/m[13]\.example\/inbox$/)
  })
})
