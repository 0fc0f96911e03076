/**
 * Lists and reads the public folder (model/public-files.ts), once or kept live.
 *
 * What is served is what the listing holds, and nothing else: a request is looked up among the
 * listed names, never turned into a path. The listing follows no symbolic link (a link could
 * lead anywhere on the disk), skips dotfiles, Markdown and anything that is not a plain file,
 * and leaves out files too large for every host to serve. Reading opens the listed name as article
 * files are opened (regular-file.ts): without following a link or blocking on a FIFO swapped in
 * since, and checked to be inside the folder, whatever folder on its path was swapped for a link,
 * and to be the very file listed (its inode, size and times); anything else is gone (a 404).
 */
import {
  type BigIntStats,
  closeSync,
  constants,
  type Dirent,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
} from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import { imageSize } from 'image-size'
import { openRegularFile, UnreadableFile } from '../files/regular-file.ts'
import { GoneError } from '../http/gone.ts'
import { isPicture, isServableName, mediaTypeOf, type PublicFile, type PublicFiles, unpublishableReason } from '../model/public-files.ts'
import { nodeFileBody } from './open-file-body.ts'
import { createQuietWaits } from './quiet-waits.ts'
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
      if (folder !== '' || code !== 'ENOENT')
        skipped.push({ path: folder || '.', reason: `cannot be listed (${code ?? (error as Error).message})` })
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
  return {
    files,
    skipped,
    read: async (file) => {
      const { handle } = await openPublicFile(root, file)
      try {
        return await handle.readFile()
      } finally {
        await handle.close()
      }
    },
    open: async (file) => nodeFileBody((await openPublicFile(root, file)).handle, file.size),
  }
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
  if (size > MAX_PUBLIC_FILE_BYTES)
    return `is ${mebibytes(size)}; files over ${mebibytes(MAX_PUBLIC_FILE_BYTES)} are not published (a static host refuses them)`
  const version = versionOf(stats)
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
    const { width, height, orientation } = imageSize(head.subarray(0, read))
    if (!(width > 0 && height > 0)) return undefined
    // EXIF orientations 5 to 8 turn the picture a quarter: browsers show it, and its variants are made, turned.
    return orientation !== undefined && orientation >= 5 ? { width: height, height: width } : { width, height }
  } catch {
    // Not a picture its name says it is, or its header lies further in: served, without a size.
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/** What tells one state of a file from another: its size, times and inode. */
function versionOf(stats: BigIntStats): string {
  return `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`
}

/** The listed file opened, or GoneError when what its path names now is not that file. */
async function openPublicFile(root: string, file: PublicFile): Promise<{ handle: FileHandle }> {
  let opened
  try {
    opened = await openRegularFile(join(root, file.path), {
      maxBytes: MAX_PUBLIC_FILE_BYTES,
      what: 'a public file',
      root,
      rootName: 'the public folder',
    })
  } catch (error) {
    if (error instanceof UnreadableFile) throw new GoneError(`public: ${file.path} ${error.message}`, { cause: error })
    throw error
  }
  if (versionOf(opened.stats) !== file.version) {
    await opened.handle.close()
    throw new GoneError(`public: ${file.path} changed since the folder was listed`)
  }
  return opened
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

/** How long a public file that keeps changing waits for quiet before it is listed anyway. */
const MAX_WAIT_MS = 1000
/** The key of a change anywhere (a folder made or removed) among the files that wait. */
const WHOLE_FOLDER = Symbol('the whole folder')

/**
 * The folder, listed again after each change in it (a listing is cheap: stats, and headers of
 * changed pictures). Each changed file waits on its own for quiet, at most a second; while it
 * waits, the listing keeps the entry it had, so a file changing in place is not listed at each
 * write (an entry whose file has changed since answers 404 until then, never other bytes). A file
 * that still changes after a second is listed as it is then: an upload should be written beside
 * the folder, or under a dotfile name, and renamed into place. Names never served (dotfiles,
 * Markdown) wait for nothing. A folder made later, or put in place of this one, is watched
 * (`watch-tree.ts`).
 */
export function watchPublicFolder(
  dir: string,
  options: { log: (line: string) => void; settleMs?: number; onChange?: () => void },
): LivePublicFolder {
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
  // Nothing to watch yet: the watch waits for it.
  if (!existsSync(dir)) log(`public: no folder "${dir}"; pictures, the icon and the favicon are served from there (PUBLIC_DIR)`)
  const relist = () => {
    const next = listPublicFolder(dir, listing.files)
    const files = new Map(next.files)
    for (const path of files.keys()) {
      if (!waits.has(path)) continue
      const before = listing.files.get(path)
      if (before) files.set(path, before)
      else files.delete(path)
    }
    const changed = files.size !== listing.files.size || [...files].some(([path, file]) => listing.files.get(path) !== file)
    report(next)
    listing = { ...next, files }
    if (changed) {
      log(`public: ${listing.files.size} files`)
      options.onChange?.()
    }
  }
  const waits = createQuietWaits<string | typeof WHOLE_FOLDER>(relist, { quietMs: options.settleMs ?? 75, maxMs: MAX_WAIT_MS })
  const watcher = watchTree(
    resolve(dir),
    (path) => {
      if (path === undefined) waits.touch(WHOLE_FOLDER)
      else if (isServableName(path)) waits.touch(path)
    },
    (error) => log(`public: watching ${dir} failed: ${error.message}`),
  )
  return {
    current: () => listing,
    close() {
      waits.close()
      watcher.close()
    },
  }
}
