/**
 * A body's HTML written straight from markdown-it's tokens, byte for byte what the sanitiser
 * would make of markdown-it's own HTML, when the body holds no raw HTML: then every element and
 * attribute comes from markdown-it, and what the sanitiser would do to each is known in advance
 * (demote an h1, make a URL absolute, keep text as it is), and parsing that HTML again is
 * spared (docs/decisions.md, "Article bodies without raw HTML written without the sanitiser's
 * parse", has what it cost).
 *
 * Anything the sanitiser would decide otherwise is left to it: raw HTML, a token or attribute
 * not listed here, a URL it would drop, a code block's language its class allowlist refuses,
 * nesting it might refuse. test/direct-render.test.ts compares the two ways on each construct
 * and on random mixes of them.
 */
import Renderer from 'markdown-it/lib/renderer.mjs'
import type Token from 'markdown-it/lib/token.mjs'
import { ALLOWED_SCHEMES, CODE_CLASS, DEMOTED_H1, KEPT_EMPTY, SANITIZE_OPTIONS, URL_ATTRIBUTES } from './body-allowlist.ts'
import { markdown } from './commonmark.ts'
import { MAX_NESTING } from './nesting.ts'
import { resolveUrl } from './resolve-url.ts'

/** The tokens this renderer writes as markdown-it does but for text and URLs: CommonMark's, without HTML. */
const KNOWN_TOKENS = new Set([
  'paragraph_open',
  'paragraph_close',
  'heading_open',
  'heading_close',
  'blockquote_open',
  'blockquote_close',
  'bullet_list_open',
  'bullet_list_close',
  'ordered_list_open',
  'ordered_list_close',
  'list_item_open',
  'list_item_close',
  'hr',
  'code_block',
  'fence',
  'inline',
  'text',
  'softbreak',
  'hardbreak',
  'em_open',
  'em_close',
  'strong_open',
  'strong_close',
  'link_open',
  'link_close',
  'image',
  'code_inline',
])

const allowedTags = new Set(SANITIZE_OPTIONS.allowedTags || [])
/** The attributes the sanitiser keeps on each allowed element: its own and those of every element. */
const allowedAttributes = new Map(
  [...allowedTags].map((tag) => {
    const byTag = SANITIZE_OPTIONS.allowedAttributes || {}
    return [tag, new Set([...(byTag['*'] ?? []), ...(byTag[tag] ?? [])].map(String))]
  }),
)
const schemes = new Set<string>(ALLOWED_SCHEMES)

interface RenderEnv {
  /** Each link's and picture's URL as the sanitiser would write it. */
  urls: Map<Token, string>
}

/**
 * The HTML of `tokens` (a body as `markdown.parse` read it), as `sanitise` would write it, or
 * undefined when only the sanitiser can tell.
 */
export function renderDirectly(tokens: Token[], baseUrl: string, siteUrl: string): string | undefined {
  if (deepestNesting(tokens) > MAX_NESTING) return undefined
  const urls = new Map<Token, string>()
  if (!allKnown(tokens, baseUrl, siteUrl, urls)) return undefined
  const env: RenderEnv = { urls }
  return renderer.render(tokens, markdown.options, env)
}

/**
 * At least as many elements as the tokens' HTML ever holds open at once, which the sanitiser
 * limits (nesting.ts): a token's `level` counts the elements around it, a child's those around
 * it within its inline token; a code block opens two (`<pre><code>`), any other token one.
 */
function deepestNesting(tokens: Token[]): number {
  let deepest = 0
  for (const token of tokens) {
    deepest = Math.max(deepest, token.level + (token.type === 'fence' || token.type === 'code_block' ? 2 : 1))
    for (const child of token.children ?? []) deepest = Math.max(deepest, token.level + child.level + 1)
  }
  return deepest
}

function allKnown(tokens: Token[], baseUrl: string, siteUrl: string, urls: Map<Token, string>): boolean {
  for (const token of tokens) {
    if (!KNOWN_TOKENS.has(token.type)) return false
    if (token.tag && !allowedTags.has(token.tag === 'h1' ? DEMOTED_H1 : token.tag)) return false
    if (token.attrs && !attributesKnown(token, baseUrl, siteUrl, urls)) return false
    if (token.type === 'fence' && !fenceClassKept(token)) return false
    if (token.children && !allKnown(token.children, baseUrl, siteUrl, urls)) return false
  }
  return true
}

