/**
 * How deep an article body's HTML may nest, and a cheap upper bound on it. Depth is the one shape
 * of input that makes rendering slow: htmlparser2 (under sanitize-html) keeps its open elements
 * in an array it grows and shrinks at the front, so every tag costs as much as the depth and a
 * body nested n deep costs n² (fb55/htmlparser2#2481). By CommonMark's rules a run of underscores
 * around a letter is one <strong> inside another, half as many as the underscores. See
 * docs/decisions.md, "Article bodies: nesting bounded before the sanitiser".
 */

/** The most elements a body's HTML may hold open at once: far more than any article needs. */
export const MAX_NESTING = 100

/** More than MAX_NESTING elements were open at once. */
export class TooDeep extends Error {
  override name = 'TooDeep'
  constructor() {
    super(
      `elements are nested more than ${MAX_NESTING} deep (emphasis, links, lists, quotes or HTML); at most ${MAX_NESTING} levels are accepted`,
    )
  }
}

/**
 * Counts the elements a parser holds open, from its open and close events, and throws TooDeep as
 * soon as more than MAX_NESTING are: the parser's stack never grows past that, so its cost stays
 * linear in the length of the input.
 */
export class NestingCounter {
  #open = 0

  open(): void {
    this.check()
    this.#open++
  }

  close(): void {
    this.#open--
  }

  /**
   * Judged on the next event rather than on the opening itself: a parser reports a void element
   * (`<br>`) opened and at once closed, and it never held it open.
   */
  check(): void {
    if (this.#open > MAX_NESTING) throw new TooDeep()
  }
}

export interface NestingBound {
  /** No element of the HTML is nested deeper than this. */
  depth: number
  /** No block of the Markdown is inside more lists, list items and quotes than this. */
  containers: number
}

const LF = 0x0a
const CR = 0x0d
const TAB = 0x09
const SPACE = 0x20
const LT = 0x3c

/**
 * An upper bound on how deep the HTML of `markdown` (with XML-illegal characters already
 * stripped) nests, from its characters alone: one pass, no parsing, so that the few bodies that
 * could nest deep are the only ones parsed to find out. Every element costs at least one character:
 *
 * - a quote, a list or a list item is opened by a `>`, a marker or indentation at the start of
 *   the line of every block inside it (tab counted as 4 columns), so the containers of a block are
 *   at most the width of that prefix; a paragraph, heading or code block adds at most 2;
 * - emphasis, a code span or a link needs a `*`, `_`, `` ` `` or `[`, within its paragraph: within
 *   the text between two blank lines;
 * - an HTML element or an autolink needs a `<` before a letter, and raw HTML may stay open across
 *   paragraphs, so those are counted over the whole body.
 */
export function nestingBound(markdown: string): NestingBound {
  let containers = lineStart(markdown, 0).prefix
  let inline = 0
  let mostInline = 0
  let tags = 0
  // Most characters matter to none of the counts: the regular expression skips them in bulk.
  const interesting = /[\n\r*_`[<]/g
  for (let match = interesting.exec(markdown); match; match = interesting.exec(markdown)) {
    const at = match.index
    const c = markdown.charCodeAt(at)
    if (c === LF || c === CR) {
      // CommonMark reads \r\n as one line ending.
      if (c === CR && markdown.charCodeAt(at + 1) === LF) continue
      const next = lineStart(markdown, at + 1)
      if (next.blank) inline = 0
      if (next.prefix > containers) containers = next.prefix
    } else if (c === LT) {
      if (isAsciiLetter(markdown.charCodeAt(at + 1))) tags++
    } else if (++inline > mostInline) {
      mostInline = inline
    }
  }
  return { depth: containers + 2 + mostInline + tags, containers }
}

/** The width of the line's prefix that may open quotes and lists, and whether the line is blank. */
function lineStart(markdown: string, from: number): { prefix: number; blank: boolean } {
  let prefix = 0
  for (let i = from; i < markdown.length && isPrefixCharacter(markdown.charCodeAt(i)); i++) {
    prefix += markdown.charCodeAt(i) === TAB ? 4 : 1
  }
  let end = from
  while (markdown.charCodeAt(end) === SPACE || markdown.charCodeAt(end) === TAB) end++
  const after = markdown.charCodeAt(end)
  return { prefix, blank: Number.isNaN(after) || after === LF || after === CR }
}

/** What may open a quote or a list at the start of a line: `>`, `-`, `+`, `*`, `1.`, `1)`, indentation. */
function isPrefixCharacter(c: number): boolean {
  return (
    c === SPACE || c === TAB || c === 0x3e || c === 0x2d || c === 0x2b || c === 0x2a || c === 0x2e || c === 0x29 || (c >= 0x30 && c <= 0x39)
  )
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}
