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
 * Incremental builds, on the largest archive: `bylines build` run again into the same folder with
 * nothing changed, then again after adding one article newer than all the others (the next
 * article bench/gen-corpus.mjs would write); the time and the number of files each rewrote.
 *
 * Against Hugo (bench/hugo.ts; skipped with a note when `hugo` is not on PATH): each archive is
 * also built by Hugo into an empty folder, as a site of the same shape (bench/hugo-site/), so
 * the build time reads as a ratio of a well-known generator's on the same machine and corpus.
 *
 * Environment: BENCH_SIZES (default "100,1000,10000"). Nothing is deployed; the dry run reads
 * no credentials and sends nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { parse as parseToml } from 'smol-toml'
import { preparedFediverseFileOf } from '../src/fediverse/prepared-fediverse.ts'
import { buildHugo, countFeedDocuments, type HugoBuild, hugoVersion, listFiles, NO_HUGO_NOTE, prepareHugoSite } from './hugo.ts'
import { waitForLastRemoval, workFolder } from './settled-disk.ts'

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

/** Targets, for 10,000 articles. */
const TARGETS = {
  hugoRatio: 0.5,
  buildPeakMiB: 1.5 * 1024,
  addOneSeconds: 5,
  addOneWritten: 100,
  unchangedSeconds: 3,
  unchangedWritten: 0,
}
const TARGET_SIZE = 10_000

interface Measured {
  articles: number
  feedSets?: string
  buildSeconds: number
  buildPeakMiB: number
  files: number
  /** rss.xml, atom.xml and feed.json files, archive pages of feeds included. */
  feedDocuments: number
  exportBytes: number
  largestFile: { path: string; bytes: number }
  indexBytes: number
  workerBytes: number
  workerGzipBytes: number
  wranglerReport: string
  /** Measured on the largest archive only. */
  rebuilds?: { unchanged: Rebuild; addOne: Rebuild & { article: string } }
}

/** One `bylines build` run. */
interface BuildRun {
  seconds: number
  peakMiB: number
  /** As the build printed them: files in the export, and how many it wrote this time. */
  files: number
  written: number
  /** The build's own line, "bylines build: … in X s". */
  line: string
}

type Rebuild = Omit<BuildRun, 'line'> & { ownSeconds: number }

interface HugoResult {
  articles: number
  /** Copying the corpus with the flat taxonomy fields; not part of the build time. */
  prepareSeconds: number
  build: HugoBuild
}

// Registered first: a run stopped while it waits or builds still removes its folder.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130))
await waitForLastRemoval()
const { path: work, setAside } = workFolder('bylines-edge-bench-')

const HUGO = hugoVersion()
if (!HUGO) console.error(NO_HUGO_NOTE)

const results: Measured[] = []
const hugo = new Map<number, HugoResult>()
const largestSize = Math.max(...SIZES)
for (const size of SIZES) {
  const articles = join(work, `articles-${size}`)
  execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-corpus.mjs'), String(size), articles], { stdio: 'ignore' })
  results.push(measure(size, articles, undefined, size === largestSize))
  if (HUGO) hugo.set(size, await measureHugo(size, articles))
  if (size === largestSize) results.push(measure(size, articles, FEWER_SETS))
  setAside(articles)
  console.error(`measured ${size}`)
}

const report = render(results, hugo)
console.log(report)
writeFileSync(join(ROOT, 'bench', 'edge-results.md'), report)

/**
 * `bylines build` in a child of its own, so its peak memory is its own; wall time from spawn to
 * exit (Node starting included). It runs the bundle, as `npm run build:static` does (the
 * script bundles first, as bench:edge did before this ran).
 */
