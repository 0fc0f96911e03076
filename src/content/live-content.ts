/**
 * The articles folder, kept live: edits, additions and deletions are picked up while the server
 * runs, each change producing a new immutable snapshot that the app swaps in whole.
 *
 * - A file is read only once it has stopped changing (75 ms without an event, and the same stamp
 *   before and after the read), so an editor's save is never published half-done. Each file
 *   waits on its own (`quiet-waits.ts`), and at most a second: one that never stops changing is
 *   read anyway, and holds up no other. Files that are not articles (a log, an upload, an
 *   editor's temporary file) are not content, and wait for nothing.
 * - The folder replaced whole is watched anew (`watch-tree.ts`) and read again.
 * - A bad edit to an article that was good keeps the last good version served, and is logged.
 * - Only changed files are parsed again; the rest of a large archive is reused.
 * - Whatever changes between the first read and the start of watching is found by a full check.
 * - A file is told unchanged by its stamp (`file-stamp.ts`: size, times, inode). One read too
 *   soon after it was written for its stamp to be trusted is read once more when it can be, so
 *   that an edit in the same clock tick is not missed and the next start need not read it.
 */
import { createHash } from 'node:crypto'
import { lstatSync } from 'node:fs'
import { basename, join } from 'node:path'
import { assembleCollection, type Collection } from '../articles/collection.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { createArticleFiles, type FileState } from './article-files.ts'
import { isSettled, settlesIn, statStamp } from './file-stamp.ts'
import type { ParseCache } from './parse-cache.ts'
import { createQuietWaits } from './quiet-waits.ts'
import { isArticleFileName, listArticleFolder, type SkippedEntry } from './read-articles.ts'
import { watchTree } from './watch-tree.ts'

export interface LiveContent {
  current(): Collection
  /** Whether live reload is keeping up, for `/healthz`. */
  health(): ContentHealth
  /** Called after each swap with the previous and the new snapshot. */
  onChange(listener: (before: Collection, after: Collection) => void): void
  /** Applies pending changes now (also what the watcher calls). */
  refresh(): Promise<void>
  close(): void
}

export interface ContentHealth {
  /** Of the files read (names and contents): equal for equal folders, across restarts. */
  version: string
  articles: number
  /** When the content last changed (or was first read). */
  updatedAt: string
  /**
   * Why live reload cannot apply changes: the folder could not be listed (until a full check of
   * it succeeds), a watch failed (until a restart), or a change seen at `at` has waited longer
   * than it should to be served (until it is).
   */
  error?: { at: string; kind: 'folder' | 'watch' | 'pending'; message: string }
  /** The parts of the folder left out now, and why. */
  leftOut: SkippedEntry[]
}

export interface LiveContentOptions {
  log?: (line: string) => void
  /** Quiet period after a file's last event before reading it, in ms. */
  settleMs?: number
  /** The longest a changed file waits for quiet before it is read anyway, in ms. */
  maxWaitMs?: number
  /** How long a change seen may wait to be served before health says the content is stale, in ms. */
  staleAfterMs?: number
  watch?: boolean
  /** Checked front matter from an earlier run, reused for files that have not changed. */
  cache?: ParseCache
}

/** Time between the content being ready and the watch (and its full check) starting. */
const WATCH_DELAY_MS = 300
/** A file that keeps changing is read at least this often: the bound on serving a change. */
const MAX_WAIT_MS = 1000
/**
 * Past this, a change not yet served makes the content stale on `/healthz`. Well over the bound:
 * a health check that fails gets the server restarted, which a slow read on a busy machine must not.
 */
const STALE_AFTER_MS = 5000
/** The key of a full check of the folder among the files that wait to be read. */
const WHOLE_FOLDER = Symbol('the whole folder')

