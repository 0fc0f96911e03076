/**
 * Live reload that nothing can starve, on a running server (the real Node entry over HTTP): an
 * edit is served while other files are written without pause, and a folder replaced whole (the
 * articles folder or the public one) is watched anew. And `/healthz` says stale while a change
 * seen has waited too long to be served.
 *
 * Time limits here are generous: a bound of about a second is asserted at 2.5 s, and every wait
 * polls for 20 s, so that a busy machine makes the tests slow, never red.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { settlesIn, statStamp } from '../src/content/file-stamp.ts'
import { type LiveContent, loadLiveContent } from '../src/content/live-content.ts'
import { serveHealth } from '../src/server/health.ts'
import { articleFile, makeSite, ownReporting } from './helpers/fixtures.ts'
import { fetchWithin, pollUntil, type RunningServer, sleep } from './helpers/node-server.ts'
import { serverPerTest } from './helpers/server-per-test.ts'

/** Shortly after a server is ready, its watch and a first full check of the folder have started. */
const WATCH_STARTED_MS = 600
/** About a second is the bound; this leaves room for a busy machine. */
const SERVED_WITHIN_MS = 2500
const POLL = { timeoutMs: 20_000, intervalMs: 25 }

const { cleanups, start, tempFolder } = serverPerTest()

const article = (title: string, body?: string) => articleFile(ownReporting({ title, date: '2021-02-03 10:00' }), body)

/** Appends a line to `path` every 20 ms until the test ends, as a log or an upload in progress does. */
function keepAppending(path: string): void {
  let n = 0
  const timer = setInterval(() => appendFileSync(path, `\nAppended line ${n++}.\n`), 20)
  cleanups.unshift(() => clearInterval(timer))
}

interface FeedItem {
  title: string
  content_html?: string
}

async function items(s: RunningServer): Promise<FeedItem[]> {
  const response = await fetchWithin(`${s.url}feed.json`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { items: FeedItem[] }).items
}

/** Polls until `title` is in the feed; the time it took, from now. */
async function servedAfter(s: RunningServer, title: string): Promise<number> {
  const { elapsedMs } = await pollUntil(async () => ((await items(s)).some((item) => item.title === title) ? true : undefined), {
    ...POLL,
    message: `"${title}" was never served`,
  })
  return elapsedMs
}

async function status(url: string): Promise<number> {
  const response = await fetchWithin(url)
  await response.arrayBuffer()
  return response.status
}

async function servedFile(url: string): Promise<number> {
  const { elapsedMs } = await pollUntil(async () => ((await status(url)) === 200 ? true : undefined), {
    ...POLL,
    message: `${url} was never served`,
  })
  return elapsedMs
}

describe('an edit is served within about a second whatever else keeps changing', () => {
  it('while a hidden file, a file that is no article and another article are each appended every 20 ms', async () => {
    const s = await start({ files: { 'base.md': article('Base'), 'other.md': article('Other') } })
    await sleep(WATCH_STARTED_MS)
    keepAppending(join(s.dir, '.upload.tmp'))
    keepAppending(join(s.dir, 'server.log'))
    keepAppending(join(s.dir, 'other.md'))
    await sleep(300)
    s.writeArticle('base.md', article('Base, edited'))
    expect(await servedAfter(s, 'Base, edited')).toBeLessThan(SERVED_WITHIN_MS)
    // The article that never stops changing is not starved either: it is read at the bound.
    await pollUntil(
      async () => ((await items(s)).find((item) => item.title === 'Other')?.content_html?.includes('Appended line') ? true : undefined),
      {
        ...POLL,
        message: 'the article being appended was never read',
      },
    )
    const health = await fetchWithin(`${s.url}healthz`)
    expect(health.status).toBe(200)
  })

  it('in the public folder, while a hidden file and an upload are each appended every 20 ms', async () => {
    const publicDir = tempFolder('bylines-public-', { 'a.txt': 'a' })
    const s = await start({ files: { 'base.md': article('Base') }, env: { PUBLIC_DIR: publicDir } })
    await sleep(WATCH_STARTED_MS)
    expect(await status(`${s.url}a.txt`)).toBe(200)
    keepAppending(join(publicDir, '.upload.tmp'))
    keepAppending(join(publicDir, 'upload.jpg'))
    await sleep(300)
    writeFileSync(join(publicDir, 'new.txt'), 'new')
    expect(await servedFile(`${s.url}new.txt`)).toBeLessThan(SERVED_WITHIN_MS)
  })
})

