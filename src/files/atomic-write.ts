/**
 * Writing a file so that no reader ever sees half of it: the live server reading an article,
 * a static host serving the export, wrangler reloading the Worker's index. The bytes go to a
 * temporary file beside the target, which is then renamed over it (rename is atomic within a
 * folder on POSIX file systems). The one place the project writes a file that others read. The
 * first build into a folder creates its new files in place, since nothing is served from it yet
 * (writeExportFileSync).
 *
 * Not `write-file-atomic`: its current major needs Node 22, and what we need of it is these lines
 * (no fsync, no change of owner or mode).
 */
import {
  close as closeCallback,
  closeSync,
  link as linkCallback,
  open as openCallback,
  openSync,
  rename as renameCallback,
  renameSync,
  rmSync,
  unlink as unlinkCallback,
  writeFile as writeFileCallback,
  writevSync,
} from 'node:fs'
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
  const temporary = temporaryFor(path)
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
 * The export's write, synchronous, for a writer with nothing else to do meanwhile: each thread of
 * the export writes the files it makes. A file is replaced as `writeFileAtomic` replaces it,
 * whole or not at all; with `newInPlace`, a file that does not exist yet is created and written
 * where it belongs instead. The export asks for that only when nothing was ever built into the
 * folder and it is empty (export-site.ts, `newFilesInPlace`): no site is served from it yet, and a build killed
 * half-way leaves its marker, so that the next one writes every file again, by rename
 * (export/previous-build.ts). A new file then costs one entry in its folder instead of two and a
 * rename (docs/decisions.md, record 60's amendment, has what that saves).
 *
 * `parts` are written in order, as one file, without being joined first (a feed document is its
 * head, its items and its tail: bytes made once and shared by every document that lists them).
 */
export function writeExportFileSync(path: string, parts: readonly Uint8Array[], options: { newInPlace?: boolean } = {}): void {
  const created = options.newInPlace ? createIfNew(path) : undefined
  if (created !== undefined) {
    try {
      try {
        writeAllSync(created, parts)
      } finally {
        closeSync(created)
      }
    } catch (error) {
      // A disk that filled up, say: the file was not there before, and is not left half-written.
      rmSync(path, { force: true })
      throw error
    }
    return
  }
  const temporary = temporaryFor(path)
  try {
    const fd = openSync(temporary, 'w')
    try {
      writeAllSync(fd, parts)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}

/** A new file at `path`, opened for writing; undefined when one is there already. */
function createIfNew(path: string): number | undefined {
  try {
    return openSync(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return undefined
    throw error
  }
}

/** writev until every byte is written: a call may write fewer (more parts than IOV_MAX, which libuv cuts short). */
function writeAllSync(fd: number, parts: readonly Uint8Array[]): void {
  let left = parts.filter((part) => part.byteLength > 0)
  while (left.length > 0) {
    let written = writevSync(fd, left)
    let i = 0
    while (i < left.length && written >= left[i]!.byteLength) written -= left[i++]!.byteLength
    left = left.slice(i)
    if (written > 0) left[0] = left[0]!.subarray(written)
  }
}

/**
 * Hidden, and unique per process, thread and call: two writers never share a temporary file (the
 * export writes from two threads, each counting calls from 0), and the live watcher ignores
 * dotfiles.
 */
function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}-${sequence++}.tmp`)
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
