/**
 * The Fediverse side of `bylines build`: each published article's ActivityStreams object as a
 * file of the export (read by the Worker), the documents a static host serves so that a search
 * finds the site (static-documents.ts), and the manifest the Worker bundles in
 * (prepared-fediverse.ts). An object is made again only when its article's version, the code
 * or the settings changed, or its file is gone; the site's export writes those it is told to
 * (object-files.ts), from the feed items its threads make. The static host's documents are
 * made again, with Fedify, only when what they say may have changed. Files of an earlier build
 * that are no longer part of the site are removed.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import { actorsOf } from '../fediverse/actors.ts'
import { keepingBuiltins } from '../fediverse/keep-builtins.ts'
import {
  NODEINFO_LINKS_FILE,
  OBJECTS_FOLDER,
  objectFileOf,
  PREPARED_FEDIVERSE_VERSION,
  type PreparedArticle,
  type PreparedFediverse,
  staticOutboxFileOf,
  WEBFINGER_FILE,
} from '../fediverse/prepared-fediverse.ts'
import { FEDIVERSE_PREFIX, ROUTES } from '../fediverse/routes.ts'
import type { StaticDocument } from '../fediverse/static-documents.ts'
import { viewContent } from '../fediverse/view-content.ts'
import type { SiteView } from '../feed-sets/view.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { articlePath } from '../model/paths.ts'
import { cacheControl } from '../resources/making.ts'
import { fediverseImpossibility, type SiteSettings } from '../settings/schema.ts'
import type { FixedHeadersRule } from './headers-file.ts'

/** The manifest as the build records it: what the Worker reads, and what the next build compares. */
export interface RecordedFediverse extends PreparedFediverse {
  /** A hash of the code and settings the objects were made with. */
  madeWith: string
  /** The static host's documents, relative to the export's folder. */
  documentFiles: string[]
  /** The same documents with their types and lengths: a build that finds them unchanged need not make them again. */
  documents?: WrittenDocument[]
}

/** A static host's document as a build wrote it. */
interface WrittenDocument {
  file: string
  /** Its Content-Type, as the federation answers it. */
  type: string
  bytes: number
}

export interface FediverseExport {
  /** Why the site is not on the Fediverse although `[fediverse] enabled` says so. */
  notPossible?: string
  /**
   * The articles (by their place among the view's published ones) whose objects are to be made
   * again; the others are left as an earlier build wrote them. The site's export writes them
   * (object-files.ts), from the feed items it makes.
   */
  toMake: number[]
  /**
   * The static host's documents written, and files of earlier builds removed: under way while the
   * site's export makes the rest (it needs the documents' `_headers` rules only at its end).
   */
  finished: Promise<FinishedFediverse>
}

export interface FinishedFediverse {
  manifest: RecordedFediverse
  /** The documents' `_headers` rules: the types a static host cannot guess from a name. */
  headersRules: FixedHeadersRule[]
}

/**
 * Every file of the export this build's Fediverse side may write, known before it writes any:
 * what a build marks as maybe written (previous-build.ts), so that one killed half-way leaves
 * nothing the next build does not remove or write again.
 */
export function fediverseFilesOf(view: SiteView, site: SiteSettings): string[] {
  if (!site.fediverse.enabled || fediverseImpossibility(site)) return []
  const actors = [...actorsOf(view, site).keys()].flatMap((handle) => [
    ROUTES.actor.replace('{identifier}', handle).slice(1),
    staticOutboxFileOf(handle),
  ])
  return [
    WEBFINGER_FILE,
    NODEINFO_LINKS_FILE,
    ROUTES.nodeInfo.slice(1),
    ...actors,
    ...view.published.map((article) => objectFileOf(articlePath(article.slug))),
  ]
}

/**
 * @param distrust files a build that was stopped half-way may have written: an object among
 *   them is made again, whatever the manifest says of it.
 */
