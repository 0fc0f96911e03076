/**
 * Node side of `bylines import`: reads raw copy files and folders, writes articles into the
 * articles folder, and keeps the import manifest that tells an edited article from an
 * untouched one. One bad file never stops the others.
 */
import { mkdir, readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'
import { titleKey } from '../articles/advice.ts'
import { parseFrontMatter } from '../articles/front-matter.ts'
import { defaultSlug } from '../articles/parse-article.ts'
import { isSlug } from '../articles/schema.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { withLockFile } from '../files/lock-file.ts'
import { listArticleFiles, MAX_ARTICLE_BYTES, readArticleFile, toPosixPath } from '../content/read-articles.ts'
import { readRegularFile, UnreadableFile } from '../files/regular-file.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { slugify } from '../text/slugify.ts'
import { buildArticleDraft, ImportError, KEPT_ON_REIMPORT, type ImportedFields, type ImportOptions, type Missing } from './article-draft.ts'
import { contentHash, importIdFor } from './identity.ts'
import { KnownStories, storyOf, type KnownStory, type SameStory, type Story } from './known-stories.ts'
import { decodeRawCopy, normaliseRawText, parseRawCopy, RawCopyError, type RawCopy } from './raw-copy.ts'
import { writeArticle } from './write-article.ts'

/** Far more than a manifest of a hundred thousand imports; a larger file is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024

/** The sidecar manifest, in the articles folder; hidden, so it is never read as an article. */
export const MANIFEST_FILE = '.imports.json'
/** Held while an import works on the articles folder; hidden too. */
export const LOCK_FILE = '.imports.lock'
/** Imports take seconds; one that holds the lock this long is stuck, or its process is gone. */
const LOCK_WAIT_MS = 2 * 60_000

export interface ImportSettings {
  site: SiteSettings
  /** Absolute path of the articles folder. */
  articlesDir: string
  options: ImportOptions
  boilerplate?: readonly RegExp[]
  /**
   * Overwrite an article that was edited since it was imported, and write a story we already have
   * (another copy of it, say) as another article.
   */
  force?: boolean
  /** Work out every article but write nothing. */
  dryRun?: boolean
  /** Called once per input file, in order, as soon as its outcome is known. */
  onProgress?(outcome: ImportOutcome, index: number, total: number): void
}

export type ImportOutcome =
  | {
      input: string
      status: 'written' | 'unchanged'
      /** Path relative to the articles folder. */
      file: string
      id: string
      draft: boolean
      missing: Missing[]
      /** The article file's text. */
      text: string
    }
  | { input: string; status: 'failed'; reason: string }

interface Manifest {
  version: 1
  /** By article id: the file import last wrote for it, and the SHA-256 of what it wrote. */
  articles: Record<string, { file: string; sha256: string }>
}

export class ImportManifestError extends Error {
  override name = 'ImportManifestError'
}

/**
 * @param inputs files and folders (a folder's files are imported, any depth, hidden ones aside)
 * @throws ImportManifestError when the manifest exists but cannot be read; nothing is written
 * @throws LockTimeoutError when another import holds the articles folder too long
 */
export async function importRawCopy(
  inputs: readonly string[],
  settings: ImportSettings,
): Promise<ImportOutcome[]> {
  const files = await expandInputs(inputs, settings.articlesDir)
  const copies = await readCopies(files, settings)
  const write = () => writeArticles(files, copies, settings)
  if (settings.dryRun || copies.every((copy) => 'reason' in copy)) return write()
  // From listing the articles to the last manifest write, imports take turns: each must see the
  // files and the manifest entries of the one before, or two would take one file name, or each
  // keep only its own entries.
  return withLockFile(join(settings.articlesDir, LOCK_FILE), write, { holder: 'another import', waitMs: LOCK_WAIT_MS })
}

type ReadCopy = { copy: RawCopy; id: string } | { reason: string }

/** Every input read and given its id, before the articles folder is locked: reading may be slow. */
async function readCopies(files: readonly InputFile[], settings: ImportSettings): Promise<ReadCopy[]> {
  const copies: ReadCopy[] = []
  const inputOfId = new Map<string, string>()
  for (const input of files) {
    if (input.reason !== undefined) {
      copies.push({ reason: input.reason })
      continue
    }
    try {
      // A FIFO or a device named on the command line is refused, not waited on.
      const bytes = await readRegularFile(input.path, { maxBytes: MAX_ARTICLE_BYTES, what: 'raw copy' })
      const normalised = normaliseRawText(decodeRawCopy(bytes))
      const id = importIdFor(normalised)
      const twin = inputOfId.get(id)
      if (twin !== undefined) throw new ImportError(`is the same text as ${twin}`)
      inputOfId.set(id, input.display)
      const copy = parseRawCopy(normalised, { timeZone: settings.site.timeZone, boilerplate: settings.boilerplate })
      copies.push({ copy, id })
    } catch (error) {
      copies.push({ reason: reasonOf(error) })
    }
  }
  return copies
}

async function writeArticles(
  files: readonly InputFile[],
  copies: readonly ReadCopy[],
  settings: ImportSettings,
): Promise<ImportOutcome[]> {
  const { site, articlesDir } = settings
  const existing = await indexArticles(articlesDir, site)
  const manifestPath = join(articlesDir, MANIFEST_FILE)
  const manifest = await readManifest(manifestPath)
  const outcomes: ImportOutcome[] = []
  const report = (outcome: ImportOutcome) => {
    outcomes.push(outcome)
    settings.onProgress?.(outcome, outcomes.length - 1, files.length)
  }

  // First every copy is given its file name, so that teasers can point at articles imported in
  // the same run, whatever their order.
  const planned: ({ copy: RawCopy; id: string; file: string } | { reason: string })[] = []
  const claimedFiles = new Set(existing.files)
  const titles = new Map(existing.titles)
  const stories = new KnownStories(existing.stories)
  for (const [i, read] of copies.entries()) {
    if ('reason' in read) {
      planned.push(read)
      continue
    }
    const file = chooseFile(read.copy, read.id, existing, manifest, claimedFiles)
    // The article that has the copy's id is the one import updates, wherever it is: not another.
    const story = existing.ids.has(read.id) ? undefined : storyOfCopy(read.copy, read.id, settings)
    if (story && !settings.force) {
      const same = sameStoryAs(read.id, story, stories, manifest, settings.site.timeZone)
      if (same) {
        planned.push({ reason: alreadyThere(same, site.articlesDir) })
        continue
      }
    }
    claimedFiles.add(file)
    planned.push({ ...read, file })
    if (read.copy.title !== undefined) titles.set(titleKey(read.copy.title), defaultSlug(file))
    if (story) stories.add({ file, draft: story.draft, story: story.story, input: files[i]!.display })
  }

  for (const [i, input] of files.entries()) {
    const plan = planned[i]!
    if ('reason' in plan) {
      report({ input: input.display, status: 'failed', reason: plan.reason })
      continue
    }
    try {
      const { copy, id, file } = plan
      const draft = buildArticleDraft(copy, settings.options, {
        site,
        id,
        slug: defaultSlug(file),
        slugForTitle: (title) => titles.get(titleKey(title)),
      })
      const target = join(articlesDir, file)
      const shown = toPosixPath(join(site.articlesDir, file))
      // Read as the server reads it: a link or a FIFO there is never followed or waited on.
      const current = await readArticleFile(articlesDir, file).then(
        (bytes) => bytes.toString('utf8'),
        (error: UnreadableFile) => {
          if (error.code === 'ENOENT') return undefined
          throw new ImportError(`${shown} ${error.message}, so it is left as it is`)
        },
      )
      const text = writeArticle({ ...draft, fields: { ...draft.fields, ...keptFields(current, file) } })
      const outcome = { input: input.display, file, id, draft: draft.draft, missing: draft.missing, text }
      const recorded = manifest.articles[id]
      const untouched = recorded?.file === file && recorded.sha256 === contentHash(current ?? '')
      if (current !== undefined && current !== text && !untouched && !settings.force) {
        throw new ImportError(
          `${shown} was edited since it was imported ` +
            '(or was not written by import), so it is left as it is: re-run with --force to replace it',
        )
      }
      if (!settings.dryRun) {
        if (current === undefined) {
          await mkdir(join(target, '..'), { recursive: true })
          // Exclusive: a file made since the articles were listed (by an editor, or an import
          // that did not wait its turn) is never replaced.
          await writeFileAtomic(target, text, { exclusive: true }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error
            throw new ImportError(`${shown} appeared while importing (or is not a plain file), so it is left as it is`)
          })
        } else if (current !== text) {
          await writeFileAtomic(target, text)
        }
        // An identical file is recorded too: the manifest may have been lost or not committed.
        if (!untouched || current !== text) {
          manifest.articles[id] = { file, sha256: contentHash(text) }
          await writeFileAtomic(manifestPath, serialiseManifest(manifest))
        }
      }
      report({ ...outcome, status: current === text ? 'unchanged' : 'written' })
    } catch (error) {
      report({ input: input.display, status: 'failed', reason: reasonOf(error) })
    }
  }
  return outcomes
}

