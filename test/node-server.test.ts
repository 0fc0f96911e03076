/**
 * End to end against the real Node entry (`node --import tsx src/server/server.ts`) over HTTP on
 * 127.0.0.1: content types and codings, the prepared-response cache, conditional GET with a real
 * feed reader (Python's feedparser), live content from the watched articles folder, the request
 * log, and WebSub pings to a local hub.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleFile, fullTranslation, ownReporting } from './helpers/fixtures.ts'
import {
  atimeTracksReads,
  fetchWithin,
  makeArticlesDir,
  markUnread,
  PATIENCE_MS,
  pollUntil,
  type RunningServer,
  rawRequest,
  type ServerOptions,
  sleep,
  spawnServer,
  startServer,
} from './helpers/node-server.ts'
import { assertWellFormedXml, childrenNamed, findAll, NS, parseXmlTree } from './helpers/parsers.ts'

const PYTHON = process.env.BYLINES_TEST_PYTHON ?? '/usr/bin/python3'

interface JsonFeedItem {
  id: string
  url: string
  title: string
}

interface JsonFeed {
  items: JsonFeedItem[]
  hubs?: { type: string; url: string }[]
}

async function jsonFeed(server: RunningServer, path = 'feed.json'): Promise<JsonFeed> {
  const response = await fetchWithin(`${server.url}${path}`)
  expect(response.status).toBe(200)
  return (await response.json()) as JsonFeed
}

const itemFor = (feed: JsonFeed, slug: string) => feed.items.find((i) => i.url.endsWith(`/articles/${slug}`))

const FEEDS = [
  ['/rss.xml', 'application/xml; charset=utf-8'],
  ['/atom.xml', 'application/xml; charset=utf-8'],
  ['/feed.json', 'application/feed+json; charset=utf-8'],
] as const

/**
 * Each server takes about a second to start, so the servers of the blocks below start together,
 * before the first block runs; each block stops its own, and whatever is left is stopped here.
 */
const booting: Promise<RunningServer>[] = []
function boot(options: ServerOptions): Promise<RunningServer> {
  const server = startServer(options)
  booting.push(server)
  server.catch(() => {}) // reported by the block that awaits it
  return server
}
afterAll(async () => {
  await Promise.all(
    booting.map((server) =>
      server.then(
        (s) => s.stop(),
        () => {},
      ),
    ),
  )
})

const BASE = ownReporting({ title: 'Base article', date: '2020-06-01 10:00', tags: ['Desk'] })

/** The local WebSub hub: records every POST body. */
const pings: { contentType: string | undefined; body: string }[] = []
const hub: Server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    if (req.method === 'POST') pings.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') })
    res.writeHead(204).end()
  })
})
let hubUrl = ''
afterAll(async () => {
  hub.closeAllConnections()
  if (hub.listening) await new Promise<void>((resolve) => hub.close(() => resolve()))
})

let servingBoot: Promise<RunningServer>
let liveBoot: Promise<RunningServer>
let websubBoot: Promise<RunningServer>
beforeAll(async () => {
  servingBoot = boot({
    files: {
      'france-russia.md': articleFile(fullTranslation()),
      'desk/inside.md': articleFile(ownReporting()),
    },
  })
  liveBoot = boot({ files: { 'base.md': articleFile(BASE) } })
  await new Promise<void>((resolve, reject) => {
    hub.once('error', reject)
    hub.listen(0, '127.0.0.1', () => resolve())
  })
  const address = hub.address()
  hubUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
  websubBoot = boot({
    env: { WEBSUB_HUB: hubUrl },
    files: {
      'climate.md': articleFile(ownReporting({ title: 'Climate piece', date: '2021-05-01 10:00', tags: ['Climate'] })),
      'sport.md': articleFile(
        ownReporting({ title: 'Sport piece', date: '2021-04-01 10:00', tags: ['Sport'], authors: [{ name: 'Someone Else' }] }),
      ),
    },
  })
})

