/**
 * Writes the whole site as files: every resource's body at the path a static host serves it
 * from, the 404 page, `_headers`, and the prepared-site index the Worker reads. Bodies and
 * headers come from the same resources the Node server answers with, so they match it byte for
 * byte.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
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
  /** The folder to write; it is replaced whole, so a deleted article leaves no file behind. */
  outDir: string
  /** The Node server's compressors: only which codings it offers matters (Vary, ETags). */
  encoders?: Encoders
  builtAt: Date
}

export interface ExportResult {
  prepared: PreparedSite
  files: number
  bytes: number
}

/** Resources rendered at once; enough to keep both cores busy without holding the archive. */
const BATCH = 64

export async function exportSite({ view, site, outDir, encoders, builtAt }: ExportOptions): Promise<ExportResult> {
  const resources = resourcesOfView(view, site, encoders, false)
  // Written beside the old export, then swapped in: a host never sees a half-written folder.
  const staging = `${outDir}.partial-${process.pid}`
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })

  const headerSets: Record<string, string>[] = []
  const headerSetIndex = new Map<string, number>()
  const index: Record<string, PreparedEntry> = {}
  const forHeadersFile: { key: string; headers: Record<string, string> }[] = []
  const madeDirs = new Set<string>()
  let bytes = 0
  let codings: PreparedSite['codings'] = ['identity']

  const write = async (file: string, prepared: PreparedResponse): Promise<PreparedEntry> => {
    const { body, headers } = await prepared.variant('identity')
    if (!(body instanceof Uint8Array)) throw new Error(`${file}: a rendered body is expected in memory`)
    const path = join(staging, file)
    const dir = dirname(path)
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true })
      madeDirs.add(dir)
    }
    await writeFile(path, body)
    bytes += body.byteLength
    codings = prepared.codings

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
        index[key] = await write(fileForKey(key), prepared)
        forHeadersFile.push({ key, headers: (await prepared.variant('identity')).headers })
      }),
    )
  }
  const notFound = await write('404.html', await resources.notFound())
  await writeFile(join(staging, '_headers'), renderHeadersFile(forHeadersFile.sort((a, b) => (a.key < b.key ? -1 : 1))))

  const old = `${outDir}.old-${process.pid}`
  await rm(old, { recursive: true, force: true })
  await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rename(staging, outDir)
  await rm(old, { recursive: true, force: true })

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
  return { prepared, files: keys.length + 2, bytes }
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
