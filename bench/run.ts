/**
 * `npm run bench`: HTTP throughput of the Node service against a bare node:http baseline
 * (part A), start-up time, memory and edit latency on large archives (part B), and throughput
 * of the Node, Bun and Deno entries each against a bare server of its own runtime (part R).
 * Prints a markdown report and writes it to bench/results.md.
 *
 * Part B also times Hugo building only the 50-item home RSS of the same corpus (bench/hugo.ts),
 * in the same run, as a yardstick for start-up: the first start and the restart are reported as
 * ratios of it. Skipped with a note when `hugo` is not on PATH.
 *
 * Environment: BENCH_SECONDS (per autocannon run, default 5), BENCH_SIZES (part B corpus sizes,
 * default "1000,10000"), BENCH_PARTS (default "ABR"), BENCH_SERVER (the entry to run; default
 * build/server.mjs, the bundle `npm start` runs and `npm run bench` builds first).
 *
 * Everything runs on 127.0.0.1 and every load run is bounded in time; children and temporary
 * folders are removed on exit, including on errors and Ctrl-C.
 */

import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer } from 'node:net'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Options, Result } from 'autocannon'
import type { Coding, Manifest } from './bare-manifest.ts'
import { buildHugo, hugoVersion, NO_HUGO_NOTE, prepareHugoSite } from './hugo.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const BENCH_SECONDS = positiveNumber('BENCH_SECONDS', 5)
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map((s) => Number(s.trim()))
const PARTS = process.env.BENCH_PARTS ?? 'ABR'
const execFileAsync = promisify(execFile)
const CONNECTIONS = 10
const FEED_PATH = '/rss.xml'
const RATIO_TARGET = 0.85
const READY_TARGET_MS = 1000
const RSS_TARGET_MIB = 400
const EDIT_TARGET_MS = 300
const EDITS = 5
/** Start-up as a multiple of Hugo building only the home RSS (50 full items) of the same corpus. */
const HUGO_FIRST_START_TARGET = 1.0
const HUGO_RESTART_TARGET = 0.5
const HUGO_RUNS = 3
const HUGO = hugoVersion()

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: "${raw}" is not a positive number`)
  return value
}

// ---------------------------------------------------------------------------------------------
// Clean-up: children are killed and temporary folders removed however the run ends.

const children = new Set<ChildProcess>()
const tempDirs: string[] = []

process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true })
})
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.error(`bench: ${signal}, stopping`)
    process.exit(130)
  })
}
function makeTempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `bylines-bench-${label}-`))
  tempDirs.push(dir)
  return dir
}

// ---------------------------------------------------------------------------------------------
// Helpers: ports, children, requests.

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.on('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => (port ? done(port) : fail(new Error('no free port'))))
    })
  })
}

interface LineWatch {
  pattern: RegExp
  callback: (line: string, at: number) => void
}

interface Child {
  name: string
  proc: ChildProcess
  pid: number
  spawnedAt: number
  /** Calls back for each stdout line matching `pattern` until the returned function is called. */
  watchLines(pattern: RegExp, callback: (line: string, at: number) => void): () => void
  /** The first stdout line matching `pattern`, with its arrival time (performance.now()). */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<{ line: string; at: number }>
  stderr(): string
  stop(): Promise<void>
}

/** Spawns node directly (not via a shell or npm), so that `pid` is the node process itself. */
function startNode(name: string, args: string[], env: Record<string, string>): Child {
  return startChild(name, process.execPath, args, env)
}

/** Spawns `command` directly (not via a shell or npm), so that `pid` is the server's own process. */
function startChild(name: string, command: string, args: string[], env: Record<string, string>): Child {
  const spawnedAt = performance.now()
  const proc = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(proc)
  if (proc.pid === undefined) throw new Error(`${name}: could not spawn ${command}`)
  const pid = proc.pid

  // stdout is always consumed, so the pipe never fills. Lines are split only while someone watches;
  // otherwise chunks are dropped untouched (the service logs one line per request under load).
  const watches = new Set<LineWatch>()
  let partial: string | undefined = ''
  proc.stdout!.on('data', (chunk: Buffer) => {
    if (watches.size === 0) {
      partial = undefined
      return
    }
    const at = performance.now()
    let text = chunk.toString('utf8')
    if (partial === undefined) {
      // We dropped the start of this line earlier: skip to the next line.
      const newline = text.indexOf('\n')
      if (newline === -1) return
      text = text.slice(newline + 1)
      partial = ''
    }
    const lines = (partial + text).split('\n')
    partial = lines.pop() ?? ''
    if (partial.length > 65536) partial = undefined
    for (const line of lines) for (const watch of watches) if (watch.pattern.test(line)) watch.callback(line, at)
  })

  let stderrText = ''
  proc.stderr!.on('data', (chunk: Buffer) => {
    if (stderrText.length < 65536) stderrText += chunk.toString('utf8')
  })

  let exitInfo: string | undefined
  const exited = new Promise<void>((done) => {
    proc.on('exit', (code, signal) => {
      exitInfo = signal ? `signal ${signal}` : `code ${code}`
      children.delete(proc)
      done()
    })
  })

  const watchLines = (pattern: RegExp, callback: (line: string, at: number) => void) => {
    const watch = { pattern, callback }
    watches.add(watch)
    return () => void watches.delete(watch)
  }

  return {
    name,
    proc,
    pid,
    spawnedAt,
    watchLines,
    waitForLine(pattern, timeoutMs) {
      return new Promise((done, fail) => {
        const stopWatching = watchLines(pattern, (line, at) => {
          finish()
          done({ line, at })
        })
        const timer = setTimeout(() => {
          finish()
          fail(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms\n${stderrText}`))
        }, timeoutMs)
        const onExit = () => {
          finish()
          fail(new Error(`${name} exited (${exitInfo}) before printing a line matching ${pattern}\n${stderrText}`))
        }
        proc.once('exit', onExit)
        function finish() {
          stopWatching()
          clearTimeout(timer)
          proc.off('exit', onExit)
        }
      })
    },
    stderr: () => stderrText,
    async stop() {
      if (exitInfo !== undefined) return
      proc.kill('SIGTERM')
      const killed = await Promise.race([exited.then(() => false), sleep(3000).then(() => true)])
      if (killed) {
        proc.kill('SIGKILL')
        await exited
      }
    },
  }
}

/**
 * The Node options `npm start` gives the service (package.json, the one place they are set). The
 * bare server is given them too: the two then differ in their code alone. With them for bylines
 * and not for bare, 304s measured 1.19× bare; with them for both, 1.00×.
 */
