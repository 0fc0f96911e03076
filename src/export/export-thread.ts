/**
 * The export's second thread (second-thread.ts starts it, through export-thread.mjs): loads the
 * site as the first thread did, checks that it found the same articles, settings and code, then
 * makes the tasks it is handed (thread-messages.ts) and writes their files.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { loadPublicFolder, loadSiteForBuild, publishableForBuild } from '../content/load-site.ts'
import { pictureMakerFor } from '../content/picture-maker.ts'
import { siblingsOf } from '../feed-sets/translations.ts'
import { createViewSource } from '../feed-sets/view.ts'
import { ItemCache } from '../feeds/formats.ts'
import { NODE_ENCODERS } from '../http/encoders.ts'
import type { Encoders } from '../http/encoding.ts'
import { buildContext, inputHasher } from './input-hasher.ts'
import { adoptItems, SharedItemArena, shareItems } from './item-transfer.ts'
import { ResourceMaker } from './resource-maker.ts'
import {
  type ArticlesTask,
  type DocumentsTask,
  type PackedItems,
  type ParentMessage,
  type ThreadMessage,
  type ThreadStart,
  viewFingerprint,
} from './thread-messages.ts'

const start = workerData as ThreadStart
const port = parentPort!
const post = (message: ThreadMessage) => port.postMessage(message)

/** The first thread's messages as promises: its answers to requests for work, in order, and its items. */
class Inbox {
  stopped = false
  readonly #answers: ((task: ArticlesTask | DocumentsTask | undefined) => void)[] = []
  #items: PackedItems | undefined
  #itemsWaiting: ((items: PackedItems | undefined) => void) | undefined

  constructor() {
    port.on('message', (message: ParentMessage) => {
      if (message.type === 'task') this.#answers.shift()?.(message.task)
      else if (message.type === 'items') {
        this.#items = message.items
        this.#itemsWaiting?.(message.items)
      } else {
        // The first thread failed: take no more work, let the files under way be written.
        this.stopped = true
        for (const answer of this.#answers.splice(0)) answer(undefined)
        this.#itemsWaiting?.(undefined)
      }
    })
  }

  next(phase: 1 | 2): Promise<ArticlesTask | DocumentsTask | undefined> {
    if (this.stopped) return Promise.resolve(undefined)
    post({ type: 'next', phase })
    return new Promise((resolve) => this.#answers.push(resolve))
  }

  items(): Promise<PackedItems | undefined> {
    if (this.#items || this.stopped) return Promise.resolve(this.#items)
    return new Promise((resolve) => (this.#itemsWaiting = resolve))
  }
}

/** Takes tasks of one phase until there are none; each next one is asked for while this one is made, so no time is lost asking. */
async function takeTasks<T>(inbox: Inbox, phase: 1 | 2, make: (task: T) => Promise<void>): Promise<void> {
  let next = inbox.next(phase)
  for (let task = await next; task; task = await next) {
    next = inbox.next(phase)
    await make(task as T)
  }
}

const { site, collection, articlesDir } = await loadSiteForBuild(start.env, { file: start.configFile, readOnly: true })
// The first thread's moment, so that both see the same articles published; the public folder
// as listed again here, which the fingerprint compares with the first thread's.
// The variants, which the first thread made before it started this one: found in the cache.
const folder = loadPublicFolder(site)
const { articles } = publishableForBuild(collection, folder, site, articlesDir)
const publicFiles = await pictureMakerFor(start.env, () => {}).withPictures(folder, articles, site.url)
const content = { articles, publicFiles }
const view = createViewSource(() => content, site)(new Date(start.builtAt))
const differs =
  buildContext(site) !== start.context
    ? 'its settings or code are not those of the first thread'
    : viewFingerprint(view) !== start.fingerprint
      ? 'it read other versions of the articles than the first thread (a file changed meanwhile)'
      : undefined

if (differs) {
  post({ type: 'mismatch', reason: differs })
} else {
  // Only which codings are offered shows in the export (Vary, ETags); the first thread's encoders cannot be sent.
  const encoders: Encoders = Object.fromEntries(start.codings.filter((c) => c !== 'identity').map((c) => [c, NODE_ENCODERS[c]]))
  const arena = new SharedItemArena()
  const items = new ItemCache(site, view.publicFiles, siblingsOf(view), arena.encode)
  const hashInputs = start.hashInputs ? inputHasher(view, site, start.context) : undefined
  const maker = new ResourceMaker({ view, site, encoders, outDir: start.outDir, items, hashInputs, newFilesInPlace: start.newFilesInPlace })
  const inbox = new Inbox()
  post({ type: 'ready' })
  try {
    const mine: number[] = []
    await takeTasks<ArticlesTask>(inbox, 1, async (task) => {
      await maker.makeArticles(task)
      mine.push(...task.items)
    })
    if (!inbox.stopped) {
      post({ type: 'items', items: shareItems(items, arena, view.published, mine) })
      const theirs = await inbox.items()
      if (theirs) adoptItems(items, view.published, theirs)
      await takeTasks<DocumentsTask>(inbox, 2, (task) => maker.makeDocuments(task))
    }
    post({ type: 'finished', made: maker.made })
  } finally {
    port.close()
  }
}
