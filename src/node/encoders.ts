/** Node's compressors for prepared responses. */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Encoders } from '../http/encoding.ts'

/**
 * Each body is compressed once per content change, so the levels lean to size; brotli's top
 * quality (11) costs several times more for a few per cent, too slow for the edit-to-feed target.
 */
export const NODE_ENCODERS: Encoders = {
  gzip: (body) => gzipSync(body, { level: 9 }),
  br: (body) =>
    brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 9,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    }),
}
