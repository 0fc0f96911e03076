/**
 * Editorial advice: what a careful editor would want to know before publishing, though
 * nothing is wrong with the article. `npm run check` prints it; the feed service does not log
 * it, and it is never part of a collection's problems.
 */
import type { Article } from '../model/article.ts'
import type { Problem } from './problems.ts'

export interface Advice extends Omit<Problem, 'severity'> {
  severity: 'advice'
}

export interface AdviceInput {
  article: Article
  /** The front matter as written, before defaults: whether `summary` was given, for instance. */
  data: Record<string, unknown>
  /** The file's line holding a front-matter field, as `parseFrontMatter` gives it. */
  lineOf(path: readonly (string | number)[]): number
}

/** Advice on each article, in the order given; `inputs` are all the articles, for related titles. */
export function editorialAdvice(inputs: readonly AdviceInput[]): Advice[] {
  const slugByTitle = new Map(inputs.map(({ article }) => [titleKey(article.title), article.slug]))
  const advice: Advice[] = []
  for (const { article, data, lineOf } of inputs) {
    const advise = (path: (string | number)[], field: string, message: string) =>
      advice.push({ severity: 'advice', file: article.file, line: lineOf(path), field, message })

    const original = article.original
    if (original && article.translators.length === 0) {
      advise(['original'], 'translators', 'none for a translation: add who translated it, the credit line names them')
    }
    // What `import` recommends of a translation (import/article-draft.ts): the same advice here.
    if (original && original.url === undefined) {
      advise(['original'], 'original.url', 'is missing: the credit line cannot link the original; add its address (import: --original-url)')
    }
    if (original && original.title === undefined) {
      advise(
        ['original'],
        'original.title',
        "is missing: the credit line names the publication instead of the piece; add the original's headline (import: --original-title)",
      )
    }
    if (original?.url && new URL(original.url).protocol !== 'https:') {
      advise(
        ['original', 'url'],
        'original.url',
        `"${original.url}" is not https: use the original's https address, which readers' browsers will not warn about`,
      )
    }
    if (data.summary === undefined) {
      advise(['title'], 'summary', 'is missing: feeds show the first paragraph instead; a one-paragraph summary reads better')
    }
    // A slug that matches no article is already a warning of the collection.
    article.related.forEach((related, i) => {
      if (!('title' in related) || related.url) return
      const slug = slugByTitle.get(titleKey(related.title))
      const where = `related[${i}]`
      if (slug === undefined) {
        const message = `"${related.title}" matches none of our articles and has no url: readers see it unlinked`
        advise(['related', i], where, message)
      } else if (slug !== article.slug) {
        advise(['related', i], where, `"${related.title}" is our article "${slug}": write its slug to link it`)
      }
    })
  }
  return advice
}

/** How titles are compared for `related`: case, quotes, spacing and end punctuation aside. */
/** Bounded so that a long run of spaces and dots cannot make the match quadratic. */
const TRAILING_PUNCTUATION = /[.!?…:;,](?:[ .!?…:;,]{0,40})$/u

export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLocaleLowerCase('en')
    .replace(/[‘’‚‛′`]/g, "'")
    .replace(/[“”„‟«»″]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(TRAILING_PUNCTUATION, '')
    .trim()
}
