/**
 * A response prepared once per content change: encoded bytes, a strong ETag derived from them,
 * compressed variants made on first demand, and ready-made header sets. Serving it is a lookup
 * and a write.
 */
import type { ContentCoding, Encoders } from './encoding.ts'

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
  /** Complete headers for a 200 with this body. */
  headers: Record<string, string>
}

const encoder = new TextEncoder()

export async function prepareResponse(options: {
  status?: number
  body: string
  headers: Record<string, string>
  lastModified?: Date
  encoders?: Encoders
}): Promise<PreparedResponse> {
  const body = encoder.encode(options.body)
  const etag = `"${await digest(body)}"`
  const encoders = options.encoders ?? {}
  const codings: ContentCoding[] = ['identity', ...(['br', 'gzip'] as const).filter((c) => encoders[c])]
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
    const bytes = coding === 'identity' ? body : await encoders[coding]!(body)
    const full: Record<string, string> = { ...headers, etag: etagOf(coding), 'content-length': String(bytes.byteLength) }
    if (coding !== 'identity') full['content-encoding'] = coding
    return { body: bytes, headers: full }
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

/** The ETag of a compressed variant, derived from the identity one: distinct, and still strong. */
export function codingEtag(identityEtag: string, coding: ContentCoding): string {
  return coding === 'identity' ? identityEtag : `${identityEtag.slice(0, -1)}-${coding}"`
}

/** SHA-256 of the bytes, base64url, 27 characters (160 bits): strong and compact. */
async function digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  let binary = ''
  for (const byte of hash.subarray(0, 20)) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
