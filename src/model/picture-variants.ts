/**
 * Responsive pictures: which smaller copies ("variants") of a picture of the public folder the
 * site offers, at which URLs, and which pictures get them. Runtime-agnostic: making them is the
 * Node side's (content/picture-maker.ts); what is made reaches the renderers with the public files
 * (`PublicFiles.pictures`), so that a page and its picture's variants come from one snapshot.
 * docs/decisions.md, "Responsive pictures", says why these widths, formats and URLs.
 *
 *   variants/{hash}/{name}-{width}.{ext}
 *
 * `hash` is the first 8 hex digits of SHA-256 over the source picture's bytes, so the URL changes
 * whenever the picture does and a variant is served `immutable` for a year; `name` is the
 * source's file name without its extension, `ext` is `webp` or the source's own format.
 */
import type { Article } from './article.ts'
import { type PictureVariant, type PublicFile, type PublicFiles, publicPathOf } from './public-files.ts'

/** The widths offered, in pixels; a picture narrower than one gets its own width instead (never upscaled). */
export const VARIANT_WIDTHS = [480, 800, 1200] as const

/** The first segment of every variant's path: the site's own (paths.ts), never a public file's. */
export const VARIANTS_SEGMENT = 'variants'

/** Cache-Control of a variant: its URL names its source's bytes, so it never changes. */
export const VARIANT_CACHE_CONTROL = 'public, max-age=31536000, immutable'

/**
 * Pictures that get variants, and the extension of their own format. SVG scales by itself; GIF
 * may be animated; ICO, BMP, TIFF and HEIC are not what articles show (check warns of the last three).
 */
const VARIED_TYPES: Readonly<Record<string, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

export const WEBP = 'image/webp'

export function isVaried(file: PublicFile): boolean {
  return Object.hasOwn(VARIED_TYPES, file.type) && (file.width ?? 0) > 0 && (file.height ?? 0) > 0
}

/** The widths a picture `width` pixels wide is offered in. */
export function variantWidths(width: number): number[] {
  return [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))]
}

/** The variants of a picture (`isVaried`) whose bytes hash to `digest`. */
export function planVariants(file: PublicFile, digest: string): PictureVariant[] {
  const width = file.width!
  const height = file.height!
  const name = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') || 'picture'
  const types = file.type === WEBP ? [WEBP] : [WEBP, file.type]
  return variantWidths(width).flatMap((w) =>
    types.map((type) => ({
      key: `/${VARIANTS_SEGMENT}/${digest.slice(0, 8)}/${encodeURIComponent(`${name}-${w}`)}.${VARIED_TYPES[type]}`,
      width: w,
      // Rounded as every resizer rounds, and given to the resizer: the page's aspect ratio is the picture's.
      height: Math.max(1, Math.round((height * w) / width)),
      type,
      digest,
    })),
  )
}

/**
 * The pictures of the public folder that articles show as their `image`, each once, in the
 * articles' order: those whose variants are made and offered. Pictures inside bodies keep their
 * plain `<img>` (docs/decisions.md says why).
 */
export function picturesShownBy(articles: readonly Article[], files: PublicFiles, siteUrl: string): PublicFile[] {
  const shown = new Set<PublicFile>()
  for (const article of articles) {
    const path = article.image && publicPathOf(article.image.url, siteUrl)
    const file = path === undefined ? undefined : files.files.get(path)
    if (file && isVaried(file)) shown.add(file)
  }
  return [...shown]
}