describe('serving over HTTP', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await servingBoot
  })
  afterAll(async () => {
    await server?.stop()
  })

  it.each([...FEEDS, ['/', 'text/html; charset=utf-8']] as const)('GET %s is 200 %s with both articles', async (path, type) => {
    const response = await fetchWithin(`${server.url}${path.slice(1)}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
    const body = await response.text()
    if (path.endsWith('.xml')) assertWellFormedXml(body)
    if (path.endsWith('.json')) expect((JSON.parse(body) as JsonFeed).items).toHaveLength(2)
    expect(body).toContain('Inside the translation desk')
    expect(body).toContain('France-Russia military alliance')
    // Absolute URLs are built from SITE_URL, i.e. they point at this server.
    expect(body).toContain(path === '/' ? `<link rel="canonical" href="${server.url}">` : `${server.url}articles/france-russia`)
  })

  it.each(
    FEEDS.flatMap(
      ([path]) =>
        [
          [path, 'gzip'],
          [path, 'br'],
        ] as const,
    ),
  )('%s in %s decodes to the identity body', async (path, coding) => {
    const identity = await rawRequest(`${server.url}${path.slice(1)}`)
    expect(identity.headers['content-encoding']).toBeUndefined()
    expect(Number(identity.headers['content-length'])).toBe(identity.body.byteLength)
    // Twice: once as the app makes the variant, once from the fast path once it is ready.
    for (let i = 0; i < 2; i++) {
      const raw = await rawRequest(`${server.url}${path.slice(1)}`, { headers: { 'accept-encoding': coding } })
      expect(raw.status).toBe(200)
      expect(raw.headers['content-encoding']).toBe(coding)
      expect(raw.headers.vary).toBe('Accept-Encoding')
      expect(raw.headers['content-type']).toBe(identity.headers['content-type'])
      expect(Number(raw.headers['content-length'])).toBe(raw.body.byteLength)
      expect(raw.body.byteLength).toBeLessThan(identity.body.byteLength)
      const decoded = coding === 'gzip' ? gunzipSync(raw.body) : brotliDecompressSync(raw.body)
      expect(decoded.equals(identity.body)).toBe(true)
      // Each coding is its own representation, with its own strong ETag.
      expect(raw.headers.etag).toBe(`${identity.headers.etag!.slice(0, -1)}-${coding}"`)
    }
  })

  it('prefers br to gzip when both are accepted, and honours q=0', async () => {
    const both = await rawRequest(`${server.url}rss.xml`, { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(both.headers['content-encoding']).toBe('br')
    const noBr = await rawRequest(`${server.url}rss.xml`, { headers: { 'accept-encoding': 'br;q=0, gzip' } })
    expect(noBr.headers['content-encoding']).toBe('gzip')
  })

  it('reads Accept-Encoding with whitespace around ";" and weights of more than three decimals, on the app and the fast path alike', async () => {
    for (const accept of ['br ; q=1', 'br;q=0.0001', 'gzip;q=0.5 , br ; q=0.9']) {
      // Twice: once through the app, once from the fast path once the response is prepared.
      for (let i = 0; i < 2; i++) {
        const raw = await rawRequest(`${server.url}atom.xml`, { headers: { 'accept-encoding': accept } })
        expect(raw.headers['content-encoding'], accept).toBe('br')
      }
    }
  })

  it('answers HEAD with the GET headers and no body, before and after the response is prepared', async () => {
    // /articles/{slug} has not been requested yet: the first HEAD goes through the app.
    for (const path of ['articles/france-russia', 'articles/france-russia', 'atom.xml', 'atom.xml']) {
      const head = await rawRequest(`${server.url}${path}`, { method: 'HEAD' })
      const got = await rawRequest(`${server.url}${path}`)
      expect(head.status, path).toBe(200)
      expect(head.body.byteLength, path).toBe(0)
      expect(head.headers['content-length'], path).toBe(String(got.body.byteLength))
      for (const name of ['content-type', 'etag', 'last-modified', 'cache-control', 'vary']) {
        expect(head.headers[name], `${path} ${name}`).toBe(got.headers[name])
      }
    }
  })

  it('answers a second identical request with the same bytes and ETag (the prepared response)', async () => {
    for (const [path] of FEEDS) {
      const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'gzip' }, { 'accept-encoding': 'br' }]
      for (const headers of variants) {
        const first = await rawRequest(`${server.url}${path.slice(1)}`, { headers })
        const second = await rawRequest(`${server.url}${path.slice(1)}`, { headers })
        expect(second.status).toBe(200)
        expect(second.body.equals(first.body), path).toBe(true)
        expect(second.headers.etag).toBe(first.headers.etag)
        expect(second.headers['last-modified']).toBe(first.headers['last-modified'])
        expect(second.headers['content-length']).toBe(first.headers['content-length'])
      }
    }
  })

  describe('conditional GET over the wire', () => {
    const NOT_MODIFIED_HEADERS = ['etag', 'cache-control', 'last-modified', 'vary'] as const

    it.each(FEEDS.map(([path]) => path))('If-None-Match on %s gives 304 with the validators and no body', async (path) => {
      const url = `${server.url}${path.slice(1)}`
      const full = await rawRequest(url)
      const etag = full.headers.etag!
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
      for (const ifNoneMatch of [etag, `W/${etag}`, `"nope", ${etag}`]) {
        const response = await rawRequest(url, { headers: { 'if-none-match': ifNoneMatch } })
        expect(response.status, ifNoneMatch).toBe(304)
        expect(response.body.byteLength).toBe(0)
        for (const name of NOT_MODIFIED_HEADERS) expect(response.headers[name], name).toBe(full.headers[name])
        expect(response.headers['content-type']).toBe(full.headers['content-type'])
      }
      const stale = await rawRequest(url, { headers: { 'if-none-match': '"not-the-etag"' } })
      expect(stale.status).toBe(200)
      expect(stale.body.equals(full.body)).toBe(true)
    })

    it('a compressed representation is revalidated with its own ETag', async () => {
      const url = `${server.url}feed.json`
      const gz = await rawRequest(url, { headers: { 'accept-encoding': 'gzip' } })
      const response = await rawRequest(url, { headers: { 'accept-encoding': 'gzip', 'if-none-match': gz.headers.etag! } })
      expect(response.status).toBe(304)
      expect(response.headers.etag).toBe(gz.headers.etag)
      expect(response.body.byteLength).toBe(0)
    })

    it('If-Modified-Since with the Last-Modified gives 304; an older date gives 200', async () => {
      const url = `${server.url}rss.xml`
      const full = await rawRequest(url)
      const lastModified = full.headers['last-modified']!
      const fresh = await rawRequest(url, { headers: { 'if-modified-since': lastModified } })
      expect(fresh.status).toBe(304)
      expect(fresh.body.byteLength).toBe(0)
      const older = new Date(Date.parse(lastModified) - 1000).toUTCString()
      expect((await rawRequest(url, { headers: { 'if-modified-since': older } })).status).toBe(200)
    })
  })

  it.each(['rss.xml', 'atom.xml'])('python feedparser reads /%s, then gets 304 when it passes back etag and modified', (file) => {
    const script = `
import json, sys, feedparser
url = sys.argv[1]
d = feedparser.parse(url)
again = feedparser.parse(url, etag=d.get("etag"), modified=d.get("modified"))
by_etag = feedparser.parse(url, etag=d.get("etag"))
by_date = feedparser.parse(url, modified=d.get("modified"))
print(json.dumps({
  "status": d.get("status"), "bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version, "etag": d.get("etag"), "modified": d.get("modified"),
  "titles": [e.get("title") for e in d.entries],
  "again": {"status": again.get("status"), "entries": len(again.entries)},
  "by_etag": by_etag.get("status"), "by_date": by_date.get("status"),
}))
`
    const out = execFileSync(PYTHON, ['-c', script, `${server.url}${file}`], {
      timeout: 120_000,
      env: { ...process.env, no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1', http_proxy: '', HTTP_PROXY: '' },
    })
    const result = JSON.parse(out.toString('utf8')) as {
      status: number
      bozo: boolean
      bozo_exception: string
      version: string
      etag: string | null
      modified: string | null
      titles: string[]
      again: { status: number; entries: number }
      by_etag: number
      by_date: number
    }
    expect(result.status).toBe(200)
    expect(result.bozo, result.bozo_exception).toBe(false)
    expect(result.version).toBe(file === 'rss.xml' ? 'rss20' : 'atom10')
    expect(result.titles).toEqual(['Inside the translation desk', 'Ukrainian war no longer obstacle to France-Russia military alliance?'])
    expect(result.etag).toMatch(/^"[A-Za-z0-9_-]{27}(-gzip)?"$/)
    expect(result.modified).toBeTruthy()
    expect(result.again).toEqual({ status: 304, entries: 0 })
    expect(result.by_etag).toBe(304)
    expect(result.by_date).toBe(304)
  })

  it('logs one line per request: method, path, status, bytes and time', async () => {
    const from = server.lines().length
    const response = await rawRequest(`${server.url}rss.xml`)
    const bytes = response.body.byteLength
    const line = await server.waitForLine(new RegExp(`^GET /rss\\.xml 200 ${bytes} \\d+(\\.\\d+)?ms$`), { from })
    expect(line).toMatch(/^GET \/rss\.xml 200 \d+ \d+(\.\d+)?ms$/)

    const notModified = await rawRequest(`${server.url}rss.xml`, { headers: { 'if-none-match': response.headers.etag! } })
    expect(notModified.status).toBe(304)
    await server.waitForLine(/^GET \/rss\.xml 304 - \d+(\.\d+)?ms$/, { from })
    await rawRequest(`${server.url}nope`)
    await server.waitForLine(/^GET \/nope 404 \d+ \d+(\.\d+)?ms$/, { from })
    await rawRequest(`${server.url}atom.xml`, { method: 'HEAD' })
    await server.waitForLine(/^HEAD \/atom\.xml 200 \d+ \d+(\.\d+)?ms$/, { from })
  })
})

