/**
 * The reading time's word count (pages/reading-time.ts), counted in one pass, against the two
 * regular expressions it stands for: on the bundled articles and on random HTML-like text mixing
 * tags, apostrophes, scripts, combining marks, numbers, astral letters and digits, emoji and lone
 * surrogates.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { readArticleSources } from '../src/content/read-articles.ts'
import { countWords, knowReadingMinutes, readingMinutes } from '../src/pages/reading-time.ts'
import { DEFAULT_SITE } from '../src/settings/schema.ts'

/** What the count stands for: tags made spaces, then the words matched. */
function wordsByExpressions(html: string): number {
  const text = html.replace(/<[^>]*>/g, ' ')
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)?.length ?? 0
}

const PIECES = [
  'a',
  'Z',
  'é',
  'ß',
  'ж',
  'ش',
  '中',
  'ก',
  'é',
  '\u0301',
  '0',
  '9',
  '²',
  'Ⅻ',
  '٣',
  '𝐀',
  '𝟎',
  '😀',
  '_',
  '-',
  ' ',
  '\n',
  "'",
  '’',
  '‘',
  '<',
  '>',
  '<p>',
  '</p>',
  '<a href="x y">',
  '&#39;',
  '&amp;',
  "l'",
  'don’t',
  '\ud800',
  '\udc00',
  'ab12',
  '.',
  '"',
]

/** A deterministic random text of pieces (a linear congruential generator: the same text each run). */
function randomText(seed: number, length: number): string {
  let state = seed
  let text = ''
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    text += PIECES[state % PIECES.length]
  }
  return text
}

describe('the reading time’s word count', () => {
  it('counts as the expressions do, on every bundled article', async () => {
    const site = { ...DEFAULT_SITE, url: 'https://bylines.example/' }
    const { articles } = buildCollection(await readArticleSources(join(import.meta.dirname, '..', 'articles')), site)
    expect(articles.length).toBeGreaterThan(3)
    for (const article of articles) expect(countWords(article.bodyHtml), article.slug).toBe(wordsByExpressions(article.bodyHtml))
  })

  it('counts as the expressions do, on 3,000 random texts of tags, apostrophes, scripts and surrogates', () => {
    for (let seed = 1; seed <= 3_000; seed++) {
      const text = randomText(seed, 1 + (seed % 60))
      expect(countWords(text), JSON.stringify(text)).toBe(wordsByExpressions(text))
    }
  })

  it('takes the minutes worked out elsewhere for an article, and works them out otherwise', () => {
    const words = Array.from({ length: 460 }, () => 'word').join(' ')
    const told = { bodyHtml: `<p>${words}</p>` } as Parameters<typeof readingMinutes>[0]
    const untold = { bodyHtml: `<p>${words}</p>` } as Parameters<typeof readingMinutes>[0]
    knowReadingMinutes(told, 7)
    expect(readingMinutes(told)).toBe(7)
    expect(readingMinutes(untold)).toBe(2)
  })
})
