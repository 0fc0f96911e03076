/**
 * Attacks on the articles folder of a running server, each against a fresh server (the real
 * Node entry over HTTP): links out of the folder and in loops, folders it may not read, paths too
 * long for the system, FIFOs (also swapped in while it reads), huge files and lists. Each asserts
 * that the server still answers and reloads, serves what it should and nothing from outside the
 * folder, says what it left out, and shows its state on `/healthz`.
 *
 * A killed build and concurrent imports are attacked in test/export/ and test/import.test.ts.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { articleFile, ownReporting } from './helpers/fixtures.ts'
import {
  canDropRootOverride,
  fetchWithin,
  PATIENCE_MS,
  pollUntil,
  type RunningServer,
  type ServerOptions,
  sleep,
} from './helpers/node-server.ts'
import { serverPerTest } from './helpers/server-per-test.ts'

const BASE = ownReporting({ title: 'Base article', date: '2020-06-01 10:00' })
/** Shortly after a server is ready, its watch and a first full check of the folder have started. */
const WATCH_STARTED_MS = 600

interface Health {
  status: 'ok' | 'stale'
  content: { version: string; articles: number; updatedAt: string }
  error: { at: string; kind: 'folder' | 'watch' } | null
  leftOut: number
}

const { cleanups, start: startWith } = serverPerTest()

async function start(files: Record<string, string> = {}, options: ServerOptions = {}): Promise<RunningServer> {
  return startWith({ files: { 'base.md': articleFile(BASE), ...files }, ...options })
}

async function titles(s: RunningServer): Promise<string[]> {
  const response = await fetchWithin(`${s.url}feed.json`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { items: { title: string }[] }).items.map((item) => item.title)
}

async function health(s: RunningServer): Promise<{ status: number; body: Health }> {
  const response = await fetchWithin(`${s.url}healthz`)
  expect(response.headers.get('cache-control')).toBe('no-store')
  return { status: response.status, body: (await response.json()) as Health }
}

/** Writes an article and waits until the feed shows it: proof that live reload still works. */
async function stillReloads(s: RunningServer, title: string, timeoutMs = PATIENCE_MS): Promise<void> {
  s.writeArticle(`${title.toLowerCase().replaceAll(' ', '-')}.md`, articleFile(ownReporting({ title, date: '2021-02-03 10:00' })))
  await pollUntil(async () => ((await titles(s)).includes(title) ? true : undefined), {
    timeoutMs,
    message: `live reload stopped: "${title}" never appeared`,
  })
  expect(s.running()).toBe(true)
}

/** A folder outside the articles folder, holding an article that must never be served. */
function outsideFolder(): string {
  const outside = mkdtempSync(join(tmpdir(), 'bylines-outside-'))
  writeFileSync(join(outside, 'secret.md'), articleFile(ownReporting({ title: 'Secret from outside', date: '2021-03-03 10:00' })))
  cleanups.push(() => rmSync(outside, { recursive: true, force: true }))
  return outside
}

/** Lines of the server's log that say `path` is left out. */
const leftOutLines = (s: RunningServer, path: string) =>
  s.lines().filter((line) => line.startsWith(`content: ${path} `) && line.endsWith('it is left out'))

describe('links', () => {
  it('a loop of links, at start and while running, is left out and said once; the server reloads on', async () => {
    const s = await start()
    symlinkSync('y.md', join(s.dir, 'x.md'))
    symlinkSync('x.md', join(s.dir, 'y.md'))
    await stillReloads(s, 'After the loop')
    expect(leftOutLines(s, 'x.md')).toEqual(['content: x.md is a symbolic link, which is not followed; it is left out'])
    const { status, body } = await health(s)
    expect(status).toBe(200)
    expect(body.leftOut).toBe(2)
  })

  it('links out of the folder (a file, a folder, the parent) are never followed, while running or after a restart', async () => {
    const outside = outsideFolder()
    const plant = (dir: string) => {
      symlinkSync(join(outside, 'secret.md'), join(dir, 'linked.md'))
      symlinkSync(outside, join(dir, 'linked-folder'))
      symlinkSync('..', join(dir, 'up'))
    }
    // While running.
    let s = await start()
    await sleep(WATCH_STARTED_MS)
    plant(s.dir)
    await stillReloads(s, 'After the links')
    await sleep(300)
    expect(await titles(s)).not.toContain('Secret from outside')
    for (const link of ['linked.md', 'linked-folder', 'up']) expect(leftOutLines(s, link), s.lines().join('\n')).toHaveLength(1)
    await s.stop()
    // At start: the same rule.
    const dir = mkdtempSync(join(tmpdir(), 'bylines-node-'))
    writeFileSync(join(dir, 'base.md'), articleFile(BASE))
    plant(dir)
    s = await start({}, { dir })
    expect(await titles(s)).toEqual(['Base article'])
    expect((await health(s)).body.leftOut).toBe(3)
    expect((await fetchWithin(`${s.url}articles/secret`)).status).toBe(404)
  })
})