interface InputFile {
  path: string
  /** As the editor wrote it (folder files: the folder's path joined with theirs). */
  display: string
  reason?: string
}

async function expandInputs(inputs: readonly string[], articlesDir: string): Promise<InputFile[]> {
  const files: InputFile[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (!info) {
      files.push({ path: input, display: input, reason: 'does not exist' })
    } else if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true }).catch(
        (error: unknown) => error as Error,
      )
      if (entries instanceof Error) {
        files.push({ path: input, display: input, reason: `cannot be read: ${entries.message}` })
        continue
      }
      const found = entries
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name))
        .filter((path) => !relative(input, path).split(/[\\/]/).some((part) => part.startsWith('.')))
        .sort()
      if (found.length === 0) files.push({ path: input, display: input, reason: 'is a folder with no files' })
      for (const path of found) files.push({ path, display: toPosixPath(path) })
    } else {
      files.push({ path: input, display: input })
    }
  }
  for (const file of files) {
    const inside = relative(articlesDir, file.path)
    if (!file.reason && !isOutside(inside)) {
      file.reason = 'is inside the articles folder: raw copy is imported from elsewhere'
    }
  }
  return files
}

interface ArticleIndex {
  /**
   * Paths relative to the articles folder, posix; and `<slug>.md` for every explicit slug, so
   * that a new file never takes the slug of an existing article.
   */
  files: Set<string>
  /** Slugs (from `slug` or the file name) by title key. */
  titles: Map<string, string>
  /** File by `id`, for the articles that have one. */
  ids: Map<string, string>
  /** Every article file and the story its front matter tells (none when it cannot be read). */
  stories: KnownStory[]
}