export async function exportFediverse(options: {
  view: SiteView
  site: SiteSettings
  outDir: string
  context: string
  previous?: RecordedFediverse
  distrust?: ReadonlySet<string>
}): Promise<FediverseExport> {
  const { view, site, outDir, previous } = options
  const distrust = options.distrust ?? new Set<string>()
  const madeWith = createHash('sha256').update(options.context).digest('base64url')
  const notPossible = site.fediverse.enabled ? fediverseImpossibility(site) : undefined
  if (!site.fediverse.enabled || notPossible) {
    const manifest: RecordedFediverse = {
      version: PREPARED_FEDIVERSE_VERSION,
      enabled: false,
      siteUrl: site.url,
      buildId: '',
      articleCount: 0,
      actors: [],
      articles: [],
      madeWith,
      documentFiles: [],
    }
    await removeStale(outDir, previous, manifest)
    return { toMake: [], notPossible, finished: Promise.resolve({ manifest, headersRules: [] }) }
  }
  const content = viewContent(view, site)
  const before = new Map((previous?.madeWith === madeWith ? previous.articles : []).map((article) => [article.url, article]))
  const articles: PreparedArticle[] = []
  const toMake: number[] = []
  // One listing of the objects' folder rather than a look per article: a large archive has thousands.
  const present = await objectFilesIn(outDir)
  for (const [place, article] of view.published.entries()) {
    const path = articlePath(article.slug)
    const entry = content.articleAt(path)!
    const prepared: PreparedArticle = {
      url: entry.url,
      path,
      published: entry.published.toISOString(),
      updated: entry.updated.toISOString(),
      version: entry.version,
      file: objectFileOf(path),
    }
    const earlier = before.get(entry.url)
    if (earlier?.version !== entry.version || earlier.file !== prepared.file || distrust.has(prepared.file) || !present.has(prepared.file))
      toMake.push(place)
    articles.push(prepared)
  }
  const indexOf = new Map(articles.map((article, i) => [article.url, i]))
  const actors = [...content.actors().values()].map((profile) => ({
    ...profile,
    outbox: content.articlesOf(profile.handle).map((entry) => indexOf.get(entry.url)!),
  }))

  const buildId = createHash('sha256')
    .update(JSON.stringify([actors, articles.map(({ url, version }) => [url, version])]))
    .digest('base64url')
    .slice(0, 22)
  const written = await documentsAsWritten(outDir, previous, madeWith, buildId, distrust)
  // Fedify is loaded here, before the site's export starts, not while it runs: its JSON-LD
  // library replaces built-ins as it loads, until keepingBuiltins puts them back.
  const make = written ? undefined : await keepingBuiltins(() => import('../fediverse/static-documents.ts'))
  const finish = async (): Promise<FinishedFediverse> => {
    const documents = written ?? (await writeDocuments(outDir, await make!.staticDocuments(content, site.fediverse.handle)))
    const manifest: RecordedFediverse = {
      version: PREPARED_FEDIVERSE_VERSION,
      enabled: true,
      siteUrl: site.url,
      buildId,
      articleCount: view.published.length,
      actors,
      articles,
      madeWith,
      documentFiles: documents.map((document) => document.file),
      documents,
    }
    await removeStale(outDir, previous, manifest)
    return { manifest, headersRules: headersRules(site, documents) }
  }
  const finished = finish()
  // Its failure is reported where it is awaited, not as an unhandled rejection meanwhile.
  finished.catch(() => {})
  return { toMake, finished }
}

/**
 * The static host's documents as the previous build wrote them, when nothing they say can have
 * changed: they are made from the actors and the articles' versions (`buildId`) with the code
 * and the settings (`madeWith`), and each file is still there, as long as it was. Fedify is then
 * not loaded at all: an unchanged rebuild has nothing new to tell the Fediverse.
 */
