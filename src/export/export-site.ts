/**
 * Writes the whole site as files: every resource's body at the path a static host serves it
 * from, the 404 page and `_headers`; and returns the prepared-site index the Worker reads. Bodies and
 * headers come from the same resources the Node server answers with, so they match it byte for
 * byte.
 *
 * The folder is updated in place, not swapped: `wrangler dev` watches it, and loses track of a
 * folder that is renamed away. Each file is written beside itself and renamed over the old one,
 * so no reader sees half a file (the first build into a folder creates its new files in place:
 * `newFilesInPlace`); a file whose ETag the previous build recorded is left alone;
 * files earlier builds wrote that are no longer part of the site are removed at the end.
 * Nothing else in the folder is touched (a CNAME, a .git); the site writes its own robots.txt, so
 * a newsroom's belongs in the public folder. Which files earlier builds wrote, also after one was
 * killed half-way, is previous-build.ts's to say.
 *
 * What is to be made is decided here, from each resource's inputs; the making is shared with a
 * second thread when there is enough of it (export-plan.ts says how the work is cut,
 * share-work.ts how it is handed out). Each thread writes the files it makes (resource-maker.ts);
 * this one puts together the index, `_headers` and the removal of stale files from what both made.
 */

import { mkdir, readFile, rm, rmdir } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, join, resolve, sep } from 'node:path'
import { nextScheduled } from '../articles/schedule.ts'
import { siblingsOf } from '../feed-sets/translations.ts'
import type { SiteView } from '../feed-sets/view.ts'
import { ItemCache } from '../feeds/formats.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { type Encoders, offeredCodings } from '../http/encoding.ts'
import { HEADERS_FILE } from '../model/paths.ts'
import { filesOf, OWN_HEADERS, PREPARED_SITE_VERSION, type PreparedEntry, type PreparedSite } from '../resources/prepared-site.ts'
import { listResourceKeys, NOT_FOUND_KEY, publicResourceKeys } from '../resources/resources.ts'
import type { Env } from '../settings/environment.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { type ExportPlan, planExport, planSize } from './export-plan.ts'
import { type FixedHeadersRule, renderHeadersFile } from './headers-file.ts'
import { inputHasher } from './input-hasher.ts'
import { SharedItemArena } from './item-transfer.ts'
import { exportFileOf, isInPlace, ResourceMaker } from './resource-maker.ts'
import { SecondThread } from './second-thread.ts'
import { makeShared } from './share-work.ts'
import { type Job, viewFingerprint } from './thread-messages.ts'

export interface ExportOptions {
  view: SiteView
  site: SiteSettings
  /** The folder to write; files earlier builds wrote there that are not part of the site now are removed, and nothing else. */
  outDir: string
  /** The index of the build that wrote `outDir` last, if it describes the folder: its unchanged files are kept. */
  previous?: PreparedSite
  /** Files (relative to `outDir`) that earlier builds may have written; those this one does not make are removed. By default, `previous`'s. */
  earlierFiles?: readonly string[]
  /**
   * Nothing was ever built into `outDir` (it is empty, with no index and no build that was
   * stopped): no site is served from it yet, so a new file is created where it belongs rather
   * than beside it and renamed (writeExportFileSync). A file that is there is still replaced by
   * rename.
   */
  newFilesInPlace?: boolean
  /**
   * Told every file (relative to `outDir`) the export will write, before it writes or removes
   * anything: a build records them, so that if it is killed the next knows what it may have left.
   */
  beforeWriting?: (files: readonly string[]) => Promise<void>
  /** `outDir` as the index records it: relative to the index's own folder. */
  exportDir: string
  /** The Node server's compressors: only which codings it offers matters (Vary, ETags). */
  encoders?: Encoders
  builtAt: Date
  /**
   * What the code and the settings are, as a string (input-hasher.ts, buildContext): with each resource's
   * inputs, it says whether the previous build made that resource from the same things.
   */
  context: string
  /** The inputs the previous build recorded for each resource (ExportResult.inputs). */
  previousInputs?: Record<string, string>
  /**
   * How a second thread loads the same site (the environment and settings file `view` and
   * `site` came from); without it the export runs on one thread.
   */
  load?: { env: Env; configFile?: string }
  /**
   * 'auto' (the default): two threads when the machine has two cores and there is enough to make
   * (TWO_THREADS_FROM); 1: one; 2: two whenever anything is to be made, the first waiting until
   * the second is ready, so that both take part.
   */
  threads?: 'auto' | 1 | 2
  /** `_headers` rules for files written beside the resources (fediverse-export.ts): read at the end, so they may be under way meanwhile. */
  headersRules?: readonly FixedHeadersRule[] | Promise<readonly FixedHeadersRule[]>
  /**
   * The articles (by their place among the view's published ones) whose Fediverse objects are to
   * be written (fediverse-export.ts decides which): the threads make them from the items they make.
   */
  objects?: readonly number[]
  /** The module the second thread runs (second-thread.ts THREAD_ENTRY; another only to test a failure). */
  threadEntry?: URL
}

