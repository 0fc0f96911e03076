/**
 * The parity suite: a server of the built test site answers every request exactly as the Node
 * server does (status, body bytes and headers, Date aside), for every path the site has (listed
 * by the site itself, not by hand), for 404s, redirects and bad queries around them, for
 * conditional requests and byte ranges. Each runtime's suite calls `itAnswersAsTheNodeServer`
 * inside its describe, once its server is up.
 */
import { beforeAll, expect, it } from 'vitest'
import { FEED_SET_KIND_NAMES } from '../../src/model/paths.ts'
import { type BuiltSite, LARGE_FILE, sitemapKeys } from './built-site.ts'

export interface ParityTarget {
  /** The built site, once built. */
  built: () => BuiltSite
  /** Where the server under test listens, once it does. */
  url: () => URL
  /**
   * Locally, Miniflare passes every Worker response through its asset router as a stream, so it
   * reaches us chunked, without Content-Length; the body itself is still compared byte for byte.
   */
  chunkedDropsLength?: boolean
}

export interface Answer {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** Headers that belong to the connection, not to the resource. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

function answerOf(response: Response, body: Buffer): Answer {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name)) headers[name] = value
  })
  return { status: response.status, headers, body }
}

/** What the server at `url` answers, over HTTP, redirects not followed. */
export async function answerFrom(
  url: URL,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<Answer & { chunked: boolean }> {
  const response = await fetch(new URL(path, url), { method, headers, redirect: 'manual' })
  const chunked = response.headers.get('transfer-encoding') === 'chunked'
  return { ...answerOf(response, Buffer.from(await response.arrayBuffer())), chunked }
}

/** Runs checks a few at a time: the server and the test share two cores. */
async function each<T>(items: readonly T[], check: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 8) await Promise.all(items.slice(i, i + 8).map(check))
}