/** `updated` and `corrections` of the file being replaced, as written; none when it cannot be read. */
function keptFields(current: string | undefined, file: string): Partial<ImportedFields> {
  if (current === undefined) return {}
  let data: Record<string, unknown>
  try {
    data = parseFrontMatter(current, file).data
  } catch {
    return {}
  }
  return Object.fromEntries(KEPT_ON_REIMPORT.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]))
}

/** What a copy would be written as, as far as telling stories apart goes. */
interface CopyStory {
  story: Story
  draft: boolean
}

/**
 * The story the copy tells, from the fields import would write: the publication as the site knows
 * it, the original's address from the copy or the options. Undefined when the copy gives no
 * article (no body): that is reported when it is written.
 */
function storyOfCopy(copy: RawCopy, id: string, settings: ImportSettings): CopyStory | undefined {
  try {
    // The teasers aside, which say nothing of the story, the fields do not depend on the file.
    const { fields, draft } = buildArticleDraft(copy, settings.options, { site: settings.site, id, slugForTitle: () => undefined })
    return { story: storyOf({ ...fields }, settings.site), draft }
  } catch (error) {
    if (error instanceof ImportError) return undefined
    throw error
  }
}

/**
 * The article that already tells the copy's story: the file import wrote from this same text (the
 * manifest says so) though it no longer has its id, else one that tells the same story by what
 * its front matter says (known-stories.ts).
 */
function sameStoryAs(id: string, { story }: CopyStory, known: KnownStories, manifest: Manifest, timeZone: string): SameStory | undefined {
  const recorded = manifest.articles[id]?.file
  const imported = recorded === undefined ? undefined : known.inFile(recorded)
  if (imported) return { known: imported, why: 'imported from this same text' }
  return known.find(story, timeZone)
}

/** Why a copy is not written: the article that has its story, and how to write it all the same. */
function alreadyThere({ known, why }: SameStory, articlesDir: string): string {
  const shown = toPosixPath(join(articlesDir, known.file))
  const where = known.input !== undefined ? `${known.input}, imported above as ${shown}` : `${known.draft ? 'the draft ' : ''}${shown}`
  return `is already ${where} (${why}), so nothing is written: to import it anyway as another article, re-run with --force`
}

