/** The page shell shared by every HTML page: language, title, feed autodiscovery, styles. */
import { html, raw } from 'hono/html'
import { type Picture, sitePicture } from '../articles/picture.ts'
import { type FeedSet, siteFeedSet } from '../feed-sets/feed-sets.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl } from '../feeds/formats.ts'
import type { Messages } from '../i18n/messages.ts'
import { wordsFor, wordsLanguageAttributes } from '../i18n/words.ts'
import { CURRENT } from '../model/archives.ts'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { siteFileUrl } from '../settings/values.ts'
import { balanceBidi } from '../text/bidi.ts'
import { languageAttributes, languageDirection } from '../text/direction.ts'
import type { Html } from '../text/escape-html.ts'
import { pagePolicyInPage, REFERRER_POLICY } from './policy.ts'
import { type Preview, previewMeta } from './preview.ts'

interface LayoutOptions {
  site: SiteSettings
  /** The public folder: the icons' types and pixel sizes. */
  files: PublicFiles
  /** Plain text; where it joins an article's text to ours, that text is isolated already (isolateText). */
  title: string
  /** The page's language, and so its direction (text/direction.ts); default the site's. */
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
 * The one stylesheet of the default theme, in the page so that nothing blocks its first paint.
 * Mobile first; colours are custom properties, swapped for dark mode by `prefers-color-scheme`,
 * each pair at least 4.5:1 (WCAG AA); system fonts, so there is nothing to download. Written in
 * logical properties (CSS Logical Properties 1: inline-start, not left), so that the whole
 * layout mirrors on a right-to-left page or list item (`dir`, text/direction.ts). The
 * newsroom's `stylesheet` loads after it, and so wins.
 */
const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1c1c21;--muted:#55555f;--line:#dedee3;--panel:#f6f6f8;--accent:#a3241c;--link:#1b4f8f;--note:#fbf4dc;--note-line:#a3800f}
@media (prefers-color-scheme:dark){:root{--bg:#131316;--fg:#ececf0;--muted:#a8a8b3;--line:#34343c;--panel:#1d1d22;--accent:#f0938b;--link:#93bdf2;--note:#2a2410;--note-line:#b8961e}}
*,::before,::after{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 Charter,"Bitstream Charter","Sitka Text",Cambria,Georgia,serif;text-align:start}
a{color:var(--link);text-underline-offset:.18em}
h1,h2,h3,.eyebrow,.meta,.attribution,nav,footer,figcaption,.bylines-credit,.bylines-corrections,details{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1,h2,h3{line-height:1.2;letter-spacing:-.01em}
h1{font-size:clamp(1.8rem,1.2rem + 2.5vw,2.6rem);margin-block:.25rem .75rem}
.skip{position:absolute;inset-inline-start:.5rem;inset-block-start:-4rem;background:var(--bg);padding:.5rem 1rem;z-index:1}.skip:focus{inset-block-start:.5rem}
.wrap{max-inline-size:70rem;margin-inline:auto;padding-inline:1rem}
.site-header{border-block-end:1px solid var(--line)}
.site-header .wrap{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem 2rem;padding-block:.75rem}
.site-header h1{margin:0;font-size:inherit}
.brand{color:inherit;text-decoration:none;font-weight:700;font-size:1.5rem}
.brand img{display:block;inline-size:14rem;max-inline-size:100%;block-size:auto;border-radius:.5rem}
.site-header h1 .brand img{inline-size:20rem}
.site-nav{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;font-weight:600}
.site-nav a{color:inherit;text-decoration:none;padding-block:.5rem}.site-nav a:hover{color:var(--link);text-decoration:underline}
main{display:block;padding-block:1.5rem 3rem}
.lede{font-size:1.15rem;color:var(--muted);max-inline-size:44rem;margin-block:0 1rem}
.eyebrow{margin:0;font-size:.8rem;font-weight:700;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
.meta,.attribution{font-size:.875rem;line-height:1.5;color:var(--muted)}
.meta a,.attribution a{color:inherit}
.tools{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem;margin-block:1rem 1.5rem;font-size:.9rem}
.cards{list-style:none;padding:0;margin:0;display:grid;gap:1.25rem;align-items:start;grid-template-columns:repeat(auto-fill,minmax(min(100%,19rem),1fr))}
.card{display:flex;flex-direction:column;background:var(--panel);border:1px solid var(--line);border-radius:.6rem;overflow:hidden}
.card img{display:block;inline-size:100%;block-size:auto;aspect-ratio:3/2;object-fit:cover}
.card-body{display:flex;flex-direction:column;gap:.4rem;padding:1rem 1.1rem 1.1rem;flex:1}
.card h2{font-size:1.2rem;margin:0}.card h2 a{color:inherit;text-decoration:none}.card h2 a:hover{text-decoration:underline}
.card p{margin:0}.summary{display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;line-clamp:3;overflow:hidden}
.card .meta{margin-block-start:auto;padding-block-start:.25rem}
.pager{display:flex;flex-wrap:wrap;gap:.5rem;margin-block:2rem 0;padding:0;list-style:none}
.pager a,.pager span{display:inline-block;padding:.35rem .8rem;border:1px solid var(--line);border-radius:.4rem;text-decoration:none}
.pager [aria-current]{background:var(--fg);color:var(--bg)}
details{margin-block:1rem}summary{cursor:pointer;font-weight:600}
.subscribe summary h2{display:inline;font-size:inherit}
.subscribe>details{margin:0;border:1px solid var(--line);border-radius:.6rem;padding:.6rem 1rem;max-inline-size:44rem}
.subscribe>details[open]{background:var(--panel)}
.subscribe dl{display:grid;grid-template-columns:auto 1fr;gap:.4rem .75rem;align-items:center}
.subscribe dd{margin:0;display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}
.subscribe input{font:.85rem ui-monospace,monospace;flex:1 1 12rem;min-inline-size:0;padding:.3rem;color:inherit;background:var(--bg);border:1px solid var(--line)}
button{font:inherit;font-size:.85rem;padding:.3rem .8rem;border-radius:.4rem;border:1px solid var(--line);background:var(--bg);color:inherit;cursor:pointer}
.readers{display:flex;flex-wrap:wrap;gap:.25rem 1rem;padding:0;list-style:none}
.archives ol{columns:16rem;padding-inline-start:1.5rem}
.article{max-inline-size:42rem;margin-inline:auto}
.article .lede{margin-block-end:.5rem}
.bylines-credit{font-size:.95rem;line-height:1.55;background:var(--panel);border-inline-start:4px solid var(--accent);padding:.75rem 1rem;margin-block:1.25rem}
.bylines-corrections{font-size:.95rem;border:1px solid var(--note-line);background:var(--note);border-radius:.4rem;padding:0 1rem;margin-block:1rem}
figure{margin-block:1.5rem;margin-inline:0}figure img{display:block;max-inline-size:100%;block-size:auto;border-radius:.3rem}
figcaption{font-size:.85rem;line-height:1.45;color:var(--muted);margin-block-start:.5rem}
.chips{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin-block:.5rem}
.chips a{display:inline-block;padding:.2rem .75rem;border:1px solid var(--line);border-radius:1rem;text-decoration:none;font-size:.85rem}
blockquote{margin-inline:0;padding-inline-start:1rem;border-inline-start:3px solid var(--line);color:var(--muted)}
code,pre{font-size:.9em}pre{overflow:auto;background:var(--panel);padding:.75rem}
img{max-inline-size:100%;block-size:auto}
.site-footer{border-block-start:1px solid var(--line);font-size:.9rem;color:var(--muted);padding-block:1.5rem 2rem}
.site-footer a{color:inherit}.site-footer p{margin-block:.4rem}
@media print{.site-nav,.tools,.subscribe,.pager,.archives,.skip,.site-footer .feeds{display:none}body{background:#fff;color:#000;font-size:11pt}a{color:inherit}.bylines-credit a[href^="http"]::after{content:" <" attr(href) ">";font-size:.8em;overflow-wrap:anywhere}.card,figure{break-inside:avoid}}`

export function renderLayout(o: LayoutOptions): Html {
  const language = o.language ?? o.site.language
  const { site, files } = o
  const pageWords = wordsFor(language, site)
  const words = pageWords.messages.page
  // Our words, when the page's language has none and they fell back to another.
  const fallback = raw(wordsLanguageAttributes(pageWords, language))
  // The newsroom's own text (navigation labels, rights, footer) is in the site's language.
  const ours = language === site.language ? '' : raw(languageAttributes(site.language, languageDirection(language)))
  const icon = sitePicture(site.icon, files, site.url)
  const favicon = sitePicture(site.favicon, files, site.url)
  const preview = o.preview && previewMeta({ siteName: site.title, language, url: o.canonical ?? site.url, image: icon, ...o.preview })
  return html`<!doctype html>
<html${raw(languageAttributes(language, 'ltr'))}>
<head>
<meta charset="utf-8">
${
  o.policyInPage
    ? html`<meta http-equiv="Content-Security-Policy" content="${pagePolicyInPage(site)}">
<meta name="referrer" content="${REFERRER_POLICY}">
`
    : ''
}<meta name="viewport" content="width=device-width, initial-scale=1">
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
<a class="skip" href="#content"${fallback}>${words.skip}</a>
<header class="site-header"><div class="wrap">${o.home ? html`<h1>${brand(site, files)}</h1>` : brand(site, files)}${navigation(site, words, ours, fallback)}</div></header>
<main id="content" class="wrap">
${o.body}
</main>
<footer class="site-footer"><div class="wrap">
<p class="feeds"${fallback}>${words.footerFeeds} ${FEED_FORMAT_NAMES.map(
    (f, i) => html`${i > 0 ? ' · ' : ''}<a href="${o.site.url}${FEED_FORMATS[f].file}">${FEED_FORMATS[f].label}</a>`,
  )} · <a href="${o.site.url}feeds">${words.allFeeds}</a> · <a href="${o.site.url}feeds.opml">${words.opml}</a></p>${
    o.site.rights
      ? html`
<p${ours}>${o.site.rights}</p>`
      : ''
  }${
    site.footer
      ? html`
<p class="footer-text"${ours}>${site.footer}</p>`
      : ''
  }
</div></footer>
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

/** The newsroom's links, then every feed: a reader of any page is one step from subscribing. */
function navigation(site: SiteSettings, words: Messages['page'], ours: Html | string, fallback: Html | string): Html {
  const links = [
    ...site.navigation.map(({ label, url }) => ({ label, url: siteFileUrl(url, site.url), lang: ours })),
    { label: words.feeds, url: `${site.url}feeds`, lang: fallback },
  ]
  return html`<nav class="site-nav" aria-label="${words.navigation}">${links.map(({ label, url, lang }) => html`<a href="${url}"${lang}>${label}</a>`)}</nav>`
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