export function itAnswersAsTheNodeServer(target: ParityTarget): void {
  let built: BuiltSite
  beforeAll(() => {
    built = target.built()
  })

  async function fromNode(method: string, path: string, headers: Record<string, string>): Promise<Answer> {
    const response = await built.node.app.request(path, { method, headers })
    const body = Buffer.from(await response.arrayBuffer())
    const answer = answerOf(response, body)
    // On the wire, a body of known length carries Content-Length, empty ones too (Node's server adds it).
    const bodiless = method === 'HEAD' || response.status === 204 || response.status === 304
    if (answer.headers['content-length'] === undefined && !bodiless) answer.headers['content-length'] = String(body.byteLength)
    return answer
  }

  function withoutLengthIfChunked(node: Answer, other: Answer, chunked: boolean): Answer {
    if (!target.chunkedDropsLength || !chunked || other.headers['content-length'] !== undefined) return node
    const { 'content-length': _length, ...headers } = node.headers
    return { ...node, headers }
  }

  /** Both answer alike; returns the Node answer for follow-up requests. */
  async function expectSame(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
    // Compression is the platform's at the edge: both are asked for identity.
    const asked = { 'accept-encoding': 'identity', ...headers }
    const [node, { chunked, ...other }] = await Promise.all([fromNode(method, path, asked), answerFrom(target.url(), method, path, asked)])
    const label = `${method} ${path} ${JSON.stringify(headers)}`
    expect(other.status, label).toBe(node.status)
    expect(other.headers, label).toEqual(withoutLengthIfChunked(node, other, chunked).headers)
    expect(other.body.equals(node.body), `${label}: body differs`).toBe(true)
    return node
  }

  it('has a real archive to compare: every kind of set, archive pages, articles', () => {
    expect(built.keys.length).toBeGreaterThan(200)
    for (const kind of FEED_SET_KIND_NAMES)
      expect(
        built.setPaths.some((p) => p.startsWith(`/${kind}/`)),
        kind,
      ).toBe(true)
    expect(built.keys).toContain('/archive/2/rss.xml')
    expect(built.keys.some((k) => /^\/archive\/[a-z]+\/[^/]+\/1\/atom\.xml$/.test(k))).toBe(true)
    expect(built.keys).toContain('/articles/france-russia-military-dialogue')
    expect(built.keys).not.toContain('/articles/not-yet')
    expect(built.keys).toContain('/articles/statia-iunykod')
    expect(built.keys).toContain(`/articles/${encodeURIComponent('東京ノート')}`)
    expect(built.setPaths).toContain(`/tags/${encodeURIComponent('東京')}/`)
  })

  it('answers GET for every path the site lists, byte for byte and header for header', async () => {
    await each(built.keys, async (key) => {
      const node = await expectSame('GET', key)
      expect(node.status, key).toBe(200)
    })
  })

  it('answers 200 for every URL the sitemaps list, as the Node server does', async () => {
    const read = async (key: string) => {
      const response = await fetch(new URL(key, target.url()), { headers: { 'accept-encoding': 'identity' } })
      expect(response.status, key).toBe(200)
      return response.text()
    }
    const listed = await sitemapKeys('https://edge.example.org/news/', read)
    expect(listed).toContain('/articles/filed-this-morning')
    expect(listed).toContain('/archive/1/')
    expect(listed).not.toContain('/articles/not-yet')
    await each(listed, async (key) => expect((await expectSame('GET', key)).status, key).toBe(200))
  })

  it('answers HEAD for every path with the same headers and no body', async () => {
    await each(built.keys, (key) => expectSame('HEAD', key))
  })

  it('answers conditional requests for every path with the same 304s', async () => {
    await each(built.keys, async (key) => {
      const { headers } = await fromNode('GET', key, {})
      const etag = headers.etag!
      expect((await expectSame('GET', key, { 'if-none-match': etag })).status, key).toBe(304)
      expect((await expectSame('GET', key, { 'if-none-match': `W/${etag}` })).status, key).toBe(304)
      expect((await expectSame('GET', key, { 'if-none-match': '"something-else"' })).status, key).toBe(200)
      if (headers['last-modified']) {
        expect((await expectSame('GET', key, { 'if-modified-since': headers['last-modified'] })).status, key).toBe(304)
        expect((await expectSame('GET', key, { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status, key).toBe(200)
      }
    })
  })

  it('honours the ETag a client got from the Node server in gzip or brotli', async () => {
    const { headers } = await fromNode('GET', '/rss.xml', { 'accept-encoding': 'gzip' })
    expect(headers['content-encoding']).toBe('gzip')
    expect((await expectSame('GET', '/rss.xml', { 'if-none-match': headers.etag! })).status).toBe(304)
  })

  it('answers 404s, redirects and bad page numbers around every set the same way', async () => {
    const site = 'https://edge.example.org/news'
    const tokyo = `/tags/${encodeURIComponent('東京')}/`
    // Path → expected status, and Location for a redirect.
    const expected: [string, number, string?][] = [
      ['/nope', 404],
      ['/nope/', 404],
      ['/articles/nope', 404],
      ['/articles/', 404],
      ['/articles/france-russia-military-dialogue.html', 404],
      ['/articles/not-yet', 404],
      ['/page/1/', 302, `${site}/`],
      ['/page/999/', 404],
      ['/page/999/rss.xml', 404],
      ['/page/2', 404],
      ['/archive/2', 301, `${site}/archive/2/`],
      ['/page/3/rss.xml', 302],
      ['/page/2/?page=3', 302],
      ['/archive/2/?page=3', 200],
      ['/feeds/', 404],
      ['/index.html', 404],
      ['/_headers', 404],
      ['/404.html', 404],
      ['/%2e%2e/%2e%2e/etc/passwd', 404],
      ['/rss.xml?page=2', 302],
      ['/rss.xml?page=1', 302, `${site}/rss.xml`],
      ['/rss.xml?page=abc', 400],
      ['/rss.xml?page=9999', 404],
      ['/?page=9', 302],
      ['/feeds?page=2', 200],
      ['/nope?page=abc', 404],
      ['/feed.json?utm_source=x', 200],
      [tokyo.toLowerCase(), 200],
      [`${tokyo.slice(0, -1)}?page=1`, 302, `${site}${tokyo}`],
      ['/tags/%E6%9D/', 404],
      // The subscribe pages, sections of their sets' pages now: for good, with the fragment.
      ['/subscribe/', 301, `${site}/#subscribe`],
      ['/subscribe', 301, `${site}/#subscribe`],
      ['/subscribe/?page=2', 301, `${site}/#subscribe`],
      [`/subscribe${tokyo.toLowerCase()}`, 301, `${site}${tokyo}#subscribe`],
      ['/subscribe/rss.xml', 404],
      ...FEED_SET_KIND_NAMES.flatMap((kind): [string, number][] => [
        [`/${kind}/`, 404],
        [`/${kind}/nope/`, 404],
        [`/${kind}/nope/rss.xml`, 404],
        [`/subscribe/${kind}/nope/`, 404],
      ]),
      ...built.setPaths.flatMap((path): [string, number, string?][] => [
        [path.slice(0, -1), 301, `${site}${path}`],
        [`${path}page/99/`, 404],
        [`${path}page/1/atom.xml`, 302, `${site}${path}atom.xml`],
        [`/archive${path}99/`, 404],
        [`${path}?page=x`, 400],
        [`/subscribe${path}`, 301, `${site}${path}#subscribe`],
        [`/subscribe${path.slice(0, -1)}`, 301, `${site}${path}#subscribe`],
      ]),
    ]
    await each(expected, async ([path, status, location]) => {
      const answer = await expectSame('GET', path)
      expect(answer.status, path).toBe(status)
      if (location) expect(answer.headers.location, path).toBe(location)
    })
  })

  it('serves every picture the pages and feeds show, as an image, with the same byte ranges', async () => {
    expect(built.pictureKeys).toEqual(expect.arrayContaining(['/media/night-train-platform.jpg', '/icon.png', '/favicon.ico', '/logo.png']))
    // The srcset candidates of the article's picture: its variants, WebP and JPEG at each width.
    const variants = built.pictureKeys
      .filter((key) => key.startsWith('/variants/'))
      .map((key) => key.replace(/^\/variants\/[0-9a-f]{8}\//, ''))
    expect(variants.sort()).toEqual(
      ['480', '800', '1200'].flatMap((width) => ['jpg', 'webp'].map((type) => `night-train-platform-${width}.${type}`)).sort(),
    )
    await each(built.pictureKeys, async (key) => {
      const node = await expectSame('GET', key)
      expect(node.status, key).toBe(200)
      expect(node.headers['content-type'], key).toMatch(/^image\//)
      const size = node.body.byteLength
      const ranges: [Record<string, string>, number][] = [
        [{ range: 'bytes=0-99' }, 206],
        [{ range: 'bytes=-10' }, 206],
        [{ range: `bytes=${size - 1}-` }, 206],
        [{ range: `bytes=${size}-` }, 416],
        [{ range: 'bytes=0-1,5-6' }, 200],
        [{ range: 'bytes=0-9', 'if-range': node.headers.etag! }, 206],
        [{ range: 'bytes=0-9', 'if-range': '"an-older-version"' }, 200],
      ]
      for (const [headers, status] of ranges)
        expect((await expectSame('GET', key, headers)).status, `${key} ${JSON.stringify(headers)}`).toBe(status)
    })
  })

  it('streams a large public file the same: whole, HEAD, ranges, revalidation', async () => {
    const key = `/media/${LARGE_FILE}`
    const node = await expectSame('GET', key)
    expect(node.status).toBe(200)
    expect(node.body.byteLength).toBe(3 * 1024 * 1024)
    expect(node.body[12345]).toBe((12345 * 7919) % 251)
    const size = node.body.byteLength
    await expectSame('HEAD', key)
    for (const range of ['bytes=0-99', 'bytes=1000000-1065535', 'bytes=-10', `bytes=${size - 70000}-`]) {
      const part = await expectSame('GET', key, { range })
      expect(part.status, range).toBe(206)
    }
    expect((await expectSame('GET', key, { range: `bytes=${size}-` })).status).toBe(416)
    expect((await expectSame('GET', key, { 'if-none-match': node.headers.etag! })).status).toBe(304)
  })

  it('serves nothing of the public folder that it hides: links out, dotfiles, sources, backups', async () => {
    await each(built.hiddenPaths, async (path) => {
      const answer = await expectSame('GET', path)
      // `/feeds.html` is the site's own name: never the public folder's file of that name.
      if (path === '/feeds.html') expect(answer.body.toString()).not.toContain('not the feeds page')
      else expect(answer.status, path).toBe(404)
    })
  })

  it('answers the CORS preflight and other methods the same way', async () => {
    await expectSame('OPTIONS', '/feed.json', {
      origin: 'https://reader.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'if-none-match',
    })
    await expectSame('OPTIONS', '/nope')
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await expectSame(method, '/rss.xml')).status).toBe(405)
  })
}
