/**
 * Reading a file that may be anything on disk, so that nothing there can block, escape or flood
 * us: only a plain file is read (a FIFO, socket or device is refused without blocking: the open
 * does not wait), and a file over the limit is refused unread. For a file of a folder the site
 * serves from, a symbolic link is not followed either (the listing follows none, so the watcher
 * and the listing agree), and a file reached through a linked folder is refused.
 */
import {
  type BigIntStats,
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  type Stats,
  statSync,
} from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { sep } from 'node:path'

export class UnreadableFile extends Error {
  override name = 'UnreadableFile'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const LINK_REASON = 'is a symbolic link, which is not followed'

/** What a system error on a path says to a newsroom: one wording for files and folders alike. */
const PATH_ERRORS: Record<string, string> = {
  ENOENT: 'does not exist',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  ENOTDIR: 'is not a folder',
  ENAMETOOLONG: 'cannot be read: its path is too long',
  ELOOP: 'cannot be read: a loop of symbolic links',
}

/**
 * Why a path could not be opened or listed; `code` undefined for an error without one. Opening
 * a file with O_NOFOLLOW fails with ELOOP on any link at its name, not only on a loop.
 */
export function pathErrorReason(code: string | undefined, detail: string, of: 'file' | 'folder'): string {
  if (code === 'ELOOP' && of === 'file') return LINK_REASON
  if (code === 'ENOTDIR' && of === 'file') return 'cannot be opened: a folder on its path is a file'
  return (code !== undefined && PATH_ERRORS[code]) || `cannot be ${of === 'file' ? 'opened' : 'read'} (${code ?? detail})`
}

/** The errors `pathErrorReason` words: a part of the tree the listing reports itself. */
export function isPathError(code: string | undefined): boolean {
  return code !== undefined && code in PATH_ERRORS
}

export interface ReadLimits {
  maxBytes: number
  /** What the file is, for the message when it is too big: "an article". */
  what: string
  /** The folder (absolute) the file must be inside, not reached through a link. */
  root?: string
  /** Which folder `root` is, for the message when the file is outside it: "the articles folder". */
  rootName?: string
}

/**
 * The bytes of `path` (absolute when `root` is given), a plain file at most `maxBytes` long.
 * @throws UnreadableFile with a code: ENOENT, ELOOP (a link), EOUTSIDE, ENOTFILE, ETOOBIG, or the system's
 */
export async function readRegularFile(path: string, limits: ReadLimits): Promise<Buffer> {
  const { handle } = await openRegularFile(path, limits)
  try {
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/**
 * `path` opened and checked as `readRegularFile` checks it, for a caller that reads it a part at
 * a time (a large public file, streamed) and closes it.
 */
export async function openRegularFile(path: string, limits: ReadLimits): Promise<{ handle: FileHandle; stats: BigIntStats }> {
  let handle
  try {
    handle = await open(path, flagsFor(limits))
  } catch (error) {
    throw openError(error)
  }
  try {
    const stats = await handle.stat({ bigint: true })
    checkOpened(path, handle.fd, stats, limits)
    return { handle, stats }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/**
 * The same, synchronously, with the stats of the file read: for the first read of a large
 * archive, where a promise per file costs more than the reads.
 */
export function readRegularFileSync(path: string, limits: ReadLimits): { bytes: Buffer; stats: BigIntStats } {
  let fd
  try {
    fd = openSync(path, flagsFor(limits))
  } catch (error) {
    throw openError(error)
  }
  try {
    const stats = fstatSync(fd, { bigint: true })
    checkOpened(path, fd, stats, limits)
    return { bytes: readFileSync(fd), stats }
  } finally {
    closeSync(fd)
  }
}

/** Not blocking on a FIFO; and inside a root, not following a link. */
function flagsFor({ root }: ReadLimits): number {
  return constants.O_RDONLY | constants.O_NONBLOCK | (root === undefined ? 0 : constants.O_NOFOLLOW)
}

function openError(error: unknown): UnreadableFile {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
  return new UnreadableFile(code, pathErrorReason(code, code, 'file'))
}

/** What was opened is a plain file, small enough, and (with a root) the file inside it that the path names. */
function checkOpened(
  path: string,
  fd: number,
  stats: BigIntStats,
  { maxBytes, what, root, rootName = 'the articles folder' }: ReadLimits,
): void {
  if (!stats.isFile()) throw new UnreadableFile('ENOTFILE', notPlainFileReason(stats))
  const size = Number(stats.size)
  if (size > maxBytes)
    throw new UnreadableFile('ETOOBIG', `is ${(size / 1024 / 1024).toFixed(1)} MiB; ${what} may be at most ${maxBytes / 1024 / 1024} MiB`)
  if (root === undefined) return
  // O_NOFOLLOW guards the last part of the path only: a folder on the way may be a link out of
  // the root, swapped in and out while we open. Where the system tells where an open file is,
  // that answer is the file's own and no later swap changes it; elsewhere the path is resolved
  // again, and must name the very file opened.
  const opened = pathOfOpenFile(fd)
  let real
  try {
    real = opened ?? realpathSync.native(path)
  } catch {
    throw new UnreadableFile('EOUTSIDE', MOVED_REASON)
  }
  const realRoot = realpathSync.native(root)
  const inside = realRoot === sep ? real.startsWith(sep) : real.startsWith(realRoot + sep)
  if (!inside) throw new UnreadableFile('EOUTSIDE', `is outside ${rootName} (through a linked folder), which is not followed`)
  if (opened !== undefined) return
  const named = statSync(real, { bigint: true, throwIfNoEntry: false })
  if (named?.ino !== stats.ino || named.dev !== stats.dev) throw new UnreadableFile('EOUTSIDE', MOVED_REASON)
}

/**
 * Where the file open as `fd` is, as the kernel tracks it (Linux's /proc/self/fd): undefined
 * where the system does not say.
 */
function pathOfOpenFile(fd: number): string | undefined {
  if (!procFdWorks) return undefined
  try {
    return readlinkSync(`/proc/self/fd/${fd}`)
  } catch {
    return undefined
  }
}

const procFdWorks = existsSync('/proc/self/fd')

const MOVED_REASON = 'changed while it was opened (a folder on its path swapped for a link?)'

/** Why something that is not a plain file is not read: "is a FIFO (named pipe), not a plain file". */
export function notPlainFileReason(
  entry: Pick<Stats | BigIntStats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory'>,
): string {
  return `is ${kindOf(entry)}, not a plain file`
}

function kindOf(stats: Pick<Stats | BigIntStats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory'>): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  if (stats.isDirectory()) return 'a folder'
  return 'something else'
}
