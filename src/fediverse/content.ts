/**
 * What the Fediverse side of the site reads: the actors and their articles at this moment. The
 * Node server answers from its live view (view-content.ts); the same federation code serves any
 * other source that answers these questions.
 */
import type { Article as ArticleObject } from '@fedify/vocab'
import type { Picture } from '../articles/picture.ts'

export interface ActorProfile {
  handle: string
  /** The site is the newsroom (an Organization); a feed set's actor is automated (a Service). */
  kind: 'site' | 'feed-set'
  name: string
  /** Plain text. */
  summary: string
  /** Its page on the site. */
  url: string
  /** The site's square icon, and its wide logo as the header picture. */
  icon?: Picture
  image?: Picture
  /** How many articles it has published. */
  articleCount: number
  /** Its language (BCP 47). */
  language: string
}

/** One published article, as an actor's outbox lists it. */
export interface OutboxEntry {
  /** The article page's URL: the object's id. */
  url: string
  published: Date
  /** When it last changed: `updated`, else `published`. */
  updated: Date
  /** Changes whenever what followers see of it may have: a new value is delivered as an Update. */
  version: string
  object(): Promise<ArticleObject>
}

export interface FediverseContent {
  siteUrl: string
  /** Every actor that can be followed now, by handle. */
  actors(): ReadonlyMap<string, ActorProfile>
  /** An actor's articles, newest first. */
  articlesOf(handle: string): readonly OutboxEntry[]
  /** The published article at a page path (`articles/{slug}`), undefined for none. */
  articleAt(path: string): OutboxEntry | undefined
  /** Articles on the whole site: NodeInfo's count of local posts. */
  articleCount(): number
}