async function documentsAsWritten(
  outDir: string,
  previous: RecordedFediverse | undefined,
  madeWith: string,
  buildId: string,
  distrust: ReadonlySet<string>,
): Promise<WrittenDocument[] | undefined> {
  if (!previous?.documents || previous.madeWith !== madeWith || previous.buildId !== buildId) return undefined
  for (const document of previous.documents) {
    if (distrust.has(document.file)) return undefined
    const found = await stat(join(outDir, document.file)).catch(() => undefined)
    if (!found?.isFile() || found.size !== document.bytes) return undefined
  }
  return previous.documents
}

/** Writes the static host's documents that changed. */
async function writeDocuments(outDir: string, documents: readonly StaticDocument[]): Promise<WrittenDocument[]> {
  const written: WrittenDocument[] = []
  for (const { file, type, json } of documents) {
    const text = `${JSON.stringify(json)}\n`
    await writeIfChanged(join(outDir, file), text)
    written.push({ file, type, bytes: Buffer.byteLength(text) })
  }
  return written
}

/**
 * One rule per kind of document. Types are the federation's own; CORS is open, as WebFinger
 * requires (RFC 7033 §5) and as every public document of the site is.
 */
function headersRules(site: SiteSettings, documents: readonly { file: string; type: string }[]): FixedHeadersRule[] {
  const typeOf = (file: string) => documents.find((document) => document.file === file)!.type
  const actorFile = ROUTES.actor.replace('{identifier}', site.fediverse.handle).slice(1)
  const common = { 'cache-control': cacheControl(site), 'access-control-allow-origin': '*' }
  return [
    { pattern: `/${WEBFINGER_FILE}`, headers: { 'content-type': typeOf(WEBFINGER_FILE), ...common } },
    { pattern: `/${NODEINFO_LINKS_FILE}`, headers: { 'content-type': typeOf(NODEINFO_LINKS_FILE), ...common } },
    { pattern: ROUTES.nodeInfo, headers: { 'content-type': typeOf(ROUTES.nodeInfo.slice(1)), ...common } },
    { pattern: `${FEDIVERSE_PREFIX}*`, headers: { 'content-type': typeOf(actorFile), ...common } },
    { pattern: `/${OBJECTS_FOLDER}/*`, headers: { 'content-type': typeOf(actorFile), ...common } },
  ]
}

/** Removes what the previous build wrote that this one did not, and the folders left empty. */
async function removeStale(outDir: string, previous: RecordedFediverse | undefined, now: RecordedFediverse): Promise<void> {
  if (!previous) return
  const keep = new Set([...now.articles.map((article) => article.file), ...now.documentFiles])
  const folders = new Set<string>()
  for (const file of [...previous.articles.map((article) => article.file), ...previous.documentFiles]) {
    const path = resolve(outDir, file)
    // The list is read from disk: never follow it out of the folder.
    if (keep.has(file) || !path.startsWith(resolve(outDir) + sep)) continue
    await rm(path, { force: true })
    for (let dir = dirname(path); dir.length > resolve(outDir).length; dir = dirname(dir)) folders.add(dir)
  }
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) await rmdir(folder).catch(() => {})
}

async function writeIfChanged(path: string, text: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => undefined)) !== text) await write(path, text)
}

async function write(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, text)
}

/** The objects' files in the export now, as objectFileOf names them. */
async function objectFilesIn(outDir: string): Promise<Set<string>> {
  const entries = await readdir(join(outDir, OBJECTS_FOLDER), { withFileTypes: true }).catch(() => [])
  return new Set(entries.filter((entry) => entry.isFile()).map((entry) => `${OBJECTS_FOLDER}/${entry.name}`))
}

/** The manifest an earlier build recorded, if it is one this code reads. */
export async function readRecordedFediverse(file: string): Promise<RecordedFediverse | undefined> {
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as Partial<RecordedFediverse>
    return json.version === PREPARED_FEDIVERSE_VERSION && Array.isArray(json.articles) && Array.isArray(json.documentFiles)
      ? (json as RecordedFediverse)
      : undefined
  } catch {
    return undefined
  }
}
