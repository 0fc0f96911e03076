/**
 * The export on two threads writes what it writes on one: the same files, byte for byte, the
 * same index and the same inputs, for a build from nothing and for a rebuild after an edit and
 * a deletion, and from the bundled command as from the sources. And a second thread that fails
 * fails the build, with its message, at once.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '../../src/cli/build.ts'
import { loadSiteForBuild } from '../../src/content/load-site.ts'
import { exportSite } from '../../src/export/export-site.ts'
import { buildContext } from '../../src/export/input-hasher.ts'
import { createViewSource } from '../../src/feed-sets/view.ts'
import { NODE_ENCODERS } from '../../src/http/encoders.ts'
import type { PreparedSite } from '../../src/resources/prepared-site.ts'
import { type BuiltSite, buildTestSite, filesUnder, REPO } from '../helpers/built-site.ts'

let built: BuiltSite
const run = promisify(execFile)
const CONFIG = join(REPO, 'bylines.toml')

beforeAll(async () => {
  // Enough articles that the big sets have many archives and both threads get work of each phase.
  built = await buildTestSite(120)
})

afterAll(() => built?.remove())

interface Build {
  outDir: string
  preparedFile: string
  logged: string[]
}

/** `bylines build` of the test site on `threads` threads, into a folder of its own. */
async function buildOn(threads: 1 | 2, name: string): Promise<Build> {
  const outDir = join(built.root, name, 'dist')
  const preparedFile = join(built.root, name, 'prepared-site.json')
  const logged = await quietly(() =>
    buildCommand.run(['--out', outDir, '--prepared', preparedFile, '--config', CONFIG, '--skip-errors'], {
      ...built.env,
      BYLINES_BUILD_THREADS: String(threads),
    }),
  )
  return { outDir, preparedFile, logged }
}

/** Runs a build that must succeed, keeping its log lines rather than printing them (the test site's broken article is reported on every build). */
async function quietly(run: () => Promise<number>): Promise<string[]> {
  const logged: string[] = []
  const quiet = { log: console.log, warn: console.warn, error: console.error }
  console.log = (line: string) => logged.push(line)
  console.warn = console.error = () => {}
  try {
    expect(await run()).toBe(0)
  } finally {
    Object.assign(console, quiet)
  }
  return logged
}

/** The index without the moment of its build, which differs between any two builds. */
function indexOf(build: Build): Omit<PreparedSite, 'builtAt'> {
  const { builtAt: _, ...rest } = JSON.parse(readFileSync(build.preparedFile, 'utf8')) as PreparedSite
  return rest
}

function expectSameOutput(one: Build, two: Build): void {
  const files = filesUnder(one.outDir).sort()
  expect(filesUnder(two.outDir).sort()).toEqual(files)
  for (const file of files) expect(readFileSync(join(two.outDir, file)).equals(readFileSync(join(one.outDir, file))), file).toBe(true)
  expect(indexOf(two)).toEqual(indexOf(one))
  const inputs = (build: Build) => readFileSync(build.preparedFile.replace(/\.json$/, '.inputs.json'), 'utf8')
  expect(inputs(two)).toBe(inputs(one))
}

/** "N made by the second" from the build's line; 0 when it ran on one thread. */
function madeBySecond(build: Build): number {
  return Number(/on two threads \((\d+) made by the second\)/.exec(build.logged.join('\n'))?.[1] ?? 0)
}

/** "(N files, X MiB; M made, W written)" from the build's last line. */
function counts(build: Build): { made: number; written: number } {
  const [, made, written] = [...build.logged.join('\n').matchAll(/; (\d+) made, (\d+) written\)/g)].at(-1)!
  return { made: Number(made), written: Number(written) }
}

