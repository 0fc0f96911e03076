/**
 * What `bylines build` prepares of the Fediverse for a runtime without the articles (the
 * Worker): the actors' profiles, each actor's outbox, and for each article where its object's
 * JSON-LD was written in the static export. The Worker bundles this manifest in, as it does the
 * prepared site's index, and reads each object from the export on first use
 * (prepared-content.ts).
 */
import type { ActorProfile } from './content.ts'

/** Raised when the manifest's shape changes: a Worker refuses a manifest of another version. */
export const PREPARED_FEDIVERSE_VERSION = 1

/** Where the objects are, in the export: outside `fediverse/`, whose names are the actors'. */
export const OBJECTS_FOLDER = 'fediverse-objects'

export interface PreparedArticle {
  /** The article page's URL: the object's id. */
  url: string
  /** Its page path (`articles/{slug}`). */
  path: string
  /** ISO 8601. */
  published: string
  updated: string
  version: string
  /** The object's JSON-LD, in the export (`fediverse-objects/{slug}.json`). */
  file: string
}

export interface PreparedActor extends ActorProfile {
  /** Its articles, newest first, as indexes into `articles`. */
  outbox: number[]
}

export interface PreparedFediverse {
  version: number
  /** `[fediverse] enabled` when the site was built: without it the Worker is not on the Fediverse. */
  enabled: boolean
  siteUrl: string
  /**
   * Changes whenever what followers could be told changes (an article, a version, an actor):
   * the Worker tells followers once per value it has not seen.
   */
  buildId: string
  articleCount: number
  actors: PreparedActor[]
  /** Every published article, newest first. */
  articles: PreparedArticle[]
}

/** The manifest's file beside the prepared site's index: `build/prepared-site.json` → `build/prepared-site.fediverse.json`. */
export function preparedFediverseFileOf(preparedFile: string): string {
  return preparedFile.replace(/(\.json)?$/, '.fediverse.json')
}

/** The file of an article's object, from its page path. */
export function objectFileOf(path: string): string {
  return `${OBJECTS_FOLDER}/${path.slice(path.lastIndexOf('/') + 1)}.json`
}

/** The static host's documents (static-documents.ts): one WebFinger answer, NodeInfo's links. */
export const WEBFINGER_FILE = '.well-known/webfinger'
export const NODEINFO_LINKS_FILE = '.well-known/nodeinfo'

/** An actor's outbox on a static host: `fediverse/{handle}` is the actor's file, so not below it. */
export function staticOutboxFileOf(handle: string): string {
  return `${OBJECTS_FOLDER}/outboxes/${handle}.json`
}
