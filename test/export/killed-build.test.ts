/**
 * A `bylines build` killed at any point (SIGKILL: nothing of it runs after) changes nothing about
 * what the next build keeps or removes. After the next build the output folder holds exactly what
 * a build of the same articles into an empty folder holds, byte for byte, with the same index and
 * inputs; a deleted article's page and entries are gone; no marker or temporary file is left; and
 * a file bylines never wrote is still there. The kills come from test/helpers/kill-build-at.mjs.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildCommand } from '../../src/cli/build.ts'
import type { PreparedSite } from '../../src/resources/prepared-site.ts'
import { REPO } from '../helpers/built-site.ts'
import { articleFile, ownReporting } from '../helpers/fixtures.ts'

const KILL_HOOK = join(REPO, 'test', 'helpers', 'kill-build-at.mjs')
/** Matches every file the build writes into the output folder (and nothing else it writes). */
const IN_OUTPUT = '/dist/'
const NOT_OURS = 'CNAME'
const NOT_OURS_TEXT = 'news.example.org\n'

interface Folders {
  outDir: string
  preparedFile: string
}

interface TestSite extends Folders {
  root: string
  articles: string
  env: Record<string, string>
}

const sites: TestSite[] = []
afterEach(() => {
  for (const site of sites.splice(0)) rmSync(site.root, { recursive: true, force: true })
})

/**
 * Articles over three tags, two to an archive, so a deletion moves archives and leaves some
 * behind; a public folder; and a file of the host's own in the output folder.
 */
function makeSite(count = 12): TestSite {
  const root = mkdtempSync(join(tmpdir(), 'bylines-killed-'))
  const articles = join(root, 'articles')
  mkdirSync(articles)
  for (let n = 1; n <= count; n++) writeArticle(articles, n)
  mkdirSync(join(root, 'public', 'media'), { recursive: true })
  writeFileSync(join(root, 'public', 'media', 'notes.txt'), 'served as it is\n')
  writeFileSync(join(root, 'bylines.toml'), 'title = "Killed builds"\nlanguage = "en"\n')
  const outDir = join(root, 'dist')
  mkdirSync(outDir)
  writeFileSync(join(outDir, NOT_OURS), NOT_OURS_TEXT)
  const env = {
    ARTICLES_DIR: articles,
    PUBLIC_DIR: join(root, 'public'),
    SITE_URL: 'https://news.example.org/',
    ITEMS_PER_FEED: '2',
    BYLINES_CACHE_DIR: join(root, 'cache'),
    BYLINES_BUILD_THREADS: '1',
  }
  const site = { root, articles, outDir, preparedFile: join(root, 'build', 'prepared-site.json'), env }
  sites.push(site)
  return site
}

function writeArticle(articles: string, n: number, title = `Story number ${n}`): void {
  const tags = [['rail', 'water', 'city'][n % 3]!]
  const date = new Date(Date.UTC(2020, 0, 1) + n * 3600_000).toISOString()
  writeFileSync(articleAt(articles, n), articleFile(ownReporting({ title, date, tags })))
}

const articleAt = (articles: string, n: number) => join(articles, `story-${String(n).padStart(3, '0')}.md`)
const pageOf = (n: number) => `articles/story-${String(n).padStart(3, '0')}.html`

/** A build that must succeed, in this process, its log kept quiet. */
async function build(site: TestSite, to: Folders = site): Promise<void> {
  const args = ['--out', to.outDir, '--prepared', to.preparedFile, '--config', join(site.root, 'bylines.toml')]
  const quiet = { log: console.log, warn: console.warn }
  console.log = console.warn = () => {}
  try {
    expect(await buildCommand.run(args, site.env)).toBe(0)
  } finally {
    Object.assign(console, quiet)
  }
}

