/**
 * The real Node entry (`node --import tsx src/server/server.ts`) as a child process, for
 * end-to-end tests over HTTP on 127.0.0.1: a free port, a fresh articles folder, its stdout
 * collected line by line, bounded waits, and a stop that always ends the child.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { get, type IncomingHttpHeaders } from 'node:http'
import { createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const REPO = join(import.meta.dirname, '..', '..')

/**
 * How long a test waits for what must happen (a line, a reload, an answer): long, since a wait
 * only tells a hang from a slow run on a shared two-core machine. What a test asserts about time
 * it asserts itself, with margin; target times are the benchmarks' to check.
 */
export const PATIENCE_MS = 20_000

/** A port that was free a moment ago: listen on 0, read the port, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => (port ? resolve(port) : reject(new Error('no port from the probe'))))
    })
  })
}

/** A fresh articles folder with the given files (relative path → source). */
export function makeArticlesDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-node-'))
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), source)
  }
  return dir
}

export interface RunningServer {
  port: number
  /** `http://127.0.0.1:{port}/`, also the SITE_URL. */
  url: string
  dir: string
  child: ChildProcess
  /** True while the child has not exited. */
  running(): boolean
  /** Every stdout line so far. */
  lines(): string[]
  stderr(): string
  /**
   * The first stdout line matching `pattern` at or after line index `from`; waits up to
   * `timeoutMs`, then fails naming the pattern and showing the recent output.
   */
  waitForLine(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>
  writeArticle(name: string, source: string): void
  /** SIGTERM, then SIGKILL after 2 s; says whether the SIGKILL was needed. */
  stop(): Promise<{ forced: boolean }>
}

/** The process's environment without any bylines setting the developer may have exported. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SITE_|WEBSUB_|FEDIVERSE_|BYLINES_FEDIVERSE_|ITEMS_PER_FEED$|ARTICLES_DIR$|PORT$|CACHE_)/.test(key)) continue
    env[key] = value
  }
  return env
}

export interface ServerOptions {
  /** An articles folder made already (see makeArticlesDir); a fresh one by default. */
  dir?: string
  files?: Record<string, string>
  env?: Record<string, string>
  /** A port of its own (a restart that must keep its site URL); a free one by default. */
  port?: number
  startTimeoutMs?: number
  /**
   * Runs the server bound by file permissions even as root (without the capabilities that let
   * root read anything), so that a folder it may not read is one: see `canDropRootOverride`.
   */
  boundByPermissions?: boolean
}

/** As root, `setpriv` (util-linux) drops the capabilities that bypass file permissions. */
const DROP_ROOT_OVERRIDE = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--']

/** Whether this process can run a server bound by file permissions: not root, or root with setpriv. */
export function canDropRootOverride(): boolean {
  if (process.getuid?.() !== 0) return true
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Spawns the server and waits (bounded) for its "listening on" line; the child is stopped if it never comes. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const server = await spawnServer(options)
  try {
    await server.waitForLine(/listening on/, { timeoutMs: options.startTimeoutMs ?? 60_000 })
  } catch (error) {
    await server.stop()
    throw error
  }
  return server
}