function runBuild(label: string, outDir: string, preparedFile: string, env: NodeJS.ProcessEnv): BuildRun {
  const started = performance.now()
  const build = spawnSync(
    process.execPath,
    ['--import', './bench/report-peak-memory.mjs', 'build/bylines.mjs', 'build', '--out', outDir, '--prepared', preparedFile],
    { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * MIB },
  )
  const seconds = (performance.now() - started) / 1000
  if (build.status !== 0) throw new Error(`${label} failed:\n${build.stdout}\n${build.stderr}`)
  const peakKiB = Number(/peak-rss-kib (\d+)/.exec(build.stderr)?.[1])
  const line = /^bylines build: .*$/m.exec(build.stdout)?.[0] ?? ''
  const counts = /\((\d+) files, [\d.]+ MiB; \d+ made, (\d+) written\)/.exec(line)
  if (!counts) throw new Error(`${label}: no "(N files, X MiB; W written)" in its output:\n${build.stdout}`)
  return { seconds, peakMiB: peakKiB / 1024, files: Number(counts[1]), written: Number(counts[2]), line }
}

/** The build's own figure, "… in X s" (loading, rendering, writing; not Node starting). */
function ownSeconds(line: string): number {
  return Number(/ in ([\d.]+) s\s*$/.exec(line)?.[1] ?? NaN)
}

/**
 * Rebuilds of the folder the first build wrote, with its index: nothing changed, then one new
 * article newer than every other. The new article is removed again afterwards.
 */
function measureRebuilds(
  size: number,
  articles: string,
  outDir: string,
  preparedFile: string,
  env: NodeJS.ProcessEnv,
): Measured['rebuilds'] {
  const rebuild = (label: string): Rebuild => {
    const run = runBuild(label, outDir, preparedFile, env)
    const { line, ...rest } = run
    return { ...rest, ownSeconds: ownSeconds(line) }
  }
  const unchanged = rebuild(`unchanged rebuild of ${size}`)

  // Article number `size` is the next one gen-corpus writes, dated after all the others (it
  // depends only on its number, so it is the same file whatever the corpus it is written with).
  const next = join(work, `next-${size}`)
  execFileSync(process.execPath, [join(ROOT, 'bench', 'gen-corpus.mjs'), String(size + 1), next], { stdio: 'ignore' })
  const name = readdirSync(next).find((f) => f.endsWith(`-${size}.md`))
  if (!name) throw new Error(`gen-corpus ${size + 1} wrote no article number ${size}`)
  const added = join(articles, name)
  copyFileSync(join(next, name), added)
  setAside(next)
  try {
    const addOne = { ...rebuild(`rebuild of ${size} with one article added`), article: name }
    if (addOne.files === 0) throw new Error('the rebuild with one more article wrote an empty site')
    return { unchanged, addOne }
  } finally {
    rmSync(added, { force: true })
  }
}

function measure(size: number, articles: string, feedSets?: string, withRebuilds = false): Measured {
  const outDir = join(work, `dist-${size}`)
  const preparedFile = join(work, `prepared-${size}.json`)
  // The build's parse cache goes with the rest of the run, not into the project's node_modules.
  const env = {
    ...process.env,
    ARTICLES_DIR: articles,
    BYLINES_CACHE_DIR: join(work, `cache-${size}${feedSets ? '-sets' : ''}`),
    ...(feedSets && { FEED_SETS: feedSets }),
  }

  const build = runBuild(`build of ${size}`, outDir, preparedFile, env)
  const buildSeconds = build.seconds

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
      alias: { 'bylines:prepared-site': preparedFile, 'bylines:prepared-fediverse': preparedFediverseFileOf(preparedFile) },
      assets: { ...(project.assets as object), directory: outDir },
    }),
  )
  const bundleDir = join(work, `worker-${size}`)
  const dryRun = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--config', configFile, '--outdir', bundleDir],
    {
      cwd: ROOT,
      env: { ...env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      encoding: 'utf8',
      maxBuffer: 64 * MIB,
    },
  )
  if (dryRun.status !== 0) throw new Error(`wrangler deploy --dry-run for ${size} failed:\n${dryRun.stdout}\n${dryRun.stderr}`)
  const worker = readFileSync(join(bundleDir, 'worker.js'))
  const wranglerReport = /Total Upload: [^\n]+/.exec(dryRun.stdout)?.[0] ?? '(wrangler printed no total)'

  const result: Measured = {
    articles: size,
    feedSets,
    buildSeconds,
    buildPeakMiB: build.peakMiB,
    files: files.length,
    feedDocuments: countFeedDocuments(files),
    exportBytes: files.reduce((sum, f) => sum + f.bytes, 0),
    largestFile: largest,
    indexBytes: statSync(preparedFile).size,
    workerBytes: worker.byteLength,
    workerGzipBytes: gzipSync(worker, { level: 9 }).byteLength,
    wranglerReport,
  }
  if (withRebuilds) result.rebuilds = measureRebuilds(size, articles, outDir, preparedFile, env)
  setAside(outDir)
  rmSync(preparedFile, { force: true })
  setAside(bundleDir)
  return result
}

