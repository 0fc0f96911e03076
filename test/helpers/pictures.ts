/**
 * Every picture URL a page or feed gives a reader, read with parsers where the format has one:
 * `<img src>`, the `srcset` candidates of `<img>` and `<source>`, icons and `og:image` of pages; enclosures, Media RSS, channel images, Atom icons and
 * logos of XML feeds; `image`, `icon`, `favicon`, attachments and `_image` of JSON Feed.
 */
import { findAll, NS, parseXmlTree } from './parsers.ts'

const MEDIA = 'http://search.yahoo.com/mrss/'

export function pictureUrlsIn(file: string, text: string): string[] {
  if (file.endsWith('.json')) return jsonFeedPictures(JSON.parse(text))
  if (file.endsWith('.xml')) return xmlFeedPictures(text)
  if (file.endsWith('.html') || !/\.\w+$/.test(file)) return pagePictures(text)
  return []
}

function jsonFeedPictures(feed: any): string[] {
  const urls: (string | undefined)[] = [feed.icon, feed.favicon]
  for (const item of feed.items ?? []) {
    urls.push(item.image, item._image?.url, ...(item.attachments ?? []).map((a: { url: string }) => a.url))
  }
  return urls.filter((u): u is string => typeof u === 'string')
}

function xmlFeedPictures(xml: string): string[] {
  const tree = parseXmlTree(xml)
  const urls: string[] = []
  for (const node of findAll(tree, () => true)) {
    if (node.uri === MEDIA && (node.local === 'content' || node.local === 'thumbnail')) urls.push(node.attributes.url!)
    if (node.name === 'enclosure') urls.push(node.attributes.url!)
    if (node.uri === NS.atom && node.local === 'link' && node.attributes.rel === 'enclosure') urls.push(node.attributes.href!)
    if (node.uri === NS.atom && (node.local === 'icon' || node.local === 'logo')) urls.push(node.text.trim())
    if (node.name === 'image' && node.uri === '') urls.push(node.children.find((c) => c.name === 'url')!.text.trim())
  }
  return urls
}

function pagePictures(html: string): string[] {
  const urls: string[] = []
  for (const [tag] of html.matchAll(/<(?:img|source|link|meta)\b[^>]*>/g)) {
    const attribute = (name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]?.replaceAll('&amp;', '&')
    if (tag.startsWith('<img') || tag.startsWith('<source'))
      urls.push(...[attribute('src'), ...srcsetUrls(attribute('srcset'))].filter((u): u is string => u !== undefined))
    else if (tag.startsWith('<link') && /^(icon|apple-touch-icon)$/.test(attribute('rel') ?? '')) urls.push(attribute('href')!)
    else if (tag.startsWith('<meta') && attribute('property') === 'og:image') urls.push(attribute('content')!)
  }
  return urls
}

/** The URLs of a `srcset` (HTML: candidates separated by commas, each a URL and a descriptor). */
export function srcsetUrls(srcset: string | undefined): string[] {
  return srcset === undefined ? [] : srcset.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!)
}
