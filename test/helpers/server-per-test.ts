/**
 * What a test of a running server sets up and must take down whatever happens: the clean-ups it
 * registers (folders made, child processes, timers), run first, then the server it started,
 * stopped. For the attack suites, where each test starts a fresh server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { type RunningServer, type ServerOptions, startServer } from './node-server.ts'

export interface ServerPerTest {
  /** Run after the test, first to last, before the server stops; `unshift` one to run it first. */
  cleanups: (() => void)[]
  /** Starts the test's server, stopped after the test. */
  start(options: ServerOptions): Promise<RunningServer>
  /** A fresh folder holding `files` (name → text), removed after the test. */
  tempFolder(prefix: string, files?: Record<string, string>): string
}

/** Registers the `afterEach` that takes down what each test of the calling file set up. */
export function serverPerTest(): ServerPerTest {
  let server: RunningServer | undefined
  const cleanups: (() => void)[] = []
  afterEach(async () => {
    // First: the server's own removal of its folder cannot remove paths too long or folders locked.
    for (const cleanup of cleanups.splice(0)) cleanup()
    await server?.stop()
    server = undefined
  })
  return {
    cleanups,
    start: async (options) => (server = await startServer(options)),
    tempFolder(prefix, files = {}) {
      const dir = mkdtempSync(join(tmpdir(), prefix))
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
      return dir
    },
  }
}
