/**
 * Pictures as every output shows them: an article's image or a site icon, with what the public
 * folder knows of its file (type, bytes, pixel size). A picture on another site is shown with
 * what its URL tells (a type from its name), never fetched.
 */
import type { ArticleImage } from '../articles/article.ts'
import { balanceBidi, isolateHtml } from './bidi.ts'
import type { Direction } from './direction.ts'
import { escapeHtml } from './escape-html.ts'
import { siteFileUrl } from '../settings.ts'
import { isPicture, mediaTypeOf, publicPathOf, type PublicFiles } from '../site/public-files.ts'

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

/** An article's image: the picture, and the words that go with it (spec §2: a credited work). */
export interface ArticlePicture extends Picture {
  alt: string
  caption?: string
  credit?: string
}

/** What the public folder knows of the file `url` names (an absolute URL). */
export function pictureAt(url: string, files: PublicFiles, siteUrl: string): Picture {
  const path = publicPathOf(url, siteUrl)
  const file = path === undefined ? undefined : files.files.get(path)
  if (file) return { url, type: file.type, size: file.size, width: file.width, height: file.height, local: true }
  const type = mediaTypeOf(new URL(url).pathname)
  return { url, type: isPicture(type) ? type : undefined, local: false }
}

export function articlePicture(image: ArticleImage, files: PublicFiles, siteUrl: string): ArticlePicture {
  return { ...pictureAt(image.url, files, siteUrl), alt: image.alt, caption: image.caption, credit: image.credit }
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
 * The picture in HTML (article pages and feed content): its pixel size, when known, reserves its
 * place before it loads; the credit is marked apart from the caption, as it is apart from the
 * article's own credit line. The caption and credit are isolated (render/bidi.ts) from the text
 * around them, in the article's direction (`around`); the alt text, an attribute, has its
 * direction controls balanced.
 */
export function figureHtml(picture: ArticlePicture | undefined, around: Direction): string {
  if (!picture) return ''
  const size = picture.width && picture.height ? ` width="${picture.width}" height="${picture.height}"` : ''
  const caption = picture.caption ? isolateHtml(picture.caption, around) : ''
  const credit = picture.credit ? `<small class="bylines-picture-credit">${isolateHtml(picture.credit, around)}</small>` : ''
  const figcaption = caption || credit ? `<figcaption>${[caption, credit].filter(Boolean).join(' — ')}</figcaption>` : ''
  return `<figure class="bylines-picture"><img src="${escapeHtml(picture.url)}" alt="${escapeHtml(balanceBidi(picture.alt))}"${size} />${figcaption}</figure>`
}
