/** The page shell shared by every HTML page: language, title, feed autodiscovery, styles. */
import { html, raw } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import { siteFeedSet, type FeedSet } from '../sets/feed-sets.ts'
import { FEED_FORMATS, FEED_FORMAT_NAMES, feedUrl } from '../feeds/formats.ts'
import { CURRENT } from '../sets/archives.ts'
import { siteFileUrl, type SiteSettings } from '../settings.ts'
import { sitePicture, type Picture } from '../render/picture.ts'
import { balanceBidi } from '../render/bidi.ts'
import { languageAttributes } from '../render/direction.ts'
import type { PublicFiles } from '../site/public-files.ts'
import { pagePolicyInPage, REFERRER_POLICY } from './policy.ts'
import { previewMeta, type Preview } from './preview.ts'

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

interface LayoutOptions {
  site: SiteSettings
  /** The public folder: the icons' types and pixel sizes. */
  files: PublicFiles
  /** Plain text; where it joins an article's text to ours, that text is isolated already (isolateText). */
  title: string
  /** The page's language, and so its direction (render/direction.ts); default the site's. */
  language?: string
  /** Plain text, an attribute's value: its direction controls are balanced here. */
  description?: string
  canonical?: string
  /** Feed sets to announce with `<link rel="alternate">`; default the site's. */
  feeds?: readonly FeedSet[]
  /** The page's link preview; pages without one (404) have none. */
  preview?: Omit<Preview, 'siteName' | 'language' | 'url'> & { url?: string }
  /** Extra elements for <head>, e.g. JSON-LD. Must already be safe HTML. */
  head?: Html
  /** The home page: the site's name (or logo) in the header is the page's heading, shown once. */
  home?: boolean
  /**
   * The page policy and referrer policy in the page itself as well as in headers: for the 404
   * page, which a static host answers at any path, where only rules matching that path apply.
   */
  policyInPage?: boolean
  body: Html
}

/**
 * Written in logical properties (CSS Logical Properties 1: inline-start, not left), so that the
 * whole layout mirrors on a right-to-left page or list item (`dir`, render/direction.ts).
 */
const STYLES = `
body{font:17px/1.6 Georgia,serif;max-inline-size:42rem;margin-block:2rem;margin-inline:auto;padding-block:0;padding-inline:1rem;color:#222}
header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;margin-block-end:1rem}
header a{color:inherit;text-decoration:none}h1{line-height:1.2}header h1{margin:0;font-size:inherit}
.brand{font-weight:bold;font-size:1.1rem}.brand img{display:block;max-block-size:3rem;inline-size:auto}
header nav{font:15px/1.5 system-ui,sans-serif;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.subscribe input{font:14px monospace;max-inline-size:100%}
.bylines-credit{font-style:italic;border-inline-start:3px solid #999;padding-inline-start:.75rem;color:#444}
.bylines-corrections{border:1px solid #c9a227;background:#fdf8e4;padding:0 .75rem;margin:1rem 0}
.meta,.feeds,footer{font:14px/1.5 system-ui,sans-serif;color:#555}
ul.articles{list-style:none;padding-inline-start:0}ul.articles li{margin-block:1.2rem}
figure{margin-block:1rem;margin-inline:0}figure img{max-inline-size:100%;block-size:auto}figcaption{font-size:.85rem;color:#555}
body,td,th{text-align:start}
code,pre{font-size:.9em}pre{overflow:auto;background:#f4f4f4;padding:.5rem}`

export function renderLayout(o: LayoutOptions): Html {
  const language = o.language ?? o.site.language
  const { site, files } = o
  const icon = sitePicture(site.icon, files, site.url)
  const favicon = sitePicture(site.favicon, files, site.url)
  const preview = o.preview && previewMeta({ siteName: site.title, language, url: o.canonical ?? site.url, image: icon, ...o.preview })
  return html`<!doctype html>
<html${raw(languageAttributes(language, 'ltr'))}>
<head>
<meta charset="utf-8">
${o.policyInPage ? html`<meta http-equiv="Content-Security-Policy" content="${pagePolicyInPage(site)}">
<meta name="referrer" content="${REFERRER_POLICY}">
` : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title}</title>
${o.description ? html`<meta name="description" content="${balanceBidi(o.description)}">` : ''}
${o.canonical ? html`<link rel="canonical" href="${o.canonical}">` : ''}
${favicon ? iconLink('icon', favicon) : ''}${icon ? html`${iconLink('icon', icon)}${iconLink('apple-touch-icon', icon)}` : ''}${preview ?? ''}
${(o.feeds ?? [siteFeedSet(o.site)]).map((set) => feedDiscoveryLinks(set, o.site))}
<style>${raw(STYLES)}</style>
${site.stylesheet ? html`<link rel="stylesheet" href="${siteFileUrl(site.stylesheet, site.url)}">` : ''}
${o.head ?? ''}
${site.head ? raw(site.head.html) : ''}
</head>
<body>
<header>${o.home ? html`<h1>${brand(site, files)}</h1>` : brand(site, files)}${navigation(site)}</header>
<main>
${o.body}
</main>
<footer><p>Feeds: ${FEED_FORMAT_NAMES.map(
    (f, i) => html`${i > 0 ? ' · ' : ''}<a href="${o.site.url}${FEED_FORMATS[f].file}">${FEED_FORMATS[f].label}</a>`,
  )} · <a href="${o.site.url}feeds">all feeds</a> · <a href="${o.site.url}feeds.opml">OPML</a>${o.site.rights ? html` · ${o.site.rights}` : ''}</p>${site.footer ? html`
<p class="footer-text">${site.footer}</p>` : ''}</footer>
</body>
</html>
`
}

/** The site's name, as its logo when it has one, linking home. */
function brand(site: SiteSettings, files: PublicFiles): Html {
  const logo = sitePicture(site.logo, files, site.url)
  const size = logo?.width && logo.height ? html` width="${logo.width}" height="${logo.height}"` : ''
  return html`<a class="brand" href="${site.url}">${logo ? html`<img src="${logo.url}" alt="${site.title}"${size}>` : site.title}</a>`
}

function navigation(site: SiteSettings): Html | string {
  if (site.navigation.length === 0) return ''
  return html`<nav aria-label="Site">${site.navigation.map(({ label, url }) => html`<a href="${siteFileUrl(url, site.url)}">${label}</a>`)}</nav>`
}

function iconLink(rel: string, icon: Picture): Html {
  // An .ico holds several sizes; its header names the largest only.
  const sizes = icon.width && icon.height && icon.type !== 'image/x-icon' ? html` sizes="${icon.width}x${icon.height}"` : ''
  return html`<link rel="${rel}"${icon.type ? html` type="${icon.type}"` : ''}${sizes} href="${icon.url}">
`
}

/** `<link rel="alternate">` for each format of a set, so readers find its feeds from the page. */
export function feedDiscoveryLinks(set: FeedSet, site: SiteSettings): Html {
  return html`${FEED_FORMAT_NAMES.map((f) => {
    const { mediaType: type, label } = FEED_FORMATS[f]
    const hreflang = set.hreflang ? html` hreflang="${set.hreflang}"` : ''
    return html`<link rel="alternate" type="${type}" title="${set.title} (${label})" href="${feedUrl(set, f, CURRENT, site)}"${hreflang}>
`
  })}`
}
