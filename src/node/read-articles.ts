/** Reads every Markdown file (`.md`, any depth) in the articles folder, as sources for `buildCollection`. */
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { ArticleSource } from '../articles/collection.ts'

export class ArticlesFolderError extends Error {
  override name = 'ArticlesFolderError'
}

export async function readArticleSources(dir: string): Promise<ArticleSource[]> {
  let entries
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true })
  } catch (cause) {
    throw new ArticlesFolderError(`cannot read the articles folder "${dir}": ${(cause as Error).message}`, { cause })
  }
  const files = entries
    .filter((e) => e.isFile() && e.name.endsWith('.md') && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name))
    .sort()
  return Promise.all(
    files.map(async (path) => ({
      // Forward slashes whatever the OS, so messages and default slugs read the same everywhere.
      file: relative(dir, path).split(sep).join('/'),
      source: await readFile(path, 'utf8'),
    })),
  )
}
