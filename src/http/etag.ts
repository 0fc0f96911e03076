/** ETags of the representations of one response, apart from prepared.ts so the Worker can use them without a hash function. */
import type { ContentCoding } from './encoding.ts'

/** The ETag of a compressed variant, derived from the identity one: distinct, and still strong. */
export function codingEtag(identityEtag: string, coding: ContentCoding): string {
  return coding === 'identity' ? identityEtag : `${identityEtag.slice(0, -1)}-${coding}"`
}
