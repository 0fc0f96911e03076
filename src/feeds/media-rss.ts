/**
 * An item's picture in RSS and Atom, as card-style readers look for it: Media RSS
 * (https://www.rssboard.org/media-rss) for any picture, local or not. Written the same way in
 * both formats; the caption and credit stay inside `media:content`, apart from the item's own
 * description and credit line.
 */
import { type ArticlePicture, pictureThumbnail } from '../articles/picture.ts'
import { el } from '../text/xml.ts'

export const MEDIA_RSS_NS = 'http://search.yahoo.com/mrss/'

/**
 * Pixel size and bytes are written only when known: a remote picture is never fetched to learn
 * them. The thumbnail is the picture's smallest variant when it has them, with its own size.
 */
export function mediaContent(picture: ArticlePicture) {
  const size = { width: picture.width?.toString(), height: picture.height?.toString() }
  const thumbnail = pictureThumbnail(picture)
  return el(
    'media:content',
    { url: picture.url, type: picture.type, medium: 'image', ...size, fileSize: picture.size?.toString() },
    el('media:description', { type: 'plain' }, picture.caption ?? picture.alt),
    picture.credit !== undefined && el('media:credit', {}, picture.credit),
    el('media:thumbnail', { url: thumbnail.url, width: thumbnail.width?.toString(), height: thumbnail.height?.toString() }),
  )
}
