/**
 * Writes the whole site as files: every resource's body at the path a static host serves it
 * from, the 404 page and `_headers`; and returns the prepared-site index the Worker reads. Bodies and
 * headers come from the same resources the Node server answers with, so they match it byte for
 * byte.
 *
 * The folder is updated in place, not swapped: `wrangler dev` watches it, and loses track of a
 * folder that is renamed away. Each file is written beside itself and renamed over the old one,
 * so no reader sees half a file; a file whose ETag the previous build recorded is left alone;
 * files the previous build wrote that are no longer part of the site are removed at the end.
 * Nothing else in the folder is touched (a CNAME, a .git); the site writes its own robots.txt, so
 * a newsroom's belongs in the public folder.
 */
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { nextScheduled } from '../articles/schedule.ts'
import type { Encoders } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'
import { OWN_HEADERS, PREPARED_SITE_VERSION, type PreparedEntry, type PreparedSite } from '../site/prepared-site.ts'
import { ItemCache } from '../feeds/formats.ts'
import { listResourceKeys, NOT_FOUND_KEY, publicResourceKeys, resourceInputs, resourcesOfView } from '../site/resources.ts'
import type { SiteView } from '../site/view.ts'
import { siblingsOf } from '../site/translations.ts'
import type { SiteSettings } from '../settings.ts'
import { writeFileAtomic } from '../node/atomic-write.ts'
import { fileForKey } from './file-paths.ts'
import { renderHeadersFile } from './headers-file.ts'

export interface ExportOptions {
  view: SiteView
  site: SiteSettings
  /** The folder to write; anything in it that is not part of the site is removed. */
  outDir: string
  /** The index of the build that wrote `outDir` last, if known: its unchanged files are kept, its stale ones removed. */
  previous?: PreparedSite
  /** `outDir` as the index records it: relative to the index's own folder. */
  exportDir: string
  /** The Node server's compressors: only which codings it offers matters (Vary, ETags). */
  encoders?: Encoders
  builtAt: Date
  /**
   * What the code and the settings are, as a string: with each resource's inputs, it says whether
   * the previous build made that resource from the same things.
   */
  context: string
  /** The inputs the previous build recorded for each resource (ExportResult.inputs). */
  previousInputs?: Record<string, string>
}

export interface ExportResult {
  prepared: PreparedSite
  files: number
  bytes: number
  /** Files written because they are new or changed. */
  written: number
  /** Resources made, the 404 page included (the rest were left as the previous build made them, their inputs unchanged). */
  rendered: number
  /** The inputs of each resource, for the next build. */
  inputs: Record<string, string>
}

/** Files being written at once; enough to keep the second core busy without holding the archive. */
const IN_FLIGHT = 128