describe('the export on two threads', () => {
  it('writes the same files, index and inputs as on one, and the second thread does part of the work', async () => {
    const one = await buildOn(1, 'one')
    const two = await buildOn(2, 'two')
    expect(madeBySecond(one)).toBe(0)
    expect(madeBySecond(two)).toBeGreaterThan(0)
    expect(madeBySecond(two)).toBeLessThan(counts(two).made)
    const index = indexOf(two)
    // Archives, so that documents of both kinds went through both threads.
    expect(Object.keys(index.resources).filter((key) => key.startsWith('/archive/')).length).toBeGreaterThan(100)
    expectSameOutput(one, two)
    // The inputs both threads hashed as they made each resource are those a rebuild works out to decide: nothing is remade.
    const again = await buildOn(2, 'two')
    expect(counts(again).written).toBe(0)
    expect(counts(again).made).toBeLessThanOrEqual(5)
  })

  it('rebuilds after an edit and a deletion as one thread does: the same files written, stale ones removed', async () => {
    const edited = join(built.env.ARTICLES_DIR!, 'night-trains-quiet-return.md')
    writeFileSync(edited, readFileSync(edited, 'utf8').replace(/^title: .*$/m, 'title: "Sleeper services return"'))
    rmSync(join(built.env.ARTICLES_DIR!, 'hill-village-revives-cisterns.md'))
    const one = await buildOn(1, 'one')
    const two = await buildOn(2, 'two')
    expect(counts(two)).toEqual(counts(one))
    expect(counts(two).written).toBeGreaterThan(0)
    expect(filesUnder(two.outDir)).not.toContain('articles/hill-village-revives-cisterns.html')
    expect(readFileSync(join(two.outDir, 'articles', 'night-trains-quiet-return.html'), 'utf8')).toContain('Sleeper services return')
    expectSameOutput(one, two)
  })

  it('writes the same from the bundle (build/bylines.mjs), its second thread started from the bundle beside it', async () => {
    const one = await buildOn(1, 'one')
    const bundleDir = join(built.root, 'bundle')
    await run(process.execPath, ['scripts/bundle.mjs', bundleDir], { cwd: REPO })
    const outDir = join(built.root, 'bundled', 'dist')
    const preparedFile = join(built.root, 'bundled', 'prepared-site.json')
    const { stdout } = await run(
      process.execPath,
      [join(bundleDir, 'bylines.mjs'), 'build', '--out', outDir, '--prepared', preparedFile, '--config', CONFIG, '--skip-errors'],
      {
        cwd: REPO,
        env: { ...process.env, ...built.env, BYLINES_BUILD_THREADS: '2' },
      },
    )
    const bundled = { outDir, preparedFile, logged: stdout.split('\n') }
    expect(madeBySecond(bundled)).toBeGreaterThan(0)
    // Equal inputs too: the bundle names the code version of the sources it was made from.
    expectSameOutput(one, bundled)
    // Bundled again from the same sources, nothing is written: a command running from it is left alone.
    const inode = () => statSync(join(bundleDir, 'bylines.mjs')).ino
    const before = inode()
    await run(process.execPath, ['scripts/bundle.mjs', bundleDir], { cwd: REPO })
    expect(inode()).toBe(before)

    // The files the stamp lists (its first three lines are the stamp): the first of them gone is
    // made again, and the entries are left as they are.
    const stampFile = join(bundleDir, '.bundle-stamp')
    const listed = readFileSync(stampFile, 'utf8').split('\n').slice(3).filter(Boolean)
    expect(listed).toContain('bylines.mjs')
    expect(listed.some((file) => /^chunks\/article-object-.*\.mjs$/.test(file))).toBe(true)
    const untouched = ['bylines.mjs', 'server.mjs'].find((entry) => !listed[0]!.startsWith(entry))!
    const untouchedInode = statSync(join(bundleDir, untouched)).ino
    rmSync(join(bundleDir, listed[0]!))
    await run(process.execPath, ['scripts/bundle.mjs', bundleDir], { cwd: REPO })
    expect(existsSync(join(bundleDir, listed[0]!))).toBe(true)
    expect(statSync(join(bundleDir, untouched)).ino).toBe(untouchedInode)

    // A bundle replaced (its stamp of other sources): its chunks are kept an hour from now,
    // however old they are; a chunk no stamp lists, an hour after its own time.
    const chunks = join(bundleDir, 'chunks')
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000)
    const [, ...rest] = readFileSync(stampFile, 'utf8').split('\n')
    writeFileSync(stampFile, ['other sources', ...rest].join('\n') + 'chunks/chunk-REPLACED.mjs\n')
    const replaced = join(chunks, 'chunk-REPLACED.mjs')
    const stale = join(chunks, 'chunk-EARLIER.mjs')
    const recent = join(chunks, 'chunk-RECENT.mjs')
    for (const file of [replaced, stale, recent]) writeFileSync(file, '')
    for (const file of [replaced, stale]) utimesSync(file, twoHoursAgo, twoHoursAgo)
    await run(process.execPath, ['scripts/bundle.mjs', bundleDir], { cwd: REPO })
    expect(existsSync(replaced)).toBe(true)
    expect(statSync(replaced).mtimeMs).toBeGreaterThan(Date.now() - 3_600_000)
    expect(existsSync(stale)).toBe(false)
    expect(existsSync(recent)).toBe(true)
  })

  it('stays on one thread when there is little to make', async () => {
    const auto = { ...built.env, BYLINES_BUILD_THREADS: 'auto' }
    const logged = await quietly(() =>
      buildCommand.run(
        [
          '--out',
          join(built.root, 'auto', 'dist'),
          '--prepared',
          join(built.root, 'auto', 'prepared-site.json'),
          '--config',
          CONFIG,
          '--skip-errors',
        ],
        auto,
      ),
    )
    expect(logged.join('\n')).toMatch(/ made, \d+ written\)/)
    expect(logged.join('\n')).not.toMatch(/two threads/)
  })
})

describe('a second thread that fails', () => {
  /** The export of the test site on two threads, the second running `entry`. */
  async function exportWith(entry: string, name: string) {
    const { site, collection } = await loadSiteForBuild(built.env, { file: CONFIG })
    const builtAt = new Date()
    return exportSite({
      view: createViewSource(() => collection, site)(builtAt),
      site,
      outDir: join(built.root, name),
      exportDir: name,
      encoders: NODE_ENCODERS,
      builtAt,
      context: buildContext(site),
      load: { env: built.env, configFile: CONFIG },
      threads: 2,
      threadEntry: new URL(`../fixtures/${entry}`, import.meta.url),
    })
  }

  it('fails the export with its error', async () => {
    await expect(exportWith('export-thread-fails.mjs', 'fails')).rejects.toThrow(
      "the export's second thread failed: no space left on device (made up for the test)",
    )
  })

  it('fails the export when it exits before it has finished', async () => {
    await expect(exportWith('export-thread-exits.mjs', 'exits')).rejects.toThrow(
      "the export's second thread stopped (exit code 3) before it finished",
    )
  })
})
