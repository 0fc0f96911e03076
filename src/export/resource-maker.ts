/**
 * One thread's share of the export: makes the resources it is given and writes each body to its
 * file, beside itself and renamed over the old one (atomic-write.ts), unless the previous build
 * wrote the very same bytes there. Both threads of the export make their resources here, so
 * they write files the same way.
 */
import { mkdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { FEED_FORMAT_NAMES, type ItemCache } from '../feeds/formats.ts'
import type { Encoders } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'
import { writeFileAtomic } from '../node/atomic-write.ts'
import type { SiteSettings } from '../settings.ts'
import type { PreparedEntry } from '../site/prepared-site.ts'
import { NOT_FOUND_KEY, publicResourceKeys, resourcesOfView, type Resources } from '../site/resources.ts'
import type { SiteView } from '../site/view.ts'
import { fileForKey } from './file-paths.ts'
import type { ArticlesTask, DocumentsTask, Job, Made } from './thread-messages.ts'

/** Files being written at once by one thread; enough to keep the I/O threads busy without holding the archive. */
const IN_FLIGHT = 128

/**
 * Where a resource's body goes in the export; the 404 page, which has no path, goes to 404.html.
 * A file of the public folder keeps its name, whatever it is (`publicResourceKeys`).
 */
export function exportFileOf(key: string, publicKeys: ReadonlySet<string>): string {
  return key === NOT_FOUND_KEY ? '404.html' : fileForKey(key, publicKeys.has(key))
}

export interface MakerOptions {
  view: SiteView
  site: SiteSettings
  encoders?: Encoders
  outDir: string
  /** Serialised items, shared by every document this thread makes. */
  items: ItemCache
}

export class ResourceMaker {
  /** What has been made and written so far. */
  readonly made: Made[] = []
  readonly #view: SiteView
  readonly #items: ItemCache
  readonly #resources: Resources
  readonly #outDir: string
  readonly #inFlight = new Set<Promise<void>>()
  readonly #madeDirs = new Set<string>()
  readonly #publicKeys: ReadonlySet<string>
  #failure: { error: unknown } | undefined

  constructor({ view, site, encoders, outDir, items }: MakerOptions) {
    this.#view = view
    this.#items = items
    this.#outDir = outDir
    this.#resources = resourcesOfView(view, site, { encoders, remember: false, items })
    this.#publicKeys = publicResourceKeys(view)
  }

  /** Phase one (thread-messages.ts): the articles' items, kept in the cache, and their pages. */
  async makeArticles(task: ArticlesTask): Promise<void> {
    for (const index of task.items) {
      const article = this.#view.published[index]!
      for (const format of FEED_FORMAT_NAMES) this.#items.bytes(article, format)
    }
    for (const job of task.pages) await this.make(job)
  }

  /** Phase two: documents, from the items of both threads. */
  async makeDocuments(task: DocumentsTask): Promise<void> {
    for (const job of task.jobs) await this.make(job)
  }

  /**
   * Makes one resource on this thread while the files made before it are written by the
   * system's I/O threads: the two overlap, and it waits only while IN_FLIGHT bodies are in memory.
   * @throws the first failure of any resource begun before
   */
  async make(job: Job): Promise<void> {
    this.#throwIfFailed()
    const task: Promise<void> = this.#makeOne(job)
      .then((made) => void this.made.push(made))
      .catch((error: unknown) => void (this.#failure ??= { error }))
      .finally(() => this.#inFlight.delete(task))
    this.#inFlight.add(task)
    if (this.#inFlight.size >= IN_FLIGHT) await Promise.race(this.#inFlight)
    this.#throwIfFailed()
  }

  /** Waits for every write under way. @throws the first failure, if any */
  async drain(): Promise<Made[]> {
    await this.settle()
    this.#throwIfFailed()
    return this.made
  }

  /** Waits for every write under way, failed or not: a build that stops leaves no half-written file. */
  async settle(): Promise<void> {
    await Promise.all(this.#inFlight)
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error
  }

  async #makeOne({ key, before }: Job): Promise<Made> {
    const prepared: PreparedResponse | undefined = await (key === NOT_FOUND_KEY ? this.#resources.notFound() : this.#resources.get(key))
    if (!prepared) throw new Error(`${key} is listed but has no resource`)
    const { body, headers } = await prepared.variant('identity')
    const file = exportFileOf(key, this.#publicKeys)
    const path = join(this.#outDir, file)
    const written = !(before && before.own.etag === headers.etag && isInPlace(before, file, path))
    if (written) {
      const dir = dirname(path)
      if (!this.#madeDirs.has(dir)) {
        // Synchronous: a few thousand folders for a whole build, and the promise version's
        // steps took two threads over a second each, waiting on folders the writes were filling.
        mkdirSync(dir, { recursive: true })
        this.#madeDirs.add(dir)
      }
      await writeFileAtomic(path, body)
    }
    return { key, headers, written }
  }
}

/**
 * Whether the file the previous build wrote for an entry is still there, as long as it was: a
 * guard against a folder changed by hand. Synchronous: twenty thousand promises cost more.
 */
export function isInPlace(entry: PreparedEntry, file: string, path: string): boolean {
  return entry.file === file && statSync(path, { throwIfNoEntry: false })?.size === Number(entry.own['content-length'])
}