describe('live content from the watched folder', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await liveBoot
  })
  afterAll(async () => {
    await server?.stop()
  })

  const pollItem = (slug: string, accept: (item: JsonFeedItem | undefined) => boolean, message: string, timeoutMs = PATIENCE_MS) =>
    pollUntil(
      async () => {
        const item = itemFor(await jsonFeed(server), slug)
        return accept(item) ? { item } : undefined
      },
      { timeoutMs, message },
    )

  it('publishes an added article, then its edits under the same id, then removes it once deleted', async () => {
    const from = server.lines().length
    server.writeArticle('added.md', articleFile(ownReporting({ title: 'Added live', date: '2021-02-03 10:00' })))
    const added = await pollItem('added', (i) => i?.title === 'Added live', 'the new article never showed in /feed.json')
    await server.waitForLine(/^content: reloaded \d+ files?, \d+ articles, in \d+ms$/, { from, timeoutMs: PATIENCE_MS })

    server.writeArticle('added.md', articleFile(ownReporting({ title: 'Added live, revised', date: '2021-02-03 10:00' })))
    const edited = await pollItem('added', (i) => i?.title === 'Added live, revised', 'the edited title never showed')
    expect(edited.value.item!.id).toBe(added.value.item!.id)

    unlinkSync(join(server.dir, 'added.md'))
    await pollItem('added', (i) => i === undefined, 'the deleted article is still served')
    expect(itemFor(await jsonFeed(server), 'base')?.title).toBe('Base article')
  })

  it('a bad edit keeps the last good version served and logs an error naming the file', async () => {
    for (const bad of [
      '---\ntitle: [unclosed\ndate: 2020-06-01 10:00\n---\nBody\n', // not YAML
      articleFile({ ...BASE, title: undefined }), // no title
    ]) {
      const from = server.lines().length
      const edited = performance.now()
      writeFileSync(join(server.dir, 'base.md'), bad)
      await server.waitForLine(/^content: base\.md has errors; still serving its last good version$/, { from, timeoutMs: PATIENCE_MS })
      await server.waitForLine(/^content: error: base\.md:\d+/, { from, timeoutMs: PATIENCE_MS })
      await sleep(Math.max(0, 1000 - (performance.now() - edited)))
      expect(itemFor(await jsonFeed(server), 'base')?.title).toBe('Base article')
      const rss = await (await fetchWithin(`${server.url}rss.xml`)).text()
      assertWellFormedXml(rss)
      expect(rss).toContain('<title>Base article</title>')
      expect((await fetchWithin(`${server.url}articles/base`)).status).toBe(200)
    }
    // Fixing it serves the fixed version.
    writeFileSync(join(server.dir, 'base.md'), articleFile({ ...BASE, title: 'Base article, fixed' }))
    await pollItem('base', (i) => i?.title === 'Base article, fixed', 'the fixed article never showed')
  })

  it('never publishes a half-written file; publishes it once complete', async () => {
    const file = join(server.dir, 'half.md')
    writeFileSync(file, '---\ntitle: Half\n')
    await sleep(300)
    const feed = await jsonFeed(server)
    expect(feed.items.map((i) => i.title)).not.toContain('Half')
    expect(itemFor(feed, 'half')).toBeUndefined()
    expect((await fetchWithin(`${server.url}articles/half`)).status).toBe(404)

    appendFileSync(file, 'date: 2021-03-04 10:00\n---\nNow complete.\n')
    const { value } = await pollItem('half', (i) => i?.title === 'Half', 'the completed file never showed')
    expect(value.item!.title).toBe('Half')
  })

  it('a scheduled article comes out on time without any file change', async () => {
    const from = server.lines().length
    const written = performance.now()
    const due = new Date(Date.now() + 2000)
    server.writeArticle('scheduled.md', articleFile(ownReporting({ title: 'Scheduled', date: due.toISOString() })))
    await server.waitForLine(/^content: reloaded/, { from, timeoutMs: PATIENCE_MS })
    expect(Date.now()).toBeLessThan(due.getTime())
    expect(itemFor(await jsonFeed(server), 'scheduled')).toBeUndefined()
    expect((await fetchWithin(`${server.url}articles/scheduled`)).status).toBe(404)

    const { value } = await pollItem(
      'scheduled',
      (i) => i !== undefined,
      'the scheduled article never came out',
      3500 - (performance.now() - written),
    )
    expect(value.item!.title).toBe('Scheduled')
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime())
    expect((await fetchWithin(`${server.url}articles/scheduled`)).status).toBe(200)
  })

  it('every response is a complete, well-formed feed during a burst of edits', async () => {
    const file = join(server.dir, 'burst.md')
    const burstArticle = (n: number) => articleFile(ownReporting({ title: `Burst ${n}`, date: '2021-05-05 10:00' }), `Edit number ${n}.\n`)
    writeFileSync(file, burstArticle(0))
    await pollItem('burst', (i) => i?.title === 'Burst 0', 'the burst article never showed')

    let writing = true
    const bodies: string[] = []
    const readers = [0, 1, 2].map(async () => {
      while (writing) {
        const response = await rawRequest(`${server.url}rss.xml`, { headers: { 'accept-encoding': 'gzip' } })
        expect(response.status).toBe(200)
        expect(Number(response.headers['content-length'])).toBe(response.body.byteLength)
        bodies.push(gunzipSync(response.body).toString('utf8'))
      }
    })
    try {
      for (let n = 1; n <= 20; n++) {
        writeFileSync(file, burstArticle(n))
        await sleep(20)
      }
    } finally {
      writing = false
      await Promise.all(readers)
    }

    expect(bodies.length).toBeGreaterThan(20)
    for (const body of bodies) {
      assertWellFormedXml(body)
      const items = findAll(parseXmlTree(body), (n) => n.name === 'item')
      const titles = items.map((item) => item.children.find((c) => c.name === 'title')?.text ?? '')
      // One version of the burst article, never two, never none.
      expect(titles.filter((t) => t.startsWith('Burst '))).toHaveLength(1)
    }
    await pollItem('burst', (i) => i?.title === 'Burst 20', 'the last edit of the burst never showed')
  })

  // Last in this block: it removes the folder this server watches.
  it('keeps running and serving when the articles folder itself is removed', async () => {
    rmSync(server.dir, { recursive: true, force: true })
    await sleep(500)
    expect(server.running(), `the server exited when its articles folder was removed:\n${server.stderr().slice(0, 800)}`).toBe(true)
    const response = await fetchWithin(`${server.url}feed.json`)
    expect(response.status).toBe(200)
    expect(Array.isArray(((await response.json()) as JsonFeed).items)).toBe(true)
  })
})

