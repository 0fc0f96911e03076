/**
 * Preloaded (`node --import`) into a `bylines build` that a test means to kill: the process
 * sends itself SIGKILL, as the OOM killer or a cancelled CI job would, at the file-system step
 * KILL_BUILD_AT names, so a test stops a build at the same point on every run. Nothing in src/
 * knows about it: it wraps the node:fs calls every file the build writes goes through
 * (src/files/atomic-write.ts writes a temporary file, then renames it into place): the callback
 * API, and the synchronous one the export's threads write their files with.
 *
 * KILL_BUILD_AT="<step> <n> <pattern>": at the nth call of <step> on a path that the regular
 * expression <pattern> matches, where <step> is
 *   before-write  before a temporary file is written (nothing of it is on disk yet)
 *   after-write   once a temporary file is written, before it is renamed into place (it is left behind)
 *   after-rename  once a file is renamed into place
 * With KILL_BUILD_IN_WORKER=1, only calls made in a worker thread count: the export's second
 * thread, which loads this module too (a worker inherits the process's --import).
 */
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { isMainThread } from 'node:worker_threads'

const spec = process.env.KILL_BUILD_AT
if (spec && !(process.env.KILL_BUILD_IN_WORKER === '1' && isMainThread)) {
  const [, step, nth, pattern] = /^(before-write|after-write|after-rename) (\d+) (.+)$/.exec(spec) ?? []
  if (!step) throw new Error(`KILL_BUILD_AT="${spec}": expected "<step> <n> <pattern>"`)
  const matches = new RegExp(pattern)
  let seen = 0
  const isTheOne = (path) => matches.test(String(path)) && ++seen === Number(nth)
  const die = () => process.kill(process.pid, 'SIGKILL')
  const { writeFile, rename, openSync, renameSync } = fs

  if (step === 'before-write') {
    fs.writeFile = (path, ...rest) => {
      if (isTheOne(path)) die()
      return writeFile(path, ...rest)
    }
    // writeFileAtomicSync opens its temporary file for writing, then writes it.
    fs.openSync = (path, flags, ...rest) => {
      if (flags === 'w' && isTheOne(path)) die()
      return openSync(path, flags, ...rest)
    }
  } else if (step === 'after-write') {
    fs.writeFile = (path, ...rest) => {
      const done = rest.pop()
      const kill = isTheOne(path)
      return writeFile(path, ...rest, (error) => (kill ? die() : done(error)))
    }
    // The temporary file is written and closed when writeFileAtomicSync renames it.
    fs.renameSync = (from, to) => {
      if (isTheOne(from)) die()
      return renameSync(from, to)
    }
  } else {
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
