/**
 * Finding and reading the Markdown files (`.md`, any depth) of the articles folder.
 *
 * One rule for what is an article, shared by the listing (start, full rescans, build, check)
 * and the watcher's reads (`regular-file.ts`): a plain file, reached without following any
 * symbolic link, named `*.md`, in no hidden folder. What the listing cannot enter (a folder it
 * may not read, a path too long) is skipped and reported, and the rest is listed.
 */
import { readdir } from 'node:fs/promises'
import { join, sep } from 'node:path'
import type { ArticleSource } from '../articles/collection.ts'
import {
  LINK_REASON,
  notPlainFileReason,
  pathErrorReason,
  readRegularFile,
  readRegularFileSync,
  type UnreadableFile,
} from '../files/regular-file.ts'

/** The largest article read: a long feature is a few hundred KiB; anything over this is an accident or an attack. */
export const MAX_ARTICLE_BYTES = 4 * 1024 * 1024

export class ArticlesFolderError extends Error {
  override name = 'ArticlesFolderError'
}

/** A part of the folder left out, with why: `a/d` "cannot be read (permission denied)". */
export interface SkippedEntry {
  path: string
  reason: string
}

export interface ArticleListing {
  /** Paths relative to the folder, with forward slashes whatever the OS, sorted. */
  files: string[]
  skipped: SkippedEntry[]
}

/**
 * Every article file of `dir`. Hidden files and folders are passed over; symbolic links and
 * entries that cannot be read are skipped and reported.
 * @throws ArticlesFolderError when `dir` itself cannot be listed
 */
export async function listArticleFolder(dir: string): Promise<ArticleListing> {
  const files: string[] = []
  const skipped: SkippedEntry[] = []
  // A queue, not recursion: a folder's depth is the newsroom's (or an attacker's) to choose.
  const folders = ['']
  for (let next = folders.shift(); next !== undefined; next = folders.shift()) {
    const folder = next
    let entries
    try {
      entries = await readdir(folder ? join(dir, folder) : dir, { withFileTypes: true })
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code
      if (folder === '') throw new ArticlesFolderError(`the articles folder "${dir}" ${folderProblem(code, cause)}`, { cause })
      skipped.push({ path: `${folder}/`, reason: folderProblem(code, cause) })
      continue
    }
    for (const entry of entries) {
      // Hidden folders (.git, an editor's .trash) hold no articles, as hidden files are none.
      if (entry.name.startsWith('.')) continue
      const path = folder ? `${folder}/${entry.name}` : entry.name
      if (entry.isDirectory()) folders.push(path)
      else if (entry.isSymbolicLink()) skipped.push({ path, reason: LINK_REASON })
      else if (!isArticleFileName(entry.name)) continue
      else if (entry.isFile()) files.push(path)
      else skipped.push({ path, reason: notPlainFileReason(entry) })
    }
  }
  return { files: files.sort(), skipped }
}

function folderProblem(code: string | undefined, cause: unknown): string {
  return pathErrorReason(code, (cause as Error).message, 'folder')
}

/**
 * The bytes of one article file (`file` relative to `dir`, absolute), by the rule above.
 * @throws UnreadableFile saying why it is not read
 */
export function readArticleFile(dir: string, file: string): Promise<Buffer> {
  return readRegularFile(join(dir, file), ARTICLE_LIMITS(dir))
}

/** The same, synchronously, with the file's stats (for its stamp). */
export function readArticleFileSync(dir: string, file: string): ReturnType<typeof readRegularFileSync> {
  return readRegularFileSync(join(dir, file), ARTICLE_LIMITS(dir))
}

const ARTICLE_LIMITS = (dir: string) => ({ maxBytes: MAX_ARTICLE_BYTES, what: 'an article', root: dir })

/** The article files only, for a caller that has no use for what was skipped. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  return (await listArticleFolder(dir)).files
}

export function isArticleFileName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('.')
}

export function toPosixPath(path: string): string {
  return path.split(sep).join('/')
}

/**
 * Every article's text, for `check` and the tests. A file that cannot be read as an article (a
 * link, too big, unreadable) is reported with the skipped parts of the folder, not read.
 */
export async function readArticleFolder(dir: string): Promise<{ sources: ArticleSource[]; skipped: SkippedEntry[] }> {
  const { files, skipped } = await listArticleFolder(dir)
  const sources: ArticleSource[] = []
  // One at a time, synchronously: a promise per file holds a descriptor per file at once (and
  // runs out of them on a large archive), and costs more than the reads.
  for (const file of files) {
    try {
      sources.push({ file, source: readArticleFileSync(dir, file).bytes.toString('utf8') })
    } catch (error) {
      skipped.push({ path: file, reason: (error as UnreadableFile).message })
    }
  }
  return { sources, skipped }
}

export async function readArticleSources(dir: string): Promise<ArticleSource[]> {
  return (await readArticleFolder(dir)).sources
}