const START_OPTIONS = startOptions()
/** How the service is started: as `npm start` does, from the bundle, unless BENCH_SERVER names another entry. */
const SERVER_ENTRY = process.env.BENCH_SERVER ?? 'build/server.mjs'
const SERVER_ARGS = SERVER_ENTRY.endsWith('.ts') ? [...START_OPTIONS, '--import', 'tsx', SERVER_ENTRY] : [...START_OPTIONS, SERVER_ENTRY]

function startOptions(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? ''
  const options = /\bnode((?: --[^\s]+)*) build\/server\.mjs/.exec(start)?.[1]
  if (options === undefined) throw new Error(`package.json: the start script ("${start}") does not run "node [options] build/server.mjs"`)
  return options.split(' ').filter(Boolean)
}

/** The service on `articlesDir`; its parse cache goes to `cacheDir` (none when omitted). */
function startBylines(port: number, articlesDir: string, cacheDir = ''): Child {
  return startNode('bylines', SERVER_ARGS, {
    PORT: String(port),
    ARTICLES_DIR: articlesDir,
    SITE_URL: `http://127.0.0.1:${port}/`,
    BYLINES_CACHE_DIR: cacheDir,
  })
}

interface Reply {
  status: number
  /** Header pairs as sent (names lower case), without the hop-by-hop ones and Date. */
  headers: Record<string, string>
  body: Buffer
}

const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

/** One GET on a fresh connection, raw bytes (no decompression). */
function get(port: number, path: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', fail)
      res.on('end', () => {
        const out: Record<string, string> = {}
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase()
          if (PER_CONNECTION.has(name)) continue
          if (name in out) return fail(new Error(`GET ${path}: header ${name} sent twice`))
          out[name] = res.rawHeaders[i + 1]!
        }
        done({ status: res.statusCode ?? 0, headers: out, body: Buffer.concat(chunks) })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`GET ${path}: no answer within ${timeoutMs} ms`)))
    req.on('error', fail)
    req.end()
  })
}

