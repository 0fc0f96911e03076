/**
 * The articles folder, kept live: edits, additions and deletions are picked up while the server
 * runs, each change producing a new immutable snapshot that the app swaps in whole.
 *
 * - A file is read only once it has stopped changing (75 ms without an event, and the same size
 *   and time before and after the read), so an editor's save is never published half-done.
 * - A bad edit to an article that was good keeps the last good version served, and is logged.
 * - Only changed files are parsed again; the rest of a large archive is reused.
 * - Whatever changes between the first read and the start of watching is found by a full check.
 */
import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { assembleCollection, type Collection, type ParsedFile } from '../articles/collection.ts'
import { articleFromChecked, checkArticle } from '../articles/parse-article.ts'
import { normaliseArticleText } from '../articles/front-matter.ts'
import { formatProblem } from '../articles/problems.ts'
import type { SiteSettings } from '../settings.ts'
import type { RenderedBody } from '../render/markdown.ts'
import type { ParseCache } from './parse-cache.ts'
import { isArticleFileName, listArticleFiles } from './read-articles.ts'
import { watchTree } from './watch-tree.ts'

export interface LiveContent {
  current(): Collection
  /** Called after each swap with the previous and the new snapshot. */
  onChange(listener: (before: Collection, after: Collection) => void): void
  /** Applies pending changes now (also what the watcher calls). */
  refresh(): Promise<void>
  close(): void
}

interface FileState {
  mtimeMs: number
  size: number
  parsed: ParsedFile
}

export interface LiveContentOptions {
  log?: (line: string) => void
  /** Quiet period after the last event before reading, in ms. */
  settleMs?: number
  watch?: boolean
  /** Checked front matter from an earlier run, reused for files that have not changed. */
  cache?: ParseCache
}

/** Time between the content being ready and the watch (and its full check) starting. */
const WATCH_DELAY_MS = 300

