/**
 * One thread's share of the export: makes the resources it is given and writes each body to its
 * file, beside itself and renamed over the old one, or in place when it is new to a folder no build
 * has written to before (atomic-write.ts), unless the previous build
 * wrote the very same bytes there. Both threads of the export make their resources here, so
 * they write files the same way.
 *
 * Each file is written synchronously, by the thread that made it, before it makes the next. With
 * the writes handed to libuv's I/O threads instead (128 under way per thread), a full build of
 * 10,000 articles on two cores took about 1.4 times the CPU time and wall time: six threads took
 * turns on two cores, with four hops to an I/O thread and back per file. Written here, a file
 * costs its system calls and nothing else, and both cores make resources.
 */
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { SiteView } from '../feed-sets/view.ts'
import { FEED_FORMAT_NAMES, type ItemCache } from '../feeds/formats.ts'
import { forEachPart } from '../http/body-parts.ts'
import type { Encoders } from '../http/encoding.ts'
import type { OpenedBody, PreparedResponse } from '../http/prepared.ts'
import { NOT_FOUND_FILE } from '../model/paths.ts'
import { readingMinutes } from '../pages/reading-time.ts'
import type { PreparedEntry } from '../resources/prepared-site.ts'
import { NOT_FOUND_KEY, publicResourceKeys, type Resources, resourcesOfView } from '../resources/resources.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { ExportFiles } from './export-files.ts'
import { fileForKey } from './file-paths.ts'
import { ObjectFiles } from './object-files.ts'
import type { ArticlesTask, DocumentsTask, Job, Made } from './thread-messages.ts'

/**
 * Where a resource's body goes in the export; the 404 page, which has no path, goes to 404.html.
 * A file of the public folder keeps its name, whatever it is (`publicResourceKeys`).
 */
export function exportFileOf(key: string, publicKeys: ReadonlySet<string>): string {
  return key === NOT_FOUND_KEY ? NOT_FOUND_FILE : fileForKey(key, publicKeys.has(key))
}

export interface MakerOptions {
  view: SiteView
  site: SiteSettings
  encoders?: Encoders
  outDir: string
  /** Serialised items, shared by every document this thread makes. */
  items: ItemCache
  /** Hashes a resource's inputs (input-hasher.ts), when the build has not: each made resource records them. */
  hashInputs?: (key: string) => string | undefined
  /** Nothing was ever built into `outDir`: new files are created where they belong (writeExportFileSync). */
  newFilesInPlace?: boolean
}

export class ResourceMaker {
  /** What has been made and written so far. */
  readonly made: Made[] = []
  readonly #view: SiteView
  readonly #items: ItemCache
  readonly #objects: ObjectFiles
  readonly #resources: Resources
  readonly #outDir: string
  readonly #files: ExportFiles
  readonly #publicKeys: ReadonlySet<string>
  readonly #hashInputs: ((key: string) => string | undefined) | undefined

  constructor({ view, site, encoders, outDir, items, hashInputs, newFilesInPlace = false }: MakerOptions) {
    this.#files = new ExportFiles(newFilesInPlace)
    this.#view = view
    this.#hashInputs = hashInputs
    this.#items = items
    this.#outDir = outDir
    this.#objects = new ObjectFiles(view, site, outDir, this.#files)
    this.#resources = resourcesOfView(view, site, { encoders, remember: false, items })
    this.#publicKeys = publicResourceKeys(view, site)
  }

  /** Phase one (thread-messages.ts): the articles' items, kept in the cache, their objects and their pages. */
  async makeArticles(task: ArticlesTask): Promise<void> {
    const objects = new Set(task.objects)
    for (const index of task.items) {
      const article = this.#view.published[index]!
      // The reading time first: counting the words of the rendered body makes it one string in
      // memory, which the item, the object and the page then copy as it is, rather than each
      // gathering it again from the thousands of pieces the sanitiser wrote it in.
      readingMinutes(article)
      // The object first: the cache lets go of an item once its formats are made.
      if (objects.delete(index)) this.#objects.write(article, this.#items.item(article))
      for (const format of FEED_FORMAT_NAMES) this.#items.bytes(article, format)
    }
    for (const index of objects) {
      const article = this.#view.published[index]!
      this.#objects.write(article, this.#items.item(article))
    }
    for (const job of task.pages) await this.make(job)
  }

  /** Phase two: documents, from the items of both threads. */
  async makeDocuments(task: DocumentsTask): Promise<void> {
    for (const job of task.jobs) await this.make(job)
  }

  /** Makes one resource and writes its file; when it returns, the file is in place. */
  async make({ key, before }: Job): Promise<void> {
    const prepared: PreparedResponse | undefined = await (key === NOT_FOUND_KEY ? this.#resources.notFound() : this.#resources.get(key))
    if (!prepared) throw new Error(`${key} is listed but has no resource`)
    const variant = await prepared.variant('identity')
    const { headers } = variant
    const file = exportFileOf(key, this.#publicKeys)
    const path = join(this.#outDir, file)
    const written = !(before && before.own.etag === headers.etag && isInPlace(before, file, path))
    if (written) {
      // A feed document is written from its parts: its items are not copied into one array.
      this.#files.write(path, variant.opened ? await readParts(variant.opened) : (variant.parts ?? [variant.body]))
    }
    // A large public file left in place was opened all the same, for its headers. Node 26 throws
    // (ERR_INVALID_STATE) where a file handle is found open by the garbage collector.
    variant.opened?.close()
    const inputs = this.#hashInputs?.(key)
    this.made.push({ key, headers, written, ...(inputs !== undefined && { inputs }) })
  }
}

/** A body opened to be streamed (a large public file), read to its end: a build writes one file at a time. */
async function readParts(opened: OpenedBody): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = []
  await forEachPart(opened.stream(0, opened.size - 1), (part) => parts.push(part))
  return parts
}

/**
 * Whether the file the previous build wrote for an entry is still there, as long as it was: a
 * guard against a folder changed by hand. Synchronous: twenty thousand promises cost more.
 */
export function isInPlace(entry: PreparedEntry, file: string, path: string): boolean {
  return entry.file === file && statSync(path, { throwIfNoEntry: false })?.size === Number(entry.own['content-length'])
}
