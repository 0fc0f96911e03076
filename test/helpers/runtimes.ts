/**
 * The Bun and Deno entries as child processes over the built test site, each started as its npm
 * script starts it (the command is read from package.json, the runtime from node_modules/.bin),
 * on a port the system picks, with nothing fetched from the network.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type BuiltSite, REPO } from './built-site.ts'
import { PATIENCE_MS } from './node-server.ts'
import type { RunningWorker } from './workerd.ts'

/** The npm script that serves the built site with each runtime (`start:…` builds, then runs it). */
const SCRIPTS = { bun: 'serve:bun', deno: 'serve:deno' } as const

export type Runtime = keyof typeof SCRIPTS

/** The script's command as arguments; fails on one that is not a plain run of the runtime. */
export function runtimeCommand(runtime: Runtime): string[] {
  const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const script = scripts[SCRIPTS[runtime]] ?? ''
  const words = script.split(' ')
  if (words[0] !== runtime || /[&|;$<>]/.test(script))
    throw new Error(`package.json: "${SCRIPTS[runtime]}" is "${script}"; the tests expect one plain "${runtime} …" command`)
  return [join(REPO, 'node_modules', '.bin', runtime), ...words.slice(1)]
}

/**
 * The entry over `built`'s index and export. Resolves once it says it listens; stop ends it,
 * forcibly after two seconds.
 */
export async function startRuntime(runtime: Runtime, built: BuiltSite): Promise<RunningWorker> {
  const [command, ...args] = runtimeCommand(runtime)
  const child = spawn(command!, args, {
    cwd: REPO,
    env: { ...process.env, PORT: '0', BYLINES_PREPARED: built.preparedFile, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000)
    await exited
    clearTimeout(timer)
  }
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${runtime}: no "listening on" line in ${PATIENCE_MS} ms:\n${output}`)), PATIENCE_MS)
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const listening = /listening on http:\/\/localhost:(\d+)\//.exec(output)
      if (listening) {
        clearTimeout(timer)
        resolve(Number(listening[1]))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => reject(new Error(`${runtime} exited ${code} before it listened:\n${output}`)))
  }).catch(async (error: unknown) => {
    await stop()
    throw error
  })
  return { url: new URL(`http://127.0.0.1:${port}/`), stop }
}
