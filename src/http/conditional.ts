/** Conditional GET (RFC 9110 §13.1–13.2): If-None-Match first, If-Modified-Since otherwise. */

/**
 * True when the client's copy is current. `etags` are every tag the resource has (one per
 * content coding); If-None-Match uses weak comparison, so `W/"x"` matches `"x"`.
 */
export function isNotModified(
  header: (name: 'if-none-match' | 'if-modified-since') => string | undefined,
  etags: readonly string[],
  lastModified: Date | undefined,
): boolean {
  const ifNoneMatch = header('if-none-match')
  if (ifNoneMatch !== undefined) {
    // §13.1.2: when If-None-Match is present, If-Modified-Since is ignored.
    return matchesAny(ifNoneMatch, etags)
  }
  const ifModifiedSince = header('if-modified-since')
  if (ifModifiedSince !== undefined && lastModified) {
    // §13.1.3: a value that is not an HTTP-date is ignored. All three forms end in GMT or have
    // a four-digit year after the time (asctime); anything else, however Date.parse reads it, is not.
    // HTTP-dates are at most 33 characters: longer values are not tested at all.
    const since =
      ifModifiedSince.length <= 40 && HTTP_DATE.test(ifModifiedSince)
        ? Date.parse(ifModifiedSince.endsWith('GMT') ? ifModifiedSince : `${ifModifiedSince} GMT`)
        : Number.NaN
    // HTTP dates have whole seconds.
    if (!Number.isNaN(since)) return Math.floor(lastModified.getTime() / 1000) * 1000 <= since
  }
  return false
}

const HTTP_DATE = /^[A-Za-z]{3,9}, [\w -]+ \d{2}:\d{2}:\d{2} GMT$|^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/

function matchesAny(header: string, etags: readonly string[]): boolean {
  // The common case, one tag sent back exactly as we gave it, costs no parsing.
  if (etags.includes(header)) return true
  if (header.trim() === '*') return etags.length > 0
  for (const tag of header.split(',')) {
    const candidate = opaque(tag.trim())
    if (candidate && etags.includes(candidate)) return true
  }
  return false
}

/** The opaque part of an entity tag, for weak comparison. */
function opaque(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}
