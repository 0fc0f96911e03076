/**
 * The one Markdown parser of article bodies, with its options and the two rules it adds to
 * markdown-it's, whose tokens every renderer reads: the 'commonmark' preset is the strict
 * CommonMark profile. Raw HTML is allowed through the parser only because the sanitiser decides
 * what survives (markdown.ts).
 */
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { stripXmlIllegal } from './text.ts'

export const markdown = new MarkdownIt('commonmark', { html: true })

/**
 * A body is cleared of the characters XML forbids before it is parsed (markdown.ts), but
 * markdown-it decodes some of what the body spells out: an entity (`&#12;`, a `text_special`
 * token until text_join joins it to its neighbours), a link's or picture's attributes (a title's
 * entities), an autolink's text (its percent-escapes and punycode: `<http://a.example/%00>`).
 * Cleared again there, and only there (the rest of the text is the body's own, already clear),
 * they reach neither renderer nor a summary. What raw HTML spells out is decoded by the
 * sanitiser, whose output markdown.ts clears. So no page, JSON Feed or Fediverse object carries
 * them, as no XML feed does (text.ts).
 */
markdown.core.ruler.before('text_join', 'strip_xml_illegal', (state) => {
  for (const token of state.tokens) if (token.children) clearDecoded(token.children)
})

function clearDecoded(tokens: readonly Token[]): void {
  let inAutolink = false
  for (const token of tokens) {
    if (token.type === 'text_special' || (inAutolink && token.type === 'text')) token.content = stripXmlIllegal(token.content)
    if (token.attrs) for (const attr of token.attrs) attr[1] = stripXmlIllegal(attr[1])
    // A picture's text, in its children: its alt.
    if (token.children) clearDecoded(token.children)
    if (token.type === 'link_open') inAutolink = token.markup === 'autolink'
    else if (token.type === 'link_close') inAutolink = false
  }
}

/**
 * A picture's `alt` is its description's plain text (CommonMark, "Images"), but markdown-it
 * writes it from the description's text tokens alone: a code span in it was lost (markdown-it
 * issue 1142), and so were an entity or an escape (`AT&amp;T`, `\*`), `text_special` tokens since
 * markdown-it 13: a screen reader read "ATT". Made text tokens here, they are in the `alt` either
 * renderer writes, and in a summary taken from the first paragraph.
 */
markdown.core.ruler.after('text_join', 'picture_text', (state) => {
  for (const token of state.tokens) if (token.children) asPictureText(token.children, false)
})

function asPictureText(tokens: readonly Token[], inPicture: boolean): void {
  for (const token of tokens) {
    if (inPicture && (token.type === 'text_special' || token.type === 'code_inline')) token.type = 'text'
    if (token.children) asPictureText(token.children, inPicture || token.type === 'image')
  }
}
