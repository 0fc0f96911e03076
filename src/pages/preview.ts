/**
 * Link previews: the OpenGraph (https://ogp.me) and Twitter card meta that chat apps, social
 * sites and search engines read to show a card for a shared link. An article shows its own
 * picture; the home and set pages the site's icon.
 */
import { html } from 'hono/html'
import type { Picture } from '../articles/picture.ts'
import { balanceBidi } from '../text/bidi.ts'
import type { Html } from '../text/escape-html.ts'

export interface Preview {
  type: 'website' | 'article'
  title: string
  description?: string
  url: string
  siteName: string
  /** BCP 47, as the page's `lang`. */
  language: string
  image?: Picture & { alt?: string }
  published?: Date
  modified?: Date
}

/**
 * A card shows each value on its own, so an article's title or caption is not isolated here, but
 * its direction controls are balanced (text/bidi.ts): none is left open for the text the card
 * shows after it.
 */
export function previewMeta(p: Preview): Html {
  const image = p.image
  // A wide picture makes a large card; a square icon a small one.
  const large = image?.width !== undefined && image.height !== undefined && image.width >= 1.3 * image.height
  const meta = (property: string, content: string | number | undefined) =>
    content === undefined
      ? ''
      : html`<meta property="${property}" content="${balanceBidi(String(content))}">
`
  const named = (name: string, content: string | undefined) =>
    content === undefined
      ? ''
      : html`<meta name="${name}" content="${balanceBidi(content)}">
`
  return html`${meta('og:type', p.type)}${meta('og:title', p.title)}${meta('og:description', p.description)}${meta('og:url', p.url)}${meta('og:site_name', p.siteName)}${meta('og:locale', ogLocale(p.language))}${
    image
      ? html`${meta('og:image', image.url)}${meta('og:image:type', image.type)}${meta('og:image:width', image.width)}${meta('og:image:height', image.height)}${meta('og:image:alt', image.alt)}`
      : ''
  }${meta('article:published_time', p.published?.toISOString())}${meta('article:modified_time', p.modified?.toISOString())}${named('twitter:card', large ? 'summary_large_image' : 'summary')}${named('twitter:image:alt', image?.alt)}`
}

/** OpenGraph writes locales as `language_TERRITORY`: `pt-BR` is `pt_BR`. */
function ogLocale(language: string): string {
  return language.replace('-', '_')
}