export interface ExportResult {
  prepared: PreparedSite
  files: number
  bytes: number
  /** Files written because they are new or changed. */
  written: number
  /** Resources made, the 404 page included (the rest were left as the previous build made them, their inputs unchanged). */
  rendered: number
  /** Of those, how many the second thread made (0 when the export ran on one). */
  renderedBySecondThread: number
  /** The inputs of each resource, for the next build. */
  inputs: Record<string, string>
}

/**
 * Fewer resources to make than this, and the export runs on one thread: the second would spend
 * about as long starting (loading its code, then reading every article) as it saves
 * (docs/performance.md, "Figures behind the code"). A rebuild that adds an article makes a few
 * dozen.
 */
const TWO_THREADS_FROM = 4_000

export async function exportSite(options: ExportOptions): Promise<ExportResult> {
  const { view, site, outDir, previous, exportDir, encoders, builtAt } = options
  const fixedRules = Promise.resolve(options.headersRules ?? [])
  // A failure there is reported where the rules are read, not as an unhandled rejection meanwhile.
  fixedRules.catch(() => {})
  const publicKeys = publicResourceKeys(view, site)
  // With no previous build everything is made: the threads hash the inputs as they make each
  // resource (input-hasher.ts), and there is enough to make, every article's page at least, for a
  // large archive to start the second thread now, loading the site while this one works out
  // what to make (a second at 10,000 articles), rather than after.
  const hashedByMakers = !previous
  let thread = hashedByMakers ? startSecondThread(options, view.published.length, true) : undefined
  let work: Work
  try {
    work = await decideWork(options, publicKeys, hashedByMakers)
  } catch (error) {
    await thread?.end()
    throw error
  }
  const { keys, fileOf, files, jobs, plan, headersOf, kept } = work

  const arena = new SharedItemArena()
  const items = new ItemCache(site, view.publicFiles, siblingsOf(view), arena.encode)
  const hashInputs = hashedByMakers ? inputHasher(view, site, options.context) : undefined
  const newFilesInPlace = options.newFilesInPlace ?? false
  const maker = new ResourceMaker({ view, site, encoders, outDir, items, hashInputs, newFilesInPlace })
  thread ??= startSecondThread(options, planSize(plan), hashedByMakers)
  if (thread && options.threads === 2) await Promise.race([thread.ready, thread.failed])
  const theirs = await makeShared(plan, maker, { items, arena, published: view.published }, thread)

  let written = 0
  const hashed = new Map<string, string>()
  for (const made of [...maker.made, ...theirs]) {
    headersOf.set(made.key, made.headers)
    if (made.written) written++
    if (made.inputs !== undefined) hashed.set(made.key, made.inputs)
  }
  // In the order of the keys, whichever thread hashed what: equal sites record equal inputs.
  const inputs = hashedByMakers
    ? Object.fromEntries(keys.flatMap((key) => (hashed.has(key) ? [[key, hashed.get(key)!]] : [])))
    : work.inputs
  const headersFile = join(outDir, HEADERS_FILE)
  const headersText = renderHeadersFile(
    keys.map((key) => ({ key, headers: headersOf.get(key)! })).sort((a, b) => (a.key < b.key ? -1 : 1)),
    { publicKeys, notFound: headersOf.get(NOT_FOUND_KEY), fixedRules: await fixedRules },
  )
  // Unchanged, it is not written: a deploy uploads only what changed.
  if ((await readFile(headersFile, 'utf8').catch(() => undefined)) !== headersText) await writeFileAtomic(headersFile, headersText)
  const earlierFiles = options.earlierFiles ?? (previous ? filesOf(previous) : [])
  await removeStale(outDir, earlierFiles, new Set(files.map((file) => join(outDir, file))))

  // Numbered in the order of the keys, whichever thread made what and when: equal sites give equal indexes.
  const index = new IndexBuilder(previous?.headerSets)
  const entryOf = (key: string) => {
    const before = kept.get(key)
    return before ? index.keptEntry(before) : index.entry(fileOf.get(key)!, headersOf.get(key)!)
  }
  const resources = Object.fromEntries(keys.map((key) => [key, entryOf(key)]))
  const notFound = entryOf(NOT_FOUND_KEY)
  const next = nextScheduled(view.snapshot.articles, builtAt)
  const prepared: PreparedSite = {
    version: PREPARED_SITE_VERSION,
    siteUrl: site.url,
    exportDir,
    builtAt: builtAt.toISOString(),
    ...(next && { nextScheduled: next.toISOString() }),
    // What the Node server offers for a compressible response: its ETags are honoured at the edge too.
    codings: offeredCodings(encoders),
    headerSets: index.headerSets,
    resources,
    notFound,
    itemsPerFeed: site.itemsPerFeed,
    setSizes: Object.fromEntries(view.feedSets.all().map((set) => [set.path, set.articles.length])),
  }
  const bytes = [...headersOf.values()].reduce((sum, headers) => sum + Number(headers['content-length']), 0)
  return { prepared, files: keys.length + 2, bytes, written, rendered: jobs.length, renderedBySecondThread: theirs.length, inputs }
}