describe('starting up', () => {
  let server: RunningServer | undefined
  afterAll(async () => {
    await server?.stop()
  })

  it('an edit made while the folder is being loaded is not lost', async (ctx) => {
    // We see when the server has read the file by its access time; without that, we cannot aim.
    if (!atimeTracksReads()) ctx.skip()
    const files: Record<string, string> = {
      // Read first (files are read in name order), then 300 more before the watcher starts.
      'aaa-first.md': articleFile(ownReporting({ title: 'First version', date: '2024-01-01 10:00' })),
    }
    for (let i = 0; i < 300; i++) {
      files[`filler-${String(i).padStart(3, '0')}.md`] = articleFile(ownReporting({ title: `Filler ${i}`, date: '2019-01-01 10:00' }))
    }
    const dir = makeArticlesDir(files)
    const first = join(dir, 'aaa-first.md')
    const unread = markUnread(first)
    server = await spawnServer({ dir })
    await pollUntil(async () => (statSync(first).atimeMs > unread ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1,
      message: 'the server never read aaa-first.md',
    })
    expect(
      server.lines().some((l) => l.startsWith('content: ')),
      'the folder loaded before the edit: too fast to test',
    ).toBe(false)
    writeFileSync(first, articleFile(ownReporting({ title: 'Second version, a little longer', date: '2024-01-01 10:00' })))
    expect(
      server.lines().some((l) => l.startsWith('content: ')),
      'the folder loaded before the edit: too fast to test',
    ).toBe(false)

    await server.waitForLine(/listening on/, { timeoutMs: 60_000 })
    let served: string[] = []
    await pollUntil(
      async () => {
        served = (await jsonFeed(server!)).items.filter((i) => !i.title.startsWith('Filler')).map((i) => i.title)
        return served[0] === 'Second version, a little longer' ? true : undefined
      },
      { timeoutMs: PATIENCE_MS, message: 'an edit made during start-up was never picked up' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; aaa-first.md is served as ${JSON.stringify(served)}`)
    })
  })
})

describe('WebSub', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await websubBoot
  })
  afterAll(async () => {
    await server?.stop()
  })

  const topics = () => pings.map((p) => new URLSearchParams(p.body).get('hub.url') ?? '')

  it.each([
    ['rss.xml', ''],
    ['atom.xml', ''],
    ['feed.json', ''],
    ['rss.xml', 'tags/climate/'],
    ['feed.json', 'tags/sport/'],
  ])('%s of "%s" advertises the hub and itself in Link', async (file, path) => {
    const response = await fetchWithin(`${server.url}${path}${file}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('link')).toBe(`<${hubUrl}>; rel="hub", <${server.url}${path}${file}>; rel="self"`)
    await response.arrayBuffer()
  })

  it('each format names the hub in its body', async () => {
    const rss = parseXmlTree(await (await fetchWithin(`${server.url}rss.xml`)).text())
    const channel = rss.children.find((c) => c.name === 'channel')!
    const rssHub = childrenNamed(channel, NS.atom, 'link').filter((l) => l.attributes.rel === 'hub')
    expect(rssHub.map((l) => l.attributes.href)).toEqual([hubUrl])

    const atom = parseXmlTree(await (await fetchWithin(`${server.url}atom.xml`)).text())
    const atomHub = childrenNamed(atom, NS.atom, 'link').filter((l) => l.attributes.rel === 'hub')
    expect(atomHub.map((l) => l.attributes.href)).toEqual([hubUrl])

    const json = await jsonFeed(server)
    expect(json.hubs).toEqual([{ type: 'WebSub', url: hubUrl }])
  })

  it("an edit pings the hub for the site and the article's tag feeds, not for unrelated tags", async () => {
    pings.length = 0
    const from = server.lines().length
    server.writeArticle(
      'climate.md',
      articleFile(ownReporting({ title: 'Climate piece, revised', date: '2021-05-01 10:00', tags: ['Climate'] })),
    )
    const expected = ['', 'tags/climate/'].flatMap((path) => ['rss.xml', 'atom.xml', 'feed.json'].map((f) => `${server.url}${path}${f}`))
    await pollUntil(async () => (expected.every((t) => topics().includes(t)) ? true : undefined), {
      timeoutMs: PATIENCE_MS,
      message: `the hub was not told of every expected topic; it got ${JSON.stringify(topics())}`,
    })
    for (const ping of pings) {
      expect(ping.contentType).toBe('application/x-www-form-urlencoded')
      const form = new URLSearchParams(ping.body)
      expect(form.get('hub.mode')).toBe('publish')
      expect(form.getAll('hub.url')).toHaveLength(1)
    }
    // One ping per topic.
    expect(new Set(topics()).size).toBe(topics().length)
    await server.waitForLine(new RegExp(`^websub: publish ${server.url.replace(/[.]/g, '\\.')}tags/climate/rss\\.xml -> 204$`), { from })
    // Give stray pings a moment to arrive before asserting they did not.
    await sleep(200)
    expect(topics().filter((t) => t.includes('/tags/sport/'))).toEqual([])
    expect(topics().filter((t) => t.includes('/authors/someone-else/'))).toEqual([])
  })

  it('a scheduled article pings the hub when it comes out, not when its file is written', async () => {
    pings.length = 0
    const from = server.lines().length
    const due = new Date(Date.now() + 1500)
    server.writeArticle('later.md', articleFile(ownReporting({ title: 'Later', date: due.toISOString(), tags: ['Sport'] })))
    await server.waitForLine(/^content: reloaded/, { from, timeoutMs: PATIENCE_MS })
    await sleep(100)
    expect(topics()).toEqual([])
    await pollUntil(async () => (topics().includes(`${server.url}tags/sport/feed.json`) ? true : undefined), {
      timeoutMs: PATIENCE_MS,
      message: `the hub was not told of the scheduled article; it got ${JSON.stringify(topics())}`,
    })
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime())
    expect(topics()).toContain(`${server.url}rss.xml`)
    expect(topics().filter((t) => t.includes('/tags/climate/'))).toEqual([])
  })
})