/** What import needs to know of the articles already there; a missing folder is an empty one. */
async function indexArticles(articlesDir: string, site: SiteSettings): Promise<ArticleIndex> {
  const index: ArticleIndex = { files: new Set(), titles: new Map(), ids: new Map(), stories: [] }
  const exists = await stat(articlesDir).then((s) => s.isDirectory(), () => false)
  if (!exists) return index
  const files = await listArticleFiles(articlesDir)
  // A file that cannot be read as an article (swapped for a FIFO since the listing) still takes its name.
  const sources = await Promise.all(files.map((file) => readArticleFile(articlesDir, file).then((bytes) => bytes.toString('utf8'), () => '')))
  for (const [i, file] of files.entries()) {
    index.files.add(file)
    const source = sources[i]!
    let data: Record<string, unknown>
    try {
      data = parseFrontMatter(source, file).data
    } catch {
      // An article with broken front matter still keeps its id: never import over it.
      const id = /^id:\s*["']?([^"'\s]+)/m.exec(source)?.[1]
      if (id) index.ids.set(id, file)
      index.stories.push({ file, draft: false, story: {} })
      continue
    }
    index.stories.push({ file, draft: data.draft === true, story: storyOf(data, site) })
    const slug = typeof data.slug === 'string' ? data.slug : defaultSlug(file)
    if (typeof data.title === 'string') index.titles.set(titleKey(data.title), slug)
    if (typeof data.id === 'string') index.ids.set(data.id, file)
    index.files.add(`${slug}.md`)
  }
  return index
}

/**
 * The file for an id: the article that already has it (even renamed), else where import last
 * wrote it, else the slug of its title, made unique with the id when that file is taken.
 */
function chooseFile(
  copy: RawCopy,
  id: string,
  existing: ArticleIndex,
  manifest: Manifest,
  claimed: Set<string>,
): string {
  const owned = existing.ids.get(id)
  if (owned) return owned
  const recorded = manifest.articles[id]?.file
  // The manifest is a file anyone can edit: only a plain path inside the folder is trusted.
  if (recorded && !claimed.has(recorded) && isPlainArticlePath(recorded)) return recorded
  const suffix = id.replace(/^urn:uuid:/, '').slice(0, 8)
  const base = slugFromTitle(copy.title) ?? `article-${suffix}`
  return claimed.has(`${base}.md`) ? `${base}-${suffix}.md` : `${base}.md`
}

/** At most 80 characters, cut at a hyphen; undefined when the title gives no valid slug. */
function slugFromTitle(title: string | undefined): string | undefined {
  if (title === undefined) return undefined
  let slug = slugify(title)
  if (slug.length > 80) slug = slug.slice(0, 81).replace(/-[^-]*$/, '')
  return isSlug(slug) ? slug : undefined
}

async function readManifest(path: string): Promise<Manifest> {
  let text: string
  try {
    text = (await readRegularFile(path, { maxBytes: MAX_MANIFEST_BYTES, what: 'an import manifest' })).toString('utf8')
  } catch (error) {
    if ((error as UnreadableFile).code === 'ENOENT') return { version: 1, articles: {} }
    throw new ImportManifestError(`${path} ${(error as UnreadableFile).message}: nothing was imported`)
  }
  try {
    const parsed = JSON.parse(text) as Manifest
    const { version, articles } = parsed ?? {}
    if (version === 1 && typeof articles === 'object' && articles !== null) return parsed
  } catch {
    // reported below
  }
  throw new ImportManifestError(
    `${path} is not an import manifest (version 1 JSON): restore it from version control, or delete it ` +
      '(articles imported before then will need --force to be imported again)',
  )
}

/** Sorted keys and a final newline: a stable, reviewable diff. */
function serialiseManifest(manifest: Manifest): string {
  const ids = Object.keys(manifest.articles).sort()
  const articles = Object.fromEntries(ids.map((id) => [id, manifest.articles[id]]))
  return `${JSON.stringify({ version: 1, articles }, null, 2)}\n`
}

function reasonOf(error: unknown): string {
  if (error instanceof RawCopyError || error instanceof ImportError || error instanceof UnreadableFile) return error.message
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read or written: permission denied'
  if (code === 'EISDIR') return 'is a folder'
  return (error as Error)?.message ?? String(error)
}

/** True when a path relative to the articles folder leaves it (`..` as a whole segment, or another drive). */
function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || relativePath.startsWith('../') || isAbsolute(relativePath)
}

/** A relative, forward-slash `.md` path with no `..`, `.` or empty segment and no hidden part. */
function isPlainArticlePath(path: string): boolean {
  return path.endsWith('.md') && path.split('/').every((part) => part !== '' && !part.startsWith('.')) && !isAbsolute(path) && !path.includes('\\')
}