function attributesKnown(token: Token, baseUrl: string, siteUrl: string, urls: Map<Token, string>): boolean {
  const allowed = allowedAttributes.get(token.tag)
  for (const [name, value] of token.attrs!) {
    if (!allowed?.has(name)) return false
    if (name === URL_ATTRIBUTES[token.tag]) {
      // Made absolute first, as the sanitiser's transform does: an empty one becomes the article's URL.
      const absolute = resolveUrl(value, baseUrl, siteUrl)
      if (absolute === undefined || !schemes.has(absolute.slice(0, absolute.indexOf(':')))) return false
      urls.set(token, absolute)
    } else if (value === '' && !KEPT_EMPTY.includes(name)) {
      return false
    }
  }
  return true
}

/** The class markdown-it gives a fence's code: none without an info string, else the language's. */
function fenceClassKept(token: Token): boolean {
  const language = fenceLanguage(token)
  return language === undefined || CODE_CLASS.test(`${markdown.options.langPrefix}${language}`)
}

/** The first word of a fence's info string, as markdown-it's fence rule takes it. */
function fenceLanguage(token: Token): string | undefined {
  const info = token.info ? markdown.utils.unescapeAll(token.info).trim() : ''
  return info ? info.split(/(\s+)/g)[0] : undefined
}

/**
 * Text as the sanitiser writes it once it has read markdown-it's HTML: `&`, `<` and `>` escaped,
 * quotes not (markdown-it writes `&quot;`, which the sanitiser reads back as `"`).
 */
function escapeText(text: string): string {
  return HAS_TEXT_SPECIAL.test(text) ? text.replace(EVERY_TEXT_SPECIAL, (c) => TEXT_ENTITIES[c]!) : text
}
const HAS_TEXT_SPECIAL = /[&<>]/
const EVERY_TEXT_SPECIAL = /[&<>]/g
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** markdown-it's renderer but for the rules below; it renders with the parser's options (`xhtmlOut`, `langPrefix`). */
const renderer = new Renderer()
const rules = renderer.rules

rules.text = (tokens, idx) => escapeText(tokens[idx]!.content)

rules.code_inline = (tokens, idx) => `<code>${escapeText(tokens[idx]!.content)}</code>`

rules.code_block = (tokens, idx) => `<pre><code>${escapeText(tokens[idx]!.content)}</code></pre>\n`

rules.fence = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!
  const language = fenceLanguage(token)
  const attributes = language === undefined ? '' : self.renderAttrs({ attrs: [['class', `${options.langPrefix}${language}`]] } as Token)
  return `<pre><code${attributes}>${escapeText(token.content)}</code></pre>\n`
}

rules.link_open = (tokens, idx, _options, env: RenderEnv, self) => `<a${attributesOf(tokens[idx]!, env, self)}>`

rules.image = (tokens, idx, options, env: RenderEnv, self) => {
  const token = tokens[idx]!
  const alt = self.renderInlineAsText(token.children ?? [], options, env)
  return `<img${attributesOf(token, env, self, alt)} />`
}

/**
 * The element's attributes as the sanitiser writes them: its URL as resolved when the tokens
 * were checked, a picture's `alt` from its text (as markdown-it's image rule sets it).
 */
function attributesOf(token: Token, env: RenderEnv, self: Renderer, alt?: string): string {
  const url = URL_ATTRIBUTES[token.tag]
  const attrs = token.attrs!.map(([name, value]): [string, string] => [
    name,
    name === url ? env.urls.get(token)! : name === 'alt' && alt !== undefined ? alt : value,
  ])
  return self.renderAttrs({ attrs } as Token)
}

/** A level-one heading as the sanitiser demotes it; the rest as markdown-it writes them. */
for (const rule of ['heading_open', 'heading_close'] as const) {
  rules[rule] = (tokens, idx, options, _env, self) => {
    const html = self.renderToken(tokens, idx, options)
    // The token's own tag, `<h1` or `</h1`, after at most a line break: the first match is it.
    return tokens[idx]!.tag === 'h1' ? html.replace(/<(\/?)h1/, `<$1${DEMOTED_H1}`) : html
  }
}
