/**
 * Lists and reads the public folder (site/public-files.ts), once or kept live.
 *
 * What is served is what the listing holds, and nothing else: a request is looked up among the
 * listed names, never turned into a path. The listing follows no symbolic link (a link could
 * lead anywhere on the disk), skips dotfiles, Markdown and anything that is not a plain file,
 * and leaves out files too large for every host to serve. Reading opens the listed name without
 * following a link and without blocking on a FIFO swapped in since, and checks it is still a
 * plain file.
 */
import { constants, existsSync, readdirSync, readSync, openSync, closeSync, fstatSync, lstatSync, type Dirent } from 'node:fs'
import { open } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { imageSize } from 'image-size'
import { isPicture, isServableName, mediaTypeOf, unpublishableReason, type PublicFile, type PublicFiles } from '../site/public-files.ts'
import { watchTree } from './watch-tree.ts'

/** Cloudflare's limit for one static asset: a larger file could be served by Node but not deployed. */
export const MAX_PUBLIC_FILE_BYTES = 25 * 1024 * 1024
/** Enough of a picture to find its pixel size: headers come first, EXIF thumbnails included. */
const HEADER_BYTES = 256 * 1024

/** Something in the folder that is not served, and why: reported by `check`, logged by the server. */
export interface SkippedFile {
  path: string
  reason: string
}

export interface PublicListing extends PublicFiles {
  skipped: readonly SkippedFile[]
}

/** The folder as it is now; a folder that does not exist has no files. */
export function listPublicFolder(dir: string, known: ReadonlyMap<string, PublicFile> = new Map()): PublicListing {
  const root = resolve(dir)
  const files = new Map<string, PublicFile>()
  const skipped: SkippedFile[] = []
  // A queue, not recursion: the depth of folders is whoever made them's to choose.
  const folders = ['']
  for (let folder = folders.shift(); folder !== undefined; folder = folders.shift()) {
    let entries: Dirent[]
    try {
      entries = readdirSync(join(root, folder), { withFileTypes: true })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (folder !== '' || code !== 'ENOENT') skipped.push({ path: folder || '.', reason: `cannot be listed (${code ?? (error as Error).message})` })
      continue
    }
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name
      if (!isServableName(path)) continue
      const unpublishable = unpublishableReason(path)
      if (unpublishable) skipped.push({ path, reason: unpublishable })
      else if (entry.isSymbolicLink()) skipped.push({ path, reason: 'is a symbolic link; links are not followed, so copy the file in' })
      else if (entry.isDirectory()) folders.push(path)
      else if (!entry.isFile()) skipped.push({ path, reason: 'is not a plain file' })
      else {
        const file = describe(root, path, known.get(path))
        if (typeof file === 'string') skipped.push({ path, reason: file })
        else files.set(path, file)
      }
    }
  }
  return { files, skipped, read: (file) => readPublicFile(root, file) }
}

/** The file's listing entry, or why it is left out. Pixel sizes are read again only for a changed file. */
function describe(root: string, path: string, known: PublicFile | undefined): PublicFile | string {
  let stats
  try {
    stats = lstatSync(join(root, path), { bigint: true })
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code})`
  }
  if (!stats.isFile()) return 'is not a plain file'
  const size = Number(stats.size)
  if (size > MAX_PUBLIC_FILE_BYTES) return `is ${mebibytes(size)}; files over ${mebibytes(MAX_PUBLIC_FILE_BYTES)} are not published (a static host refuses them)`
  const version = `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`
  if (known?.version === version) return known
  const type = mediaTypeOf(path)
  return { path, size, type, version, ...(isPicture(type) && pixelSize(join(root, path))) }
}

function pixelSize(file: string): { width: number; height: number } | undefined {
  let fd: number | undefined
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
    if (!fstatSync(fd).isFile()) return undefined
    const head = Buffer.alloc(HEADER_BYTES)
    const read = readSync(fd, head, 0, HEADER_BYTES, 0)
    const { width, height } = imageSize(head.subarray(0, read))
    return width > 0 && height > 0 ? { width, height } : undefined
  } catch {
    // Not a picture its name says it is, or its header lies further in: served, without a size.
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

async function readPublicFile(root: string, file: PublicFile): Promise<Uint8Array> {
  const handle = await open(join(root, file.path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new Error(`${file.path} is no longer a plain file`)
    if (stats.size > MAX_PUBLIC_FILE_BYTES) throw new Error(`${file.path} has grown over ${mebibytes(MAX_PUBLIC_FILE_BYTES)}`)
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MiB`
}

/**
 * The public folder may not hold the articles folder: its other files (drafts' notes, the
 * settings) would be published beside the pictures.
 */
export function publicFolderProblem(publicDir: string, articlesDir: string): string | undefined {
  const inside = relative(resolve(publicDir), resolve(articlesDir))
  if (inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep) && !/^[a-z]:/i.test(inside))) {
    return `publicDir "${publicDir}" holds the articles folder "${articlesDir}"; give the public folder a folder of its own, e.g. "public"`
  }
  return undefined
}

export interface LivePublicFolder {
  current(): PublicListing
  close(): void
}

/** The folder, listed again after each change in it (a listing is cheap: stats, and headers of changed pictures). */
export function watchPublicFolder(dir: string, options: { log: (line: string) => void; settleMs?: number; onChange?: () => void }): LivePublicFolder {
  const { log } = options
  // Each thing left out is said once, not at every change of the folder.
  let reported = new Set<string>()
  const report = (listing: PublicListing) => {
    const now = new Set<string>()
    for (const { path, reason } of listing.skipped) {
      const line = `public: ${path} ${reason}`
      if (!reported.has(line)) log(line)
      now.add(line)
    }
    reported = now
  }
  let listing = listPublicFolder(dir)
  report(listing)
  if (!existsSync(dir)) {
    // Nothing to watch: a folder made later is found at the next start.
    log(`public: no folder "${dir}"; pictures, the icon and the favicon are served from there (PUBLIC_DIR)`)
    return { current: () => listing, close() {} }
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const relist = () => {
    const next = listPublicFolder(dir, listing.files)
    const changed = next.files.size !== listing.files.size || [...next.files].some(([path, file]) => listing.files.get(path) !== file)
    report(next)
    listing = next
    if (changed) {
      log(`public: ${listing.files.size} files`)
      options.onChange?.()
    }
  }
  const watcher = watchTree(
    resolve(dir),
    () => {
      clearTimeout(timer)
      timer = setTimeout(relist, options.settleMs ?? 75)
    },
    (error) => log(`public: watching ${dir} failed: ${error.message}`),
  )
  return {
    current: () => listing,
    close() {
      clearTimeout(timer)
      watcher.close()
    },
  }
}