/** `bylines build` in a process of its own, killed at the step `at` names (kill-build-at.mjs), counting only the second thread's steps if `inWorker`. */
function buildKilledAt(site: TestSite, at: string, inWorker = false): void {
  const kill = { KILL_BUILD_AT: at, ...(inWorker && { KILL_BUILD_IN_WORKER: '1' }) }
  const args = [
    '--import',
    'tsx',
    '--import',
    KILL_HOOK,
    'src/cli/bylines.ts',
    'build',
    '--out',
    site.outDir,
    '--prepared',
    site.preparedFile,
    '--config',
    join(site.root, 'bylines.toml'),
  ]
  const result = spawnSync(process.execPath, args, {
    cwd: REPO,
    env: { ...process.env, ...site.env, ...kill },
    encoding: 'utf8',
    timeout: 120_000,
  })
  expect(result.signal, `the build was not killed at "${at}": ${result.stderr}`).toBe('SIGKILL')
}

/** Every file and folder under `dir`, as sorted relative paths, folders with a trailing slash. */
function entriesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1) + (entry.isDirectory() ? '/' : ''))
    .sort()
}

/** The temporary files of atomic writes (src/files/atomic-write.ts) under `dir`. */
function temporariesUnder(dir: string): string[] {
  return entriesUnder(dir).filter((entry) => /(^|\/)\.[^/]+\.tmp$/.test(entry))
}

function indexWithoutTime(file: string): Omit<PreparedSite, 'builtAt'> {
  const { builtAt: _, ...rest } = JSON.parse(readFileSync(file, 'utf8')) as PreparedSite
  return rest
}

/** The site's folder is what a build of the same articles from nothing makes, and nothing of a killed build is left. */
async function expectSameAsCleanBuild(site: TestSite): Promise<void> {
  const clean = { outDir: join(site.root, 'clean', 'dist'), preparedFile: join(site.root, 'clean', 'build', 'prepared-site.json') }
  await build(site, clean)
  const entries = entriesUnder(clean.outDir)
  expect(entriesUnder(site.outDir).filter((entry) => entry !== NOT_OURS)).toEqual(entries)
  for (const entry of entries.filter((entry) => !entry.endsWith('/'))) {
    expect(readFileSync(join(site.outDir, entry)).equals(readFileSync(join(clean.outDir, entry))), entry).toBe(true)
  }
  expect(readFileSync(join(site.outDir, NOT_OURS), 'utf8')).toBe(NOT_OURS_TEXT)
  expect(indexWithoutTime(site.preparedFile)).toEqual(indexWithoutTime(clean.preparedFile))
  expect(readdirSync(dirname(site.preparedFile)).sort()).toEqual(readdirSync(dirname(clean.preparedFile)).sort())
  const inputs = (folders: Folders) => readFileSync(folders.preparedFile.replace(/\.json$/, '.inputs.json'), 'utf8')
  expect(inputs(site)).toBe(inputs(clean))
  // The lock and the queue file beside the output folder are gone too.
  expect(readdirSync(site.root).filter((name) => name.startsWith('dist.'))).toEqual([])
}

/** Article `n` is nowhere in the output: no page, no entry in any feed, listing or sitemap. */
function expectGone(site: TestSite, n: number): void {
  expect(existsSync(join(site.outDir, pageOf(n)))).toBe(false)
  const url = `https://news.example.org/${pageOf(n).replace(/\.html$/, '')}`
  for (const entry of entriesUnder(site.outDir).filter((entry) => !entry.endsWith('/'))) {
    expect(readFileSync(join(site.outDir, entry), 'utf8'), entry).not.toContain(url)
  }
}

