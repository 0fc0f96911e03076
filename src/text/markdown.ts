/**
 * Markdown to safe HTML: CommonMark rendering, then an allowlist sanitiser that also makes every
 * link and image URL absolute against the article's own URL (spec §3: all URLs in feeds are
 * absolute). A body without raw HTML skips the sanitiser's parse: its HTML is written as the
 * sanitiser would leave it (`direct-render.ts`).
 */
import { Parser } from 'htmlparser2'
import type Token from 'markdown-it/lib/token.mjs'
import sanitizeHtml from 'sanitize-html'
import { SANITIZE_OPTIONS, URL_ATTRIBUTES } from './body-allowlist.ts'
import { markdown } from './commonmark.ts'
import { renderDirectly } from './direct-render.ts'
import { MAX_NESTING, NestingCounter, nestingBound, TooDeep } from './nesting.ts'
import { resolveUrl } from './resolve-url.ts'
import { stripXmlIllegal } from './text.ts'

export interface RenderedBody {
  html: string
  /** The first paragraph as plain text, the default summary. */
  firstParagraph: string
}

/**
 * Renders an article body; relative URLs resolve against `baseUrl` (the article's URL), and
 * paths from the root (`/media/a.jpg`) against `siteUrl`, so a site below a path keeps it.
 */
export function renderMarkdown(body: string, baseUrl: string, siteUrl: string): RenderedBody {
  const tokens = parseBody(body)
  return {
    html: renderDirectly(tokens, baseUrl, siteUrl) ?? sanitise(tokens, baseUrl, siteUrl),
    firstParagraph: firstParagraphText(tokens),
  }
}

/** markdown-it's HTML of the tokens through the sanitiser, which decides what of it survives. */
export function sanitise(tokens: Token[], baseUrl: string, siteUrl: string): string {
  const rendered = markdown.renderer.render(tokens, markdown.options, {})
  // `findBodyProblem` keeps a body nested too deep out of the collection; this is the guarantee
  // that no other way in can hold the sanitiser for seconds.
  const nesting = new NestingCounter()
  // The sanitiser decodes what raw HTML spells out (`<p>&#12;</p>`): cleared as the tokens are
  // (commonmark.ts), so that both ways write the same characters.
  const sanitised = sanitizeHtml(rendered, {
    ...SANITIZE_OPTIONS,
    onOpenTag: () => nesting.open(),
    onCloseTag: () => nesting.close(),
    transformTags: {
      ...SANITIZE_OPTIONS.transformTags,
      ...Object.fromEntries(Object.entries(URL_ATTRIBUTES).map(([tag, attribute]) => [tag, absolutise(attribute, baseUrl, siteUrl)])),
    },
  })
  return stripXmlIllegal(sanitised)
}

/** The tokens of a body, as `renderMarkdown` reads them. */
export function parseBody(body: string): Token[] {
  return markdown.parse(stripXmlIllegal(body), {})
}

/** Why a body cannot be rendered whole, and where: its line, counted from the body's first. */
export interface BodyProblem {
  line: number
  message: string
}

/**
 * What in a body `renderMarkdown` would refuse (nesting past MAX_NESTING) or lose (blocks past
 * markdown-it's `maxNesting`, which drops the rest of their content without a word), or
 * undefined. Almost every body is cleared by `nestingBound` without being parsed; the rest cost
 * one parse and one pass of the HTML parser the sanitiser uses, which stops at the limit.
 */
export function findBodyProblem(body: string): BodyProblem | undefined {
  const text = stripXmlIllegal(body)
  const bound = nestingBound(text)
  if (bound.depth <= MAX_NESTING && bound.containers < CONTAINER_LIMIT) return undefined
  const tokens = markdown.parse(text, {})
  return findLostBlocks(tokens) ?? findDeepNesting(tokens)
}

/**
 * markdown-it leaves empty a quote or list item opened at this level or deeper: `maxNesting` − 1,
 * from the 'commonmark' preset (lib/presets/commonmark.mjs; the option is missing from its types).
 */
const CONTAINER_LIMIT = (markdown.options as { maxNesting: number }).maxNesting - 1

function findLostBlocks(tokens: Token[]): BodyProblem | undefined {
  const lost = tokens.find((t) => (t.type === 'blockquote_open' || t.type === 'list_item_open') && t.level >= CONTAINER_LIMIT)
  if (!lost) return undefined
  return {
    line: lineOf(lost),
    message: `lists and quotes are nested ${CONTAINER_LIMIT + 1} levels deep (a list and its item count as two); at most ${CONTAINER_LIMIT} are rendered, and what is inside the rest would be lost`,
  }
}

/**
 * The HTML of the body in pieces through the parser sanitize-html uses, with its options, so that
 * the depth counted is the one the sanitiser would reach, the parse stops as soon as it goes past
 * the limit (after a few hundred elements, not the whole body), and the line where it does is known.
 */
function findDeepNesting(tokens: Token[]): BodyProblem | undefined {
  const nesting = new NestingCounter()
  const parser = new Parser(
    { onopentag: () => nesting.open(), onclosetag: () => nesting.close(), ontext: () => nesting.check() },
    SANITIZER_PARSER_OPTIONS,
  )
  let line = 1
  try {
    for (const piece of htmlPieces(tokens)) {
      line = piece.line
      parser.write(piece.html)
      nesting.check()
    }
    parser.end()
    nesting.check()
  } catch (error) {
    if (error instanceof TooDeep) return { line, message: error.message }
    throw error
  }
  return undefined
}

/** sanitize-html's own default for htmlparser2 (its `parser` option, which we leave unset). */
const SANITIZER_PARSER_OPTIONS = { decodeEntities: true }

