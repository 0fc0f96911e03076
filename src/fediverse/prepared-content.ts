/**
 * The Fediverse's content from what the build prepared (prepared-fediverse.ts), on any runtime:
 * profiles and outboxes from the manifest, each article's object fetched from the static export
 * on first use and read back as a document-backed Article, so that its attribution survives
 * every serialisation Fedify makes of it (document-article.ts).
 */
import type { Article as ArticleObject } from '@fedify/vocab'
import type { ActorProfile, FediverseContent, OutboxEntry } from './content.ts'
import { DocumentArticle } from './document-article.ts'
import type { PreparedArticle, PreparedFediverse } from './prepared-fediverse.ts'

/** Reads one file of the static export as JSON. */
export type ObjectFetcher = (file: string) => Promise<unknown>

export function preparedFediverseContent(manifest: PreparedFediverse, fetchObject: ObjectFetcher): FediverseContent {
  const entries = manifest.articles.map((article) => entryOf(article, fetchObject))
  const byPath = new Map(manifest.articles.map((article, i) => [article.path, entries[i]!]))
  const profiles = new Map<string, ActorProfile>(manifest.actors.map(({ outbox: _outbox, ...profile }) => [profile.handle, profile]))
  const outboxes = new Map(manifest.actors.map((actor) => [actor.handle, actor.outbox.map((i) => entries[i]!)]))
  return {
    siteUrl: manifest.siteUrl,
    actors: () => profiles,
    articlesOf: (handle) => outboxes.get(handle) ?? [],
    articleAt: (path) => byPath.get(path),
    articleCount: () => manifest.articleCount,
  }
}

function entryOf(article: PreparedArticle, fetchObject: ObjectFetcher): OutboxEntry {
  let object: Promise<ArticleObject> | undefined
  return {
    url: article.url,
    published: new Date(article.published),
    updated: new Date(article.updated),
    version: article.version,
    object() {
      object ??= fetchObject(article.file).then((json) => DocumentArticle.fromJsonLd(json))
      // A fetch that failed is tried again on the next use, not remembered.
      object.catch(() => (object = undefined))
      return object
    },
  }
}
