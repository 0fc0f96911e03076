/**
 * Serialised items shared between the two threads of the export: packed into one
 * SharedArrayBuffer, which both threads then read (a message shares it, never copies it), so
 * the archive's items are in memory once however many threads use them. Articles are named by
 * their place among the view's published articles, which both threads number alike
 * (thread-messages.ts, viewFingerprint).
 */
import type { Article } from '../articles/article.ts'
import { FEED_FORMAT_NAMES, type ItemCache } from '../feeds/formats.ts'
import type { PackedItems } from './thread-messages.ts'

/**
 * The items of `articles` (made already, or made now) in shared memory, for the other thread;
 * this thread's cache takes them from there too, and lets its own copies go.
 */
export function shareItems(items: ItemCache, published: readonly Article[], articles: number[]): PackedItems {
  const parts: Uint8Array[] = []
  for (const index of articles) for (const format of FEED_FORMAT_NAMES) parts.push(items.bytes(published[index]!, format))
  const lengths = new Uint32Array(parts.length)
  let total = 0
  parts.forEach((part, i) => (total += lengths[i] = part.byteLength))
  const bytes = new Uint8Array(new SharedArrayBuffer(total))
  let offset = 0
  for (const part of parts) {
    bytes.set(part, offset)
    offset += part.byteLength
  }
  const packed = { articles, lengths, bytes }
  adoptItems(items, published, packed)
  return packed
}

/** Puts items packed by shareItems into this thread's cache, as views of the shared memory. */
export function adoptItems(items: ItemCache, published: readonly Article[], packed: PackedItems): void {
  let part = 0
  let offset = 0
  for (const index of packed.articles) {
    const article = published[index]
    if (!article) throw new Error(`items came for article ${index}, and there are ${published.length}`)
    for (const format of FEED_FORMAT_NAMES) {
      const length = packed.lengths[part++]!
      items.adopt(article, format, packed.bytes.subarray(offset, offset + length))
      offset += length
    }
  }
}
