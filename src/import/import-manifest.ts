/**
 * The import manifest: a hidden file in the articles folder that records, for each article id,
 * the file import last wrote and the SHA-256 of what it wrote. It is how import tells an article
 * an editor has changed (left alone without --force) from one it may replace, and where it finds
 * an article again after its id was taken out. It is a file anyone can edit or lose, so it is read
 * with care and written so that its diff is easy to review.
 */
import { readRegularFile, type UnreadableFile } from '../files/regular-file.ts'

/** Far more than a manifest of a hundred thousand imports; a larger file is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024

/** The sidecar manifest, in the articles folder; hidden, so it is never read as an article. */
export const MANIFEST_FILE = '.imports.json'

export interface Manifest {
  version: 1
  /** By article id: the file import last wrote for it, and the SHA-256 of what it wrote. */
  articles: Record<string, { file: string; sha256: string }>
}

/** A manifest that is there but cannot be read: import writes nothing rather than lose its records. */
export class ImportManifestError extends Error {
  override name = 'ImportManifestError'
}

/** The manifest, or an empty one when there is none yet. */
export async function readManifest(path: string): Promise<Manifest> {
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
export function serialiseManifest(manifest: Manifest): string {
  const ids = Object.keys(manifest.articles).sort()
  const articles = Object.fromEntries(ids.map((id) => [id, manifest.articles[id]]))
  return `${JSON.stringify({ version: 1, articles }, null, 2)}\n`
}