describe.skipIf(!canDropRootOverride())('folders and files the server may not read', () => {
  it('starts with an unreadable folder, says what it skipped, serves the rest, and picks it up once readable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-node-'))
    writeFileSync(join(dir, 'base.md'), articleFile(BASE))
    mkdirSync(join(dir, 'locked'))
    writeFileSync(join(dir, 'locked', 'inside.md'), articleFile(ownReporting({ title: 'Locked away', date: '2021-01-05 10:00' })))
    writeFileSync(join(dir, 'sealed.md'), articleFile(ownReporting({ title: 'Sealed', date: '2021-01-06 10:00' })))
    chmodSync(join(dir, 'locked'), 0o000)
    chmodSync(join(dir, 'sealed.md'), 0o000)
    // The test's own clean-up may need to enter it again.
    cleanups.push(() => existsSync(join(dir, 'locked')) && chmodSync(join(dir, 'locked'), 0o755))
    const s = await start({}, { dir, boundByPermissions: true })
    expect(await titles(s)).toEqual(['Base article'])
    expect(leftOutLines(s, 'locked/')).toEqual(['content: locked/ cannot be read: permission denied; it is left out'])
    // A file is read (and found unreadable) by the first full check, once the watch is on; and
    // stays counted while later full checks read it again (it once dropped out while they did).
    await s.waitForLine(/^content: sealed\.md cannot be read: permission denied; it is left out$/)
    expect((await health(s)).body).toMatchObject({ status: 'ok', leftOut: 2 })

    await stillReloads(s, 'Beside the locked folder')
    chmodSync(join(dir, 'locked'), 0o755)
    chmodSync(join(dir, 'sealed.md'), 0o644)
    await pollUntil(
      async () => {
        const now = await titles(s)
        return now.includes('Locked away') && now.includes('Sealed') ? true : undefined
      },
      { timeoutMs: PATIENCE_MS, message: 'the folder and the file made readable were never picked up' },
    )
    expect((await health(s)).body.leftOut).toBe(0)
  })
})

describe('paths longer than the system allows', () => {
  /** Folders nested under `dir` until the path passes 4,096 bytes, made with relative paths (an absolute one would be refused). */
  const deepFolder = (dir: string, name: string) => {
    const segment = 'd'.repeat(250)
    const make = `
      const { mkdirSync, writeFileSync } = require('node:fs')
      process.chdir(process.argv[1])
      for (const folder of [process.argv[2], ...Array(18).fill('${segment}')]) { mkdirSync(folder); process.chdir(folder) }
      writeFileSync('deep.md', process.argv[3])`
    execFileSync(process.execPath, ['-e', make, dir, name, articleFile(ownReporting({ title: 'Too deep', date: '2021-01-07 10:00' }))])
    // Node's own removal works with whole paths, which these are too long for.
    cleanups.push(() => execFileSync('rm', ['-rf', join(dir, name)]))
  }

  it('a start with one does not fail; one made while running does not stop the server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-node-'))
    cleanups.push(() => execFileSync('rm', ['-rf', dir]))
    writeFileSync(join(dir, 'base.md'), articleFile(BASE))
    deepFolder(dir, 'before')
    const s = await start({}, { dir })
    expect(await titles(s)).toEqual(['Base article'])
    expect(
      s.lines().some((line) => /^content: before\/.* cannot be read: its path is too long; it is left out$/.test(line)),
      s.lines().join('\n'),
    ).toBe(true)
    await sleep(WATCH_STARTED_MS)
    deepFolder(dir, 'while')
    await stillReloads(s, 'After the deep folder')
    expect((await health(s)).body.status).toBe('ok')
  })
})

