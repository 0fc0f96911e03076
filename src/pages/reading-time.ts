/**
 * How long an article takes to read, as news sites show it: its words at 230 a minute, rounded,
 * at least one. A word is a run of letters or digits in any script; a script written without
 * spaces (Chinese, Japanese, Thai) counts each run as a word and so is under-counted, which a
 * minute's precision hides for the lengths articles have.
 */
import type { Article } from '../model/article.ts'

const WORDS_PER_MINUTE = 230

const known = new WeakMap<Article, number>()

/** The article's reading time in minutes, worked out once per article (every listing that shows it asks). */
export function readingMinutes(article: Article): number {
  let minutes = known.get(article)
  if (minutes === undefined) {
    minutes = Math.max(1, Math.round(countWords(article.bodyHtml) / WORDS_PER_MINUTE))
    known.set(article, minutes)
  }
  return minutes
}

/**
 * Tells what `readingMinutes` gave for this article elsewhere: the export's other thread, which
 * rendered its body, so that this one need not render it again only to count its words.
 */
export function knowReadingMinutes(article: Article, minutes: number): void {
  known.set(article, minutes)
}

/**
 * The words of an article's HTML: what `html.replace(/<[^>]*>/g, ' ')` then
 * `.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*\/gu)` count (a tag separates words, an apostrophe
 * followed by letters joins them), counted in one pass without making the text or the list of
 * words. test/reading-time.test.ts checks that the two agree.
 */
export function countWords(html: string): number {
  const length = html.length
  let words = 0
  let i = 0
  while (i < length) {
    const code = html.charCodeAt(i)
    if (code === LESS_THAN) {
      // A tag, up to the next `>`, separates words; a `<` with none after it is only a character.
      const end = html.indexOf('>', i + 1)
      i = end === -1 ? i + 1 : end + 1
      continue
    }
    if (kindAt(html, i, code) === OTHER) {
      i += unitsAt(html, i, code)
      continue
    }
    words++
    i = pastRun(html, i, LETTER | NUMBER)
    // Joined by an apostrophe to the letters after it ("don't", "l’eau"): one word.
    while (i + 1 < length) {
      const next = html.charCodeAt(i)
      if (next !== APOSTROPHE && next !== RIGHT_QUOTE) break
      if (kindAt(html, i + 1, html.charCodeAt(i + 1)) !== LETTER) break
      i = pastRun(html, i + 1, LETTER)
    }
  }
  return words
}

const LESS_THAN = 0x3c
const APOSTROPHE = 0x27
const RIGHT_QUOTE = 0x2019
const OTHER = 0
const LETTER = 1
const NUMBER = 2

/** Where the run of characters of `kinds` that starts at `i` ends. */
function pastRun(text: string, i: number, kinds: number): number {
  const length = text.length
  while (i < length) {
    const code = text.charCodeAt(i)
    if ((kindAt(text, i, code) & kinds) === 0) break
    i += unitsAt(text, i, code)
  }
  return i
}

/** 2 where a surrogate pair starts at `i` (whose first unit is `code`), else 1. */
function unitsAt(text: string, i: number, code: number): number {
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return 1
  const low = text.charCodeAt(i + 1)
  return low >= 0xdc00 && low <= 0xdfff ? 2 : 1
}

/** Each UTF-16 unit's kind, worked out on first sight (UNKNOWN until then). */
const UNKNOWN = 255
const unitKinds = new Uint8Array(0x10000).fill(UNKNOWN)
const IS_LETTER = /^\p{L}$/u
const IS_NUMBER = /^\p{N}$/u

/** The kind of the code point at `i` (whose first unit is `code`): a letter, a number, or other. */
function kindAt(text: string, i: number, code: number): number {
  if (code >= 0xd800 && unitsAt(text, i, code) === 2) return kindOf(text.slice(i, i + 2))
  let kind = unitKinds[code]!
  if (kind === UNKNOWN) unitKinds[code] = kind = kindOf(String.fromCharCode(code))
  return kind
}

function kindOf(character: string): number {
  return IS_LETTER.test(character) ? LETTER : IS_NUMBER.test(character) ? NUMBER : OTHER
}