describe('the public folder, live', () => {
  let server: RunningServer
  let folder: string
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'bylines-live-public-'))
    mkdirSync(join(folder, 'media'))
    copyFileSync(join(import.meta.dirname, '..', 'public', 'icon.png'), join(folder, 'media', 'first.png'))
    server = await startServer({ files: { 'base.md': articleFile(BASE) }, env: { PUBLIC_DIR: folder } })
  })
  afterAll(async () => {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  })

  const status = async (path: string) => (await fetchWithin(new URL(path.slice(1), server.url).href)).status

  it('serves its files from the real server, and picks up a picture added, replaced or removed while it runs', async () => {
    const first = await fetchWithin(`${server.url}media/first.png`)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/png')
    const ranged = await fetchWithin(`${server.url}media/first.png`, { headers: { range: 'bytes=0-7' } })
    expect(ranged.status).toBe(206)
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))

    writeFileSync(join(folder, 'media', 'added.txt'), 'first version')
    await pollUntil(async () => ((await status('/media/added.txt')) === 200 ? true : undefined), {
      message: 'the added file was never served',
    })
    writeFileSync(join(folder, 'media', 'added.txt'), 'second version, longer')
    await pollUntil(
      async () => ((await (await fetchWithin(`${server.url}media/added.txt`)).text()) === 'second version, longer' ? true : undefined),
      {
        message: 'the replaced file was never served',
      },
    )
    unlinkSync(join(folder, 'media', 'added.txt'))
    await pollUntil(async () => ((await status('/media/added.txt')) === 404 ? true : undefined), {
      message: 'the removed file is still served',
    })
  })

  it('never serves a symbolic link put in while it runs, and says so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'bylines-outside-'))
    writeFileSync(join(outside, 'secret.txt'), 'not for the site')
    const from = server.lines().length
    symlinkSync(join(outside, 'secret.txt'), join(folder, 'media', 'secret.txt'))
    symlinkSync(outside, join(folder, 'outside'))
    await server.waitForLine(/^public: media\/secret\.txt is a symbolic link/, { from, timeoutMs: PATIENCE_MS })
    expect(await status('/media/secret.txt')).toBe(404)
    expect(await status('/outside/secret.txt')).toBe(404)
    expect(server.running()).toBe(true)
    rmSync(outside, { recursive: true, force: true })
  })
})

