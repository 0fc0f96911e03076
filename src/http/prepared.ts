/**
 * A response prepared once per content change: encoded bytes, a strong ETag derived from them,
 * compressed variants made on first demand, and ready-made header sets. Serving it is a lookup
 * and a write.
 */
import { createHash } from 'node:crypto'
import { byteLengthOf, joinParts, type BodyParts } from './body-parts.ts'
import { offeredCodings, type ContentCoding, type Encoders } from './encoding.ts'
import { codingEtag } from './etag.ts'

export interface PreparedResponse {
  status: number
  lastModified?: Date
  /** The codings this response can be sent in. */
  codings: ContentCoding[]
  /** Every ETag of every coding, for If-None-Match. */
  etags: string[]
  variant(coding: ContentCoding): Promise<Variant>
  /** Headers for a 304 of the variant in `coding`: known without making its body. */
  notModifiedHeaders(coding: ContentCoding): Record<string, string>
  /** The variant if it has been made already, for callers that must not wait. */
  readyVariant(coding: ContentCoding): Variant | undefined
}

export interface Variant {
  body: Uint8Array
  /**
   * The same bytes in the parts they were made from, when they were (BodyParts): a writer can
   * write them in order without joining them first.
   */
  parts?: BodyParts
  /** Complete headers for a 200 with this body. */
  headers: Record<string, string>
}

const encoder = new TextEncoder()

export async function prepareResponse(options: {
  status?: number
  body: string | Uint8Array | BodyParts
  headers: Record<string, string>
  lastModified?: Date
  encoders?: Encoders
}): Promise<PreparedResponse> {
  const parts: BodyParts = typeof options.body === 'string' ? [encoder.encode(options.body)] : options.body instanceof Uint8Array ? [options.body] : options.body
  let joined: Uint8Array | undefined = parts.length === 1 ? parts[0] : undefined
  const whole = () => (joined ??= joinParts(parts))
  const etag = `"${digest(parts)}"`
  const encoders = options.encoders ?? {}
  const codings = offeredCodings(encoders)
  const etagOf = (coding: ContentCoding) => codingEtag(etag, coding)
  const headers: Record<string, string> = { ...options.headers }
  if (options.lastModified) headers['last-modified'] = options.lastModified.toUTCString()
  // Compressed representations are negotiated, so caches must key on Accept-Encoding.
  if (codings.length > 1) headers.vary = 'Accept-Encoding'

  const variants = new Map<ContentCoding, Promise<Variant>>()
  const readyVariants = new Map<ContentCoding, Variant>()
  // Content-Type stays on 304s: @hono/node-server would otherwise add "text/plain", and a cache
  // that refreshes its stored headers from a 304 (RFC 9111 §4.3.4) would take that as the type.
  const notModified = new Map(codings.map((coding) => [coding, { ...headers, etag: etagOf(coding) }]))
  const makeVariant = async (coding: ContentCoding): Promise<Variant> => {
    if (coding === 'identity') {
      const full = { ...headers, etag: etagOf(coding), 'content-length': String(byteLengthOf(parts)) }
      return {
        get body() {
          return whole()
        },
        parts,
        headers: full,
      }
    }
    const bytes = await encoders[coding]!(whole())
    return { body: bytes, headers: { ...headers, etag: etagOf(coding), 'content-length': String(bytes.byteLength), 'content-encoding': coding } }
  }
  return {
    status: options.status ?? 200,
    lastModified: options.lastModified,
    codings,
    etags: codings.map(etagOf),
    variant(coding) {
      let v = variants.get(coding)
      if (!v) {
        v = makeVariant(codings.includes(coding) ? coding : 'identity')
        variants.set(coding, v)
        v.then((made) => readyVariants.set(coding, made), () => variants.delete(coding))
      }
      return v
    },
    readyVariant: (coding) => readyVariants.get(coding),
    notModifiedHeaders: (coding) => notModified.get(coding) ?? notModified.get('identity')!,
  }
}

/**
 * SHA-256 of the bytes, base64url, 27 characters (160 bits): strong and compact. Synchronous:
 * a build hashes twenty thousand files, and a promise per file cost more than the hash.
 */
function digest(parts: BodyParts): string {
  const hash = createHash('sha256')
  for (const part of parts) hash.update(part)
  return hash.digest().subarray(0, 20).toString('base64url')
}
