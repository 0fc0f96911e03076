/**
 * Watches a folder and its subfolders with one non-recursive watcher per folder. Node 20's
 * recursive watch on Linux walks and watches every file first, which on a 10,000-article archive
 * blocks the process for a sizeable fraction of a second; folders are few.
 *
 * A watch follows a folder, not its path: once the folder is replaced in one step (`mv articles
 * articles.old && mv articles.new articles`, or a link to it pointed elsewhere) it would report
 * the old folder's changes and none of the new one's. So the root's identity (device and inode)
 * is checked on each of its events and every second, and a new folder at the path is watched
 * anew; one that is gone is watched again when it comes back.
 */
import { type FSWatcher, lstatSync, readdirSync, statSync, watch } from 'node:fs'
import { join } from 'node:path'
import { isPathError } from '../files/regular-file.ts'
import { toPosixPath } from './read-articles.ts'

/** How often the root's identity is checked without an event: a link swapped in its parent gives none. */
const ROOT_CHECK_MS = 1000

/**
 * Calls `onChange` with the changed path relative to `root` (forward slashes), or undefined
 * when it cannot tell which, e.g. when a folder appears, a watcher fails or the root is
 * replaced, removed or made again. `onError` is told when changes may go unseen: a watch cannot
 * be set up (the system's limit of watches reached) or the root's fails. A root that does not
 * exist is no error: it is watched once it does, and its listing is the caller's to report.
 */
export function watchTree(root: string, onChange: (file: string | undefined) => void, onError: (error: Error) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>()
  let rootId = identityOf(root)

  /** Watches the folder now at the root's path anew if it is not the one watched; true if so. */
  const checkRoot = (): boolean => {
    const now = identityOf(root)
    if (now === rootId) return false
    rootId = now
    removeTree('')
    if (now !== undefined) addTree('')
    onChange(undefined)
    return true
  }

  const add = (relative: string) => {
    if (watchers.has(relative)) return
    let watcher: FSWatcher
    try {
      watcher = watch(join(root, relative), (_event, name) => {
        // The root itself moved or removed is reported by its own watch, as a change named after it.
        if (relative === '' && checkRoot()) return
        if (name === null) return onChange(undefined)
        const path = relative ? `${relative}/${toPosixPath(name)}` : toPosixPath(name)
        let stats
        try {
          stats = lstatSync(join(root, path), { throwIfNoEntry: false })
        } catch {
          // A path too long, a folder we may not enter: that entry is the listing's and the
          // reader's to report; the watch goes on. (A link is not followed, here as there.)
          return onChange(path)
        }
        // A folder that went away (and may come back as a new one) is no longer watched.
        if (!stats?.isDirectory() && removeTree(path)) return onChange(undefined)
        // A new folder: watch it too, and let the caller list what it already holds. Not a
        // hidden one (.git, an editor's .trash): the listing passes over them, so they hold nothing.
        if (stats?.isDirectory()) {
          if (name.startsWith('.')) return
          removeTree(path)
          addTree(path)
          return onChange(undefined)
        }
        onChange(path)
      })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // The root gone meanwhile is found again by `checkRoot`.
      if (relative === '' && code === 'ENOENT') {
        rootId = undefined
        return
      }
      // A folder the listing cannot enter either is the listing's to report, not a failure of the watch.
      if (relative === '' || !isPathError(code)) onError(new Error(`${relative || '.'}: ${code ?? (error as Error).message}`))
      return
    }
    watcher.on('error', (error) => {
      // A watched folder that is removed ends its watcher; the parent reports the removal.
      watcher.close()
      watchers.delete(relative)
      // The root's watch ended by the folder going away is no failure: `checkRoot` follows it.
      if (relative === '' && checkRoot()) return
      if (relative === '') onError(error)
      onChange(undefined)
    })
    watchers.set(relative, watcher)
  }

  /** Stops watching a folder and everything below it; true when there was something to stop. */
  const removeTree = (relative: string): boolean => {
    let removed = false
    for (const [path, watcher] of watchers) {
      if (relative === '' || path === relative || path.startsWith(`${relative}/`)) {
        watcher.close()
        watchers.delete(path)
        removed = true
      }
    }
    return removed
  }

  /** A folder and those below it; a queue, not recursion, as the depth is whoever's made the folders. */
  const addTree = (top: string) => {
    const folders = [top]
    for (let relative = folders.shift(); relative !== undefined; relative = folders.shift()) {
      add(relative)
      let entries
      try {
        entries = readdirSync(join(root, relative), { withFileTypes: true })
      } catch {
        continue
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !entry.name.startsWith('.')) folders.push(relative ? `${relative}/${entry.name}` : entry.name)
      }
    }
  }

  if (rootId !== undefined) addTree('')
  const rootCheck = setInterval(checkRoot, ROOT_CHECK_MS)
  rootCheck.unref()
  return {
    close() {
      clearInterval(rootCheck)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}

/** The folder at `path` (a link followed), as device and inode; undefined when there is none. */
function identityOf(path: string): string | undefined {
  try {
    const stats = statSync(path, { bigint: true, throwIfNoEntry: false })
    return stats?.isDirectory() ? `${stats.dev}:${stats.ino}` : undefined
  } catch {
    return undefined
  }
}