function walk(dir: string): { path: string; bytes: number }[] {
  const files = listFiles(dir)
  if (files.length === 0) throw new Error(`${dir}: the build wrote no files`)
  return files
}

/** The same archive built by Hugo: copied with flat taxonomy fields (not timed), then `hugo --quiet` into an empty folder. */
async function measureHugo(size: number, articles: string): Promise<HugoResult> {
  const siteDir = join(work, `hugo-site-${size}`)
  const outDir = join(work, `hugo-public-${size}`)
  const cacheDir = join(work, `hugo-cache-${size}`)
  try {
    const prepared = prepareHugoSite(articles, siteDir, 'full')
    const build = await buildHugo(siteDir, outDir, cacheDir)
    if (build.articlePages !== prepared.articles)
      throw new Error(`Hugo wrote ${build.articlePages} article pages for ${prepared.articles} articles`)
    return { articles: prepared.articles, prepareSeconds: prepared.seconds, build }
  } finally {
    for (const dir of [siteDir, outDir, cacheDir]) setAside(dir)
  }
}

function render(rows: Measured[], hugoResults: Map<number, HugoResult>): string {
  const mib = (n: number) => `${(n / MIB).toFixed(n < 10 * MIB ? 2 : 0)} MiB`
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`
  const verdict = (value: number, free: number, paid: number) =>
    value <= free ? 'free plan' : value <= paid ? 'paid plan only' : '**over every plan**'
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
    "Limits: Worker 3 MiB gzip (free) / 10 MiB (paid); static assets 20,000 files (free) / 100,000 (paid) per Worker version, 25 MiB each. The export is the Worker's assets; the Worker bundle is the app, Hono and the index of every response (path, file, headers).",
    '',
    "wrangler's own totals:",
    '',
    ...rows.map((r) => `- ${num(r.articles)}${r.feedSets ? ` (FEED_SETS=${r.feedSets})` : ''}: ${r.wranglerReport}`),
    '',
    ...renderRebuilds(rows),
    ...renderHugo(rows, hugoResults),
  ]
  return lines.join('\n')
}

function pass(ok: boolean): string {
  return ok ? 'PASS' : '**FAIL**'
}

function num(n: number): string {
  return n.toLocaleString('en-US')
}

/** The targets are set for 10,000 articles; at other sizes the verdicts are only indicative. */
function targetNote(size: number): string[] {
  return size === TARGET_SIZE
    ? []
    : [`The targets are for ${num(TARGET_SIZE)} articles; at ${num(size)} the verdicts only show where the numbers stand.`, '']
}

function renderRebuilds(rows: Measured[]): string[] {
  const r = rows.find((row) => row.rebuilds)
  if (!r?.rebuilds) return []
  const { unchanged, addOne } = r.rebuilds
  const line = (label: string, b: Rebuild, maxSeconds: number, maxWritten: number) =>
    `| ${label} | ${b.seconds.toFixed(1)} s | ${b.ownSeconds.toFixed(1)} s | ${b.peakMiB.toFixed(0)} MiB | ${num(b.written)} of ${num(b.files)} | ` +
    `≤ ${maxSeconds} s: ${pass(b.seconds <= maxSeconds)} | ${maxWritten === 0 ? 'none' : `≤ ${maxWritten} files`}: ${pass(b.written <= maxWritten)} |`
  return [
    `## Rebuilds of ${num(r.articles)} articles`,
    '',
    '`bylines build` run again into the folder and with the index the build above wrote. "Unchanged": nothing changed. ' +
      `"Add one": one more article (${addOne.article}, the next one bench/gen-corpus.mjs writes, dated after every other) ` +
      'copied into the articles folder first. Time is spawn to exit, as above (Node starting included); the ' +
      'build\'s own figure is the "in X s" it prints. Files rewritten and in the site are the counts it prints ("N files; W written").',
    '',
    "| rebuild | time | build's own figure | peak memory | files rewritten | target time | target files |",
    '| --- | --- | --- | --- | --- | --- | --- |',
    line('unchanged', unchanged, TARGETS.unchangedSeconds, TARGETS.unchangedWritten),
    line('add one article', addOne, TARGETS.addOneSeconds, TARGETS.addOneWritten),
    '',
    ...targetNote(r.articles),
  ]
}

