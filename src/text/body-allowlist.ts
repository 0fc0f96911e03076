/**
 * What of an article body's HTML reaches a reader: the elements, attributes, classes and URL
 * schemes the sanitiser keeps (sanitize-html's options), decided here once for the sanitiser and
 * for the renderer that writes its output directly (`direct-render.ts`).
 */
import type sanitizeHtml from 'sanitize-html'

/** The one class a body may carry: a code block's language, as markdown-it writes it from a fence. */
export const CODE_CLASS = /^language-[\w-]+$/

/** The schemes a link, a picture or a quote's source may have; any other is removed. */
export const ALLOWED_SCHEMES = ['http', 'https', 'mailto'] as const

/** Demoted headings: the article's title is the page's only h1. */
export const DEMOTED_H1 = 'h2'

/** The attribute of each element that holds a URL: made absolute against the article's own URL. */
export const URL_ATTRIBUTES: Readonly<Record<string, string>> = { a: 'href', img: 'src', blockquote: 'cite', q: 'cite' }

/**
 * The attributes kept when empty (`alt=""` says a picture is decoration); any other empty one is
 * dropped, but for a boolean attribute (`reversed`), which is written bare.
 */
export const KEPT_EMPTY = ['alt']

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'em',
  'strong',
  'b',
  'i',
  'u',
  's',
  'del',
  'ins',
  'mark',
  'small',
  'sub',
  'sup',
  'code',
  'pre',
  'kbd',
  'samp',
  'var',
  'abbr',
  'cite',
  'q',
  'dfn',
  'time',
  'a',
  'img',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'dl',
  'dt',
  'dd',
  'span',
  'bdi',
  'bdo',
]

/** sanitize-html reads `allowedEmptyAttributes` (default `["alt"]`), which its types do not list. */
export const SANITIZE_OPTIONS: sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] } = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    '*': ['lang', 'dir', 'title'],
    a: ['href', 'hreflang'],
    img: ['src', 'alt', 'width', 'height'],
    ol: ['start', 'reversed'],
    code: ['class'],
    th: ['colspan', 'rowspan', 'scope'],
    td: ['colspan', 'rowspan'],
    time: ['datetime'],
    q: ['cite'],
    blockquote: ['cite'],
  },
  allowedClasses: { code: [CODE_CLASS] },
  allowedSchemes: [...ALLOWED_SCHEMES],
  allowedSchemesAppliedToAttributes: [...new Set(Object.values(URL_ATTRIBUTES))],
  allowedEmptyAttributes: KEPT_EMPTY,
  // A backstop: every URL attribute is made absolute first (URL_ATTRIBUTES, markdown.ts), so
  // `//host/x` arrives with the site's scheme; one that ever arrived as written would be dropped.
  allowProtocolRelative: false,
  transformTags: { h1: DEMOTED_H1 },
  // Text of removed elements such as <script> or <style> is dropped, not shown.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed'],
  disallowedTagsMode: 'discard',
}
