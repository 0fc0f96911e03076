/**
 * Reading a file that may be anything on disk, so that nothing there can block, escape or flood
 * us: only a plain file is read (a FIFO, socket or device is refused without blocking: the open
 * does not wait), and a file over the limit is refused unread. For a file of a folder the site
 * serves from, a symbolic link is not followed either (the listing follows none, so the watcher
 * and the listing agree), and a file reached through a linked folder is refused.
 */
import { constants, realpathSync, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'
import { sep } from 'node:path'

export class UnreadableFile extends Error {
  override name = 'UnreadableFile'
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

export const LINK_REASON = 'is a symbolic link, which is not followed'

const OPEN_ERRORS: Record<string, string> = {
  ELOOP: LINK_REASON,
  ENOENT: 'does not exist',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
}

export interface ReadLimits {
  maxBytes: number
  /** What the file is, for the message when it is too big: "an article". */
  what: string
  /** The folder (absolute) the file must be inside, not reached through a link. */
  root?: string
}

/**
 * The bytes of `path` (absolute when `root` is given), a plain file at most `maxBytes` long.
 * @throws UnreadableFile with a code: ENOENT, ELOOP (a link), EOUTSIDE, ENOTFILE, ETOOBIG, or the system's
 */
export async function readRegularFile(path: string, { maxBytes, what, root }: ReadLimits): Promise<Buffer> {
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | (root === undefined ? 0 : constants.O_NOFOLLOW))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    throw new UnreadableFile(code, OPEN_ERRORS[code] ?? `cannot be opened (${code})`)
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new UnreadableFile('ENOTFILE', notPlainFileReason(stats))
    if (stats.size > maxBytes) throw new UnreadableFile('ETOOBIG', `is ${(stats.size / 1024 / 1024).toFixed(1)} MiB; ${what} may be at most ${maxBytes / 1024 / 1024} MiB`)
    if (root !== undefined) {
      // A folder on the way may be a link out of the root: the open followed it.
      const real = realpathSync(path)
      const realRoot = realpathSync(root)
      if (!real.startsWith(realRoot + sep)) throw new UnreadableFile('EOUTSIDE', 'is outside the articles folder (through a linked folder), which is not followed')
    }
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}

/** Why something that is not a plain file is not read: "is a FIFO (named pipe), not a plain file". */
export function notPlainFileReason(entry: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory'>): string {
  return `is ${kindOf(entry)}, not a plain file`
}

function kindOf(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice' | 'isDirectory'>): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  if (stats.isDirectory()) return 'a folder'
  return 'something else'
}
