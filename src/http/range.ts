/**
 * Byte ranges (RFC 9110 §14): a reader resuming a large picture, a browser seeking in a sound
 * file. One range is served as a 206; several ranges, a range that cannot be read, or a stale
 * If-Range get the whole representation, which §14.2 allows and every client handles.
 */

export type RangeAnswer = { start: number; end: number } | 'unsatisfiable' | undefined

/**
 * The one byte range `header` asks of a body of `size` bytes (end inclusive); 'unsatisfiable'
 * when it starts past the end; undefined to send the whole body.
 */
export function parseRange(header: string, size: number): RangeAnswer {
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match) return undefined
  const [, first, last] = match as unknown as [string, string, string]
  if (first === '' && last === '') return undefined
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last)
    if (length === 0) return 'unsatisfiable'
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - length), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1)
  if (!Number.isSafeInteger(start) || (last !== '' && Number(last) < start)) return undefined
  if (start >= size) return 'unsatisfiable'
  return { start, end }
}

/**
 * If-Range (§13.1.5): the range holds only while the client's copy is current. An entity tag
 * must match strongly; a date must be the exact Last-Modified.
 */
export function ifRangeHolds(ifRange: string | undefined, etag: string | undefined, lastModified: string | undefined): boolean {
  if (ifRange === undefined) return true
  const value = ifRange.trim()
  if (value.startsWith('"')) return etag !== undefined && value === etag
  if (value.startsWith('W/')) return false
  return lastModified !== undefined && value === lastModified
}