describe('a build killed mid-way, then a build that finishes', () => {
  it.each([
    ['right after it marked the index as being rebuilt, before its first file', `before-write 1 ${IN_OUTPUT}`],
    ['after a few files were renamed into place', `in-place 4 ${IN_OUTPUT}`],
    ['with a file written beside its place but not renamed', `after-write 3 ${IN_OUTPUT}`],
    ['after it wrote the new index', 'in-place 1 /prepared-site\\.json$'],
    ['after it wrote the inputs, before it removed its marker', 'in-place 1 \\.inputs\\.json$'],
  ])('removes a deleted article when killed %s', async (_, at) => {
    const site = makeSite()
    await build(site)
    expect(existsSync(join(site.outDir, pageOf(4)))).toBe(true)
    rmSync(articleAt(site.articles, 4))
    buildKilledAt(site, at)
    if (at.startsWith('after-write')) expect(temporariesUnder(site.outDir)).not.toEqual([])
    await build(site)
    expectGone(site, 4)
    await expectSameAsCleanBuild(site)
  })

  it('removes what two builds killed in a row wrote or left', async () => {
    const site = makeSite()
    await build(site)
    // The first killed build writes the page of an article that is deleted before the next.
    writeArticle(site.articles, 13)
    buildKilledAt(site, 'in-place 1 /articles/story-013\\.html$')
    rmSync(articleAt(site.articles, 13))
    rmSync(articleAt(site.articles, 4))
    buildKilledAt(site, `after-write 2 ${IN_OUTPUT}`)
    await build(site)
    expectGone(site, 13)
    expectGone(site, 4)
    await expectSameAsCleanBuild(site)
  })

  it('removes what a killed first build on two threads wrote, the second thread’s files too', async () => {
    // More than one task of articles (export-plan.ts), so that the second thread has some.
    const site = makeSite(150)
    buildKilledAt({ ...site, env: { ...site.env, BYLINES_BUILD_THREADS: '2' } }, `in-place 50 ${IN_OUTPUT}`, true)
    // Articles from each task of 100: whichever thread made their pages.
    for (const n of [4, 104, 149]) rmSync(articleAt(site.articles, n))
    await build(site)
    for (const n of [4, 104, 149]) expectGone(site, n)
    await expectSameAsCleanBuild(site)
  })

  it('removes what a killed first build wrote, with no index before it', async () => {
    const site = makeSite()
    buildKilledAt(site, 'in-place 1 /articles/story-004\\.html$')
    expect(existsSync(site.preparedFile)).toBe(false)
    rmSync(articleAt(site.articles, 4))
    await build(site)
    expectGone(site, 4)
    await expectSameAsCleanBuild(site)
  })

  it('writes whole a new file a first build left half-written in its place', async () => {
    const site = makeSite()
    // Nothing was built into the folder, which is empty: new files are created in place (the
    // step counts only those), and the third is cut off half-way. The host's file comes after.
    rmSync(join(site.outDir, NOT_OURS))
    buildKilledAt(site, `mid-write 3 ${IN_OUTPUT}`)
    writeFileSync(join(site.outDir, NOT_OURS), NOT_OURS_TEXT)
    await build(site)
    await expectSameAsCleanBuild(site)
  })

  it('writes a rebuild’s new file beside its place and renames it, as every other', async () => {
    const site = makeSite()
    await build(site)
    writeArticle(site.articles, 13)
    buildKilledAt(site, 'after-write 1 /articles/\\.story-013\\.html\\.')
    expect(existsSync(join(site.outDir, pageOf(13)))).toBe(false)
    expect(temporariesUnder(site.outDir).some((entry) => entry.includes('story-013.html'))).toBe(true)
    await build(site)
    expect(readFileSync(join(site.outDir, pageOf(13)), 'utf8')).toContain('</html>')
    await expectSameAsCleanBuild(site)
  })

  it('writes again a page the killed build changed, though its old version has the same length', async () => {
    const site = makeSite()
    await build(site)
    // An edit that keeps every length: the index's sizes cannot tell the two versions apart.
    writeArticle(site.articles, 5, 'Story number X')
    buildKilledAt(site, 'in-place 1 /articles/story-005\\.html$')
    expect(readFileSync(join(site.outDir, pageOf(5)), 'utf8')).toContain('Story number X')
    writeArticle(site.articles, 5)
    await build(site)
    expect(readFileSync(join(site.outDir, pageOf(5)), 'utf8')).not.toContain('Story number X')
    await expectSameAsCleanBuild(site)
  })
})
