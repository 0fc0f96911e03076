// Placeholder until the full object lands: the fields Mastodon needs.
import { Article, LanguageString, PUBLIC_COLLECTION } from '@fedify/vocab'
import { Temporal } from '@js-temporal/polyfill'
import type { FeedItem } from '../feeds/feed-model.ts'

export interface ArticleObjectIds {
  id: URL
  actor: URL
  followers: URL
  tagUrl(tag: string): URL
}

export async function articleObject(item: FeedItem, ids: ArticleObjectIds): Promise<Article> {
  return new Article({
    id: ids.id,
    name: item.title,
    content: new LanguageString(item.contentHtml, item.language),
    summary: item.summary,
    url: new URL(item.url),
    published: Temporal.Instant.fromEpochMilliseconds(item.published.getTime()),
    attribution: ids.actor,
    to: PUBLIC_COLLECTION,
    cc: ids.followers,
  })
}
