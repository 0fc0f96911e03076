/**
 * Serialised items shared between the two threads of the export. Each thread encodes its items
 * straight into shared memory (SharedItemArena), so handing them to the other thread is a
 * message naming where they lie: the buffers are shared, never copied, and the archive's items
 * are in memory once however many threads read them. Articles are named by their place among the
 * view's published articles, which both threads number alike (thread-messages.ts,
 * viewFingerprint).
 *
 * Packing the items into one shared buffer after they were made copied every item once more and
 * held both copies for a while; encoding into shared memory from the start does neither
 * (docs/performance.md, "Figures behind the code").
 *
 * With the items go their articles' reading times, which every listing shows: the thread that
 * made an item rendered the body it counts, the other would render it again just to count it
 * (at 10,000 articles each thread rendered nearly every body).
 */

import { FEED_FORMAT_NAMES, type ItemCache } from '../feeds/formats.ts'
import type { Article } from '../model/article.ts'
import { knowReadingMinutes, readingMinutes } from '../pages/reading-time.ts'
import type { PackedItems } from './thread-messages.ts'

/**
 * Room for a chunk's worth of items: large enough that the end of a chunk an item did not fit in
 * wastes little (an item is some tens of kilobytes), small enough that a small build does not
 * reserve much. Memory the OS has not been asked to touch costs nothing.
 */
const CHUNK_BYTES = 32 * 1024 * 1024

/** UTF-8 text encoded into chunks of shared memory, one after the other. */
export class SharedItemArena {
  readonly #chunks: SharedArrayBuffer[] = []
  readonly #numbers = new Map<ArrayBufferLike, number>()
  #free!: Uint8Array
  readonly #chunkBytes: number

  constructor(chunkBytes = CHUNK_BYTES) {
    this.#chunkBytes = chunkBytes
    // Even an empty text's bytes then lie in a chunk, where place() finds them.
    this.#newChunk(0)
  }

  /** The text's UTF-8 bytes, in shared memory. */
  readonly encode = (text: string): Uint8Array => {
    // encodeInto stops where the room ends; a UTF-16 unit takes at most 3 bytes.
    let { read, written } = utf8.encodeInto(text, this.#free)
    if (read < text.length) {
      this.#newChunk(text.length * 3)
      ;({ read, written } = utf8.encodeInto(text, this.#free))
    }
    const bytes = this.#free.subarray(0, written)
    this.#free = this.#free.subarray(written)
    return bytes
  }

  /** A copy of bytes made elsewhere, in shared memory. */
  copy(bytes: Uint8Array): Uint8Array {
    if (this.#free.byteLength < bytes.byteLength) this.#newChunk(bytes.byteLength)
    const copy = this.#free.subarray(0, bytes.byteLength)
    copy.set(bytes)
    this.#free = this.#free.subarray(bytes.byteLength)
    return copy
  }

  /** Where bytes this arena made lie: its chunk's number and the offset in it; undefined for other bytes. */
  place(bytes: Uint8Array): { chunk: number; offset: number } | undefined {
    const chunk = this.#numbers.get(bytes.buffer)
    return chunk === undefined ? undefined : { chunk, offset: bytes.byteOffset }
  }

  get chunks(): readonly SharedArrayBuffer[] {
    return this.#chunks
  }

  #newChunk(atLeast: number): void {
    const chunk = new SharedArrayBuffer(Math.max(this.#chunkBytes, atLeast))
    this.#numbers.set(chunk, this.#chunks.length)
    this.#chunks.push(chunk)
    this.#free = new Uint8Array(chunk)
  }
}

const utf8 = new TextEncoder()

/**
 * Where the items of `articles` lie in this thread's arena, for the other thread. An item made
 * some other way (none is, in the export) is copied into the arena first.
 */
export function shareItems(items: ItemCache, arena: SharedItemArena, published: readonly Article[], articles: number[]): PackedItems {
  const places = new Uint32Array(articles.length * FEED_FORMAT_NAMES.length * 3)
  const minutes = new Uint32Array(articles.length)
  let at = 0
  for (const [i, index] of articles.entries()) {
    // The body is rendered already, for the item.
    minutes[i] = readingMinutes(published[index]!)
    for (const format of FEED_FORMAT_NAMES) {
      let bytes = items.bytes(published[index]!, format)
      let place = arena.place(bytes)
      if (!place) {
        items.adopt(published[index]!, format, (bytes = arena.copy(bytes)))
        place = arena.place(bytes)!
      }
      places[at++] = place.chunk
      places[at++] = place.offset
      places[at++] = bytes.byteLength
    }
  }
  return { articles, chunks: [...arena.chunks], places, readingMinutes: minutes }
}

/** Puts items packed by shareItems (on the other thread) into this thread's cache, as views of the shared memory. */
export function adoptItems(items: ItemCache, published: readonly Article[], packed: PackedItems): void {
  let at = 0
  for (const [i, index] of packed.articles.entries()) {
    const article = published[index]
    if (!article) throw new Error(`items came for article ${index}, and there are ${published.length}`)
    knowReadingMinutes(article, packed.readingMinutes[i]!)
    for (const format of FEED_FORMAT_NAMES) {
      const chunk = packed.chunks[packed.places[at++]!]!
      const offset = packed.places[at++]!
      const length = packed.places[at++]!
      items.adopt(article, format, new Uint8Array(chunk, offset, length))
    }
  }
}