/** What an export makes, and what it leaves as the previous build made it. */
interface Work {
  /** Every resource of the site (the 404 page apart). */
  keys: string[]
  /** The file of each resource, the 404 page's included, relative to the export's folder. */
  fileOf: Map<string, string>
  /** Every file the export will have written, relative to its folder. */
  files: string[]
  /** The resources to make. */
  jobs: Job[]
  plan: ExportPlan
  /** The inputs of each resource, hashed with the build's context, for the next build; empty when the threads hash them as they make each resource. */
  inputs: Record<string, string>
  /** The headers of each resource left as it was. */
  headersOf: Map<string, Record<string, string>>
  /** The previous build's index entry of each resource left as it was. */
  kept: Map<string, PreparedEntry>
}

/**
 * Decides what to make: each resource is either left as the previous build made it (from the
 * same inputs, and its file still in place) or made again. Tells `beforeWriting` every file first.
 * @param hashedByMakers everything is made, and the threads hash the inputs: none is hashed here
 */
async function decideWork(options: ExportOptions, publicKeys: ReadonlySet<string>, hashedByMakers: boolean): Promise<Work> {
  const { view, site, outDir, previous, context, previousInputs = {} } = options
  const keys = listResourceKeys(view, site)
  const fileOf = new Map([...keys, NOT_FOUND_KEY].map((key) => [key, exportFileOf(key, publicKeys)]))
  const files = [...fileOf.values(), HEADERS_FILE]
  await options.beforeWriting?.(files)
  await mkdir(outDir, { recursive: true })

  const headersOf = new Map<string, Record<string, string>>()
  const kept = new Map<string, PreparedEntry>()
  const jobs: Job[] = []
  const inputs: Record<string, string> = {}
  if (hashedByMakers || !previous) {
    for (const key of keys) jobs.push({ key })
  } else {
    const hashInputs = inputHasher(view, site, context)
    for (const key of keys) {
      const file = fileOf.get(key)!
      const hash = hashInputs(key)
      if (hash !== undefined) inputs[key] = hash
      const before = previous.resources[key]
      if (before && hash !== undefined && previousInputs[key] === hash && isInPlace(before, file, join(outDir, file))) {
        headersOf.set(key, { ...previous.headerSets[before.shared], ...before.own })
        kept.set(key, before)
      } else {
        jobs.push({ key, before })
      }
    }
  }
  jobs.push({ key: NOT_FOUND_KEY, before: previous?.notFound })
  return { keys, fileOf, files, jobs, plan: planExport(view, site.itemsPerFeed, jobs, new Set(options.objects)), inputs, headersOf, kept }
}

