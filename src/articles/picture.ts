/**
 * Pictures as every output shows them: an article's image or a site icon, with what the public
 * folder knows of its file (type, bytes, pixel size). A picture on another site is shown with
 * what its URL tells (a type from its name), never fetched.
 */
import type { ArticleImage } from '../model/article.ts'
import { WEBP } from '../model/picture-variants.ts'
import { isPicture, type MadePicture, mediaTypeOf, type PublicFile, type PublicFiles, publicPathOf } from '../model/public-files.ts'
import { siteFileUrl } from '../settings/values.ts'
import { balanceBidi, isolateHtml } from '../text/bidi.ts'
import type { Direction } from '../text/direction.ts'
import { escapeHtml } from '../text/escape-html.ts'

export interface Picture {
  /** Absolute URL. */
  url: string
  /** Its media type, when the file or its name says. */
  type?: string
  /** Bytes: known for a file of this site only. */
  size?: number
  width?: number
  height?: number
  /** True when the file is this site's own (the public folder). */
  local: boolean
}

/** A smaller copy of a picture (model/picture-variants.ts), at its absolute URL. */
export interface ShownVariant {
  url: string
  width: number
  height: number
  type: string
}

/** An article's image: the picture, and the words that go with it (spec §2: a credited work). */
export interface ArticlePicture extends Picture {
  alt: string
  caption?: string
  credit?: string
  /** Its smaller copies, smallest first, when they are made: WebP and its own format at each width. */
  variants?: readonly ShownVariant[]
}

function localFile(url: string, files: PublicFiles, siteUrl: string): PublicFile | undefined {
  const path = publicPathOf(url, siteUrl)
  return path === undefined ? undefined : files.files.get(path)
}

/** What the public folder knows of the file `url` names (an absolute URL). */
export function pictureAt(url: string, files: PublicFiles, siteUrl: string): Picture {
  const file = localFile(url, files, siteUrl)
  if (file) return { url, type: file.type, size: file.size, width: file.width, height: file.height, local: true }
  const type = mediaTypeOf(new URL(url).pathname)
  return { url, type: isPicture(type) ? type : undefined, local: false }
}

export function articlePicture(image: ArticleImage, files: PublicFiles, siteUrl: string): ArticlePicture {
  const file = localFile(image.url, files, siteUrl)
  const made = file && files.pictures?.of(file)
  return {
    ...pictureAt(image.url, files, siteUrl),
    alt: image.alt,
    caption: image.caption,
    credit: image.credit,
    ...(made && { variants: shownVariants(made, siteUrl) }),
  }
}

function shownVariants(made: MadePicture, siteUrl: string): ShownVariant[] {
  return made.variants.map(({ key, width, height, type }) => ({ url: siteUrl + key.slice(1), width, height, type }))
}

/**
 * The small copy that stands for the picture where one is wanted (Media RSS's thumbnail): the
 * smallest variant in the picture's own format, which every reader shows (WebP not all); the
 * picture itself when it has none.
 */
export function pictureThumbnail(picture: ArticlePicture): { url: string; width?: number; height?: number } {
  const thumbnail = picture.variants?.find((variant) => variant.type === picture.type)
  return thumbnail
    ? { url: thumbnail.url, width: thumbnail.width, height: thumbnail.height }
    : { url: picture.url, width: picture.width, height: picture.height }
}

/** A site file setting (`/icon.png` or a URL) as a picture; undefined when not set. */
export function sitePicture(setting: string | undefined, files: PublicFiles, siteUrl: string): Picture | undefined {
  return setting === undefined ? undefined : pictureAt(siteFileUrl(setting, siteUrl), files, siteUrl)
}

/** The caption, then the credit: what a reader sees under the picture and what its title is. */
export function pictureTitle(picture: ArticlePicture): string {
  return picture.caption ?? picture.alt
}