/** Inline tokens rendered at a time: a paragraph can hold hundreds of thousands. */
const INLINE_PIECE = 256

/**
 * What `markdown.renderer.render` makes of `tokens`, in the same order and the same loop, in
 * pieces, each with the line of the body it comes from. Inline tokens render on their own
 * (only block tokens look at their neighbours), so a paragraph can be cut between any two.
 */
function* htmlPieces(tokens: Token[]): Generator<{ html: string; line: number }> {
  const { renderer, options } = markdown
  let line = 1
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (token.map) line = lineOf(token)
    if (token.type === 'inline') {
      const children = token.children ?? []
      for (let from = 0; from < children.length; from += INLINE_PIECE) {
        yield { html: renderer.renderInline(children.slice(from, from + INLINE_PIECE), options, {}), line }
      }
      continue
    }
    const rule = renderer.rules[token.type]
    yield { html: rule ? rule(tokens, i, options, {}, renderer) : renderer.renderToken(tokens, i, options), line }
  }
}

const lineOf = (token: Token) => (token.map ? token.map[0] + 1 : 1)

function absolutise(attribute: string, baseUrl: string, siteUrl: string): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const value = attribs[attribute]
    if (value === undefined) return { tagName, attribs }
    const absolute = resolveUrl(value, baseUrl, siteUrl)
    const next = { ...attribs }
    // A URL that cannot be resolved is dropped rather than passed through as written.
    if (absolute === undefined) delete next[attribute]
    else next[attribute] = absolute
    return { tagName, attribs: next }
  }
}

/** A picture the body shows or a file it links to, as written, and the line of the body it is on (from 1). */
export interface BodyReference {
  kind: 'picture' | 'link'
  url: string
  line: number
}

const HTML_REFERENCE = /<(img|a)\b[^>]*?\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi
/** A URL scheme (`https:`, `mailto:`), as RFC 3986 §3.1 spells one: the one source of the patterns below. */
const SCHEME = '[a-z][a-z0-9+.-]*:'
const HAS_SCHEME = new RegExp(`^${SCHEME}`, 'i')

/**
 * What the body names by a path, which may be a file of the public folder: every reference, as
 * `bodyReferences` finds them, written without a scheme (`media/a.jpg`, `/media/a.jpg`, `../x`).
 * A body that links only to full addresses (almost every translation) is not parsed: a scan for
 * `](`, `]:` and, where there is a tag, `src=`/`href=` tells it, so this costs little on every
 * article of a large archive. A full address of the site itself is not looked for, in any body:
 * pictures and files of the site are written as paths (`/media/…`).
 */
export function pathReferences(body: string): BodyReference[] {
  if (!mayNameAPath(body)) return []
  return bodyReferences(body).filter((reference) => !HAS_SCHEME.test(reference.url.trim()))
}

/** What follows `](` or `]: ` when the destination has a scheme (`https:`, `mailto:`). */
const SCHEME_AHEAD = new RegExp(`^[ \\t\\n]*<?${SCHEME}`, 'i')
/** An HTML `src` or `href` whose value has no scheme. */
const SCHEMELESS_ATTRIBUTE = new RegExp(`\\s(?:src|href)\\s*=\\s*["']?(?!${SCHEME})`, 'i')

/**
 * Whether the body may hold a link, a picture or a reference definition whose destination has
 * no scheme: a superset (a `](` in a code span counts), which `bodyReferences` then settles.
 */
function mayNameAPath(body: string): boolean {
  for (let at = body.indexOf(']'); at !== -1; at = body.indexOf(']', at + 1)) {
    const next = body.charCodeAt(at + 1)
    // `(` or `:`; a longer scheme than 40 characters counts as none, and so is parsed.
    if ((next === 0x28 || next === 0x3a) && !SCHEME_AHEAD.test(body.slice(at + 2, at + 42))) return true
  }
  return body.includes('<') && SCHEMELESS_ATTRIBUTE.test(body)
}

/**
 * Every picture the body shows and every link it makes, Markdown (`![alt](src)`, `[text](href)`)
 * and HTML (`<img src>`, `<a href>`) alike.
 */
export function bodyReferences(body: string): BodyReference[] {
  const found: BodyReference[] = []
  const visit = (tokens: Token[], line: number) => {
    for (const token of tokens) {
      const at = token.map ? token.map[0] + 1 : line
      if (token.type === 'image') found.push({ kind: 'picture', url: token.attrGet('src') ?? '', line: at })
      if (token.type === 'link_open') found.push({ kind: 'link', url: token.attrGet('href') ?? '', line: at })
      if (token.type === 'html_block' || token.type === 'html_inline') {
        for (const match of token.content.matchAll(HTML_REFERENCE)) {
          found.push({
            kind: match[1]!.toLowerCase() === 'img' ? 'picture' : 'link',
            url: match[2] ?? match[3] ?? match[4] ?? '',
            line: at,
          })
        }
      }
      if (token.children) visit(token.children, at)
    }
  }
  visit(markdown.parse(body, {}), 1)
  return found
}

function firstParagraphText(tokens: Token[]): string {
  const start = tokens.findIndex((t) => t.type === 'paragraph_open')
  const inline = start >= 0 ? tokens[start + 1] : undefined
  if (!inline?.children) return ''
  return collapseWhitespace(inline.children.map(inlineText).join(''))
}

function inlineText(token: Token): string {
  switch (token.type) {
    case 'text':
    case 'code_inline':
      return token.content
    case 'softbreak':
    case 'hardbreak':
      return ' '
    case 'image':
      return token.children?.map(inlineText).join('') ?? ''
    default:
      return ''
  }
}

export function collapseWhitespace(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}