export async function loadLiveContent(dir: string, site: SiteSettings, options: LiveContentOptions = {}): Promise<LiveContent> {
  const log = options.log ?? (() => {})
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS
  const files = new Map<string, FileState>()
  const listeners: ((before: Collection, after: Collection) => void)[] = []
  // What is to be read next, each with when its change was seen (`performance.now()`;
  // Infinity for a read that only confirms what is served), for health.
  const pending = new Map<string, number>()
  let rescanAll: number | undefined
  // The oldest change among those being read now.
  let reading: number | undefined
  let collection: Collection = assembleCollection([])

  const cache = options.cache
  const leftOut = reportOnce((path, reason) => log(`content: ${path} ${reason}; it is left out`))
  const reader = createArticleFiles(dir, site, cache, log, leftOut.say)
  let updatedAt = new Date()
  // Two kinds of failure: the folder could not be listed or read (over when a full check of it
  // succeeds), and a watch could not be kept (changes may go unseen until a restart).
  let listingError: ContentHealth['error']
  let watchError: ContentHealth['error']
  let version: { of: Collection; hash: string } | undefined
  const failure = (kind: 'folder' | 'watch', message: string) => {
    log(`content: ${message}`)
    return { at: new Date().toISOString(), kind, message }
  }
  let settleTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * A file written just before it was read may have been written again in the same clock tick,
   * which its stamp cannot show. Such files are read once more when that tick is surely over;
   * then their stamp can be trusted, here and, through the parse cache, on the next start.
   */
  const confirmUnsettled = () => {
    const now = Date.now()
    const unsettled: string[] = []
    let wait = 0
    for (const [file, { checked, version }] of files) {
      if (!checked || isSettled(version.stamp, version.seenAt)) continue
      unsettled.push(file)
      wait = Math.max(wait, settlesIn(version.stamp, now))
    }
    if (unsettled.length === 0) return
    clearTimeout(settleTimer)
    settleTimer = setTimeout(() => {
      for (const file of unsettled) if (!pending.has(file)) pending.set(file, Infinity)
      void refresh()
    }, wait)
    settleTimer.unref()
  }

  const waits = createQuietWaits<string | typeof WHOLE_FOLDER>(
    (due) => {
      for (const [key, since] of due) {
        if (key === WHOLE_FOLDER) rescanAll = Math.min(rescanAll ?? Infinity, since)
        else pending.set(key, Math.min(pending.get(key) ?? Infinity, since))
      }
      void refresh()
    },
    { quietMs: options.settleMs ?? 75, maxMs: options.maxWaitMs ?? MAX_WAIT_MS },
  )

  const schedule = (file: string | undefined) => {
    const name = file === undefined ? '' : basename(file)
    // Editors' swap and backup files come and go beside articles; they are not articles.
    if (name.startsWith('.') || name.endsWith('~')) return
    // A folder moved or removed: its articles are found by listing again.
    if (file === undefined) return waits.touch(WHOLE_FOLDER)
    if (isArticleFileName(name)) return waits.touch(file)
    // Not an article's name. A plain file, or nothing any more (a temporary file renamed into
    // place), is not content, unless the listing left it out and must say so no longer; anything
    // else (a link, a FIFO, a folder that could not be watched) is the listing's to report.
    if (!leftOut.has(file) && !leftOut.has(`${file}/`) && isPlainFileOrNothing(join(dir, file))) return
    waits.touch(WHOLE_FOLDER)
  }

  const apply = async () => {
    // Take the work first: events that arrive while the folder is listed are kept for next time.
    const full = rescanAll
    const asked = new Map(pending)
    reading = earliest([full ?? Infinity, ...asked.values()])
    pending.clear()
    rescanAll = undefined
    try {
      await read(full, asked)
    } finally {
      reading = undefined
    }
  }

  /** `full`: when the change that asked for a full check was seen; `asked`: files, with the same. */
  const read = async (full: number | undefined, asked: ReadonlyMap<string, number>) => {
    let names: string[]
    try {
      names = full !== undefined ? [...new Set([...(await listFolder()), ...asked.keys()])] : [...asked.keys()]
    } catch (cause) {
      // The folder is gone or unreadable: keep serving what was last read.
      listingError = failure('folder', `${(cause as Error).message}; still serving the last content read`)
      return
    }
    if (full !== undefined) {
      const listed = new Set(names)
      for (const known of files.keys()) if (!listed.has(known)) names.push(known)
      // A full check of a large archive: one synchronous stat each finds the few files that
      // changed far faster than a promise per file would.
      names = names.filter((file) => {
        const state = files.get(file)
        // A file whose stamp is unchanged but not yet settled is left to `confirmUnsettled`.
        return !state || statStamp(join(dir, file))?.key !== state.version.stamp.key
      })
    }
    const t0 = performance.now()
    let changed = 0
    let confirmed = 0
    for (const file of names) {
      const previous = files.get(file)
      let state
      try {
        state = await reader.read(file, previous)
      } catch (cause) {
        // A defect on one file's path (nothing known throws) must not lose the others' updates.
        leftOut.say(file, `could not be read (${(cause as Error).message})`)
        continue
      }
      if (state === 'unsettled') {
        // Written again while it was read: it waits once more, as the change it was.
        waits.touch(file, asked.get(file) ?? full)
        continue
      }
      // Gone (or never read): no longer left out, though there was nothing to swap.
      if (state === undefined) leftOut.forget(file)
      if (state === previous) continue
      if (state && state.parsed === previous?.parsed) confirmed++
      else changed++
      if (state) files.set(file, state)
      else files.delete(file)
      if (state?.checked) leftOut.forget(file)
    }
    if (full !== undefined) listingError = undefined
    confirmUnsettled()
    if (confirmed > 0 && changed === 0) cache?.scheduleSave()
    if (changed === 0) return
    const before = collection
    collection = assembleCollection([...files.values()].map((s) => s.parsed))
    updatedAt = new Date()
    log(
      `content: reloaded ${changed} file${changed === 1 ? '' : 's'}, ${collection.articles.length} articles, in ${Math.round(performance.now() - t0)}ms`,
    )
    cache?.retain(new Set(files.keys()))
    cache?.scheduleSave()
    for (const listener of listeners) listener(before, collection)
  }

  /**
   * The first read is synchronous: nothing is served until it is done, and on a large archive
   * the promise machinery of 10,000 asynchronous reads costs more than the reads. A file that
   * changes meanwhile is caught by the watcher, which is already running.
   */
  const loadAll = async () => {
    const started = performance.now()
    for (const file of await listFolder()) {
      const state = reader.loadSync(file)
      if (state) files.set(file, state)
      else pending.set(file, performance.now())
    }
    collection = assembleCollection([...files.values()].map((s) => s.parsed))
    log(`content: ${collection.articles.length} articles from ${files.size} files in ${Math.round(performance.now() - started)}ms`)
    cache?.retain(new Set(files.keys()))
    cache?.scheduleSave()
    confirmUnsettled()
  }

  /**
   * The folder's article files; what it skips is said, once each, and what is gone or no longer
   * skipped forgotten. A file listed again stays left out until it is read (apply forgets it
   * then, if it can be read now): forgotten here, the health check would count it out of the
   * site's problems for as long as the read takes.
   */
  const listFolder = async () => {
    const listing = await listArticleFolder(dir)
    const skipped = new Set(listing.skipped.map((entry) => entry.path))
    const listed = new Set(listing.files)
    for (const path of leftOut.paths()) if (!files.has(path) && !skipped.has(path) && !listed.has(path)) leftOut.forget(path)
    for (const { path, reason } of listing.skipped) leftOut.say(path, reason)
    return listing.files
  }

  let running: Promise<void> = loadAll()
  const refresh = () =>
    (running = running.then(apply).catch((cause) => void (listingError = failure('folder', `reload failed: ${(cause as Error).message}`))))
  await running

  /** A change seen longer ago than the bound and not served yet. */
  const overdue = (): ContentHealth['error'] => {
    const seen = earliest([waits.oldest() ?? Infinity, rescanAll ?? Infinity, reading ?? Infinity, ...pending.values()])
    const waited = performance.now() - seen
    if (!(waited > staleAfterMs)) return undefined
    const seconds = (waited / 1000).toFixed(1)
    return { at: new Date(Date.now() - waited).toISOString(), kind: 'pending', message: `a change seen ${seconds} s ago is not served yet` }
  }

  // Watching starts shortly after the content is ready, so that the first requests are not
  // held up by the full check that then catches anything changed in between.
  let watcher: { close(): void } | undefined
  let closed = false
  if (options.watch !== false) {
    setTimeout(() => {
      if (closed) return
      watcher = watchTree(
        dir,
        schedule,
        (cause) => void (watchError = failure('watch', `watching ${cause.message}; changes there are not seen until a restart`)),
      )
      rescanAll = performance.now()
      void refresh()
    }, WATCH_DELAY_MS).unref()
  } else if (pending.size > 0) {
    void refresh()
  }

  return {
    current: () => collection,
    health: () => {
      if (version?.of !== collection) version = { of: collection, hash: versionOf(files) }
      const error = watchError ?? listingError ?? overdue()
      return {
        version: version.hash,
        articles: collection.articles.length,
        updatedAt: updatedAt.toISOString(),
        ...(error && { error }),
        leftOut: leftOut.entries(),
      }
    },
    onChange: (listener) => void listeners.push(listener),
    refresh() {
      // Whatever still waits for quiet is due now.
      waits.flush()
      return refresh()
    },
    close() {
      closed = true
      waits.close()
      clearTimeout(settleTimer)
      watcher?.close()
    },
  }
}

