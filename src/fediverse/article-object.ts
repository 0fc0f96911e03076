/**
 * Every published article as an ActivityStreams `Article` for Fedify: the object read from the
 * article's JSON-LD document (article-document.ts), the one the export writes as its file, so
 * that the Node server, the Worker and the export serve the same bytes.
 */
import type { Article } from '@fedify/vocab'
import { Temporal } from '@js-temporal/polyfill'
import type { FeedItem } from '../feeds/feed-model.ts'
import { type ArticleObjectIds, articleDocument } from './article-document.ts'
import { DocumentArticle } from './document-article.ts'

export type { ArticleObjectIds } from './article-document.ts'

/**
 * The item's object. Read from its document rather than built from Fedify's properties: a
 * translation's document carries the attribution extension, which Fedify has no property for,
 * and the object serialises as that document wherever Fedify serialises it (document-article.ts).
 */
export async function articleObject(item: FeedItem, ids: ArticleObjectIds): Promise<Article> {
  return DocumentArticle.fromJsonLd(articleDocument(item, ids))
}

/** A date as the Temporal instant Fedify's vocabulary takes. */
export function temporalInstant(date: Date): Temporal.Instant {
  return Temporal.Instant.fromEpochMilliseconds(date.getTime())
}
