/**
 * How long an article takes to read, as news sites show it: its words at 230 a minute, rounded,
 * at least one. A word is a run of letters or digits in any script; a script written without
 * spaces (Chinese, Japanese, Thai) counts each run as a word and so is under-counted, which a
 * minute's precision hides for the lengths articles have.
 */
import { oncePer } from '../text/remembered.ts'
import type { Article } from '../model/article.ts'

const WORDS_PER_MINUTE = 230

export const readingMinutes = oncePer((article: Article): number => {
  const text = article.bodyHtml.replace(/<[^>]*>/g, ' ')
  const words = text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)?.length ?? 0
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE))
})