/** The smallest; a loop, as a spread of ten thousand arguments can overflow the stack. */
function earliest(times: Iterable<number>): number {
  let min = Infinity
  for (const time of times) if (time < min) min = time
  return min
}

/** True for a plain file (a link not followed) or for a path where nothing is now. */
function isPlainFileOrNothing(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false })?.isFile() ?? true
  } catch {
    return false
  }
}

/** A digest of every file's name and content hash: the same folder gives the same version. */
function versionOf(files: ReadonlyMap<string, FileState>): string {
  const hash = createHash('sha256')
  for (const file of [...files.keys()].sort()) hash.update(`${file}\0${files.get(file)!.version.hash}\n`)
  return hash.digest('base64url').slice(0, 16)
}

/**
 * Says why a path is left out once, and again only if the reason changes or after it is
 * forgotten (read fine, or gone): a full check finds the same unreadable folder every time.
 */
function reportOnce(say: (path: string, reason: string) => void) {
  const said = new Map<string, string>()
  return {
    say: (path: string, reason: string) => {
      if (said.get(path) === reason) return
      said.set(path, reason)
      say(path, reason)
    },
    forget: (path: string) => void said.delete(path),
    has: (path: string) => said.has(path),
    paths: () => [...said.keys()],
    entries: (): SkippedEntry[] => [...said].map(([path, reason]) => ({ path, reason })),
  }
}
