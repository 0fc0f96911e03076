/**
 * Which of our articles translate one original. Translations of one original into several
 * languages are a set (spec §5); two published in the same language are one story told twice,
 * so the collection keeps the one published first and leaves the other out, as it does for a
 * shared slug or id, and the server, the build and the feeds agree on what is published.
 */

import type { Article } from '../model/article.ts'
import { publicationKey } from '../settings/schema.ts'
import { titleKey } from './advice.ts'
import type { Problem } from './problems.ts'

/** The normal form of an original's address: what two spellings of one address share. */
export function originalUrlKey(url: string): string {
  return new URL(url).href
}

/**
 * What makes articles one set: the same `translationKey`, else (for articles without one) the
 * same `original.url`. A key both joins articles whose original URLs differ and splits those
 * that share one, so an article with a key is never joined by its original URL alone.
 * Undefined for an article that belongs to no set.
 */
export function translationSetKey(article: Article): string | undefined {
  if (article.translationKey !== undefined) return `key ${article.translationKey}`
  const url = article.original?.url
  // The schema took it as an absolute URL.
  return url === undefined ? undefined : `url ${originalUrlKey(url)}`
}

/**
 * The original of an article that names it by neither `original.url` nor `translationKey`, when
 * its front matter says it all the same: the publication, the original title and the original
 * date (one instant: a day written as a day, or the same time). Undefined otherwise: with less,
 * two pieces may share a headline ("Editorial") and be two originals.
 */
function describedOriginalKey(article: Article): string | undefined {
  const original = article.original
  if (translationSetKey(article) !== undefined || !original?.title || !original.date) return undefined
  return JSON.stringify([publicationKey(original.publication.name), titleKey(original.title), original.date.getTime()])
}

/** An article that translates the original of one published before it, into the same language. */
export interface SameOriginal {
  holder: Article
  /** The field that names the original, where the problem is reported. */
  field: 'original.url' | 'translationKey' | 'original.title'
}

/** The published articles met so far, by original and language: the first met of each keeps it. */
export class PublishedOriginals {
  private readonly holders = new Map<string, Article>()

  /** The article met before with this one's original and language, if any; else this one holds them. */
  claim(article: Article): SameOriginal | undefined {
    const setKey = translationSetKey(article)
    const field = article.translationKey !== undefined ? 'translationKey' : setKey !== undefined ? 'original.url' : 'original.title'
    const original = setKey ?? describedOriginalKey(article)
    if (original === undefined) return undefined
    const key = `${article.language} ${original}`
    const holder = this.holders.get(key)
    if (holder) return { holder, field }
    this.holders.set(key, article)
    return undefined
  }
}

/** The error of an article left out for translating, once more, an original we have in its language. */
export function sameOriginalProblem(article: Article, { holder, field }: SameOriginal): Problem {
  const other = holder.file
  const what =
    field === 'translationKey'
      ? `"${article.translationKey}" is the translationKey of ${other}`
      : field === 'original.url'
        ? `names the original of ${other}`
        : `with original.publication and original.date, names the original of ${other}`
  const fix =
    field === 'original.url' ? 'correct original.url, or give it a translationKey of its own' : 'give it a translationKey of its own'
  return {
    severity: 'error',
    file: article.file,
    line: 1,
    field,
    message: `${what}, published first, in the same language (${article.language}); this article is left out: if it replaces ${other}, edit ${other} instead; if it translates another original, ${fix}`,
  }
}