/**
 * How wide an article's picture is shown, for the browser to choose a variant before it has laid
 * out the page (HTML `sizes`): the article column (pages/layout.ts: 42rem, less the page's padding
 * on a narrow screen).
 */
export const ARTICLE_PICTURE_SIZES = '(min-width: 46rem) 42rem, calc(100vw - 2rem)'

export interface PictureHtmlOptions {
  /** The `sizes` of its variants; ARTICLE_PICTURE_SIZES by default. */
  sizes?: string
  /**
   * Loaded only when it comes near the viewport: for a picture that is not the first thing on the
   * page (a listing's cards). An article's own picture is near its top, so it loads at once.
   */
  lazy?: boolean
  /** Shown as the file it is, without its variants: feed content, which readers keep and resize themselves. */
  plain?: boolean
  /** The page's largest picture, likely its largest paint: fetched before other images. */
  first?: boolean
}

/**
 * The picture as `<img>`, or as `<picture>` when its variants are made: a WebP `<source>` and the
 * `<img>` in its own format, each with every width in `srcset`, so the browser takes the smallest
 * that fills its place. The `<img>` keeps the original's pixel size, which reserves its place
 * before anything loads (no layout shift), and its alt text, whose direction controls are balanced.
 */
function pictureElement(picture: ArticlePicture, options: PictureHtmlOptions): string {
  const size = picture.width && picture.height ? ` width="${picture.width}" height="${picture.height}"` : ''
  const alt = ` alt="${escapeHtml(balanceBidi(picture.alt))}"`
  const loading = options.lazy ? ' loading="lazy" decoding="async"' : options.first ? ' fetchpriority="high"' : ''
  const own = options.plain ? [] : (picture.variants ?? []).filter((variant) => variant.type === picture.type)
  if (own.length === 0) return `<img src="${escapeHtml(picture.url)}"${alt}${size}${loading} />`
  const sizes = ` sizes="${escapeHtml(options.sizes ?? ARTICLE_PICTURE_SIZES)}"`
  const srcset = (type: string) =>
    escapeHtml(
      picture
        .variants!.filter((v) => v.type === type)
        .map((v) => `${v.url} ${v.width}w`)
        .join(', '),
    )
  const webp = picture.type === WEBP ? '' : `<source type="${WEBP}" srcset="${srcset(WEBP)}"${sizes} />`
  const fallback = own[own.length - 1]!
  return `<picture>${webp}<img src="${escapeHtml(fallback.url)}" srcset="${srcset(picture.type!)}"${sizes}${alt}${size}${loading} /></picture>`
}

/**
 * A listing's picture (a card): the same `<picture>` as an article's, without figure or caption,
 * loaded lazily, since a listing shows it below its header.
 * @param sizes how wide the card shows it (HTML `sizes`), e.g. `(min-width: 46rem) 20rem, 100vw`
 */
export function cardPictureHtml(picture: ArticlePicture | undefined, options: { sizes: string; first?: boolean; plain?: boolean }): string {
  return picture ? pictureElement(picture, { ...options, lazy: !options.first }) : ''
}

/**
 * The picture in HTML (article pages and feed content): its pixel size, when known, reserves its
 * place before it loads; the credit is marked apart from the caption, as it is apart from the
 * article's own credit line. The caption and credit are isolated (text/bidi.ts) from the text
 * around them, in the article's direction (`around`); the alt text, an attribute, has its
 * direction controls balanced.
 */
export function figureHtml(picture: ArticlePicture | undefined, around: Direction, options: PictureHtmlOptions = {}): string {
  if (!picture) return ''
  const caption = picture.caption ? isolateHtml(picture.caption, around) : ''
  const credit = picture.credit ? `<small class="bylines-picture-credit">${isolateHtml(picture.credit, around)}</small>` : ''
  const figcaption = caption || credit ? `<figcaption>${[caption, credit].filter(Boolean).join(' — ')}</figcaption>` : ''
  return `<figure class="bylines-picture">${pictureElement(picture, options)}${figcaption}</figure>`
}
