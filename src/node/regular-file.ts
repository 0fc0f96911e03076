/**
 * Reading a file of a folder the site serves from, so that nothing on disk can block, escape or
 * flood it: only a plain file is read (a FIFO, socket or device is refused without blocking: the
 * open does not wait), a symbolic link is not followed (the listing follows none, so the watcher
 * and the listing agree), a file reached through a linked folder is refused, and a file over the
 * limit is refused unread.
 */
import { constants, realpathSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { sep } from 'node:path'

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

export class UnreadableFile extends Error {
  override name = 'UnreadableFile'
  constructor(readonly code: string, message: string) {
    super(message)
  }
}

/**
 * The bytes of `path`, a plain file inside `root` (both absolute), at most `maxBytes` long.
 * @throws UnreadableFile with a code: ENOENT, ELOOP (a link), EOUTSIDE, ENOTFILE, ETOOBIG, or the system's
 */
export async function readRegularFile(root: string, path: string, maxBytes: number): Promise<Buffer> {
  let handle
  try {
    handle = await open(path, FLAGS)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    throw new UnreadableFile(code, code === 'ELOOP' ? 'is a symbolic link, which is not followed' : `cannot be opened (${code})`)
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new UnreadableFile('ENOTFILE', 'is not a plain file')
    if (stats.size > maxBytes) throw new UnreadableFile('ETOOBIG', `is ${(stats.size / 1024 / 1024).toFixed(1)} MiB; an article may be at most ${maxBytes / 1024 / 1024} MiB`)
    // A folder on the way may be a link out of the root: the open followed it.
    const real = realpathSync(path)
    const realRoot = realpathSync(root)
    if (!real.startsWith(realRoot + sep)) throw new UnreadableFile('EOUTSIDE', 'is outside the articles folder (through a linked folder), which is not followed')
    return await handle.readFile()
  } finally {
    await handle.close()
  }
}
