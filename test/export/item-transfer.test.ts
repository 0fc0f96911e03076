/**
 * Items encoded into shared memory: each reads back as the text it was made from, also across
 * the end of a chunk, and the other thread's view of them (through a real worker) is the same
 * bytes, without a copy.
 */
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { parseArticle } from '../../src/articles/parse-article.ts'
import { adoptItems, SharedItemArena, shareItems } from '../../src/export/item-transfer.ts'
import type { PackedItems } from '../../src/export/thread-messages.ts'
import { FEED_FORMAT_NAMES, ItemCache } from '../../src/feeds/formats.ts'
import type { Article } from '../../src/model/article.ts'
import type { FeedFormat } from '../../src/model/feed-files.ts'
import { readingMinutes } from '../../src/pages/reading-time.ts'
import { articleFile, fullTranslation, makeSite } from '../helpers/fixtures.ts'

const utf8 = new TextDecoder()
const site = makeSite()

describe('SharedItemArena', () => {
  it('encodes each text whole, in shared memory, starting a chunk where the last one is full', () => {
    const arena = new SharedItemArena(64)
    const texts = ['Zürich — 20 km', 'x'.repeat(50), 'Kyiv, Київ', '🚆'.repeat(40), '']
    const encoded = texts.map((text) => arena.encode(text))
    expect(encoded.map((bytes) => utf8.decode(bytes))).toEqual(texts)
    for (const bytes of encoded) expect(bytes.buffer).toBeInstanceOf(SharedArrayBuffer)
    // 17 + 50 bytes do not fit in 64; 160 bytes of emoji need a chunk larger than the usual.
    expect(arena.chunks.length).toBe(3)
    expect(arena.place(encoded[4]!)).toBeDefined()
    expect(arena.chunks[2]!.byteLength).toBeGreaterThanOrEqual(160)
    expect(arena.place(encoded[1]!)).toEqual({ chunk: 1, offset: 0 })
    expect(arena.place(new TextEncoder().encode('elsewhere'))).toBeUndefined()
  })

  it('copies bytes made elsewhere into shared memory', () => {
    const arena = new SharedItemArena(16)
    const copy = arena.copy(new TextEncoder().encode('made elsewhere, longer than a chunk'))
    expect(utf8.decode(copy)).toBe('made elsewhere, longer than a chunk')
    expect(arena.place(copy)?.chunk).toBe(1)
    // Nothing, first: still in shared memory, and placed.
    const empty = new SharedItemArena(16)
    expect(empty.place(empty.copy(new Uint8Array(0)))).toEqual({ chunk: 0, offset: 0 })
    expect(empty.place(empty.encode(''))).toEqual({ chunk: 0, offset: 0 })
  })
})

describe('shareItems and adoptItems', () => {
  const articles = ['Première', 'Second ünïcode', 'Third'].map((title, i) => article(`${i}.md`, title))

  it('hand another thread the same bytes, as views of the same memory', async () => {
    const arena = new SharedItemArena(256)
    const mine = new ItemCache(site, undefined, undefined, arena.encode)
    const packed = shareItems(mine, arena, articles, [0, 2])
    expect(packed.articles).toEqual([0, 2])

    // What a worker reads at the places it is given, and what it writes there.
    const expected = [0, 2].flatMap((i) => FEED_FORMAT_NAMES.map((format) => utf8.decode(mine.bytes(articles[i]!, format))))
    const seen = await inWorker(packed)
    expect(seen).toEqual(expected)
    // The worker marked the first byte of each item: this thread sees it, so nothing was copied.
    for (const i of [0, 2]) for (const format of FEED_FORMAT_NAMES) expect(mine.bytes(articles[i]!, format)[0]).toBe(0x21)

    const theirs = new ItemCache(site)
    adoptItems(theirs, articles, packed)
    for (const format of FEED_FORMAT_NAMES) expect(theirs.bytes(articles[2]!, format)).toEqual(mine.bytes(articles[2]!, format))
  })

  it('hand over the reading time of each article with its items: the other thread does not render its body again', () => {
    const long = article('long.md', 'Long', Array.from({ length: 700 }, (_, i) => `word${i}`).join(' '))
    const arena = new SharedItemArena()
    const packed = shareItems(new ItemCache(site, undefined, undefined, arena.encode), arena, [long], [0])
    expect([...packed.readingMinutes]).toEqual([3])
    // The other thread's copy of the article, whose body it has not rendered.
    const theirs = { ...article('long.md', 'Long', 'Another body, which is not the one counted.') }
    Object.defineProperty(theirs, 'bodyHtml', { get: () => expect.unreachable('the body was rendered again') })
    adoptItems(new ItemCache(site), [theirs], packed)
    expect(readingMinutes(theirs)).toBe(3)
  })

  it('refuses items for an article the view does not have', () => {
    const arena = new SharedItemArena()
    const packed = shareItems(new ItemCache(site, undefined, undefined, arena.encode), arena, articles, [1])
    expect(() => adoptItems(new ItemCache(site), articles.slice(0, 1), packed)).toThrow(/article 1, and there are 1/)
  })

  it('copy an item that was not encoded into the arena', () => {
    const arena = new SharedItemArena()
    const items = new ItemCache(site)
    const format: FeedFormat = 'json'
    const before = items.bytes(articles[0]!, format)
    const packed = shareItems(items, arena, articles, [0])
    expect(packed.chunks.length).toBe(1)
    expect(new Uint8Array(packed.chunks[0]!, packed.places[FEED_FORMAT_NAMES.indexOf(format) * 3 + 1], before.byteLength)).toEqual(before)
  })
})

function article(file: string, title: string, body = `Body of ${title}.`): Article {
  const { article } = parseArticle(articleFile(fullTranslation({ title }), `${body}\n`), file, site)
  if (!article) throw new Error(`${file} did not parse`)
  return article
}

/** Reads each item at its place in a worker, and marks its first byte with '!'. */
function inWorker(packed: PackedItems): Promise<string[]> {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { chunks, places } = workerData
    const seen = []
    for (let at = 0; at < places.length; at += 3) {
      const bytes = new Uint8Array(chunks[places[at]], places[at + 1], places[at + 2])
      seen.push(new TextDecoder().decode(bytes))
      bytes[0] = 0x21
    }
    parentPort.postMessage(seen)`
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData: packed })
    worker.once('message', (seen: string[]) => {
      resolve(seen)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}
