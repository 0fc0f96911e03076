/** Node's compressors for prepared responses. */
import { promisify } from 'node:util'
import { type BrotliOptions, brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type ZlibOptions } from 'node:zlib'
import type { Encoders } from './encoding.ts'

/**
 * Up to this size a body is compressed at once, on the calling thread (a feed or a page: a
 * millisecond or two); a larger one (a public text file up to 1 MiB) in libuv's thread pool, so
 * that the server goes on answering meanwhile.
 */
const AT_ONCE_BYTES = 64 * 1024

const gzipLater = promisify(gzip) as (body: Uint8Array, options: ZlibOptions) => Promise<Uint8Array>
const brotliLater = promisify(brotliCompress) as (body: Uint8Array, options: BrotliOptions) => Promise<Uint8Array>

/**
 * Each body is compressed once per content change, so the levels lean to size; brotli's top
 * quality (11) costs several times more for a few per cent, too slow for the edit-to-feed target.
 */
const GZIP: ZlibOptions = { level: 9 }
const brotliOptions = (body: Uint8Array): BrotliOptions => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 9,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
  },
})

export const NODE_ENCODERS: Encoders = {
  gzip: (body) => (body.byteLength <= AT_ONCE_BYTES ? gzipSync(body, GZIP) : gzipLater(body, GZIP)),
  br: (body) => (body.byteLength <= AT_ONCE_BYTES ? brotliCompressSync(body, brotliOptions(body)) : brotliLater(body, brotliOptions(body))),
}
