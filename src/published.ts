/**
 * What is published at a given moment, and its rendered outputs. Articles are sorted newest
 * first, so the published ones are identified by their count; outputs are rendered once per
 * distinct published set and reused until a scheduled article's time comes.
 */
import type { Article } from './articles/article.ts'
import { publishedBy } from './articles/collection.ts'

export interface PublishedView {
  articles: readonly Article[]
  /** Renders `key` once for this published set. */
  memo(key: string, render: () => string): string
}

export function createPublishedViews(articles: readonly Article[]): (now: Date) => PublishedView {
  let current: { count: number; view: PublishedView } | undefined
  return (now) => {
    const published = publishedBy(articles, now)
    if (current?.count !== published.length) {
      const outputs = new Map<string, string>()
      const view: PublishedView = {
        articles: published,
        memo(key, render) {
          let output = outputs.get(key)
          if (output === undefined) {
            output = render()
            outputs.set(key, output)
          }
          return output
        },
      }
      current = { count: published.length, view }
    }
    return current.view
  }
}
