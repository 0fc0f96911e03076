/**
 * A response prepared once per content change: encoded bytes, a strong ETag derived from them,
 * compressed variants made on first demand, and ready-made header sets. Serving it is a lookup
 * and a write. A large file is the exception: it is read from where it is stored as it is sent
 * (`prepareStreamedResponse`), so that many clients of it never hold many copies.
 */
import { createHash } from 'node:crypto'
import { type BodyParts, byteLengthOf, joinParts } from './body-parts.ts'
import { type ContentCoding, type Encoders, offeredCodings } from './encoding.ts'
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
  /** The variant if it has been made already and is held, for callers that must not wait. */
  readyVariant(coding: ContentCoding): HeldVariant | undefined
}

export type Variant = HeldVariant | StreamedVariant

/** A body in memory, made once and written as it is to every client. */
export interface HeldVariant {
  body: Uint8Array
  opened?: undefined
  /**
   * The same bytes in the parts they were made from, when they were (BodyParts): a writer can
   * write them in order without joining them first.
   */
  parts?: BodyParts
  /** Complete headers for a 200 with this body. */
  headers: Record<string, string>
}

/** A body opened for one response, read as it is sent. */
export interface StreamedVariant {
  body?: undefined
  opened: OpenedBody
  /** Complete headers for a 200 with this body. */
  headers: Record<string, string>
}

/**
 * A stored body opened for one response: the caller sends a stream of it, or closes it when it
 * sends no body (HEAD, 304, 416).
 */
export interface OpenedBody {
  size: number
  /** Bytes `start` to `end`, inclusive; reading it to its end, or cancelling it, closes the body. */
  stream(start: number, end: number): ReadableStream<Uint8Array>
  close(): void
}

const encoder = new TextEncoder()

export async function prepareResponse(options: {
  status?: number
  body: string | Uint8Array | BodyParts
  headers: Record<string, string>
  lastModified?: Date
  encoders?: Encoders
}): Promise<PreparedResponse> {
  const parts: BodyParts =
    typeof options.body === 'string' ? [encoder.encode(options.body)] : options.body instanceof Uint8Array ? [options.body] : options.body
  let joined: Uint8Array | undefined = parts.length === 1 ? parts[0] : undefined
  const whole = () => (joined ??= joinParts(parts))
  const etag = etagOfParts(parts)
  const encoders = options.encoders ?? {}
  const codings = offeredCodings(encoders)
  const etagOf = (coding: ContentCoding) => codingEtag(etag, coding)
  const headers: Record<string, string> = { ...options.headers }
  if (options.lastModified) headers['last-modified'] = options.lastModified.toUTCString()
  // Compressed representations are negotiated, so caches must key on Accept-Encoding too.
  if (codings.length > 1) headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : 'Accept-Encoding'

  const variants = new Map<ContentCoding, Promise<HeldVariant>>()
  const readyVariants = new Map<ContentCoding, HeldVariant>()
  // Content-Type stays on 304s: @hono/node-server would otherwise add "text/plain", and a cache
  // that refreshes its stored headers from a 304 (RFC 9111 §4.3.4) would take that as the type.
  const notModified = new Map(codings.map((coding) => [coding, { ...headers, etag: etagOf(coding) }]))
  const makeVariant = async (coding: ContentCoding): Promise<HeldVariant> => {
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
    return {
      body: bytes,
      headers: { ...headers, etag: etagOf(coding), 'content-length': String(bytes.byteLength), 'content-encoding': coding },
    }
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
        v.then(
          (made) => readyVariants.set(coding, made),
          () => variants.delete(coding),
        )
      }
      return v
    },
    readyVariant: (coding) => readyVariants.get(coding),
    notModifiedHeaders: (coding) => notModified.get(coding) ?? notModified.get('identity')!,
  }
}

/**
 * A response whose body is read from storage for each client (`open`), never held: a large file.
 * Sent as stored (no compression: see docs/decisions.md, "Large public files"); `etag` is of its
 * bytes, from `createEtagMaker`, so it is the tag the same bytes get when held.
 */
export function prepareStreamedResponse(options: {
  etag: string
  size: number
  open: () => Promise<OpenedBody>
  headers: Record<string, string>
  lastModified?: Date
}): PreparedResponse {
  const headers: Record<string, string> = { ...options.headers, etag: options.etag }
  if (options.lastModified) headers['last-modified'] = options.lastModified.toUTCString()
  const full = { ...headers, 'content-length': String(options.size) }
  return {
    status: 200,
    lastModified: options.lastModified,
    codings: ['identity'],
    etags: [options.etag],
    variant: async () => ({ opened: await options.open(), headers: full }),
    // Never ready: each response opens the body anew, so the Node fast path leaves it to the app.
    readyVariant: () => undefined,
    notModifiedHeaders: () => headers,
  }
}

/**
 * The strong ETag of a body given a part at a time: SHA-256 of the bytes, base64url, 27
 * characters (160 bits), strong and compact. Synchronous: a build hashes twenty thousand files,
 * and a promise per file cost more than the hash.
 */
export function createEtagMaker(): { update(part: Uint8Array): void; etag(): string } {
  const hash = createHash('sha256')
  return {
    update: (part) => void hash.update(part),
    etag: () => `"${hash.digest().subarray(0, 20).toString('base64url')}"`,
  }
}

function etagOfParts(parts: BodyParts): string {
  const maker = createEtagMaker()
  for (const part of parts) maker.update(part)
  return maker.etag()
}
