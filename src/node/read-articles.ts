/** Finding and reading the Markdown files (`.md`, any depth) of the articles folder. */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { ArticleSource } from '../articles/collection.ts'

export class ArticlesFolderError extends Error {
  override name = 'ArticlesFolderError'
}

/** Paths relative to `dir`, with forward slashes whatever the OS, sorted. Hidden files are skipped. */
export async function listArticleFiles(dir: string): Promise<string[]> {
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    const what =
      code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : code === 'ENOTDIR' ? 'is not a folder' : `cannot be read (${code ?? (cause as Error).message})`
    throw new ArticlesFolderError(`the articles folder "${dir}" ${what}`, { cause })
  }
  const prefix = `${dir}${sep}`
  // Entries' folders start with `dir` as given; path.relative on each of 10,000 costs more than the listing.
  const relativePath = (folder: string, name: string) =>
    folder === dir ? name : folder.startsWith(prefix) ? `${toPosixPath(folder.slice(prefix.length))}/${name}` : toPosixPath(relative(dir, join(folder, name)))
  return entries
    .filter((e) => e.isFile() && isArticleFileName(e.name))
    .map((e) => relativePath(e.parentPath, e.name))
    // Hidden folders (.git, an editor's .trash) hold no articles, as hidden files do not.
    .filter((file) => !file.split('/').some((segment) => segment.startsWith('.')))
    .sort()
}

export function isArticleFileName(name: string): boolean {
  return name.endsWith('.md') && !name.startsWith('.')
}

export function toPosixPath(path: string): string {
  return path.split(sep).join('/')
}

export async function readArticleSources(dir: string): Promise<ArticleSource[]> {
  const files = await listArticleFiles(dir)
  return Promise.all(files.map(async (file) => ({ file, source: await readFile(join(dir, file), 'utf8') })))
}
