/**
 * The files the site serves as they are stored: the public folder's, and the smaller copies of
 * the pictures published articles show. Their bytes are the newsroom's own, not rendered from
 * untrusted copy; still, an SVG or HTML file opened by itself runs in a sandbox without scripts.
 */
import { forEachPart } from '../../http/body-parts.ts'
import { createEtagMaker, type OpenedBody, prepareResponse, prepareStreamedResponse } from '../../http/prepared.ts'
import { VARIANT_CACHE_CONTROL } from '../../model/picture-variants.ts'
import { HELD_PUBLIC_BYTES, isCompressible, type PictureVariant, type PublicFile } from '../../model/public-files.ts'
import type { ResourceKind } from '../kind.ts'

const PUBLIC_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"

/** A file of the public folder, as it is stored. Its ETag is of its bytes, as everything else's. */
export const publicFiles: ResourceKind<PublicFile> = {
  name: 'public files',
  stored: true,
  keys: ({ publicByKey }) => publicByKey.keys(),
  // Every name the site makes is kept out of publicByKey (paths.ts, isSitePath), but robots.txt.
  find: (key, _target, { publicByKey }) => publicByKey.get(key),
  async make(file, { files, encoders, publicCache }) {
    const headers = {
      'content-type': file.type,
      'cache-control': publicCache,
      'x-content-type-options': 'nosniff',
      'content-security-policy': PUBLIC_POLICY,
      'access-control-allow-origin': '*',
      'accept-ranges': 'bytes',
    }
    const { open } = files
    if (open && file.size > HELD_PUBLIC_BYTES) {
      return prepareStreamedResponse({ etag: await etagOfStoredFile(file, open), size: file.size, open: () => open(file), headers })
    }
    return prepareResponse({ body: await files.read(file), encoders: isCompressible(file.type) ? encoders : undefined, headers })
  },
  inputs: (file) => JSON.stringify(['public', file.version]),
}

/** A picture's smaller copy: as a public file, but cached for good, since its URL names its source's bytes. */
export const pictureVariants: ResourceKind<PictureVariant> = {
  name: 'picture variants',
  stored: true,
  keys: ({ variantByKey }) => variantByKey.keys(),
  find: (key, _target, { variantByKey }) => variantByKey.get(key),
  make: async (variant, { files }) =>
    prepareResponse({
      body: await files.pictures!.read(variant),
      headers: {
        'content-type': variant.type,
        'cache-control': VARIANT_CACHE_CONTROL,
        'x-content-type-options': 'nosniff',
        'content-security-policy': PUBLIC_POLICY,
        'access-control-allow-origin': '*',
        'accept-ranges': 'bytes',
      },
    }),
  inputs: (variant) => JSON.stringify(['variant', variant.digest, variant.width, variant.height, variant.type]),
}

/**
 * The ETag of a large public file, of its bytes as any other response's: the file read through
 * once per version of it (a listing keeps a file's entry while it is unchanged), not per view.
 */
const storedFileEtags = new WeakMap<PublicFile, Promise<string>>()

function etagOfStoredFile(file: PublicFile, open: (file: PublicFile) => Promise<OpenedBody>): Promise<string> {
  let etag = storedFileEtags.get(file)
  if (!etag) {
    etag = open(file).then(async (opened) => {
      const maker = createEtagMaker()
      await forEachPart(opened.stream(0, opened.size - 1), maker.update)
      return maker.etag()
    })
    storedFileEtags.set(file, etag)
    etag.catch(() => storedFileEtags.delete(file))
  }
  return etag
}