function renderHugo(rows: Measured[], hugoResults: Map<number, HugoResult>): string[] {
  const head = ['## Against Hugo', '']
  if (!HUGO) return [...head, NO_HUGO_NOTE, '']
  const largest = Math.max(...hugoResults.keys())
  const table = rows
    .filter((r) => !r.feedSets && hugoResults.has(r.articles))
    .map((r) => {
      const h = hugoResults.get(r.articles)!.build
      const ratio = r.buildSeconds / h.seconds
      return (
        `| ${num(r.articles)} | ${r.buildSeconds.toFixed(1)} s | ${h.seconds.toFixed(1)} s | **${ratio.toFixed(2)}×** | ≤ ${TARGETS.hugoRatio}×: ${pass(ratio <= TARGETS.hugoRatio)} | ` +
        `${r.buildPeakMiB.toFixed(0)} MiB | ≤ ${(TARGETS.buildPeakMiB / 1024).toFixed(1)} GiB: ${pass(r.buildPeakMiB <= TARGETS.buildPeakMiB)} | ${h.peakMiB.toFixed(0)} MiB | ` +
        `${num(r.files)} / ${num(r.feedDocuments)} | ${num(h.files)} / ${num(h.feedDocuments)} |`
      )
    })
  const prepare = [...hugoResults].map(([size, h]) => `${num(size)}: ${h.prepareSeconds.toFixed(1)} s`).join(', ')
  const peakFrom = [...hugoResults.values()][0]?.build.peakFrom ?? '?'
  return [
    ...head,
    `${HUGO}, building the same archive into an empty folder with \`hugo --quiet\` (bench/hugo.ts, site in bench/hugo-site/). ` +
      'The same shape of output as bylines: the six kinds of set as Hugo taxonomies (tags; publications = original.publication; ' +
      'from = original.language; translators; authors = original.authors and authors; languages = the article\'s language, "en" by default); ' +
      'for the home page and every term an HTML listing and RSS 2.0, Atom 1.0 and JSON Feed 1.1 in full, each paginated by 50 ' +
      '(bylines splits them into archives of 50 and a current document); a page per article.',
    '',
    'Hugo cannot use nested front-matter keys as taxonomies, so the corpus is first copied into the Hugo content folder with flat ' +
      `fields added; that copy is not timed (${prepare}). Hugo time is spawn to exit of the hugo process; its peak memory is from ${peakFrom}. ` +
      'Differences in shape: bylines also writes 404.html, _headers, the OPML and feeds pages, and no archive for a set of fewer ' +
      'than 100 articles (its current document holds 50 to 99); Hugo writes a page/1/ redirect for every listing and a list page ' +
      'per taxonomy.',
    '',
    `| articles | bylines build | Hugo build | bylines / Hugo | target | bylines peak memory | target | Hugo peak memory | bylines files / feed documents | Hugo files / feed documents |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...table,
    '',
    ...targetNote(largest),
  ]
}
