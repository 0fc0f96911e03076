/**
 * `npm run bench:edge`: what the Cloudflare deployment weighs for generated archives of 100,
 * 1,000 and 10,000 articles, against Cloudflare's limits. For each size: the build time and
 * peak memory of `bylines build`, the static export (files, bytes, largest file), and the
 * Worker as `wrangler deploy --dry-run` bundles it (uncompressed and gzip, as wrangler
 * reports them). Prints a markdown report and writes it to bench/edge-results.md.
 *
 * The largest archive is measured a second time with FEED_SETS set to every kind but authors,
 * the way to bring a large archive under the free plan's file limit.
 *
 * Environment: BENCH_SIZES (default "100,1000,10000"). Nothing is deployed; the dry run reads
 * no credentials and sends nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { parse as parseToml } from 'smol-toml'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map((s) => Number(s.trim()))
const MIB = 1024 * 1024
/** Cloudflare Workers limits (developers.cloudflare.com/workers/platform/limits). */
const LIMITS = {
  workerGzipFree: 3 * MIB,
  workerGzipPaid: 10 * MIB,
  assetFilesFree: 20_000,
  assetFilesPaid: 100_000,
  assetFileBytes: 25 * MIB,
}

/** The variant measured on the largest archive: fewer kinds of feed set, fewer files. */
const FEWER_SETS = 'tags,publications,from,translators,languages'

interface Measured {
  articles: number
  feedSets?: string
  buildSeconds: number
  buildPeakMiB: number
  files: number
  exportBytes: number
  largestFile: { path: string; bytes: number }
  indexBytes: number
  workerBytes: number
  workerGzipBytes: number
  wranglerReport: string
}