describe('FIFOs', () => {
  it('a FIFO at start, one put in while running and one swapped for a file mid-read never block the server, its reload or its stop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-node-'))
    writeFileSync(join(dir, 'base.md'), articleFile(BASE))
    execFileSync('mkfifo', [join(dir, 'at-start.md')])
    const s = await start({}, { dir })
    expect(leftOutLines(s, 'at-start.md')).toEqual(['content: at-start.md is a FIFO (named pipe), not a plain file; it is left out'])
    await sleep(WATCH_STARTED_MS)
    execFileSync('mkfifo', [join(s.dir, 'later.md')])
    // A file and a FIFO swapped back and forth under one name while the server reads it.
    const file = join(s.dir, 'swapped.md')
    const text = articleFile(ownReporting({ title: 'Swapped', date: '2021-01-08 10:00' }))
    for (let i = 0; i < 40; i++) {
      writeFileSync(`${file}.tmp`, text)
      renameSync(`${file}.tmp`, file)
      await sleep(5 + (i % 4) * 20)
      unlinkSync(file)
      execFileSync('mkfifo', [file])
      await sleep(5 + (i % 3) * 25)
      unlinkSync(file)
    }
    await stillReloads(s, 'After the FIFOs')
    expect((await health(s)).body.status).toBe('ok')
    expect((await s.stop()).forced, 'SIGTERM did not stop the server').toBe(false)
  })
})

describe('huge files and lists', () => {
  it('a file over the limit is left out unread, naming its size; a huge list is an error naming the field; the rest reloads', async () => {
    const s = await start()
    await sleep(WATCH_STARTED_MS)
    // 5 MiB: past the 4 MiB limit. Its title would otherwise be served.
    s.writeArticle('huge.md', articleFile(ownReporting({ title: 'Huge', date: '2021-01-09 10:00' }), 'x'.repeat(5 * 1024 * 1024)))
    // 130,000 tags: a list that once overflowed the call stack while being checked.
    s.writeArticle(
      'long-list.md',
      `---\ntitle: Long list\ndate: 2021-01-01\ntags: [${Array.from({ length: 130_000 }, (_, i) => `t${i % 7}`).join(', ')}]\n---\nBody\n`,
    )
    await stillReloads(s, 'After the huge files')
    await s.waitForLine(/^content: huge\.md is 5\.0 MiB; an article may be at most 4 MiB; it is left out$/)
    await s.waitForLine(/^content: error: long-list\.md:\d+ tags: .*at most 100/)
    const rss = await fetchWithin(`${s.url}rss.xml`)
    expect(Number(rss.headers.get('content-length') ?? (await rss.arrayBuffer()).byteLength)).toBeLessThan(100_000)
    expect(await titles(s)).not.toContain('Huge')
  })
})

describe('/healthz', () => {
  it('says ok with the content version, and stale (503) with the error once the folder cannot be read', async () => {
    const s = await start()
    const first = await health(s)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ status: 'ok', error: null, content: { articles: 1 } })
    expect(first.body.content.version).toMatch(/^[\w-]{16}$/)
    await sleep(WATCH_STARTED_MS)
    await stillReloads(s, 'A second article')
    const second = await health(s)
    expect(second.body.content.articles).toBe(2)
    expect(second.body.content.version).not.toBe(first.body.content.version)

    // The folder goes away: what was read is still served, and the server says it is stale.
    const moved = `${s.dir}-moved`
    renameSync(s.dir, moved)
    cleanups.push(() => rmSync(moved, { recursive: true, force: true }))
    const stale = await pollUntil(
      async () => {
        const now = await health(s)
        return now.status === 503 ? now : undefined
      },
      { timeoutMs: PATIENCE_MS, message: '/healthz never said the server is stale' },
    )
    expect(stale.value.body).toMatchObject({ status: 'stale', error: { kind: 'folder' } })
    // The folder's path is for the log, not for anyone who asks.
    expect(JSON.stringify(stale.value.body)).not.toContain(s.dir)
    expect(s.lines()).toContainEqual(expect.stringMatching(/does not exist; still serving the last content read$/))
    expect(await titles(s)).toContain('A second article')
  })
})
