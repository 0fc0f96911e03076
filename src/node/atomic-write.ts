/**
 * Writing a file so that no reader ever sees half of it: the live server reading an article,
 * a static host serving the export, wrangler reloading the Worker's index. The bytes go to a
 * temporary file beside the target, which is then renamed over it (rename is atomic within a
 * folder on POSIX file systems). The one place the project writes a file that others read.
 *
 * Not `write-file-atomic`: its current major needs Node 22, and what we need of it is these lines
 * (no fsync, no change of owner or mode).
 */
import { close as closeCallback, link as linkCallback, open as openCallback, rename as renameCallback, unlink as unlinkCallback, writeFile as writeFileCallback } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { threadId } from 'node:worker_threads'

// The callback API, not node:fs/promises: its writeFile goes through a FileHandle, a promise per
// step, which cost a build of 19,000 files about a third more of the writing thread's time.
const writeFile = promisify(writeFileCallback)
const rename = promisify(renameCallback)
const unlink = promisify(unlinkCallback)
const link = promisify(linkCallback)
const open = promisify(openCallback)
const close = promisify(closeCallback)

let sequence = 0

/** A temporary file of `writeFileAtomic`; the name of the file it was for is the first group. */
const TEMPORARY = /^\.(.+)\.\d+-\d+-\d+\.tmp$/

/**
 * @param options.exclusive the file must be a new one: the call fails with EEXIST, writing
 *   nothing, when it exists. The written temporary file is linked in under the name (a link is
 *   never made over an existing file), so the file appears whole or not at all, even to two
 *   writers at once or after a kill.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: { exclusive?: boolean } = {}): Promise<void> {
  // Hidden, and unique per process, thread and call: two writers never share a temporary file
  // (the export writes from two threads, each counting calls from 0), and the live watcher
  // ignores dotfiles.
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${sequence++}.tmp`)
  try {
    await writeFile(temporary, data)
    if (options.exclusive) {
      await link(temporary, path).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') throw error
        // A file system without hard links (FAT, some network shares): claim the name, then fill it.
        await close(await open(path, 'wx'))
        await rename(temporary, path)
      })
      await unlink(temporary).catch(() => {})
    } else {
      await rename(temporary, path)
    }
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
}

/**
 * Removes the temporary files that writes to `paths` left beside them when their process was
 * killed (a write that fails removes its own). Only for files that no other process is writing:
 * a live writer's temporary file looks the same. Other files in those folders are left alone.
 */
export async function removeLeftoverTemporaries(paths: Iterable<string>): Promise<void> {
  const namesByFolder = new Map<string, Set<string>>()
  for (const path of paths) {
    const names = namesByFolder.get(dirname(path)) ?? new Set<string>()
    namesByFolder.set(dirname(path), names.add(basename(path)))
  }
  for (const [folder, names] of namesByFolder) {
    for (const entry of await readdir(folder).catch(() => [])) {
      const target = TEMPORARY.exec(entry)?.[1]
      if (target !== undefined && names.has(target)) await rm(join(folder, entry), { force: true })
    }
  }
}
