/**
 * The articles folder, kept live: edits, additions and deletions are picked up while the server
 * runs, each change producing a new immutable snapshot that the app swaps in whole.
 *
 * - A file is read only once it has stopped changing, so a half-written file is not published.
 * - A bad edit to an article that was good keeps the last good version served, and is logged.
 * - Only changed files are parsed again; the rest of a large archive is reused.
 */
import { watch, type FSWatcher } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { assembleCollection, type Collection, type ParsedFile } from '../articles/collection.ts'
import { parseArticle } from '../articles/parse-article.ts'
import { formatProblem } from '../articles/problems.ts'
import type { SiteSettings } from '../site.ts'
import { isArticleFileName, listArticleFiles, toPosixPath } from './read-articles.ts'

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
}

export async function loadLiveContent(dir: string, site: SiteSettings, options: LiveContentOptions = {}): Promise<LiveContent> {
  const log = options.log ?? (() => {})
  const settleMs = options.settleMs ?? 40
  const files = new Map<string, FileState>()
  const listeners: ((before: Collection, after: Collection) => void)[] = []

  const readState = async (file: string, previous: FileState | undefined): Promise<FileState | 'unsettled' | undefined> => {
    const path = join(dir, file)
    const before = await stat(path).catch(() => undefined)
    if (!before?.isFile()) return undefined
    if (previous && previous.mtimeMs === before.mtimeMs && previous.size === before.size) return previous
    const source = await readFile(path, 'utf8').catch(() => undefined)
    const after = await stat(path).catch(() => undefined)
    // Still being written: try again once it has settled.
    if (source === undefined || !after || after.mtimeMs !== before.mtimeMs || after.size !== before.size) return 'unsettled'
    const parsed: ParsedFile = { file, ...parseArticle(source, file, site) }
    if (!parsed.article && previous?.parsed.article) {
      log(`content: ${file} has errors; still serving its last good version`)
      parsed.article = previous.parsed.article
    }
    for (const problem of parsed.problems) log(`content: ${problem.severity}: ${formatProblem(problem)}`)
    return { mtimeMs: after.mtimeMs, size: after.size, parsed }
  }

  const started = performance.now()
  for (const file of await listArticleFiles(dir)) {
    const state = await readState(file, undefined)
    if (state && state !== 'unsettled') files.set(file, state)
  }
  let collection = assembleCollection([...files.values()].map((s) => s.parsed))
  log(`content: ${collection.articles.length} articles from ${files.size} files in ${Math.round(performance.now() - started)}ms`)

  const pending = new Set<string>()
  let rescanAll = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<void> = Promise.resolve()

  const apply = async () => {
    const names = rescanAll ? await listArticleFiles(dir) : [...pending]
    if (rescanAll) for (const known of files.keys()) if (!names.includes(known)) names.push(known)
    pending.clear()
    rescanAll = false
    const t0 = performance.now()
    let changed = 0
    for (const file of names) {
      const previous = files.get(file)
      const next = await readState(file, previous)
      if (next === 'unsettled') {
        schedule(file)
        continue
      }
      if (next === previous) continue
      changed++
      if (next) files.set(file, next)
      else files.delete(file)
    }
    if (changed === 0) return
    const before = collection
    collection = assembleCollection([...files.values()].map((s) => s.parsed))
    log(`content: reloaded ${changed} file${changed === 1 ? '' : 's'}, ${collection.articles.length} articles, in ${Math.round(performance.now() - t0)}ms`)
    for (const listener of listeners) listener(before, collection)
  }

  const refresh = () => (running = running.then(apply, apply))

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

  let watcher: FSWatcher | undefined
  if (options.watch !== false) {
    watcher = watch(dir, { recursive: true }, (_event, name) => schedule(name === null ? undefined : toPosixPath(name)))
    watcher.on('error', (error) => log(`content: watching ${dir} failed: ${error.message}`))
  }

  return {
    current: () => collection,
    onChange: (listener) => void listeners.push(listener),
    refresh,
    close() {
      clearTimeout(timer)
      watcher?.close()
    },
  }
}