/**
 * The second thread, when the options and the work (`toMake` resources, or more) call for one.
 * @param hashInputs whether it hashes the inputs of what it makes (as when there is no previous build)
 */
function startSecondThread(options: ExportOptions, toMake: number, hashInputs: boolean): SecondThread | undefined {
  const { threads = 'auto', load, view, builtAt, outDir, context, encoders = {}, threadEntry } = options
  if (threads === 1 || !load || toMake === 0) return undefined
  if (threads === 'auto' && (toMake < TWO_THREADS_FROM || availableParallelism() < 2)) return undefined
  const fingerprint = viewFingerprint(view)
  if (fingerprint === undefined) return undefined
  const codings = offeredCodings(encoders)
  return new SecondThread(
    {
      env: load.env,
      configFile: load.configFile,
      builtAt: builtAt.toISOString(),
      outDir,
      codings,
      context,
      fingerprint,
      hashInputs,
      newFilesInPlace: options.newFilesInPlace ?? false,
    },
    threadEntry,
  )
}

/** The index's entries: each response's own headers, and the headers it shares with others as a number. */
class IndexBuilder {
  readonly headerSets: Record<string, string>[] = []
  readonly #numbers = new Map<string, number>()
  readonly #previousSets: readonly Record<string, string>[]
  /** The number here of each of the previous index's header sets, as they are met. */
  readonly #renumbered = new Map<number, number>()

  /** @param previousSets the header sets of the index whose entries keptEntry is given */
  constructor(previousSets: readonly Record<string, string>[] = []) {
    this.#previousSets = previousSets
  }

  entry(file: string, headers: Record<string, string>): PreparedEntry {
    const own: Record<string, string> = {}
    const shared: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) (OWN_HEADERS.has(name) ? own : shared)[name] = value
    return { file, shared: this.#number(shared), own }
  }

  /**
   * The entry of a resource the export left as the previous build made it: the same file and own
   * headers, its shared headers renumbered (once per header set, not once per resource: most of
   * a rebuild's resources are kept).
   */
  keptEntry(before: PreparedEntry): PreparedEntry {
    let shared = this.#renumbered.get(before.shared)
    if (shared === undefined) this.#renumbered.set(before.shared, (shared = this.#number(this.#previousSets[before.shared]!)))
    return { file: before.file, shared, own: before.own }
  }

  #number(shared: Record<string, string>): number {
    const sharedKey = JSON.stringify(shared)
    let number = this.#numbers.get(sharedKey)
    if (number === undefined) {
      this.#numbers.set(sharedKey, (number = this.headerSets.length))
      this.headerSets.push(shared)
    }
    return number
  }
}

/** Removes the files earlier builds wrote that this one did not, and folders left empty. */
async function removeStale(outDir: string, earlierFiles: readonly string[], keep: Set<string>): Promise<void> {
  const folders = new Set<string>()
  for (const file of earlierFiles) {
    const path = join(outDir, file)
    // The list is ours, but it is read from disk: never follow it out of the folder.
    if (!path.startsWith(resolve(outDir) + sep) || keep.has(path)) continue
    await rm(path, { force: true })
    for (let dir = dirname(path); dir.length > outDir.length; dir = dirname(dir)) folders.add(dir)
  }
  // Deepest first, so a folder's sub-folders are gone before it is tried.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    await rmdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT') throw error
    })
  }
}
