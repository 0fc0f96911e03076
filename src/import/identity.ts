/** Ids of imported and new articles, and the content hash that tells an edited file. */
import { createHash, randomUUID } from 'node:crypto'

/**
 * The UUID namespace of bylines imports (RFC 9562 §5.5). Fixed forever: changing it would give
 * every re-imported text a new id, and feed readers would show it again as a new item.
 */
const IMPORT_NAMESPACE = '1942d71c-2fa4-47b2-b91f-7af3b2315eec'

/**
 * A name-based UUID (version 5: SHA-1 of the namespace and the name) from the normalised raw
 * text, so the same text always gives the same id, whatever its line ends, BOM or file name.
 */
export function importIdFor(normalisedText: string): string {
  const namespace = Buffer.from(IMPORT_NAMESPACE.replace(/-/g, ''), 'hex')
  const hash = createHash('sha1').update(namespace).update(normalisedText, 'utf8').digest()
  const bytes = hash.subarray(0, 16)
  bytes[6] = (bytes[6]! & 0x0f) | 0x50
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)]
  return `urn:uuid:${groups.join('-')}`
}

/** A fresh random id (UUID version 4) for an article started by hand. */
export function newArticleId(): string {
  return `urn:uuid:${randomUUID()}`
}

/** SHA-256 of a file's text, hex: what the import manifest remembers of each file it wrote. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