describe('a folder replaced whole is watched anew', () => {
  for (const pauseMs of [0, 300]) {
    const how = pauseMs === 0 ? 'in one step' : 'with a pause between the two moves'
    it(`the articles folder, ${how}: its content is served, and later edits in it too`, async () => {
      const s = await start({ files: { 'base.md': article('Base') } })
      await sleep(WATCH_STARTED_MS)
      const replacement = tempFolder('bylines-new-', { 'base.md': article('Base'), 'swapped.md': article('Swapped in') })
      const old = `${s.dir}.old`
      cleanups.push(() => rmSync(old, { recursive: true, force: true }))
      renameSync(s.dir, old)
      if (pauseMs) await sleep(pauseMs)
      renameSync(replacement, s.dir)
      await servedAfter(s, 'Swapped in')
      s.writeArticle('later.md', article('Written after the swap'))
      await servedAfter(s, 'Written after the swap')
      // What is written to the old folder is no longer the site's.
      writeFileSync(join(old, 'stray.md'), article('In the old folder'))
      s.writeArticle('last.md', article('Last'))
      await servedAfter(s, 'Last')
      expect((await items(s)).map((item) => item.title)).not.toContain('In the old folder')
      const health = await fetchWithin(`${s.url}healthz`)
      expect(health.status).toBe(200)
    })
  }

  it('the public folder, in one step: a file added to the new folder is served', async () => {
    const publicDir = tempFolder('bylines-public-', { 'a.txt': 'a' })
    const s = await start({ files: { 'base.md': article('Base') }, env: { PUBLIC_DIR: publicDir } })
    await sleep(WATCH_STARTED_MS)
    expect(await status(`${s.url}a.txt`)).toBe(200)
    const replacement = tempFolder('bylines-public-new-', { 'b.txt': 'b' })
    const old = `${publicDir}.old`
    cleanups.push(() => rmSync(old, { recursive: true, force: true }))
    renameSync(publicDir, old)
    renameSync(replacement, publicDir)
    await servedFile(`${s.url}b.txt`)
    mkdirSync(join(publicDir, 'media'))
    writeFileSync(join(publicDir, 'media', 'c.txt'), 'c')
    await servedFile(`${s.url}media/c.txt`)
  })
})

describe('/healthz while a change waits', () => {
  let live: LiveContent | undefined
  let http: Server | undefined
  afterEach(async () => {
    live?.close()
    await new Promise((done) => (http ? http.close(done) : done(undefined)))
    live = http = undefined
  })

  it('says stale (503, kind pending) once a change seen has waited past the bound, and ok once it is served', async () => {
    const dir = tempFolder('bylines-pending-', { 'a.md': article('A') })
    // Only the change's own wait may read the edit: a file loaded before its stamp settles is
    // read again once it has (file-stamp.ts), and on a busy machine that read came after the
    // edit, served it, and left health saying pending for an edit already served.
    await sleep(settlesIn(statStamp(join(dir, 'a.md'))!, Date.now()))
    // The quiet wait (and its bound) made long, so that the change waits; the bound past which
    // health says stale made short.
    live = await loadLiveContent(dir, makeSite(), { settleMs: 60_000, maxWaitMs: 60_000, staleAfterMs: 200 })
    http = createServer((req, res) => void (serveHealth(req, res, live!.health) || res.writeHead(404).end()))
    await new Promise<void>((done) => http!.listen(0, '127.0.0.1', done))
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/healthz`
    const health = async () => {
      const response = await fetchWithin(url)
      return { status: response.status, body: (await response.json()) as { status: string; error: { kind: string; at: string } | null } }
    }
    await sleep(WATCH_STARTED_MS)
    // And the full check the watch starts with is over before the edit, however late it ran.
    await live.refresh()
    expect((await health()).body).toMatchObject({ status: 'ok', error: null })

    writeFileSync(join(dir, 'a.md'), article('A, edited'))
    // What health says and what is served, read in the same turn: the folder's periodic full
    // check may serve the change at any moment after.
    const pending = await pollUntil(
      async () => {
        const said = live!.health()
        return said.error?.kind === 'pending' ? { said, title: live!.current().articles[0]?.title } : undefined
      },
      { ...POLL, message: 'health never said a change was waiting' },
    )
    expect(pending.value.title).toBe('A')
    const stale = await health()
    if (stale.status === 503) expect(stale.body).toMatchObject({ status: 'stale', error: { kind: 'pending' } })
    else expect(live.current().articles[0]?.title, 'health is ok only once the change is served').toBe('A, edited')

    await live.refresh()
    expect(live.current().articles[0]?.title).toBe('A, edited')
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', error: null } })
  })
})
