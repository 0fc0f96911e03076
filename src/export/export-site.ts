/**
 * Writes the whole site as files: every resource's body at the path a static host serves it
 * from, the 404 page, `_headers`, and the prepared-site index the Worker reads. Bodies and
 * headers come from the same resources the Node server answers with, so they match it byte for
 * byte.
 *
 * The folder is updated in place, not swapped: `wrangler dev` watches it, and loses track of a
 * folder that is renamed away. Each file is written beside itself and renamed over the old one,
 * so no reader sees half a file; a file whose ETag the previous build recorded is left alone;
 * files no longer part of the site are removed at the end.
 */
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, sep } from 'node:path'
import type { Article } from '../articles/article.ts'
import type { Encoders } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'
import { OWN_HEADERS, PREPARED_SITE_VERSION, type PreparedEntry, type PreparedSite } from '../prepared-site.ts'
import { listResourceKeys, resourcesOfView } from '../site-resources.ts'
import type { SiteView } from '../site-view.ts'
import type { SiteSettings } from '../site.ts'
import { fileForKey } from './file-paths.ts'
import { renderHeadersFile } from './headers-file.ts'

export interface ExportOptions {
  view: SiteView
  site: SiteSettings
  /** The folder to write; anything in it that is not part of the site is removed. */
  outDir: string
  /** The index of the build that wrote `outDir` last, if any: its unchanged files are kept. */
  previous?: PreparedSite
  /** The Node server's compressors: only which codings it offers matters (Vary, ETags). */
  encoders?: Encoders
  builtAt: Date
}

export interface ExportResult {
  prepared: PreparedSite
  files: number
  bytes: number
  /** Files written because they are new or changed. */
  written: number
}

/** Resources rendered at once; enough to keep both cores busy without holding the archive. */
const BATCH = 64

export async function exportSite({ view, site, outDir, previous, encoders, builtAt }: ExportOptions): Promise<ExportResult> {
  const resources = resourcesOfView(view, site, encoders, false)
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
    if (!(body instanceof Uint8Array)) throw new Error(`${file}: a rendered body is expected in memory`)
    const path = join(outDir, file)
    keep.add(path)
    bytes += body.byteLength
    codings = prepared.codings
    if (!(await isUnchanged(previous, key, file, headers.etag!, path, body.byteLength))) {
      const dir = dirname(path)
      if (!madeDirs.has(dir)) {
        await mkdir(dir, { recursive: true })
        madeDirs.add(dir)
      }
      await writeFile(`${path}.partial`, body)
      await rename(`${path}.partial`, path)
      written++
    }

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
  for (let start = 0; start < keys.length; start += BATCH) {
    await Promise.all(
      keys.slice(start, start + BATCH).map(async (key) => {
        const prepared = await resources.get(key)
        if (!prepared) throw new Error(`${key} is listed but has no resource`)
        index[key] = await write(key, fileForKey(key), prepared)
        forHeadersFile.push({ key, headers: (await prepared.variant('identity')).headers })
      }),
    )
  }
  const notFound = await write(NOT_FOUND_KEY, '404.html', await resources.notFound())
  const headersFile = join(outDir, '_headers')
  await writeFile(`${headersFile}.partial`, renderHeadersFile(forHeadersFile.sort((a, b) => (a.key < b.key ? -1 : 1))))
  await rename(`${headersFile}.partial`, headersFile)
  keep.add(headersFile)
  await removeAllBut(outDir, keep)

  const next = nextScheduled(view.snapshot.articles, builtAt)
  const prepared: PreparedSite = {
    version: PREPARED_SITE_VERSION,
    siteUrl: site.url,
    builtAt: builtAt.toISOString(),
    ...(next && { nextScheduled: next.toISOString() }),
    codings,
    headerSets,
    resources: Object.fromEntries(keys.map((key) => [key, index[key]!])),
    notFound,
  }
  return { prepared, files: keys.length + 2, bytes, written }
}

const NOT_FOUND_KEY = ' 404'

/** Whether the file at `path` is the one the previous build wrote with this ETag. */
async function isUnchanged(previous: PreparedSite | undefined, key: string, file: string, etag: string, path: string, length: number) {
  const before = key === NOT_FOUND_KEY ? previous?.notFound : previous?.resources[key]
  if (!before || before.file !== file || before.own.etag !== etag) return false
  // A guard against a folder changed by hand since: the size must still be the recorded one.
  const size = await stat(path).then((s) => s.size, () => -1)
  return size === length
}

/** Removes every file under `dir` not in `keep`, and the folders left empty. */
async function removeAllBut(dir: string, keep: Set<string>): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const folders: string[] = []
  for (const entry of entries) {
    const path = join(entry.parentPath, entry.name)
    if (entry.isDirectory()) folders.push(path)
    else if (!keep.has(path)) await rm(path, { force: true })
  }
  // Deepest first, so a folder's sub-folders are gone before it is tried.
  folders.sort((a, b) => relative(dir, b).split(sep).length - relative(dir, a).split(sep).length)
  for (const folder of folders) {
    await rmdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
    })
  }
}

/** The soonest date of an article not out yet (articles are newest first). */
function nextScheduled(articles: readonly Article[], now: Date): Date | undefined {
  let next: Date | undefined
  for (const article of articles) {
    if (article.date.getTime() <= now.getTime()) break
    next = article.date
  }
  return next
}