/** Spawns the server without waiting for it to listen, for tests of what happens while it starts. */
export async function spawnServer(options: ServerOptions = {}): Promise<RunningServer> {
  const dir = options.dir ?? makeArticlesDir(options.files)
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}/`
  const command = [process.execPath, '--import', 'tsx', 'src/server/server.ts']
  if (options.boundByPermissions && process.getuid?.() === 0) command.unshift(...DROP_ROOT_OVERRIDE)
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO,
    // Each server its own Fediverse store: followers and what was told are a site's own.
    env: { ...baseEnv(), PORT: String(port), ARTICLES_DIR: dir, SITE_URL: url, FEDIVERSE_DATA_DIR: `${dir}-fediverse`, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let partial = ''
  let stderr = ''
  const waiters = new Set<() => void>()
  const notify = () => waiters.forEach((w) => w())
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n')
    partial = parts.pop()!
    lines.push(...parts)
    notify()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  // If the test process itself goes away, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      process.off('exit', killOnExit)
      notify()
      resolve()
    }),
  )

  const waitForLine: RunningServer['waitForLine'] = (pattern, { from = 0, timeoutMs = PATIENCE_MS } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        for (let i = from; i < lines.length; i++) {
          if (pattern.test(lines[i]!)) return done(() => resolve(lines[i]!))
        }
        if (exited) {
          done(() => reject(new Error(`server exited (${exited!.code ?? exited!.signal}) before a line matching ${pattern}\n${tail()}`)))
        }
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`no stdout line matching ${pattern} within ${timeoutMs}ms\n${tail()}`))),
        timeoutMs,
      )
      const done = (settle: () => void) => {
        clearTimeout(timer)
        waiters.delete(check)
        settle()
      }
      waiters.add(check)
      check()
    })

  const tail = () => `--- stdout (last 30 lines) ---\n${lines.slice(-30).join('\n')}\n--- stderr ---\n${stderr.slice(-3000)}`

  const stop = async () => {
    let forced = false
    if (!exited) {
      child.kill('SIGTERM')
      // Long enough for a stop on a machine busy with other tests (a server blocked on a FIFO
      // never stops); short enough that a test of it does not wait for its time limit.
      const stopped = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)])
      if (!stopped) {
        forced = true
        child.kill('SIGKILL')
        await Promise.race([exit, sleep(2000)])
      }
    }
    rmSync(dir, { recursive: true, force: true })
    return { forced }
  }

  const server: RunningServer = {
    port,
    url,
    dir,
    child,
    running: () => !exited,
    lines: () => lines,
    stderr: () => stderr,
    waitForLine,
    writeArticle: (name, source) => {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), source)
    },
    stop,
  }
  return server
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * Calls `probe` every `intervalMs` until it returns something other than undefined, for at most
 * `timeoutMs`; then fails with `message` and the last value seen (or error thrown).
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  { timeoutMs = PATIENCE_MS, intervalMs = 25, message }: { timeoutMs?: number; intervalMs?: number; message: string },
): Promise<{ value: T; elapsedMs: number }> {
  const started = performance.now()
  const deadline = started + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return { value, elapsedMs: performance.now() - started }
    } catch (error) {
      last = error
    }
    if (performance.now() >= deadline) {
      throw new Error(`${message} (not within ${timeoutMs}ms)${last ? `; last error: ${String(last)}` : ''}`)
    }
    await sleep(intervalMs)
  }
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** A request with node:http, which leaves the body as sent (no decompression); bounded by a timeout. */
export function rawRequest(
  url: string,
  { method = 'GET', headers = {}, timeoutMs = PATIENCE_MS }: { method?: string; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = get(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${url}: no answer within ${timeoutMs}ms`)))
    req.on('error', reject)
  })
}

/** fetch with a deadline, so that a hung server fails the test instead of the run. */
export function fetchWithin(url: string, init: RequestInit = {}, timeoutMs = PATIENCE_MS): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
}

/**
 * Whether reading a file updates its access time here (relatime does when atime is older than
 * mtime; noatime never does): tests use it to see when the server has read a file.
 */
export function atimeTracksReads(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-atime-'))
  try {
    const file = join(dir, 'probe.txt')
    writeFileSync(file, 'probe')
    markUnread(file)
    const before = statSync(file).atimeMs
    readFileSync(file)
    return statSync(file).atimeMs > before
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Sets a file's access time an hour before its modification time, so its next read shows. */
export function markUnread(file: string): number {
  const { mtime } = statSync(file)
  const atime = new Date(mtime.getTime() - 3_600_000)
  utimesSync(file, atime, mtime)
  return statSync(file).atimeMs
}