export async function loadLiveContent(dir: string, site: SiteSettings, options: LiveContentOptions = {}): Promise<LiveContent> {
  const log = options.log ?? (() => {})
  const settleMs = options.settleMs ?? 75
  const files = new Map<string, FileState>()
  const listeners: ((before: Collection, after: Collection) => void)[] = []
  const pending = new Set<string>()
  let rescanAll = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let collection: Collection = assembleCollection([])

  const cache = options.cache
  const parse = (file: string, source: string, previous: FileState | undefined): ParsedFile => {
    const text = normaliseArticleText(source)
    const hash = cache ? createHash('sha1').update(source).digest('base64') : ''
    let checked = cache?.get(file, hash)
    if (!checked) {
      checked = checkArticle(text, file, site)
      cache?.set(file, hash, checked)
    }
    const memo = cache && {
      rendered: cache.rendered(file, hash),
      onRender: (rendered: RenderedBody) => cache.setRendered(file, hash, rendered),
    }
    const parsed: ParsedFile = { file, ...articleFromChecked(checked, text.slice(checked.bodyStart), file, site, memo) }
    if (!parsed.article && previous?.parsed.article) {
      log(`content: ${file} has errors; still serving its last good version`)
      parsed.article = previous.parsed.article
    }
    for (const problem of parsed.problems) log(`content: ${problem.severity}: ${formatProblem(problem)}`)
    return parsed
  }

  /** The file as it is now; 'unsettled' while it is still being written. */
  const readState = async (file: string, previous: FileState | undefined): Promise<FileState | 'unsettled' | undefined> => {
    const path = join(dir, file)
    const before = await stat(path).catch(() => undefined)
    if (!before?.isFile()) return undefined
    if (previous && previous.mtimeMs === before.mtimeMs && previous.size === before.size) return previous
    let source: string
    try {
      source = await readFile(path, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ENOENT') return undefined
      // Unreadable (permissions, say): said once, left out until it changes.
      if (previous?.mtimeMs !== before.mtimeMs) log(`content: ${file} cannot be read (${code}); it is left out`)
      return { mtimeMs: before.mtimeMs, size: before.size, parsed: { file, problems: [] } }
    }
    const after = await stat(path).catch(() => undefined)
    if (!after || after.mtimeMs !== before.mtimeMs || after.size !== before.size) return 'unsettled'
    return { mtimeMs: after.mtimeMs, size: after.size, parsed: parse(file, source, previous) }
  }

  const schedule = (file: string | undefined) => {
    const name = file === undefined ? '' : basename(file)
    // Editors' swap and backup files come and go beside articles; they are not articles.
    if (name.startsWith('.') || name.endsWith('~')) return
    // A folder moved or removed: its articles are found by listing again.
    if (file === undefined || !isArticleFileName(name)) rescanAll = true
    else pending.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => void refresh(), settleMs)
  }

  const apply = async () => {
    // Take the work first: events that arrive while the folder is listed are kept for next time.
    const full = rescanAll
    const asked = [...pending]
    pending.clear()
    rescanAll = false
    let names: string[]
    try {
      names = full ? [...new Set([...(await listArticleFiles(dir)), ...asked])] : asked
    } catch (error) {
      // The folder is gone or unreadable: keep serving what was last read.
      log(`content: ${(error as Error).message}; still serving the last content read`)
      return
    }
    if (full) {
      const listed = new Set(names)
      for (const known of files.keys()) if (!listed.has(known)) names.push(known)
      // A full check of a large archive: one synchronous stat each finds the few files that
      // changed far faster than a promise per file would.
      names = names.filter((file) => {
        const state = files.get(file)
        const stats = statIfFile(join(dir, file))
        return !state || !stats || stats.mtimeMs !== state.mtimeMs || stats.size !== state.size
      })
    }
    const t0 = performance.now()
    let changed = 0
    for (const file of names) {
      const previous = files.get(file)
      const state = await readState(file, previous)
      if (state === 'unsettled') {
        schedule(file)
        continue
      }
      if (state === previous) continue
      changed++
      if (state) files.set(file, state)
      else files.delete(file)
    }
    if (changed === 0) return
    const before = collection
    collection = assembleCollection([...files.values()].map((s) => s.parsed))
    log(`content: reloaded ${changed} file${changed === 1 ? '' : 's'}, ${collection.articles.length} articles, in ${Math.round(performance.now() - t0)}ms`)
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
    for (const file of await listArticleFiles(dir)) {
      let fd: number | undefined
      try {
        fd = openSync(join(dir, file), 'r')
        const { mtimeMs, size } = fstatSync(fd)
        const source = readFileSync(fd, 'utf8')
        files.set(file, { mtimeMs, size, parsed: parse(file, source, undefined) })
      } catch {
        pending.add(file)
      } finally {
        if (fd !== undefined) closeSync(fd)
      }
    }
    collection = assembleCollection([...files.values()].map((s) => s.parsed))
    log(`content: ${collection.articles.length} articles from ${files.size} files in ${Math.round(performance.now() - started)}ms`)
    cache?.retain(new Set(files.keys()))
    cache?.scheduleSave()
  }

  let running: Promise<void> = loadAll()
  const refresh = () => (running = running.then(apply).catch((error) => log(`content: reload failed: ${(error as Error).message}`)))
  await running

  // Watching starts shortly after the content is ready, so that the first requests are not
  // held up by the full check that then catches anything changed in between.
  let watcher: { close(): void } | undefined
  let closed = false
  if (options.watch !== false) {
    setTimeout(() => {
      if (closed) return
      watcher = watchTree(dir, schedule, (error) => log(`content: watching ${dir} failed: ${error.message}`))
      rescanAll = true
      void refresh()
    }, WATCH_DELAY_MS).unref()
  } else if (pending.size > 0) {
    void refresh()
  }

  return {
    current: () => collection,
    onChange: (listener) => void listeners.push(listener),
    refresh,
    close() {
      closed = true
      clearTimeout(timer)
      watcher?.close()
    },
  }
}

function statIfFile(path: string): { mtimeMs: number; size: number } | undefined {
  const stats = statSync(path, { throwIfNoEntry: false })
  return stats?.isFile() ? stats : undefined
}