export async function exportSite(options: ExportOptions): Promise<ExportResult> {
  const { view, site, outDir, previous, exportDir, encoders, builtAt, context, previousInputs = {} } = options
  const resources = resourcesOfView(view, site, { encoders, remember: false, items: new ItemCache(site, view.publicFiles, siblingsOf(view)) })
  const publicKeys = publicResourceKeys(view)
  // Hosts give a file its type from its name; the public folder's names are the newsroom's.
  const forHostRules = (key: string, headers: Record<string, string>) => {
    if (!publicKeys.has(key)) return headers
    const { 'content-type': _type, ...rest } = headers
    return rest
  }
  const inputsOf = resourceInputs(view, site)
  const contextHash = hashText(context)
  const inputs: Record<string, string> = {}
  let rendered = 0
  await mkdir(outDir, { recursive: true })
  const keep = new Set<string>()
  let written = 0

  const headerSets: Record<string, string>[] = []
  const headerSetIndex = new Map<string, number>()
  const index: Record<string, PreparedEntry> = {}
  const forHeadersFile: { key: string; headers: Record<string, string> }[] = []
  const madeDirs = new Set<string>()
  let bytes = 0
  let codings: PreparedSite['codings'] = ['identity']

  const write = async (key: string, file: string, prepared: PreparedResponse): Promise<PreparedEntry> => {
    const { body, headers } = await prepared.variant('identity')
    const path = join(outDir, file)
    keep.add(path)
    bytes += body.byteLength
    codings = prepared.codings
    if (!isUnchanged(previous, key, file, headers.etag!, path)) {
      const dir = dirname(path)
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true })
        madeDirs.add(dir)
      }
      await writeFileAtomic(path, body)
      written++
    }

    return entryOf(file, headers)
  }

  const entryOf = (file: string, headers: Record<string, string>): PreparedEntry => {
    const own: Record<string, string> = {}
    const shared: Record<string, string> = {}
    for (const [name, value] of Object.entries(headers)) (OWN_HEADERS.has(name) ? own : shared)[name] = value
    const sharedKey = JSON.stringify(shared)
    let sharedIndex = headerSetIndex.get(sharedKey)
    if (sharedIndex === undefined) {
      headerSetIndex.set(sharedKey, (sharedIndex = headerSets.length))
      headerSets.push(shared)
    }
    return { file, shared: sharedIndex, own }
  }

  const keys = listResourceKeys(view, site)
  const handle = async (key: string): Promise<void> => {
    const file = fileForKey(key, publicKeys.has(key))
    const described = inputsOf(key)
    if (described !== undefined) inputs[key] = hashText(`${contextHash}\n${described}`)
    const before = previous?.resources[key]
    if (before && inputs[key] !== undefined && previousInputs[key] === inputs[key] && isInPlace(before, file, join(outDir, file))) {
      // Made from the same things as last time: the file and its headers stand as they are.
      const headers = { ...previous!.headerSets[before.shared], ...before.own }
      keep.add(join(outDir, file))
      bytes += Number(before.own['content-length'])
      index[key] = entryOf(file, headers)
      forHeadersFile.push({ key, headers: forHostRules(key, headers) })
      return
    }
    const prepared = await resources.get(key)
    if (!prepared) throw new Error(`${key} is listed but has no resource`)
    rendered++
    index[key] = await write(key, file, prepared)
    forHeadersFile.push({ key, headers: forHostRules(key, (await prepared.variant('identity')).headers) })
  }

  // Each resource is made on this thread while the files made before it are written by the
  // system's I/O threads: the two overlap, and at most IN_FLIGHT bodies wait in memory.
  let failure: unknown
  const inFlight = new Set<Promise<void>>()
  for (const key of keys) {
    if (failure !== undefined) break
    const task: Promise<void> = handle(key)
      .catch((error: unknown) => void (failure ??= error))
      .finally(() => inFlight.delete(task))
    inFlight.add(task)
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight)
  }
  await Promise.all(inFlight)
  if (failure !== undefined) throw failure
  const notFound = await write(NOT_FOUND_KEY, '404.html', await resources.notFound())
  rendered++
  const headersFile = join(outDir, '_headers')
  const headersText = renderHeadersFile(forHeadersFile.sort((a, b) => (a.key < b.key ? -1 : 1)))
  // Unchanged, it is not written: a deploy uploads only what changed.
  if ((await readFile(headersFile, 'utf8').catch(() => undefined)) !== headersText) await writeFileAtomic(headersFile, headersText)
  keep.add(headersFile)
  if (previous) await removeStale(outDir, previous, keep)

  const next = nextScheduled(view.snapshot.articles, builtAt)
  const prepared: PreparedSite = {
    version: PREPARED_SITE_VERSION,
    siteUrl: site.url,
    exportDir,
    builtAt: builtAt.toISOString(),
    ...(next && { nextScheduled: next.toISOString() }),
    codings,
    headerSets,
    resources: Object.fromEntries(keys.map((key) => [key, index[key]!])),
    notFound,
    itemsPerFeed: site.itemsPerFeed,
    setSizes: Object.fromEntries(view.feedSets.all().map((set) => [set.path, set.articles.length])),
  }
  return { prepared, files: keys.length + 2, bytes, written, rendered, inputs }
}


/**
 * Whether the file the previous build wrote for an entry is still there, as long as it was: a
 * guard against a folder changed by hand. Synchronous: twenty thousand promises cost more.
 */
function isInPlace(entry: PreparedEntry, file: string, path: string): boolean {
  return entry.file === file && statSync(path, { throwIfNoEntry: false })?.size === Number(entry.own['content-length'])
}

function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64url')
}

/** Whether the file at `path` is the one the previous build wrote with this ETag. */
function isUnchanged(previous: PreparedSite | undefined, key: string, file: string, etag: string, path: string): boolean {
  const before = key === NOT_FOUND_KEY ? previous?.notFound : previous?.resources[key]
  return before?.own.etag === etag && isInPlace(before, file, path)
}

/** Removes the files the previous build wrote that this one did not, and folders left empty. */
async function removeStale(outDir: string, previous: PreparedSite, keep: Set<string>): Promise<void> {
  const folders = new Set<string>()
  for (const { file } of [...Object.values(previous.resources), previous.notFound]) {
    const path = join(outDir, file)
    // The index is ours, but it is read from disk: never follow it out of the folder.
    if (!path.startsWith(resolve(outDir) + '/') || keep.has(path)) continue
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