/** GETs `path` every `intervalMs` (after each answer) until `accept` holds; connection errors are retried. */
async function pollUntil(
  port: number,
  path: string,
  intervalMs: number,
  deadlineMs: number,
  accept: (reply: Reply) => boolean,
): Promise<{ reply: Reply; at: number; polls: number }> {
  const giveUp = performance.now() + deadlineMs
  let polls = 0
  let last = 'no answer'
  while (performance.now() < giveUp) {
    polls++
    try {
      const reply = await get(port, path)
      const at = performance.now()
      if (accept(reply)) return { reply, at, polls }
      last = `status ${reply.status}`
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(intervalMs)
  }
  throw new Error(`GET ${path}: condition not met within ${deadlineMs} ms (last: ${last})`)
}

/** Same header names and values; order aside (the app's Headers sort names, the fast path does not). */
function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  const canonical = (h: Record<string, string>) => JSON.stringify(Object.entries(h).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
  return canonical(a) === canonical(b)
}

function memory(pid: number): { rssMiB: number; hwmMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`)
    return Number(match[1]) / 1024
  }
  return { rssMiB: kb('VmRSS'), hwmMiB: kb('VmHWM') }
}

function generateCorpus(n: number, dir: string): string {
  const out = execFileSync(process.execPath, [join(ROOT, 'bench/gen-corpus.mjs'), String(n), dir], { encoding: 'utf8' })
  const mib = /([\d.]+) MiB/.exec(out)
  return mib ? `${mib[1]} MiB` : '?'
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const ms = (value: number) => `${Math.round(value)} ms`
const mib = (value: number) => `${value.toFixed(0)} MiB`
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`
const int = (value: number) => Math.round(value).toLocaleString('en-US')
const verdict = (ok: boolean) => (ok ? 'PASS' : '**FAIL**')
const progress = (line: string) => console.error(`bench: ${line}`)

// ---------------------------------------------------------------------------------------------
// Part A: throughput against a bare node:http server sending the same bytes.

interface Scenario {
  name: string
  headers: Record<string, string>
  expect: 200 | 304
}

interface LoadRun {
  rps: number
  total: number
  latencyAvg: number
  latencyP99: number
}

async function load(port: number, scenario: Scenario, seconds: number, minBytes: number, label: string): Promise<LoadRun> {
  const options: Options = {
    url: `http://127.0.0.1:${port}${FEED_PATH}`,
    connections: CONNECTIONS,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    headers: scenario.headers,
  }
  // Asynchronously: the servers' logs must still be read meanwhile, or a full pipe would stall them.
  const { stdout } = await execFileAsync(process.execPath, [join(ROOT, 'bench', 'load-client.mjs'), JSON.stringify(options)], {
    maxBuffer: 64 * 1024 * 1024,
  })
  const result = JSON.parse(stdout) as Result
  const total = result.requests.total
  const codes = Object.entries(result.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(', ')
  const problems: string[] = []
  if (total === 0) problems.push('no request completed')
  if (result.errors > 0) problems.push(`${result.errors} errors (${result.timeouts} timeouts)`)
  if (result.resets > 0) problems.push(`${result.resets} resets`)
  const expected = result.statusCodeStats[String(scenario.expect)]?.count ?? 0
  if (expected !== total) problems.push(`expected all ${total} responses to be ${scenario.expect}, got ${codes || 'none'}`)
  if (scenario.expect === 200 && result.non2xx !== 0) problems.push(`${result.non2xx} non-2xx responses`)
  if (scenario.expect === 304 && result['2xx'] !== 0) problems.push(`${result['2xx']} 2xx responses`)
  // Each 200 must have carried its body: bytes received per response at least the body's size.
  if (total > 0 && result.throughput.total / total < minBytes) {
    problems.push(`only ${Math.round(result.throughput.total / total)} bytes per response, expected at least ${minBytes}`)
  }
  if (problems.length > 0) throw new Error(`${label} "${scenario.name}": ${problems.join('; ')}`)
  return { rps: total / result.duration, total, latencyAvg: result.latency.average, latencyP99: result.latency.p99 }
}

/** The codings a reader may ask for, and the Accept-Encoding that asks for each. */
const CODINGS_ASKED: { coding: Coding; accept: string | undefined }[] = [
  { coding: 'identity', accept: undefined },
  { coding: 'gzip', accept: 'gzip' },
  { coding: 'br', accept: 'br' },
]

/**
 * Warms the server on `port` (each coding is prepared on its first request) and records what it
 * sends for FEED_PATH when asked for each coding, in `bareDir`, for a bare server to repeat.
 * `sentFor` is the coding the server must answer with when asked for one.
 */
async function captureFeed(
  port: number,
  bareDir: string,
  sentFor: (asked: Coding) => Coding,
): Promise<{ manifest: Manifest; sizes: Record<Coding, number> }> {
  mkdirSync(bareDir)
  const manifest = {} as Manifest
  const sizes = {} as Record<Coding, number>
  for (const { coding, accept } of CODINGS_ASKED) {
    const headers: Record<string, string> = accept ? { 'accept-encoding': accept } : {}
    const first = await get(port, FEED_PATH, headers)
    if (first.status !== 200) throw new Error(`warm-up GET ${FEED_PATH} (${coding}): status ${first.status}`)
    const sentCoding = first.headers['content-encoding'] ?? 'identity'
    if (sentCoding !== sentFor(coding))
      throw new Error(`warm-up GET ${FEED_PATH} asked for ${coding}, expected ${sentFor(coding)}, got ${sentCoding}`)
    const etag = first.headers.etag
    if (!etag) throw new Error(`warm-up GET ${FEED_PATH} (${coding}): no ETag`)
    // The second answer is the one the fast path gives; it must be the same as the first.
    const second = await get(port, FEED_PATH, headers)
    if (second.status !== 200 || !second.body.equals(first.body) || !sameHeaders(second.headers, first.headers)) {
      throw new Error(
        `GET ${FEED_PATH} (${coding}): second answer differs from the first\n${JSON.stringify(first.headers)}\n${JSON.stringify(second.headers)}`,
      )
    }
    const notModified = await get(port, FEED_PATH, { ...headers, 'if-none-match': etag })
    if (notModified.status !== 304 || notModified.body.length !== 0) {
      throw new Error(`GET ${FEED_PATH} (${coding}) with If-None-Match: status ${notModified.status}, ${notModified.body.length} bytes`)
    }
    const bodyFile = `${coding}.body`
    writeFileSync(join(bareDir, bodyFile), first.body)
    // The second answer (the one served under load) is what the bare server repeats, header order included.
    manifest[coding] = { path: FEED_PATH, etag, headers: second.headers, notModifiedHeaders: notModified.headers, bodyFile }
    sizes[coding] = first.body.length
  }
  writeFileSync(join(bareDir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  return { manifest, sizes }
}

/** Both servers must answer each scenario identically (bar Date), or the comparison means nothing. */
async function checkSameAnswers(port: number, barePort: number, scenarios: Scenario[]) {
  for (const scenario of scenarios) {
    const [a, b] = await Promise.all([get(port, FEED_PATH, scenario.headers), get(barePort, FEED_PATH, scenario.headers)])
    const same = a.status === b.status && a.body.equals(b.body) && sameHeaders(a.headers, b.headers)
    if (!same || a.status !== scenario.expect) {
      throw new Error(
        `"${scenario.name}": bylines and bare answer differently\nbylines ${a.status} ${JSON.stringify(a.headers)}\nbare ${b.status} ${JSON.stringify(b.headers)}`,
      )
    }
  }
}

interface Pair {
  bylines: [LoadRun, LoadRun]
  bare: [LoadRun, LoadRun]
  /** Mean req/s of each server's two runs. */
  bylinesRps: number
  bareRps: number
  ratio: number
  /** How far apart the two runs of one server were: a ratio closer to 1 than this says little. */
  spread: number
}

/** Four runs in the order bylines, bare, bare, bylines, so that a drift of the machine falls on both alike. */
async function measurePair(port: number, barePort: number, scenario: Scenario, minBytes: number): Promise<Pair> {
  const b1 = await load(port, scenario, BENCH_SECONDS, minBytes, 'bylines')
  const r1 = await load(barePort, scenario, BENCH_SECONDS, minBytes, 'bare')
  const r2 = await load(barePort, scenario, BENCH_SECONDS, minBytes, 'bare')
  const b2 = await load(port, scenario, BENCH_SECONDS, minBytes, 'bylines')
  const bylinesRps = (b1.rps + b2.rps) / 2
  const bareRps = (r1.rps + r2.rps) / 2
  const spread = Math.max(Math.abs(b1.rps - b2.rps) / bylinesRps, Math.abs(r1.rps - r2.rps) / bareRps)
  return { bylines: [b1, b2], bare: [r1, r2], bylinesRps, bareRps, ratio: bylinesRps / bareRps, spread }
}

/** A report row's measured cells: req/s (each run in brackets), latencies, spread, ratio, verdict. */
function pairCells({ bylines: [b1, b2], bare: [r1, r2], bylinesRps, bareRps, ratio, spread }: Pair): string {
  return (
    `${int(bylinesRps)} (${int(b1.rps)}, ${int(b2.rps)}) | ${int(bareRps)} (${int(r1.rps)}, ${int(r2.rps)}) | ` +
    `${((b1.latencyAvg + b2.latencyAvg) / 2).toFixed(2)} / ${((r1.latencyAvg + r2.latencyAvg) / 2).toFixed(2)} | ` +
    `${Math.max(b1.latencyP99, b2.latencyP99)} / ${Math.max(r1.latencyP99, r2.latencyP99)} | ` +
    `${(spread * 100).toFixed(0)} % | **${ratio.toFixed(2)}** | ${verdict(ratio >= RATIO_TARGET)}`
  )
}

async function partA(out: string[]) {
  const tmp = makeTempDir('a')
  const articles = join(tmp, 'articles')
  const size = generateCorpus(200, articles)
  progress(`part A: 200 articles (${size}) in ${articles}`)

  const port = await freePort()
  const bylines = startBylines(port, articles)
  await bylines.waitForLine(/listening/, 30_000)

  const bareDir = join(tmp, 'bare')
  const { manifest, sizes } = await captureFeed(port, bareDir, (asked) => asked)

  const barePort = await freePort()
  const bare = startNode('bare', [...START_OPTIONS, '--import', 'tsx', 'bench/bare-server.ts'], {
    PORT: String(barePort),
    BARE_DIR: bareDir,
  })
  await bare.waitForLine(/listening/, 30_000)

  const scenarios: Scenario[] = [
    { name: '200 identity', headers: {}, expect: 200 },
    { name: '200 gzip', headers: { 'accept-encoding': 'gzip' }, expect: 200 },
    { name: '200 br', headers: { 'accept-encoding': 'br' }, expect: 200 },
    { name: '304 (If-None-Match)', headers: { 'accept-encoding': 'gzip', 'if-none-match': manifest.gzip.etag }, expect: 304 },
  ]
  const minBytes: Record<string, number> = {
    '200 identity': sizes.identity,
    '200 gzip': sizes.gzip,
    '200 br': sizes.br,
    '304 (If-None-Match)': 0,
  }
  await checkSameAnswers(port, barePort, scenarios)

  // JIT warm-up of both servers (and of the client), not reported.
  progress('part A: warm-up')
  await load(port, scenarios[0]!, 1, 0, 'warm-up bylines')
  await load(barePort, scenarios[0]!, 1, 0, 'warm-up bare')

  const rows: string[] = []
  let allPass = true
  for (const scenario of scenarios) {
    progress(`part A: ${scenario.name} (4 × ${BENCH_SECONDS} s)`)
    const pair = await measurePair(port, barePort, scenario, minBytes[scenario.name]!)
    allPass &&= pair.ratio >= RATIO_TARGET
    rows.push(`| ${scenario.name} | ${pairCells(pair)} |`)
  }

  await Promise.all([bylines.stop(), bare.stop()])

  out.push(
    '## A. HTTP throughput of `/rss.xml` against a bare `node:http` baseline',
    '',
    `Corpus: 200 generated articles; the site feed holds the newest 50 in full. Bodies: identity ${kib(sizes.identity)}, ` +
      `gzip ${kib(sizes.gzip)}, br ${kib(sizes.br)}. The bare server (bench/bare-server.ts) answers the very bytes and headers ` +
      'bylines sent (checked before the runs), choosing the coding by a substring test of Accept-Encoding and answering 304 ' +
      "when If-None-Match is that coding's ETag; it does not log. bylines logs one line per request to its stdout (a pipe, " +
      'read and discarded). Both run with the Node options `npm start` gives the service (' +
      `\`${START_OPTIONS.join(' ') || 'none'}\`), so that they differ in their code alone.`,
    '',
    `autocannon: ${CONNECTIONS} connections, pipelining 1, ${BENCH_SECONDS} s per run, four runs per scenario in the order ` +
      'bylines, bare, bare, bylines; req/s is the mean of the two runs (each run in brackets). The 304 scenario sends ' +
      '`accept-encoding: gzip` and the gzip ETag. Every response was checked to have the expected status.',
    '',
    `| scenario | bylines req/s | bare req/s | mean latency ms, bylines / bare | p99 ms, bylines / bare | run-to-run spread | bylines / bare | target ≥ ${RATIO_TARGET} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Run-to-run spread: the larger, over the two servers, of |run 1 − run 2| / mean. A ratio whose distance from 1 is ' +
      'within the spread is not distinguishable from noise on this machine.',
    '',
  )
  const stderr = bylines.stderr().trim()
  if (stderr) out.push('bylines wrote to stderr:', '', '```', stderr.slice(0, 4000), '```', '')
  return allPass
}

// ---------------------------------------------------------------------------------------------
// Part R: bylines on Node, Bun and Deno, each against a bare server of its own runtime.

const RUNTIMES = ['node', 'bun', 'deno'] as const
type Runtime = (typeof RUNTIMES)[number]
const RUNTIME_NAMES: Record<Runtime, string> = { node: 'Node', bun: 'Bun', deno: 'Deno' }
/** Only the Node server compresses; the Bun and Deno entries leave it to a proxy (docs/operations.md, "Bun and Deno"). */
const COMPRESSES: Record<Runtime, boolean> = { node: true, bun: false, deno: false }
/** The npm scripts that serve the prepared build; package.json is the one place their commands are. */
const SERVE_SCRIPTS = { bun: 'serve:bun', deno: 'serve:deno' } as const
const BARE_ENTRIES = { bun: 'bench/bare-bun.ts', deno: 'bench/bare-deno.ts' } as const
/** Part R's scenarios per runtime (200 identity, 200 gzip where it compresses, 304) × 4 runs. */
const PART_R_RUNS = RUNTIMES.reduce((runs, runtime) => runs + (COMPRESSES[runtime] ? 3 : 2) * 4, 0)

/**
 * `serve:bun` / `serve:deno` as arguments, with the runtime from node_modules/.bin (a
 * devDependency, as the tests run it): the runtime, its options, then the entry.
 */
function serveCommand(runtime: 'bun' | 'deno'): { command: string; options: string[]; entry: string } {
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
  const script = scripts[SERVE_SCRIPTS[runtime]] ?? ''
  const words = script.split(' ').filter(Boolean)
  if (words[0] !== runtime || words.length < 2 || /[&|;$<>]/.test(script)) {
    throw new Error(
      `package.json: "${SERVE_SCRIPTS[runtime]}" is "${script}"; the benchmark expects one plain "${runtime} [options] ENTRY" command`,
    )
  }
  const command = join(ROOT, 'node_modules', '.bin', runtime)
  if (!existsSync(command))
    throw new Error(`node_modules/.bin/${runtime} is missing: ${runtime} is a devDependency; run npm install, then the benchmark again`)
  return { command, options: words.slice(1, -1), entry: words.at(-1)! }
}

function runtimeVersion(runtime: Runtime): string {
  if (runtime === 'node') return process.version
  const { command } = serveCommand(runtime)
  // `bun --version` prints "1.4.5"; `deno --version`, "deno 2.9.6 (stable, …)" then its V8 and TypeScript.
  const first = execFileSync(command, ['--version'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
    .trim()
    .split(/\s+/)
  return (runtime === 'deno' ? first[1] : first[0]) ?? 'unknown'
}

/** The static export and its index, as `npm run build:static` writes them, into `dir`. */
function buildSite(articles: string, siteUrl: string, dir: string): string {
  const preparedFile = join(dir, 'prepared-site.json')
  const env = { ...process.env, ARTICLES_DIR: articles, SITE_URL: siteUrl, BYLINES_CACHE_DIR: join(dir, 'cache') }
  try {
    execFileSync(process.execPath, [join(ROOT, 'build/bylines.mjs'), 'build', '--out', join(dir, 'dist'), '--prepared', preparedFile], {
      cwd: ROOT,
      env,
      stdio: 'pipe',
    })
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString('utf8') ?? ''
    throw new Error(`bylines build of the part R corpus failed:\n${stderr || (error as Error).message}`)
  }
  return preparedFile
}

/** bylines as each runtime runs it: Node as `npm start`, Bun and Deno as their `serve:` scripts over the build. */
function startRuntimeBylines(runtime: Runtime, port: number, articles: string, preparedFile: string): Child {
  if (runtime === 'node') return startBylines(port, articles)
  const { command, options, entry } = serveCommand(runtime)
  return startChild(`bylines on ${RUNTIME_NAMES[runtime]}`, command, [...options, entry], {
    PORT: String(port),
    BYLINES_PREPARED: preparedFile,
    NO_COLOR: '1',
  })
}

/** The bare server of the same runtime, started with the same options as bylines on it. */
function startRuntimeBare(runtime: Runtime, port: number, bareDir: string): Child {
  const env = { PORT: String(port), BARE_DIR: bareDir, NO_COLOR: '1' }
  if (runtime === 'node') return startNode('bare on Node', [...START_OPTIONS, '--import', 'tsx', 'bench/bare-server.ts'], env)
  const { command, options } = serveCommand(runtime)
  return startChild(`bare on ${RUNTIME_NAMES[runtime]}`, command, [...options, BARE_ENTRIES[runtime]], env)
}

async function partR(out: string[]) {
  const tmp = makeTempDir('r')
  const articles = join(tmp, 'articles')
  const size = generateCorpus(200, articles)
  // One site URL for the three, so that they send the same feed: the Node server's own address.
  const nodePort = await freePort()
  const siteUrl = `http://127.0.0.1:${nodePort}/`
  progress(`part R: 200 articles (${size}), built for Bun and Deno`)
  const preparedFile = buildSite(articles, siteUrl, tmp)

  const rows: string[] = []
  const versions: string[] = []
  const identityBodies: Buffer[] = []
  const sizes: string[] = []
  const stderrs: string[] = []
  let allPass = true
  for (const runtime of RUNTIMES) {
    const name = RUNTIME_NAMES[runtime]
    versions.push(`${name} ${runtimeVersion(runtime)}`)
    const port = runtime === 'node' ? nodePort : await freePort()
    const bylines = startRuntimeBylines(runtime, port, articles, preparedFile)
    let bare: Child | undefined
    try {
      await bylines.waitForLine(/listening/, 30_000)
      const bareDir = join(tmp, `bare-${runtime}`)
      const compresses = COMPRESSES[runtime]
      const captured = await captureFeed(port, bareDir, (asked) => (compresses ? asked : 'identity'))
      identityBodies.push(readFileSync(join(bareDir, captured.manifest.identity.bodyFile)))
      sizes.push(`${name} identity ${kib(captured.sizes.identity)}${compresses ? `, gzip ${kib(captured.sizes.gzip)}` : ''}`)

      const barePort = await freePort()
      bare = startRuntimeBare(runtime, barePort, bareDir)
      await bare.waitForLine(/listening/, 30_000)

      const scenarios: Scenario[] = [{ name: '200 identity', headers: {}, expect: 200 }]
      if (compresses) scenarios.push({ name: '200 gzip', headers: { 'accept-encoding': 'gzip' }, expect: 200 })
      // What a reader sends: it asks for gzip, and gives back the ETag it was sent for that.
      scenarios.push({
        name: '304 (If-None-Match)',
        headers: { 'accept-encoding': 'gzip', 'if-none-match': captured.manifest.gzip.etag },
        expect: 304,
      })
      const minBytes = (scenario: Scenario) =>
        scenario.expect === 304 ? 0 : captured.sizes[scenario.headers['accept-encoding'] === 'gzip' ? 'gzip' : 'identity']
      await checkSameAnswers(port, barePort, scenarios)

      progress(`part R: ${name}, warm-up`)
      await load(port, scenarios[0]!, 1, 0, `warm-up bylines on ${name}`)
      await load(barePort, scenarios[0]!, 1, 0, `warm-up bare on ${name}`)
      for (const scenario of scenarios) {
        progress(`part R: ${name}, ${scenario.name} (4 × ${BENCH_SECONDS} s)`)
        const pair = await measurePair(port, barePort, scenario, minBytes(scenario))
        allPass &&= pair.ratio >= RATIO_TARGET
        rows.push(`| ${name} | ${scenario.name} | ${pairCells(pair)} |`)
      }
    } finally {
      await Promise.all([bylines.stop(), bare?.stop()])
    }
    const stderr = bylines.stderr().trim()
    if (stderr) stderrs.push(`bylines on ${name} wrote to stderr:`, '', '```', stderr.slice(0, 4000), '```', '')
  }
  const sameBytes = identityBodies.every((body) => body.equals(identityBodies[0]!))
  const { options: denoOptions } = serveCommand('deno')

  out.push(
    '## R. HTTP throughput of `/rss.xml` on Node, Bun and Deno, each against a bare server of its own runtime',
    '',
    `Runtimes: ${versions.join(', ')} (Bun and Deno from node_modules/.bin, devDependencies). Corpus: 200 generated articles, ` +
      'built once with `bylines build` into a temporary folder; the site feed holds the newest 50 in full. Node serves the ' +
      `articles as \`npm start\` does (\`node ${SERVER_ARGS.join(' ')}\`); Bun and Deno serve the build as \`npm run serve:bun\` ` +
      'and `serve:deno` do (their commands read from package.json), with the same site URL. ' +
      `Bodies: ${sizes.join('; ')}; the identity body is ${sameBytes ? 'the same bytes on the three' : '**not** the same bytes on the three'}.`,
    '',
    'Each bare server answers the very bytes and headers that bylines on its runtime sent (checked before the runs), with ' +
      'the choice of bench/bare-manifest.ts (coding by a substring test of Accept-Encoding, 304 when If-None-Match is that ' +
      "variant's ETag), from memory, without logging: bench/bare-server.ts (`node:http`, with the Node options above), " +
      `bench/bare-bun.ts (\`Bun.serve\`), bench/bare-deno.ts (\`Deno.serve\`, \`deno ${denoOptions.join(' ')}\`). bylines on ` +
      'each logs one line per request to its stdout (a pipe, read and discarded); on Bun and Deno it reads the feed from `dist/` ' +
      "on each request, as it reads the Worker's asset store.",
    '',
    '**Compression**: the Bun and Deno entries do not compress (they send identity whatever Accept-Encoding asks; checked ' +
      "above), so their 200 is measured uncompressed; Node's identity 200 is the row to set beside them, and Node's gzip 200 " +
      'is what it sends a reader that asks for gzip. The 304 scenario sends `accept-encoding: gzip` and the ETag the runtime ' +
      'sent for it (the gzip one on Node, the identity one on Bun and Deno).',
    '',
    `autocannon as in part A: ${CONNECTIONS} connections, pipelining 1, ${BENCH_SECONDS} s per run, four runs per scenario in ` +
      'the order bylines, bare, bare, bylines, after a 1 s warm-up of each; the runtimes one after the other, each pair ' +
      'stopped before the next starts. The ratio compares bylines with its own runtime; bare req/s across rows compares the runtimes.',
    '',
    `| runtime | scenario | bylines req/s | bare req/s | mean latency ms, bylines / bare | p99 ms, bylines / bare | run-to-run spread | bylines / bare | target ≥ ${RATIO_TARGET} |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    'Run-to-run spread as in part A: a ratio whose distance from 1 is within it is not distinguishable from noise.',
    '',
    ...stderrs,
  )
  return allPass
}

// ---------------------------------------------------------------------------------------------
// Part B: large archives.

interface ArchiveResult {
  n: number
  size: string
  contentLine: number
  loadMs: number | undefined
  listening: number
  ready: number
  readyPolls: number
  firstJson: number
  rssAfterFirst: number
  rssAfterAll: number
  hwm: number
  renders: { path: string; ms: number }[]
  edits: number[]
  reloads: number[]
  editFile: string
  /** A second start on the same folder, with the parse cache the first one saved. */
  restart: { ready: number; loadMs: number | undefined; rss: number }
  /** Hugo building only the home RSS of the same corpus; absent without hugo. */
  hugo?: HugoRss
  stderr: string
}

interface HugoRss {
  /** Each run, spawn to exit, ms. */
  runs: number[]
  median: number
  peakMiB: number
  /** Copying the corpus with the flat fields Hugo reads (not timed), ms. */
  prepareMs: number
}

/**
 * Hugo building only the 50-item home RSS (bench/hugo-site/hugo-rss-only.toml) of the corpus in
 * `articles`, HUGO_RUNS times, each into an empty folder. The copy into a Hugo content folder is
 * made once, before, and not timed.
 */
async function hugoHomeRss(articles: string, tmp: string): Promise<HugoRss> {
  const siteDir = join(tmp, 'hugo-site')
  const { seconds: prepareSeconds } = prepareHugoSite(articles, siteDir, 'rss-only')
  const runs: number[] = []
  let peakMiB = 0
  for (let i = 1; i <= HUGO_RUNS; i++) {
    const outDir = join(tmp, `hugo-public-${i}`)
    const build = await buildHugo(siteDir, outDir, join(tmp, 'hugo-cache'))
    if (build.files !== 1 || build.feedDocuments !== 1)
      throw new Error(`Hugo's home-RSS build wrote ${build.files} files, expected only rss.xml`)
    const items = readFileSync(join(outDir, 'rss.xml'), 'utf8').match(/<item>/g)?.length ?? 0
    if (items !== Math.min(50, readdirSync(articles).length)) throw new Error(`Hugo's home RSS has ${items} items`)
    runs.push(build.seconds * 1000)
    peakMiB = Math.max(peakMiB, build.peakMiB)
    rmSync(outDir, { recursive: true, force: true })
  }
  return { runs, median: median(runs), peakMiB, prepareMs: prepareSeconds * 1000 }
}

async function archive(n: number): Promise<ArchiveResult> {
  const tmp = makeTempDir(`b${n}`)
  const articles = join(tmp, 'articles')
  const size = generateCorpus(n, articles)
  progress(`part B: ${n} articles (${size})`)

  const cacheDir = join(tmp, 'cache')
  const port = await freePort()
  const service = startBylines(port, articles, cacheDir)
  const t0 = service.spawnedAt
  let contentLine = NaN
  let loadMs: number | undefined
  const stopContent = service.watchLines(/^content: \d+ articles from/, (line, at) => {
    contentLine = at - t0
    const m = / in (\d+)ms/.exec(line)
    if (m) loadMs = Number(m[1])
  })
  let listening = NaN
  const stopListening = service.watchLines(/listening/, (_line, at) => (listening = at - t0))

  try {
    const ready = await pollUntil(port, FEED_PATH, 10, 60_000, (r) => r.status === 200)
    const rssAfterFirst = memory(service.pid).rssMiB
    await sleep(20) // let the log lines of start-up arrive
    stopContent()
    stopListening()

    const timed = async (path: string) => {
      const started = performance.now()
      const reply = await get(port, path)
      const elapsed = performance.now() - started
      if (reply.status !== 200) throw new Error(`GET ${path}: status ${reply.status}`)
      return { reply, ms: elapsed }
    }

    const json = await timed('/feed.json')
    const renders: { path: string; ms: number }[] = [{ path: '/feed.json', ms: json.ms }]
    for (const path of ['/atom.xml', '/feeds', '/feeds.opml']) {
      const { reply, ms: elapsed } = await timed(path)
      renders.push({ path, ms: elapsed })
      if (path === '/feeds.opml') {
        const urls = [...reply.body.toString('utf8').matchAll(/xmlUrl="([^"]+)"/g)].map(
          (m) => new URL(m[1]!.replace(/&amp;/g, '&')).pathname,
        )
        const tag = urls.find((u) => u.startsWith('/tags/'))
        if (!tag) throw new Error('/feeds.opml lists no /tags/ feed')
        const setPaths = [
          tag,
          tag.replace(/rss\.xml$/, 'atom.xml'),
          tag.replace(/rss\.xml$/, 'feed.json'),
          ...['/publications/', '/translators/', '/from/'].flatMap((kind) => urls.find((u) => u.startsWith(kind)) ?? []),
        ]
        for (const setPath of setPaths) {
          const { ms: t } = await timed(setPath)
          renders.push({ path: setPath, ms: t })
        }
      }
    }
    const after = memory(service.pid)

    // Edit latency: the newest article, rewritten in place.
    const feed = JSON.parse(json.reply.body.toString('utf8')) as { items?: { url?: string }[] }
    const firstUrl = feed.items?.[0]?.url
    if (!firstUrl) throw new Error('/feed.json has no first item url')
    const slug = decodeURIComponent(new URL(firstUrl).pathname.split('/').filter(Boolean).pop() ?? '')
    const fileName = readdirSync(articles).find((f) => f.endsWith(`-${slug}.md`))
    if (!fileName) throw new Error(`no article file for slug ${slug}`)
    const file = join(articles, fileName)
    if (!readFileSync(file, 'utf8').includes(`\nslug: ${JSON.stringify(slug)}\n`)) throw new Error(`${fileName} does not have slug ${slug}`)

    const reloads: number[] = []
    const stopReloads = service.watchLines(/^content: reloaded/, (line) => {
      const m = / in (\d+)ms/.exec(line)
      if (m) reloads.push(Number(m[1]))
    })
    const edits: number[] = []
    for (let i = 1; i <= EDITS; i++) {
      await sleep(200)
      const title = `Bench edit ${i} ${Math.random().toString(36).slice(2, 10)}`
      const source = readFileSync(file, 'utf8')
      const edited = source.replace(/^title: .*$/m, `title: ${JSON.stringify(title)}`)
      if (edited === source) throw new Error(`${fileName}: no title line to edit`)
      const written = performance.now()
      writeFileSync(file, edited)
      const seen = await pollUntil(port, FEED_PATH, 5, 10_000, (r) => r.status === 200 && r.body.includes(title))
      edits.push(seen.at - written)
    }
    await sleep(100)
    stopReloads()
    const stderr = service.stderr().trim()
    // The parse cache is written a second after the last change.
    await sleep(1500)
    await service.stop()
    const restart = await restartOn(articles, cacheDir, port)
    let hugo: HugoRss | undefined
    if (HUGO) {
      progress(`part B: ${n} articles, Hugo building only the home RSS (${HUGO_RUNS} runs)`)
      hugo = await hugoHomeRss(articles, tmp)
    }

    return {
      n,
      size,
      contentLine,
      loadMs,
      listening,
      ready: ready.at - t0,
      readyPolls: ready.polls,
      firstJson: json.ms,
      rssAfterFirst,
      rssAfterAll: after.rssMiB,
      hwm: after.hwmMiB,
      renders,
      edits,
      reloads,
      editFile: fileName,
      restart,
      hugo,
      stderr,
    }
  } finally {
    await service.stop()
  }
}

/**
 * Start-up again on the same folder and port (so the same site URL): what a restart or a deploy
 * costs once the cache exists.
 */
async function restartOn(articles: string, cacheDir: string, port: number): Promise<ArchiveResult['restart']> {
  const service = startBylines(port, articles, cacheDir)
  let loadMs: number | undefined
  const stop = service.watchLines(/^content: \d+ articles from/, (line) => {
    const m = / in (\d+)ms/.exec(line)
    if (m) loadMs = Number(m[1])
  })
  try {
    const ready = await pollUntil(port, FEED_PATH, 10, 60_000, (r) => r.status === 200)
    const rss = memory(service.pid).rssMiB
    await sleep(20)
    stop()
    return { ready: ready.at - service.spawnedAt, loadMs, rss }
  } finally {
    await service.stop()
  }
}

/** The fixed part of start-up: the same service on an empty articles folder. */
async function emptyStart(): Promise<{ listening: number; ready: number; rss: number }> {
  const articles = join(makeTempDir('empty'), 'articles')
  mkdirSync(articles)
  const port = await freePort()
  const service = startBylines(port, articles)
  let listening = NaN
  const stop = service.watchLines(/listening/, (_line, at) => (listening = at - service.spawnedAt))
  try {
    const ready = await pollUntil(port, FEED_PATH, 10, 60_000, (r) => r.status === 200)
    const rss = memory(service.pid).rssMiB
    await sleep(20)
    stop()
    return { listening, ready: ready.at - service.spawnedAt, rss }
  } finally {
    await service.stop()
  }
}

async function partB(out: string[]) {
  progress('part B: empty folder')
  const empty = await emptyStart()
  const results: ArchiveResult[] = []
  for (const n of SIZES) {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`BENCH_SIZES: "${n}" is not a positive whole number`)
    results.push(await archive(n))
  }
  const big = results.find((r) => r.n === 10_000)
  const cols = results.map((r) => int(r.n))
  const row = (label: string, values: string[], target = '') => `| ${label} | ${values.join(' | ')} | ${target} |`

  const rows = [
    row(
      'corpus on disk',
      results.map((r) => r.size),
    ),
    row(
      'spawn → "content: … articles" log line',
      results.map((r) => ms(r.contentLine)),
    ),
    row(
      "… of which reading + parsing the files (the service's own figure)",
      results.map((r) => (r.loadMs === undefined ? '?' : ms(r.loadMs))),
    ),
    row(
      '… so the rest (node, module loading, set-up), about',
      results.map((r) => (r.loadMs === undefined ? '?' : ms(r.contentLine - r.loadMs))),
    ),
    row(
      'spawn → "listening" log line',
      results.map((r) => ms(r.listening)),
    ),
    row(
      '**first start: spawn → first 200 of /rss.xml** (polled every 10 ms; no parse cache yet)',
      results.map((r) => `**${ms(r.ready)}**`),
      big ? `< ${READY_TARGET_MS} ms: ${verdict(big.ready < READY_TARGET_MS)}` : '',
    ),
    row(
      '**restart: spawn → first 200 of /rss.xml** (parse cache from the first start)',
      results.map((r) => `**${ms(r.restart.ready)}**`),
      big ? `< ${READY_TARGET_MS} ms: ${verdict(big.restart.ready < READY_TARGET_MS)}` : '',
    ),
    row(
      "… of which reading the files and the cache (the service's own figure)",
      results.map((r) => (r.restart.loadMs === undefined ? '?' : ms(r.restart.loadMs))),
    ),
    row(
      'RSS on restart, after the first feed',
      results.map((r) => mib(r.restart.rss)),
    ),
    ...hugoRows(results, big),
    row(
      'then first /feed.json (renders)',
      results.map((r) => ms(r.firstJson)),
    ),
    row(
      'RSS right after the first feed',
      results.map((r) => mib(r.rssAfterFirst)),
    ),
    row(
      '**RSS after all the feeds below**',
      results.map((r) => `**${mib(r.rssAfterAll)}**`),
      big ? `< ${RSS_TARGET_MIB} MiB: ${verdict(Math.max(big.rssAfterAll, big.rssAfterFirst) < RSS_TARGET_MIB)}` : '',
    ),
    row(
      'peak RSS (VmHWM) so far',
      results.map((r) => mib(r.hwm)),
    ),
    row(
      `edit → visible in /rss.xml, median of ${EDITS}`,
      results.map((r) => ms(median(r.edits))),
    ),
    row(
      `**edit → visible, max of ${EDITS}**`,
      results.map((r) => `**${ms(Math.max(...r.edits))}**`),
      big ? `< ${EDIT_TARGET_MS} ms: ${verdict(Math.max(...big.edits) < EDIT_TARGET_MS)}` : '',
    ),
    row(
      'edit → visible, each',
      results.map((r) => r.edits.map((e) => Math.round(e)).join(', ')),
    ),
    row(
      '"content: reloaded" times logged by the service',
      results.map((r) => (r.reloads.length ? r.reloads.map((x) => `${x}`).join(', ') + ' ms' : '—')),
    ),
  ]

  if (!HUGO) progress(NO_HUGO_NOTE)
  const renderPaths = results[0]?.renders.map((r) => r.path) ?? []
  const renderRows = renderPaths.map((path, i) => {
    const shown = path.replace(/^\/(tags|publications|translators|from)\/[^/]+\//, '/$1/{first}/')
    return row(
      `first GET ${shown}`,
      results.map((r) => (r.renders[i] ? ms(r.renders[i]!.ms) : '?')),
    )
  })

  out.push(
    '## B. Large archives',
    '',
    'Generated corpora (bench/gen-corpus.mjs; generation not timed; files just written, so in the page cache). ' +
      `The service is spawned as \`node ${SERVER_ARGS.join(' ')}\`; memory is VmRSS of that node process. ` +
      'An edit rewrites the `title:` line of the newest article in place (fs.writeFileSync), then /rss.xml is ' +
      'polled every 5 ms until it contains the new title; edits are 200 ms apart.',
    '',
    `| | ${cols.join(' | ')} | target (10,000) |`,
    `| --- | ${cols.map(() => '---').join(' | ')} | --- |`,
    ...rows,
    '',
    hugoNote(results),
    '',
    `Baseline, the same service on an empty articles folder: "listening" at ${ms(empty.listening)}, first 200 of /rss.xml ` +
      `at ${ms(empty.ready)} after spawning, RSS ${mib(empty.rss)}. That is the fixed cost (node, ${SERVER_ENTRY.endsWith('.ts') ? 'tsx, compiling and ' : ''}loading the modules).`,
    '',
    'Time of the first request of each resource (all rendered on demand), in the order requested; "first" is the first set of that kind in /feeds.opml:',
    '',
    `| | ${cols.join(' | ')} | |`,
    `| --- | ${cols.map(() => '---').join(' | ')} | --- |`,
    ...renderRows,
    '',
  )
  for (const r of results) if (r.stderr) out.push(`bylines (${int(r.n)}) wrote to stderr:`, '', '```', r.stderr.slice(0, 4000), '```', '')
  if (!big) return true
  const hugoMet =
    !big.hugo || (big.ready / big.hugo.median <= HUGO_FIRST_START_TARGET && big.restart.ready / big.hugo.median <= HUGO_RESTART_TARGET)
  return (
    big.ready < READY_TARGET_MS &&
    Math.max(big.rssAfterAll, big.rssAfterFirst) < RSS_TARGET_MIB &&
    Math.max(...big.edits) < EDIT_TARGET_MS &&
    hugoMet
  )
}

/** The rows comparing start-up with Hugo building only the home RSS; none without hugo. */
function hugoRows(results: ArchiveResult[], big: ArchiveResult | undefined): string[] {
  if (!HUGO) return []
  const row = (label: string, values: string[], target = '') => `| ${label} | ${values.join(' | ')} | ${target} |`
  const ratio = (r: ArchiveResult, ms: number) => (r.hugo ? `${(ms / r.hugo.median).toFixed(2)}×` : '?')
  const bigRatio = (ms: number | undefined, target: number) =>
    big?.hugo && ms !== undefined ? `≤ ${target.toFixed(1)}×: ${verdict(ms / big.hugo.median <= target)}` : ''
  return [
    row(
      `Hugo building only the home RSS (50 full items) into an empty folder: spawn → exit, median of ${HUGO_RUNS}`,
      results.map((r) => (r.hugo ? `${ms(r.hugo.median)} (${r.hugo.runs.map((x) => Math.round(x)).join(', ')})` : '?')),
    ),
    row(
      "… Hugo's peak memory",
      results.map((r) => (r.hugo ? mib(r.hugo.peakMiB) : '?')),
    ),
    row(
      '**first start / Hugo home RSS**',
      results.map((r) => `**${ratio(r, r.ready)}**`),
      bigRatio(big?.ready, HUGO_FIRST_START_TARGET),
    ),
    row(
      '**restart / Hugo home RSS**',
      results.map((r) => `**${ratio(r, r.restart.ready)}**`),
      bigRatio(big?.restart.ready, HUGO_RESTART_TARGET),
    ),
  ]
}

function hugoNote(results: ArchiveResult[]): string {
  if (!HUGO) return NO_HUGO_NOTE
  const prepare = results
    .map((r) => (r.hugo ? `${int(r.n)}: ${ms(r.hugo.prepareMs)}` : ''))
    .filter(Boolean)
    .join(', ')
  return (
    `Hugo: ${HUGO}, with bench/hugo-site/hugo-rss-only.toml: only the home RSS, the newest 50 articles in full; every other kind ` +
    'of page off and no taxonomies. It still reads and parses every article, as bylines does before its first feed. Each run is ' +
    "`hugo --quiet` into an empty folder, spawn to exit, after bylines' runs; the corpus is first copied into a Hugo content folder " +
    `with flat fields added, which is not timed (${prepare}). The ratios divide bylines' spawn → first 200 of /rss.xml by the median.`
  )
}

// ---------------------------------------------------------------------------------------------

const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')

function machine(): string[] {
  const cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown'
  let nproc = String(availableParallelism())
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim()
  } catch {
    // availableParallelism() it is
  }
  let git = 'unknown'
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' }).trim()
    git = dirty ? `${head}, with uncommitted changes in src/` : head
  } catch {
    // not a git checkout
  }
  const autocannonVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')) as { version: string })
    .version
  return [
    '# bylines benchmark',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: Node ${process.version}, nproc ${nproc}, CPU "${cpu}", ${process.platform}/${process.arch}`,
    `- code: ${git}`,
    `- service: \`node ${SERVER_ARGS.join(' ')}\``,
    `- autocannon ${autocannonVersion} in a process of its own (bench/load-client.mjs; client and servers share the machine)`,
    `- load average (1, 5, 15 min) at start: ${loadAverage()}`,
    '',
  ]
}

/** A hard bound on the whole run, whatever hangs: every load run, the warm-ups (a second each, eight at most), and ten minutes. */
function giveUpAfterALimit() {
  const loadRuns = (PARTS.includes('A') ? 16 : 0) + (PARTS.includes('R') ? PART_R_RUNS : 0)
  const limitMs = (loadRuns * BENCH_SECONDS + 8 + 600) * 1000
  setTimeout(() => {
    console.error(`bench: gave up after ${limitMs / 1000} s`)
    process.exit(1)
  }, limitMs).unref()
}

async function main() {
  giveUpAfterALimit()
  const started = performance.now()
  const out = machine()
  const verdicts: string[] = []
  if (PARTS.includes('A')) verdicts.push(`part A: ${(await partA(out)) ? 'all targets met' : 'a target was missed'}`)
  if (PARTS.includes('B')) verdicts.push(`part B: ${(await partB(out)) ? 'all targets met' : 'a target was missed'}`)
  if (PARTS.includes('R')) verdicts.push(`part R: ${(await partR(out)) ? 'all targets met' : 'a target was missed'}`)
  out.push(
    `Run time ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end: ${loadAverage()}; ${verdicts.join('; ')}.`,
    '',
  )
  const report = out.join('\n')
  console.log(report)
  writeFileSync(join(ROOT, 'bench/results.md'), report)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench: failed:', error instanceof Error ? (error.stack ?? error.message) : error)
    process.exit(1)
  },
)
