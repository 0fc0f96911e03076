/**
 * How a set's articles are split into documents: archived feeds (RFC 5005 §4). Archives are
 * numbered from the oldest, and each holds exactly `perArchive` articles; the current document
 * holds the rest, the newest: at least `perArchive` of them once the set has that many, fewer
 * than twice as many. When it reaches twice as many, its older half is sealed as the next archive.
 *
 * So a new article changes the current document only (and now and then seals an archive, a new
 * file). An edit changes the one document that holds the article. A back-dated article shifts
 * every later article by one place: it changes the archive it lands in and every later one of
 * its sets (docs/decisions.md, "Stable archives", says why that trade was made).
 *
 * Every function here takes the set's articles newest first, as sets hold them. This module is
 * the one place a document's slice of a set is computed: feeds, pages, WebSub and the export
 * all ask here.
 */

/** A set's documents: `CURRENT`, or an archive's number from 1 (the oldest). */
export type DocumentNumber = number
export const CURRENT: DocumentNumber = 0

/** How many sealed archives a set of `total` articles has. */
export function archiveCount(total: number, perArchive: number): number {
  return Math.max(0, Math.floor(total / perArchive) - 1)
}

/** The articles of one document, newest first. */
export function documentArticles<T>(articles: readonly T[], document: DocumentNumber, perArchive: number): T[] {
  const total = articles.length
  if (document === CURRENT) return articles.slice(0, total - archiveCount(total, perArchive) * perArchive)
  return articles.slice(total - document * perArchive, total - (document - 1) * perArchive)
}

/** Whether `document` exists in a set of `total` articles. An empty set still has its current document. */
export function hasDocument(total: number, document: DocumentNumber, perArchive: number): boolean {
  return document === CURRENT || (Number.isInteger(document) && document >= 1 && document <= archiveCount(total, perArchive))
}

/** The documents next to one another: what `prev-archive`, `next-archive` and `current` point at. */
export function neighbours(
  total: number,
  document: DocumentNumber,
  perArchive: number,
): { older?: DocumentNumber; newer?: DocumentNumber } {
  const archives = archiveCount(total, perArchive)
  if (document === CURRENT) return archives > 0 ? { older: archives } : {}
  return {
    older: document > 1 ? document - 1 : undefined,
    // The newest archive's successor is the current document, linked as `current` already.
    newer: document < archives ? document + 1 : undefined,
  }
}

/**
 * Where page `page` of the numbering used before archives (pages of `perArchive`, newest
 * first) has gone: the document that now holds the first article it showed; undefined past
 * the end.
 */
export function documentForOldPage(total: number, page: number, perArchive: number): DocumentNumber | undefined {
  const first = (page - 1) * perArchive
  if (first >= total) return page === 1 ? CURRENT : undefined
  const archive = Math.floor((total - 1 - first) / perArchive) + 1
  return archive > archiveCount(total, perArchive) ? CURRENT : archive
}
