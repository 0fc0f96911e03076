/**
 * HTTP behaviour for aggregators and republishers (RFC 9110/9111), through `app.request`:
 * entity tags, conditional GET, HEAD, methods, CORS, caching and content coding.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { isNotModified } from '../src/http/conditional.ts'
import { NODE_ENCODERS } from '../src/http/encoders.ts'
import { chooseEncoding } from '../src/http/encoding.ts'
import { appFor, articleFile, FIXED_NOW, fullTranslation, makeSite, ownReporting, renderedApp } from './helpers/fixtures.ts'
import { findAll, parseXmlTree } from './helpers/parsers.ts'

const FEEDS = ['/rss.xml', '/atom.xml', '/feed.json'] as const

function service(extra: { title?: string } = {}, siteOverrides = {}) {
  const site = makeSite(siteOverrides)
  const collection = buildCollection(
    [
      { file: 'france-russia.md', source: articleFile(fullTranslation(extra.title ? { title: extra.title } : {})) },
      { file: 'desk.md', source: articleFile(ownReporting({ updated: '2020-02-01T12:00:00Z' })) },
    ],
    site,
  )
  return renderedApp({ content: collection, site, now: FIXED_NOW, encoders: NODE_ENCODERS, logError: () => {} })
}

describe('entity tags and Last-Modified', () => {
  it.each(FEEDS)('%s has a strong ETag from its bytes and Last-Modified from its newest item', async (path) => {
    const app = service()
    const first = await app.request(path)
    const again = await app.request(path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    expect(again.headers.get('etag')).toBe(etag)
    expect(first.headers.get('last-modified')).toBe('Sat, 01 Feb 2020 12:00:00 GMT')
    const changed = await service({ title: 'Another headline' }).request(path)
    expect(changed.headers.get('etag')).not.toBe(etag)
  })

  it('gives each content coding its own tag', async () => {
    const app = service()
    const tags = await Promise.all(
      ['identity', 'gzip', 'br'].map(async (coding) =>
        (await app.request('/rss.xml', { headers: { 'accept-encoding': coding } })).headers.get('etag'),
      ),
    )
    expect(new Set(tags).size).toBe(3)
  })
})

describe('conditional GET', () => {
  async function tagOf(app: ReturnType<typeof service>, path = '/rss.xml') {
    return (await app.request(path)).headers.get('etag')!
  }

  it.each([
    ['the exact tag', (t: string) => t],
    ['a weak form of it', (t: string) => `W/${t}`],
    ['a list holding it', (t: string) => `"nope", ${t}, W/"other"`],
    ['*', () => '*'],
  ])('answers 304 to If-None-Match with %s', async (_, header) => {
    const app = service()
    const response = await app.request('/rss.xml', { headers: { 'if-none-match': header(await tagOf(app)) } })
    expect(response.status).toBe(304)
    expect(await response.text()).toBe('')
    expect(response.headers.get('etag')).toBe(await tagOf(app))
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300, stale-while-revalidate=86400')
    expect(response.headers.get('last-modified')).toBe('Sat, 01 Feb 2020 12:00:00 GMT')
    expect(response.headers.get('vary')).toBe('Accept-Encoding')
  })

  it('answers 200 when no tag matches, even if If-Modified-Since alone would say 304', async () => {
    const response = await service().request('/rss.xml', {
      headers: { 'if-none-match': '"stale"', 'if-modified-since': 'Fri, 01 Jan 2100 00:00:00 GMT' },
    })
    expect(response.status).toBe(200)
  })

  it('uses If-Modified-Since when there is no If-None-Match', async () => {
    const app = service()
    const at = (date: string) => app.request('/atom.xml', { headers: { 'if-modified-since': date } })
    expect((await at('Sat, 01 Feb 2020 12:00:00 GMT')).status).toBe(304)
    expect((await at('Sun, 02 Feb 2020 00:00:00 GMT')).status).toBe(304)
    expect((await at('Sat, 01 Feb 2020 11:59:59 GMT')).status).toBe(200)
    expect((await at('not a date')).status).toBe(200)
  })

  it('matches the tag of the coding that would be sent', async () => {
    const app = service()
    const gzipTag = (await app.request('/feed.json', { headers: { 'accept-encoding': 'gzip' } })).headers.get('etag')!
    const response = await app.request('/feed.json', { headers: { 'accept-encoding': 'gzip', 'if-none-match': gzipTag } })
    expect(response.status).toBe(304)
    expect(response.headers.get('etag')).toBe(gzipTag)
  })

  it('follows RFC 9110 §13.1 in the comparison itself', () => {
    const headers = (h: Record<string, string>) => (name: string) => h[name]
    const last = new Date('2020-02-01T12:00:00.500Z')
    expect(isNotModified(headers({ 'if-none-match': 'W/"a"' }), ['"a"'], last)).toBe(true)
    expect(isNotModified(headers({ 'if-none-match': '"b"' }), ['"a"'], last)).toBe(false)
    expect(isNotModified(headers({ 'if-none-match': '*' }), [], last)).toBe(false)
    // Sub-second parts are below HTTP-date precision: the same second is not modified.
    expect(isNotModified(headers({ 'if-modified-since': 'Sat, 01 Feb 2020 12:00:00 GMT' }), ['"a"'], last)).toBe(true)
  })
})

describe('methods', () => {
  it('answers HEAD with the GET headers and no body', async () => {
    const app = service()
    const get = await app.request('/atom.xml')
    const head = await app.request('/atom.xml', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const name of ['etag', 'content-type', 'content-length', 'last-modified', 'cache-control']) {
      expect(head.headers.get(name), name).toBe(get.headers.get(name))
    }
  })

  it.each(['POST', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405 and Allow', async (method) => {
    for (const path of ['/rss.xml', '/', '/articles/desk', '/tags/france/feed.json']) {
      const response = await service().request(path, { method })
      expect(response.status, path).toBe(405)
      expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS')
    }
  })

  it('answers a CORS preflight', async () => {
    const response = await service().request('/feed.json', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://republisher.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'if-none-match',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, HEAD, OPTIONS')
    expect(response.headers.get('access-control-allow-headers')).toBe('if-none-match')
  })
})

describe('caching headers and CORS', () => {
  it.each(FEEDS)('%s is cacheable, CORS-open, with a charset, and never Expires: 0', async (path) => {
    const response = await service().request(path)
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300, stale-while-revalidate=86400')
    expect(response.headers.get('expires')).toBeNull()
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('content-type')).toMatch(/; charset=utf-8$/)
  })

  it('keeps RSS <ttl> consistent with max-age', async () => {
    const app = service({}, { cache: { maxAge: 900, staleWhileRevalidate: 60 } })
    const rss = await (await app.request('/rss.xml')).text()
    expect(findAll(parseXmlTree(rss), (n) => n.name === 'ttl')[0]!.text).toBe('15')
    expect((await app.request('/rss.xml')).headers.get('cache-control')).toBe(
      'public, max-age=900, s-maxage=900, stale-while-revalidate=60',
    )
  })
})

describe('content coding', () => {
  it.each([
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['gzip;q=0, br;q=0', null],
    ['*', 'br'],
    ['identity', null],
    ['br;q=0, *;q=0.1', 'gzip'],
    // RFC 9110 §12.4.2: whitespace around ";" (weight = OWS ";" OWS "q=" qvalue).
    ['br ; q=1', 'br'],
    ['gzip ;q=0.5 , br ; q=0.9', 'br'],
    ['br\t;\tq=0.8, gzip;q=0.5', 'br'],
    // Not the grammar's, but the client's weight all the same: q=0 refuses.
    ['br;q = 0, gzip', 'gzip'],
    // A weight above 0, however small, beats an identity the client does not name.
    ['br;q=0.001', 'br'],
    ['br;q=0.0001', 'br'],
    ['gzip;q=0.0001, br;q=0.00005', 'gzip'],
  ])('Accept-Encoding %j gives %s', async (accept, expected) => {
    const app = service()
    const identity = await (await app.request('/rss.xml')).text()
    const response = await app.request('/rss.xml', { headers: { 'accept-encoding': accept } })
    expect(response.headers.get('content-encoding')).toBe(expected)
    expect(response.headers.get('vary')).toBe('Accept-Encoding')
    const raw = Buffer.from(await response.arrayBuffer())
    expect(Number(response.headers.get('content-length'))).toBe(raw.byteLength)
    const decoded = expected === 'gzip' ? gunzipSync(raw) : expected === 'br' ? brotliDecompressSync(raw) : raw
    expect(decoded.toString('utf8')).toBe(identity)
  })

  it('chooses by q-value, prefers brotli on a tie, and falls back to identity', () => {
    const all = ['identity', 'gzip', 'br'] as const
    expect(chooseEncoding(undefined, [...all])).toBe('identity')
    expect(chooseEncoding('gzip;q=0.8, br;q=0.9', [...all])).toBe('br')
    expect(chooseEncoding('x-gzip', [...all])).toBe('gzip')
    expect(chooseEncoding('br', ['identity', 'gzip'])).toBe('identity')
    expect(chooseEncoding('identity;q=0, *;q=0', [...all])).toBe('identity')
    expect(chooseEncoding('gzip;q=abc', [...all])).toBe('gzip')
  })

  it('sends identity when the runtime has no compressors', async () => {
    const site = makeSite()
    const app = renderedApp({
      content: buildCollection([{ file: 'a.md', source: articleFile(ownReporting()) }], site),
      site,
      now: FIXED_NOW,
    })
    const response = await app.request('/rss.xml', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(response.headers.get('content-encoding')).toBeNull()
    expect(response.headers.get('vary')).toBeNull()
  })
})

describe('what a client can send', () => {
  it.each([
    '/nope',
    '/articles/..%2F..%2Fetc%2Fpasswd',
    '/tags/%FF%FE/',
    '/tags/%E0%A4%A/rss.xml',
    '/articles/%00',
    `/rss.xml/${'x'.repeat(5000)}`,
    '//rss.xml',
    '/tags//rss.xml',
  ])('%s gets a 404 page, never a 500', async (path) => {
    const response = await service().request(path)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await response.text()).toContain('Not found')
  })

  it.each(['/articles/../rss.xml/..', '/%2e%2e/%2e%2e/'])(
    '%s resolves its dot segments (RFC 3986 §5.2.4) to the home page',
    async (path) => {
      const response = await service().request(path)
      expect(response.status).toBe(200)
      expect(await response.text()).toMatch(/<h1><a class="brand" href="[^"]+">Bylines Test Desk<\/a><\/h1>/)
    },
  )

  it('ignores unknown query parameters, however long', async () => {
    const response = await service().request(`/rss.xml?utm_source=${'x'.repeat(20_000)}&%FF=%FE`)
    expect(response.status).toBe(200)
  })
})

describe('If-Modified-Since that is not an HTTP-date', () => {
  it('is ignored, as RFC 9110 §13.1.3 says, whatever Date.parse would make of it', () => {
    const headers = (h: Record<string, string>) => (name: string) => h[name]
    const last = new Date('2020-02-01T12:00:00Z')
    expect(isNotModified(headers({ 'if-modified-since': '2100' }), ['"a"'], last)).toBe(false)
    expect(isNotModified(headers({ 'if-modified-since': '2100-01-01' }), ['"a"'], last)).toBe(false)
    expect(isNotModified(headers({ 'if-modified-since': 'Sun, 02 Feb 2020 00:00:00 GMT' }), ['"a"'], last)).toBe(true)
    expect(isNotModified(headers({ 'if-modified-since': 'Sunday, 02-Feb-20 00:00:00 GMT' }), ['"a"'], last)).toBe(true)
    expect(isNotModified(headers({ 'if-modified-since': 'Sun Feb  2 00:00:00 2020' }), ['"a"'], last)).toBe(true)
  })
})

describe('pages, against framing and leaks', () => {
  it('are never framed, and send other sites no more than the origin as referrer', async () => {
    const { app } = appFor([{ file: 'a.md', source: articleFile(ownReporting()) }])
    for (const path of ['/', '/articles/a', '/feeds']) {
      const response = await app.request(path)
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
      expect(response.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
    }
    // Feeds are fetched, not framed or navigated from: no page policy there.
    expect((await app.request('/rss.xml')).headers.get('referrer-policy')).toBeNull()
  })
})
