/**
 * What the export's two threads say to each other: the work, the serialised items they hand
 * across, and what each made. Both sides import these types, so the protocol has one home.
 *
 * The work comes in two phases. In the first, each thread takes articles: it makes their items
 * (the costly part of a feed: the Markdown body rendered and serialised in three formats) and
 * their pages. Between the phases each hands the other the items it made, so that no item is
 * made twice. In the second, each takes sets and makes their documents (pages and feeds) from
 * those items, which both threads read from shared memory. The tasks of both phases are handed
 * out one at a time, to whichever thread asks first.
 */
import { createHash } from 'node:crypto'
import type { SiteView } from '../feed-sets/view.ts'
import type { ContentCoding } from '../http/encoding.ts'
import type { PreparedEntry } from '../resources/prepared-site.ts'
import type { Env } from '../settings/environment.ts'

/** One resource to make: its key, and the previous build's entry for it, if any (its file may be left as it is). */
export interface Job {
  key: string
  before?: PreparedEntry
}

/**
 * Phase one: the items of some articles (by their place among the published ones), the pages of
 * some, and the Fediverse objects of some (object-files.ts), each made from the article's item.
 */
export interface ArticlesTask {
  items: number[]
  pages: Job[]
  objects: number[]
}

/** Phase two: documents of one set (or of part of a large one). */
export interface DocumentsTask {
  jobs: Job[]
}

/** A resource made: its headers as the server sends it uncompressed, and whether its file was written. */
export interface Made {
  key: string
  headers: Record<string, string>
  written: boolean
  /** The hash of its inputs, when the thread that made it was asked to hash them (input-hasher.ts). */
  inputs?: string
}

/** Where the items of some articles lie in a thread's shared memory: three formats per article, in FEED_FORMAT_NAMES order. */
export interface PackedItems {
  articles: number[]
  /** The thread's chunks of shared memory (item-transfer.ts): a message shares them, never copies them. */
  chunks: SharedArrayBuffer[]
  /** Chunk number, offset and byte length of each item, article by article, format by format. */
  places: Uint32Array
  /**
   * Each article's reading time (pages/reading-time.ts), which the listings of the second phase
   * show: worked out by the thread that rendered its body for the item, so that the other need
   * not render it again only to count its words.
   */
  readingMinutes: Uint32Array
}

/** What the second thread is started with: how to load the site as the first did, and what it must find. */
export interface ThreadStart {
  env: Env
  configFile?: string
  builtAt: string
  outDir: string
  /** The codings the first thread's encoders offer: ETags and Vary depend on them. */
  codings: ContentCoding[]
  /** The code, settings and format version (ExportOptions.context): equal, or the thread makes nothing. */
  context: string
  /** viewFingerprint of the first thread's view. */
  fingerprint: string
  /** Whether it hashes the inputs of what it makes (a build with no previous one; input-hasher.ts). */
  hashInputs: boolean
  /** ExportOptions.newFilesInPlace. */
  newFilesInPlace: boolean
}

/** From the second thread. */
export type ThreadMessage =
  | { type: 'ready' }
  /** It loaded other content or settings than the first thread (a file changed in between): it makes nothing. */
  | { type: 'mismatch'; reason: string }
  | { type: 'next'; phase: 1 | 2 }
  | { type: 'items'; items: PackedItems }
  | { type: 'finished'; made: Made[] }

/** To the second thread. */
export type ParentMessage =
  | { type: 'task'; task: ArticlesTask | DocumentsTask | undefined }
  | { type: 'items'; items: PackedItems }
  /** The first thread failed: finish the writes under way and stop. */
  | { type: 'stop' }

/**
 * The articles a view was made from, each by file and version (a hash of its text), and how
 * many are published: two threads with equal fingerprints number the same articles alike.
 * Undefined when an article's version is not known: then nothing can be compared.
 */
export function viewFingerprint(view: SiteView): string | undefined {
  const hash = createHash('sha1')
  for (const article of view.snapshot.articles) {
    if (article.version === undefined) return undefined
    hash.update(`${article.file}\0${article.version}\n`)
  }
  // Pictures show their bytes and pixel size: both threads must have listed the same files.
  for (const file of view.publicFiles.files.values()) hash.update(`${file.path}\0${file.version}\n`)
  return `${view.published.length} ${hash.digest('base64url')}`
}
