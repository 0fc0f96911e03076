/**
 * Preloaded (`node --import`) into a `bylines build` that a test means to kill: the process
 * sends itself SIGKILL, as the OOM killer or a cancelled CI job would, at the file-system step
 * KILL_BUILD_AT names, so a test stops a build at the same point on every run. Nothing in src/
 * knows about it: it wraps the callback API of node:fs, which every file the build writes goes
 * through (src/node/atomic-write.ts writes a temporary file, then renames it into place).
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
  const { writeFile, rename } = fs

  if (step === 'before-write') {
    fs.writeFile = (path, ...rest) => {
      if (isTheOne(path)) die()
      return writeFile(path, ...rest)
    }
  } else if (step === 'after-write') {
    fs.writeFile = (path, ...rest) => {
      const done = rest.pop()
      const kill = isTheOne(path)
      return writeFile(path, ...rest, (error) => (kill ? die() : done(error)))
    }
  } else {
    fs.rename = (from, to, done) => {
      const kill = isTheOne(to)
      return rename(from, to, (error) => (kill ? die() : done(error)))
    }
  }
  // So that `import { writeFile } from 'node:fs'` in the modules loaded next sees the wrapper.
  syncBuiltinESMExports()
}
