/**
 * Golden files: the feeds, the OPML file, the sitemaps and robots.txt that `bylines build` writes
 * for the bundled site (`articles/`, `public/`, `bylines.toml`), kept in test/golden/site/ and
 * compared byte for byte. A change to what the site publishes shows up as a diff of them.
 *
 *   npm run golden:update     writes them again from the build; then review `git diff test/golden`
 *
 * The build is the newsroom's: `scripts/bundle.mjs`, then the bundle's `bylines build`, in a
 * child process with a clean environment, into a temporary folder. What would vary is fixed:
 * - the clock: test/helpers/fixed-clock.mjs starts the command's clock at CLOCK, so what is
 *   published, what is scheduled and what the news sitemap's two days hold do not depend on
 *   the day the test runs;
 * - the site's address: SITE_URL (bylines.toml leaves `url` unset, and the default follows the port);
 * - the time zone and locale of the process (TZ=UTC, C.UTF-8), and no setting from the
 *   shell's environment (only PATH, and the run's TMPDIR, are passed on);
 * - the picture cache: a fresh one in the temporary folder.
 * Nothing is normalised: the files are the bytes the build wrote. They are the same on Node 20,
 * 22, 24 and 26, under another TZ or locale, and on one or two threads.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertWellFormedXml } from './helpers/parsers.ts'

const REPO = join(import.meta.dirname, '..')
const GOLDEN = join(REPO, 'test', 'golden', 'site')
const UPDATE = process.env.UPDATE_GOLDEN === '1'

/** The files kept, by their paths in dist/: the site's, one tag's and one publication's. */
const FILES = [
  'rss.xml',
  'atom.xml',
  'feed.json',
  'feeds.opml',
  'sitemap.xml',
  'sitemap-news.xml',
  'robots.txt',
  'tags/rail/rss.xml',
  'tags/rail/atom.xml',
  'tags/rail/feed.json',
  'publications/le-monde/rss.xml',
  'publications/le-monde/atom.xml',
  'publications/le-monde/feed.json',
]

/**
 * The golden build's "now": a day after the newest bundled article (21 April 2026, 11:15 in
 * Kyiv), so that every bundled article is published and the news sitemap lists that one. An
 * article added later than this is scheduled in the golden build: move the clock with it.
 */
const CLOCK = '2026-04-22T12:00:00Z'
const SITE_URL = 'https://news.example.org/'

const HOW_TO_UPDATE = 'If the change is meant, run `npm run golden:update` and review `git diff test/golden` before committing it.'

const run = promisify(execFile)
let root: string
let outDir: string

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'bylines-golden-'))
  outDir = join(root, 'dist')
  const bundle = join(root, 'bundle')
  // No time limit of its own: on a busy machine this takes what it takes; the hook's limit tells a hang.
  await run(process.execPath, [join('scripts', 'bundle.mjs'), bundle], { cwd: REPO })
  const env = {
    PATH: process.env.PATH ?? '',
    // The run's folder for temporary files (test/helpers/temporary-folder.ts), not the machine's.
    TMPDIR: tmpdir(),
    TZ: 'UTC',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    FIXED_CLOCK: CLOCK,
    SITE_URL,
    BYLINES_CACHE_DIR: join(root, 'cache'),
  }
  const clock = pathToFileURL(join(REPO, 'test', 'helpers', 'fixed-clock.mjs')).href
  try {
    await run(
      process.execPath,
      [
        '--import',
        clock,
        join(bundle, 'bylines.mjs'),
        'build',
        '--config',
        'bylines.toml',
        '--out',
        outDir,
        '--prepared',
        join(root, 'prepared-site.json'),
      ],
      { cwd: REPO, env },
    )
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`bylines build failed for the golden files:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error })
  }
  if (UPDATE) update()
}, 600_000)

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true })
})

/** Writes every golden file the build changed, and removes those no longer kept. */
function update(): void {
  const changed: string[] = []
  for (const file of FILES) {
    const actual = readFileSync(join(outDir, file))
    const target = join(GOLDEN, file)
    if (readIfThere(target)?.equals(actual)) continue
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, actual)
    changed.push(file)
  }
  for (const file of goldenFiles()) {
    if (FILES.includes(file)) continue
    rmSync(join(GOLDEN, file))
    changed.push(`${file} (removed)`)
  }
  console.log(
    changed.length === 0
      ? 'golden files: none changed'
      : `golden files changed: ${changed.join(', ')}; review them with git diff test/golden`,
  )
}

function readIfThere(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}

/** The files under test/golden/site/, as `/`-separated paths. */
function goldenFiles(): string[] {
  if (!existsSync(GOLDEN)) return []
  return readdirSync(GOLDEN, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(GOLDEN.length + 1)
        .split('\\')
        .join('/'),
    )
}

/** That a file is what its name says, and not empty: the build's other tests judge the rest. */
function expectSound(file: string, text: string): void {
  expect(text.length, `${file} is empty`).toBeGreaterThan(0)
  if (file.endsWith('.json')) expect(JSON.parse(text).version, `${file} is not a JSON Feed`).toBe('https://jsonfeed.org/version/1.1')
  else if (file.endsWith('.txt')) expect(text, `${file} names no sitemap`).toMatch(/^Sitemap: https:\/\//m)
  else assertWellFormedXml(text)
  // Built in a temporary folder from this checkout: neither is any part of the site.
  for (const path of [root, REPO]) expect(text, `${file} names a path of this machine`).not.toContain(path)
  expect(text, `${file} is not for the golden build's address`).toContain(SITE_URL)
}

describe('golden files (test/golden/site/) are the bytes the build writes for the bundled site', () => {
  it.each(FILES)('%s', (file) => {
    const actual = readFileSync(join(outDir, file))
    expectSound(file, actual.toString('utf8'))
    const expected = readIfThere(join(GOLDEN, file))
    expect(expected, `test/golden/site/${file} is missing. ${HOW_TO_UPDATE}`).toBeDefined()
    const message = `test/golden/site/${file} differs from what bylines build writes now (- golden, + built). ${HOW_TO_UPDATE}`
    // As text first, for a readable diff; then as bytes, which is what is kept.
    expect(actual.toString('utf8'), message).toBe(expected!.toString('utf8'))
    expect(actual.equals(expected!), message).toBe(true)
  })

  it('holds no other files', () => {
    expect(goldenFiles().sort(), `test/golden/site/ holds files the test does not compare. ${HOW_TO_UPDATE}`).toEqual([...FILES].sort())
  })
})