const work = mkdtempSync(join(tmpdir(), 'bylines-edge-bench-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))

const results: Measured[] = []
for (const size of SIZES) {
  const articles = join(work, `articles-${size}`)
  execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-corpus.mjs'), String(size), articles], { stdio: 'ignore' })
  results.push(measure(size, articles))
  if (size === Math.max(...SIZES)) results.push(measure(size, articles, FEWER_SETS))
  rmSync(articles, { recursive: true, force: true })
  console.error(`measured ${size}`)
}

const report = render(results)
console.log(report)
writeFileSync(join(ROOT, 'bench', 'edge-results.md'), report)

function measure(size: number, articles: string, feedSets?: string): Measured {
  const outDir = join(work, `dist-${size}`)
  const preparedFile = join(work, `prepared-${size}.json`)
  const env = { ...process.env, ARTICLES_DIR: articles, ...(feedSets && { FEED_SETS: feedSets }) }

  // The build in a child of its own, so its peak memory is its own.
  const started = performance.now()
  const build = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { main } from './src/cli/bylines.ts'
       process.exitCode = await main(['build', '--out', ${JSON.stringify(outDir)}, '--prepared', ${JSON.stringify(preparedFile)}], process.env)
       process.stderr.write('peak-rss-kib ' + process.resourceUsage().maxRSS + '\\n')`,
    ],
    { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * MIB },
  )
  const buildSeconds = (performance.now() - started) / 1000
  if (build.status !== 0) throw new Error(`build of ${size} failed:\n${build.stderr}`)
  const peakKiB = Number(/peak-rss-kib (\d+)/.exec(build.stderr)?.[1])

  const files = walk(outDir)
  const largest = files.reduce((a, b) => (b.bytes > a.bytes ? b : a))

  // The Worker exactly as wrangler would upload it: the project's config, this build's output.
  const project = parseToml(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  const { build: _build, ...rest } = project
  const configFile = join(work, `wrangler-${size}.json`)
  writeFileSync(
    configFile,
    JSON.stringify({
      ...rest,
      main: join(ROOT, String(project.main)),
      alias: { 'bylines:prepared-site': preparedFile },
      assets: { ...(project.assets as object), directory: outDir },
    }),
  )
  const bundleDir = join(work, `worker-${size}`)
  const dryRun = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--config', configFile, '--outdir', bundleDir],
    { cwd: ROOT, env: { ...env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' }, encoding: 'utf8', maxBuffer: 64 * MIB },
  )
  if (dryRun.status !== 0) throw new Error(`wrangler deploy --dry-run for ${size} failed:\n${dryRun.stdout}\n${dryRun.stderr}`)
  const worker = readFileSync(join(bundleDir, 'worker.js'))
  const wranglerReport = /Total Upload: [^\n]+/.exec(dryRun.stdout)?.[0] ?? '(wrangler printed no total)'

  const result: Measured = {
    articles: size,
    feedSets,
    buildSeconds,
    buildPeakMiB: peakKiB / 1024,
    files: files.length,
    exportBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    largestFile: largest,
    indexBytes: statSync(preparedFile).size,
    workerBytes: worker.byteLength,
    workerGzipBytes: gzipSync(worker, { level: 9 }).byteLength,
    wranglerReport,
  }
  rmSync(outDir, { recursive: true, force: true })
  rmSync(preparedFile, { force: true })
  rmSync(bundleDir, { recursive: true, force: true })
  return result
}

function walk(dir: string): { path: string; bytes: number }[] {
  const out = execFileSync('find', [dir, '-type', 'f', '-printf', '%s %P\\n'], { encoding: 'utf8', maxBuffer: 256 * MIB })
  return out
    .trim()
    .split('\n')
    .map((line) => {
      const space = line.indexOf(' ')
      return { bytes: Number(line.slice(0, space)), path: line.slice(space + 1) }
    })
}

function render(rows: Measured[]): string {
  const mib = (n: number) => `${(n / MIB).toFixed(n < 10 * MIB ? 2 : 0)} MiB`
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
  const num = (n: number) => n.toLocaleString('en-US')
  const verdict = (value: number, free: number, paid: number) => (value <= free ? 'free plan' : value <= paid ? 'paid plan only' : '**over every plan**')
  const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim()
  const lines = [
    '# bylines on Cloudflare: build and bundle sizes',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: Node ${process.version}, nproc ${availableParallelism()}, CPU "${cpus()[0]?.model.trim() ?? '?'}", ${process.platform}/${process.arch}`,
    `- code: ${sha}`,
    '- corpus: bench/gen-corpus.mjs (about 800 words an article); default settings (50 items a feed page, full content)',
    '- Worker: `wrangler deploy --dry-run` with the project wrangler.toml; gzip is zlib level 9 of that bundle',
    '',
    '| articles | build time | build peak memory | export files | export size | largest file | Worker index | Worker bundle | Worker gzip | fits |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${num(r.articles)}${r.feedSets ? `, FEED_SETS=${r.feedSets}` : ''} | ${r.buildSeconds.toFixed(1)} s | ${r.buildPeakMiB.toFixed(0)} MiB | ${num(r.files)} | ${mib(r.exportBytes)} | ${kib(r.largestFile.bytes)} | ${kib(r.indexBytes)} | ${kib(r.workerBytes)} | ${kib(r.workerGzipBytes)} | ` +
        `Worker size: ${verdict(r.workerGzipBytes, LIMITS.workerGzipFree, LIMITS.workerGzipPaid)}; asset count: ${verdict(r.files, LIMITS.assetFilesFree, LIMITS.assetFilesPaid)}; ` +
        `largest asset: ${r.largestFile.bytes <= LIMITS.assetFileBytes ? 'within 25 MiB' : '**over 25 MiB**'} |`,
    ),
    '',
    'Limits: Worker 3 MiB gzip (free) / 10 MiB (paid); static assets 20,000 files (free) / 100,000 (paid) per Worker version, 25 MiB each. The export is the Worker\'s assets; the Worker bundle is the app, Hono and the index of every response (path, file, headers).',
    '',
    'wrangler\'s own totals:',
    '',
    ...rows.map((r) => `- ${num(r.articles)}${r.feedSets ? ` (FEED_SETS=${r.feedSets})` : ''}: ${r.wranglerReport}`),
    '',
  ]
  return lines.join('\n')
}