describe('the public folder, with names static hosts take as their own', () => {
  it('serves none of them, nor a name with "*", and says why, while it serves the rest', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'bylines-host-names-'))
    const files: Record<string, string> = {
      '_worker.js': "export default { fetch: () => new Response('host code') }",
      '_Worker.JS': 'host code, in capitals',
      _redirects: '/* https://elsewhere.example/:splat 200',
      'functions/_middleware.js': 'host code',
      'api/feed.js': 'host code',
      'netlify.toml': '[build]',
      'media/staticwebapp.config.json': '{}',
      '*': 'a star',
      'media/any*.txt': 'a star',
      'media/ok.txt': 'served',
    }
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(folder, name, '..'), { recursive: true })
      writeFileSync(join(folder, name), text)
    }
    const server = await startServer({ files: { 'base.md': articleFile(BASE) }, env: { PUBLIC_DIR: folder } })
    try {
      const status = async (path: string) => (await fetchWithin(new URL(path.slice(1), server.url).href)).status
      expect(await status('/media/ok.txt')).toBe(200)
      for (const name of Object.keys(files).filter((name) => name !== 'media/ok.txt')) expect(await status(`/${name}`), name).toBe(404)
      const said = server.lines().filter((line) => line.startsWith('public: '))
      expect(said).toContainEqual(
        expect.stringMatching(
          /^public: _worker\.js is a name a static host takes as its own: Cloudflare Pages runs it as the site’s Worker/,
        ),
      )
      expect(said).toContainEqual(expect.stringMatching(/^public: functions is a name a static host takes as its own/))
      expect(said).toContainEqual('public: * has "*" in its name, which static hosts’ header rules read as any characters; rename it')
    } finally {
      await server.stop()
      rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('stopping', () => {
  it('writes the request log it holds before it exits', async () => {
    const server = await startServer({ files: { 'base.md': articleFile(BASE) } })
    expect((await fetchWithin(`${server.url}rss.xml`)).status).toBe(200)
    // At once: request lines are otherwise written up to 100 ms later.
    expect((await server.stop()).forced).toBe(false)
    expect(server.lines()).toContainEqual(expect.stringMatching(/^GET \/rss\.xml 200 /))
  })
})
