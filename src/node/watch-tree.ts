/**
 * Watches a folder and its subfolders with one non-recursive watcher per folder. Node 20's
 * recursive watch on Linux walks and watches every file first, which on a 10,000-article archive
 * blocks the process for a sizeable fraction of a second; folders are few.
 */
import { lstatSync, readdirSync, watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import { toPosixPath } from './read-articles.ts'
import { isPathError } from './regular-file.ts'


/**
 * Calls `onChange` with the changed path relative to `root` (forward slashes), or undefined
 * when it cannot tell which, e.g. when a folder appears or a watcher fails. `onError` is told
 * when changes may go unseen: the folder's own watch fails, or one cannot be set up (the
 * system's limit of watches reached).
 */
export function watchTree(root: string, onChange: (file: string | undefined) => void, onError: (error: Error) => void): { close(): void } {
  const watchers = new Map<string, FSWatcher>()

  const add = (relative: string) => {
    if (watchers.has(relative)) return
    let watcher: FSWatcher
    try {
      watcher = watch(join(root, relative), (_event, name) => {
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
      // A folder the listing cannot enter either is the listing's to report, not a failure of the watch.
      if (relative === '' || !isPathError(code)) onError(new Error(`${relative || '.'}: ${code ?? (error as Error).message}`))
      return
    }
    watcher.on('error', (error) => {
      // A watched folder that is removed ends its watcher; the parent reports the removal.
      watcher.close()
      watchers.delete(relative)
      if (relative === '') onError(error)
      onChange(undefined)
    })
    watchers.set(relative, watcher)
  }

  /** Stops watching a folder and everything below it; true when there was something to stop. */
  const removeTree = (relative: string): boolean => {
    let removed = false
    for (const [path, watcher] of watchers) {
      if (path === relative || path.startsWith(`${relative}/`)) {
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

  addTree('')
  return {
    close() {
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
