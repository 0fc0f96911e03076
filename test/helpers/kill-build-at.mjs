/**
 * Preloaded (`node --import`) into a `bylines build` that a test means to kill: the process
 * sends itself SIGKILL, as the OOM killer or a cancelled CI job would, at the file-system step
 * KILL_BUILD_AT names, so a test stops a build at the same point on every run. Nothing in src/
 * knows about it: it wraps the node:fs calls every file the build writes goes through
 * (src/files/atomic-write.ts writes a temporary file, then renames it into place, or creates a
 * new export file in place): the callback API, and the synchronous one the export's threads
 * write their files with.
 *
 * KILL_BUILD_AT="<step> <n> <pattern>": at the nth call of <step> on a path that the regular
 * expression <pattern> matches, where <step> is
 *   before-write  before a file is written: a temporary one, or a new one in place (nothing of it is on disk yet)
 *   after-write   once a temporary file is written, before it is renamed into place (it is left behind)
 *   mid-write     once half of the first bytes of a new file created in place are written (it is left half-written)
 *   in-place      once a file is in its place: renamed there, or created there, written and closed
 * With KILL_BUILD_IN_WORKER=1, only calls made in a worker thread count: the export's second
 * thread, which loads this module too (a worker inherits the process's --import).
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { isMainThread } from 'node:worker_threads'

const spec = process.env.KILL_BUILD_AT
if (spec && !(process.env.KILL_BUILD_IN_WORKER === '1' && isMainThread)) {
  const [, step, nth, pattern] = /^(before-write|after-write|mid-write|in-place) (\d+) (.+)$/.exec(spec) ?? []
  if (!step) throw new Error(`KILL_BUILD_AT="${spec}": expected "<step> <n> <pattern>"`)
  const matches = new RegExp(pattern)
  let seen = 0
  const isTheOne = (path) => matches.test(String(path)) && ++seen === Number(nth)
  const die = () => process.kill(process.pid, 'SIGKILL')
  const { writeFile, rename, openSync, renameSync, closeSync, writevSync } = fs
  /** The files the export created in place (flags 'wx'), by descriptor, while they are open. */
  const created = new Map()
  const trackCreated = () => {
    fs.openSync = (path, flags, ...rest) => {
      const fd = openSync(path, flags, ...rest)
      if (flags === 'wx') created.set(fd, String(path))
      return fd
    }
  }

  if (step === 'before-write') {
    fs.writeFile = (path, ...rest) => {
      if (isTheOne(path)) die()
      return writeFile(path, ...rest)
    }
    // writeExportFileSync opens its temporary file ('w') or its new file ('wx') for writing, then writes it.
    fs.openSync = (path, flags, ...rest) => {
      if ((flags === 'w' || flags === 'wx') && isTheOne(path)) die()
      return openSync(path, flags, ...rest)
    }
  } else if (step === 'after-write') {
    fs.writeFile = (path, ...rest) => {
      const done = rest.pop()
      const kill = isTheOne(path)
      return writeFile(path, ...rest, (error) => (kill ? die() : done(error)))
    }
    // The temporary file is written and closed when writeExportFileSync renames it.
    fs.renameSync = (from, to) => {
      if (isTheOne(from)) die()
      return renameSync(from, to)
    }
  } else if (step === 'mid-write') {
    trackCreated()
    fs.writevSync = (fd, buffers, ...rest) => {
      const path = created.get(fd)
      if (path !== undefined && buffers.length > 0 && isTheOne(path)) {
        const first = buffers[0]
        writevSync(fd, [first.subarray(0, Math.floor(first.byteLength / 2))])
        die()
      }
      return writevSync(fd, buffers, ...rest)
    }
  } else {
    trackCreated()
    fs.closeSync = (fd) => {
      const path = created.get(fd)
      created.delete(fd)
      closeSync(fd)
      if (path !== undefined && isTheOne(path)) die()
    }
    fs.rename = (from, to, done) => {
      const kill = isTheOne(to)
      return rename(from, to, (error) => (kill ? die() : done(error)))
    }
    fs.renameSync = (from, to) => {
      renameSync(from, to)
      if (isTheOne(to)) die()
    }
  }
  // So that `import { writeFile } from 'node:fs'` in the modules loaded next sees the wrapper.
  syncBuiltinESMExports()
}
