/**
 * Sitemaps and robots.txt: the split past the protocol's limits, what the sitemap and the news
 * sitemap list and with which dates, robots.txt and a newsroom's own, each read back with a
 * strict XML parser and checked field by field.
 */
import { describe, expect, it } from 'vitest'
import { type ArticleSource, buildCollection } from '../src/articles/collection.ts'
import { headersPatternFor } from '../src/export/headers-file.ts'
import { createViewSource } from '../src/feed-sets/view.ts'
import { isSitePath } from '../src/model/paths.ts'
import { mediaTypeOf, type PublicFile, type PublicFiles } from '../src/model/public-files.ts'
import { listResourceKeys } from '../src/resources/resources.ts'
import { crawlerFilesOf } from '../src/sitemaps/crawler-files.ts'
import { newsLanguage } from '../src/sitemaps/news-sitemap.ts'
import { type SitemapEntry, splitSitemap } from '../src/sitemaps/sitemap.ts'
import { articleFile, FIXED_NOW, makeSite, ownReporting, renderedApp } from './helpers/fixtures.ts'
import { childrenNamed, parseXmlTree, type XmlNode } from './helpers/parsers.ts'

const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const NEWS = 'http://www.google.com/schemas/sitemap-news/0.9'
/** W3C Datetime (https://www.w3.org/TR/NOTE-datetime), to the second or finer, with a zone. */
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

const text = (node: XmlNode, uri: string, local: string): string | undefined => childrenNamed(node, uri, local)[0]?.text
const decoder = new TextDecoder()

/** A `<urlset>` as its `<url>` entries, every field checked against the protocol on the way. */
function readUrlset(xml: string, siteUrl: string): { loc: string; lastmod?: Date; node: XmlNode }[] {
  const root = parseXmlTree(xml)
  expect([root.uri, root.local]).toEqual([SITEMAP, 'urlset'])
  return root.children.map((url) => {
    expect([url.uri, url.local]).toEqual([SITEMAP, 'url'])
    const loc = text(url, SITEMAP, 'loc')!
    // sitemaps.org: a fully qualified URL under the sitemap's own, "less than 2,048 characters".
    expect(loc.startsWith(siteUrl), loc).toBe(true)
    expect(loc.length, loc).toBeLessThanOrEqual(2048)
    expect(new URL(loc).href, loc).toBe(loc)
    const lastmod = text(url, SITEMAP, 'lastmod')
    if (lastmod !== undefined) expect(lastmod, loc).toMatch(W3C_DATETIME)
    return { loc, lastmod: lastmod === undefined ? undefined : new Date(lastmod), node: url }
  })
}

function readIndex(xml: string): { loc: string; lastmod?: Date }[] {
  const root = parseXmlTree(xml)
  expect([root.uri, root.local]).toEqual([SITEMAP, 'sitemapindex'])
  return root.children.map((sitemap) => {
    expect([sitemap.uri, sitemap.local]).toEqual([SITEMAP, 'sitemap'])
    const lastmod = text(sitemap, SITEMAP, 'lastmod')
    if (lastmod !== undefined) expect(lastmod).toMatch(W3C_DATETIME)
    return { loc: text(sitemap, SITEMAP, 'loc')!, lastmod: lastmod === undefined ? undefined : new Date(lastmod) }
  })
}

describe('splitting the sitemap', () => {
  const entries = (n: number): SitemapEntry[] =>
    Array.from({ length: n }, (_, i) => ({
      loc: `https://news.example.org/articles/a-${i}`,
      lastmod: new Date(Date.UTC(2024, 0, 1 + ((i * 7) % 10))),
    }))
  const partUrl = (n: number) => `https://news.example.org/sitemap-${n}.xml`
  const newest = (list: readonly SitemapEntry[]) => new Date(Math.max(...list.map((e) => e.lastmod!.getTime())))

  /** Checks the index against the parts, and that every entry is in exactly one part, in order. */
  function checkSplit(all: SitemapEntry[], split: ReturnType<typeof splitSitemap>) {
    const index = readIndex(decoder.decode(split.index!.body))
    expect(index.map((s) => s.loc)).toEqual(split.parts.map((_, i) => partUrl(i + 1)))
    const listed = split.parts.map((part) => readUrlset(decoder.decode(part.body), 'https://news.example.org/'))
    listed.forEach((urls, i) => {
      expect(urls.map((u) => u.loc)).toEqual(split.parts[i]!.entries.map((e) => e.loc))
      expect(index[i]!.lastmod).toEqual(newest(split.parts[i]!.entries))
    })
    expect(listed.flat().map((u) => u.loc)).toEqual(all.map((e) => e.loc))
    expect(split.index!.newest).toEqual(newest(all))
  }

  it('keeps one <urlset>, with no index, while the entries fit', () => {
    const all = entries(3)
    const split = splitSitemap(all, partUrl, 'UTC', { urls: 3, bytes: 1_000_000 })
    expect(split.index).toBeUndefined()
    expect(split.parts).toHaveLength(1)
    expect(readUrlset(decoder.decode(split.parts[0]!.body), 'https://news.example.org/').map((u) => u.lastmod)).toEqual(
      all.map((e) => e.lastmod),
    )
  })

  it('splits past a number of URLs, and the index points at each part with its newest date', () => {
    const all = entries(10)
    const split = splitSitemap(all, partUrl, 'UTC', { urls: 3, bytes: 1_000_000 })
    expect(split.parts.map((part) => part.entries.length)).toEqual([3, 3, 3, 1])
    checkSplit(all, split)
  })

  it('splits past a number of bytes, each part within it', () => {
    const all = entries(10)
    const one = splitSitemap(all.slice(0, 1), partUrl, 'UTC').parts[0]!.body.byteLength
    const two = splitSitemap(all.slice(0, 2), partUrl, 'UTC').parts[0]!.body.byteLength
    // Room for two URLs and most of a third.
    const bytes = two + (two - one) - 10
    const split = splitSitemap(all, partUrl, 'UTC', { urls: 50_000, bytes })
    expect(split.parts.map((part) => part.entries.length)).toEqual([2, 2, 2, 2, 2])
    for (const part of split.parts) expect(part.body.byteLength).toBeLessThanOrEqual(bytes)
    // Exactly at the limit, three fit.
    expect(splitSitemap(all, partUrl, 'UTC', { urls: 50_000, bytes: two + (two - one) }).parts[0]!.entries).toHaveLength(3)
    checkSplit(all, split)
  })

  it('refuses an entry that no part could hold', () => {
    expect(() => splitSitemap(entries(2), partUrl, 'UTC', { urls: 10, bytes: 100 })).toThrow(RangeError)
  })
})

describe('news:language', () => {
  it.each([
    ['en', 'en'],
    ['en-GB', 'en'],
    ['FR', 'fr'],
    ['uk', 'uk'],
    ['zh', 'zh-cn'],
    ['zh-Hans', 'zh-cn'],
    ['zh-CN', 'zh-cn'],
    ['zh-Hant', 'zh-tw'],
    ['zh-TW', 'zh-tw'],
    ['zh-Hant-HK', 'zh-tw'],
  ])('%s → %s', (tag, expected) => expect(newsLanguage(tag)).toBe(expected))
})

/** FIXED_NOW is 2026-06-01T00:00Z. */
function smallSite() {
  const site = makeSite({ itemsPerFeed: 2 })
  const sources: ArticleSource[] = [
    {
      file: 'fresh.md',
      source: articleFile(ownReporting({ title: 'Fresh & new', date: '2026-05-31T12:00:00Z', slug: 'fresh', tags: ['Rail'] })),
    },
    {
      file: 'chinese.md',
      source: articleFile(ownReporting({ title: '火车', date: '2026-05-30T06:00:00Z', slug: 'chinese', language: 'zh-Hans' })),
    },
    { file: 'edge.md', source: articleFile(ownReporting({ title: 'Just too old', date: '2026-05-29T23:00:00Z', slug: 'edge' })) },
    {
      file: 'edited.md',
      source: articleFile(
        ownReporting({ title: 'Edited', date: '2020-03-01T10:00:00Z', updated: '2025-01-01T10:00:00Z', slug: 'edited', tags: ['Rail'] }),
      ),
    },
    { file: 'old.md', source: articleFile(ownReporting({ title: 'Old', date: '2019-03-01T10:00:00Z', slug: 'old' })) },
    {
      file: 'later.md',
      source: articleFile(ownReporting({ title: 'Not yet', date: '2099-01-01T10:00:00Z', slug: 'later', tags: ['Rail'] })),
    },
    { file: 'draft.md', source: articleFile(ownReporting({ title: 'A draft', date: '2026-05-31T10:00:00Z', slug: 'draft', draft: true })) },
  ]
  const collection = buildCollection(sources, site)
  expect(collection.problems.filter((p) => p.severity === 'error')).toEqual([])
  const appAt = (now: () => Date, publicFiles?: PublicFiles) =>
    renderedApp({
      content: { articles: collection.articles, publicFiles },
      site,
      now,
      logError: (error) => {
        throw error
      },
    })
  const viewAt = (now: Date) => createViewSource(() => ({ articles: collection.articles }), site)(now)
  return { site, collection, app: appAt(FIXED_NOW), appAt, viewAt }
}

async function get(app: ReturnType<typeof renderedApp>, path: string) {
  const response = await app.request(path)
  return { response, body: await response.text() }
}

const lastChange = (...dates: string[]) => new Date(Math.max(...dates.map((d) => Date.parse(d))))

describe('/sitemap.xml', () => {
  it('lists every published article and every page of every set, and /feeds, each once with its last change', async () => {
    const { site, app, viewAt } = smallSite()
    const { response, body } = await get(app, '/sitemap.xml')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300, stale-while-revalidate=86400')
    const urls = readUrlset(body, site.url)
    const byKey = new Map(urls.map((u) => [`/${u.loc.slice(site.url.length)}`, u.lastmod]))
    expect(byKey.size).toBe(urls.length)

    // The HTML documents of every set, current and archived, every article page, and /feeds.
    const keys = listResourceKeys(viewAt(FIXED_NOW()), site)
    const pages = keys.filter((key) => key.endsWith('/') || key.startsWith('/articles/') || key === '/feeds')
    expect([...byKey.keys()].sort()).toEqual(pages.sort())

    // Five published, newest first: fresh, chinese, edge, edited, old. Two per archive: the
    // current page shows fresh, chinese, edge; archive 1 edited and old.
    expect(byKey.get('/')).toEqual(lastChange('2026-05-31T12:00:00Z'))
    expect(byKey.get('/archive/1/')).toEqual(lastChange('2025-01-01T10:00:00Z'))
    expect(byKey.get('/tags/rail/')).toEqual(lastChange('2026-05-31T12:00:00Z', '2025-01-01T10:00:00Z'))
    expect(byKey.get('/articles/fresh')).toEqual(new Date('2026-05-31T12:00:00Z'))
    expect(byKey.get('/articles/edited')).toEqual(new Date('2025-01-01T10:00:00Z'))
    expect(byKey.get('/articles/old')).toEqual(new Date('2019-03-01T10:00:00Z'))
    expect(byKey.get('/feeds')).toEqual(new Date('2026-05-31T12:00:00Z'))
    expect(byKey.has('/articles/later')).toBe(false)
    expect(byKey.has('/articles/draft')).toBe(false)
    expect(body).not.toContain('Not yet')
    expect(response.headers.get('last-modified')).toBe(new Date('2026-05-31T12:00:00Z').toUTCString())
  })

  it('lists the scheduled article once its time has come', async () => {
    const { site, appAt } = smallSite()
    const { body } = await get(
      appAt(() => new Date('2099-01-02T00:00:00Z')),
      '/sitemap.xml',
    )
    expect(readUrlset(body, site.url).map((u) => u.loc)).toContain(`${site.url}articles/later`)
  })

  it('past its limits, is an index of parts that the site serves at the names the index gives', () => {
    const { site, viewAt } = smallSite()
    const view = viewAt(FIXED_NOW())
    const whole = crawlerFilesOf(view, site)
    const wholeLocs = readUrlset(decoder.decode(whole.at('/sitemap.xml')!.body as Uint8Array), site.url).map((u) => u.loc)
    const split = crawlerFilesOf(view, site, { urls: 3, bytes: 50_000_000 })
    const index = readIndex(decoder.decode(split.at('/sitemap.xml')!.body as Uint8Array))
    expect(index.length).toBe(Math.ceil(wholeLocs.length / 3))
    const partKeys = index.map((s) => `/${s.loc.slice(site.url.length)}`)
    expect(partKeys).toEqual(index.map((_, i) => `/sitemap-${i + 1}.xml`))
    expect(split.keys).toEqual(['/sitemap.xml', ...partKeys, '/sitemap-news.xml', '/robots.txt'])
    const parts = partKeys.map((key) => readUrlset(decoder.decode(split.at(key)!.body as Uint8Array), site.url))
    for (const [i, part] of parts.entries()) {
      expect(part.length).toBeLessThanOrEqual(3)
      expect(split.at(partKeys[i]!)!.lastModified).toEqual(index[i]!.lastmod)
      expect(index[i]!.lastmod).toEqual(new Date(Math.max(...part.map((u) => u.lastmod!.getTime()))))
    }
    expect(parts.flat().map((u) => u.loc)).toEqual(wholeLocs)
    expect(split.at(`/sitemap-${index.length + 1}.xml`)).toBeUndefined()
    // Unsplit, there are no parts.
    expect(whole.keys).toEqual(['/sitemap.xml', '/sitemap-news.xml', '/robots.txt'])
    expect(whole.at('/sitemap-1.xml')).toBeUndefined()
  })

  it('has no parts to serve when it fits in one', async () => {
    const { app } = smallSite()
    expect((await app.request('/sitemap-1.xml')).status).toBe(404)
  })

  it('is served for an empty site: its home page and /feeds', async () => {
    const site = makeSite()
    const app = renderedApp({ content: { articles: [] }, site, now: FIXED_NOW })
    const urls = readUrlset((await get(app, '/sitemap.xml')).body, site.url)
    expect(urls.map((u) => u.loc)).toEqual([site.url, `${site.url}feeds`])
  })
})

describe('/sitemap-news.xml', () => {
  it('lists the articles of the two days before the view’s moment, with the publication, language, date and title', async () => {
    const { site, app } = smallSite()
    const { response, body } = await get(app, '/sitemap-news.xml')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    const urls = readUrlset(body, site.url)
    expect(urls.map((u) => u.loc)).toEqual([`${site.url}articles/fresh`, `${site.url}articles/chinese`])
    const news = urls.map(({ node }) => {
      const entries = childrenNamed(node, NEWS, 'news')
      expect(entries).toHaveLength(1)
      const [entry] = entries
      const publication = childrenNamed(entry!, NEWS, 'publication')[0]!
      const date = text(entry!, NEWS, 'publication_date')!
      expect(date).toMatch(W3C_DATETIME)
      return {
        name: text(publication, NEWS, 'name'),
        language: text(publication, NEWS, 'language'),
        date: new Date(date),
        title: text(entry!, NEWS, 'title'),
      }
    })
    expect(news).toEqual([
      { name: 'Bylines Test Desk', language: 'en', date: new Date('2026-05-31T12:00:00Z'), title: 'Fresh & new' },
      { name: 'Bylines Test Desk', language: 'zh-cn', date: new Date('2026-05-30T06:00:00Z'), title: '火车' },
    ])
    expect(response.headers.get('last-modified')).toBe(new Date('2026-05-31T12:00:00Z').toUTCString())
  })

  it('moves its window with the clock', async () => {
    const { site, appAt } = smallSite()
    const locsAt = async (now: string) =>
      readUrlset(
        (
          await get(
            appAt(() => new Date(now)),
            '/sitemap-news.xml',
          )
        ).body,
        site.url,
      ).map((u) => u.loc.slice(site.url.length))
    // `edge` is 2 days and 1 hour old at FIXED_NOW; an hour and a half earlier it is inside.
    expect(await locsAt('2026-05-31T22:30:00Z')).toEqual(['articles/fresh', 'articles/chinese', 'articles/edge'])
    expect(await locsAt('2026-06-01T07:00:00Z')).toEqual(['articles/fresh'])
    // Nothing recent: an empty <urlset>, which Google accepts.
    expect(await locsAt('2026-06-03T12:00:00Z')).toEqual([])
    // A scheduled article is listed from its time, not before.
    expect(await locsAt('2099-01-01T11:00:00Z')).toEqual(['articles/later'])
    expect(await locsAt('2098-12-31T11:00:00Z')).toEqual([])
  })

  it('lists a thousand articles at most, the newest', () => {
    const site = makeSite()
    const sources = Array.from({ length: 1005 }, (_, i) => ({
      file: `a-${i}.md`,
      source: articleFile(
        ownReporting({ title: `Piece ${i}`, date: new Date(Date.UTC(2026, 4, 31, 12) - i * 60_000).toISOString(), slug: `a-${i}` }),
      ),
    }))
    const collection = buildCollection(sources, site)
    const view = createViewSource(() => ({ articles: collection.articles }), site)(FIXED_NOW())
    const urls = readUrlset(String(crawlerFilesOf(view, site).at('/sitemap-news.xml')!.body), site.url)
    expect(urls).toHaveLength(1000)
    expect(urls[0]!.loc).toBe(`${site.url}articles/a-0`)
    expect(urls.at(-1)!.loc).toBe(`${site.url}articles/a-999`)
  })
})

describe('/robots.txt', () => {
  it('allows everything and names both sitemaps by their absolute URLs', async () => {
    const { site, app } = smallSite()
    const { response, body } = await get(app, '/robots.txt')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(response.headers.get('cache-control')).toBe('public, max-age=300, s-maxage=300, stale-while-revalidate=86400')
    const lines = body.split('\n').filter((line) => line !== '')
    expect(lines).toEqual(['User-agent: *', 'Allow: /', `Sitemap: ${site.url}sitemap.xml`, `Sitemap: ${site.url}sitemap-news.xml`])
  })

  it('is the newsroom’s own when the public folder has one, byte for byte; sitemaps there are never served', async () => {
    const own = new TextEncoder().encode('User-agent: *\r\nDisallow: /drafts/\r\n# ours\r\n')
    const files = new Map<string, Uint8Array>([
      ['robots.txt', own],
      ['sitemap.xml', new TextEncoder().encode('<urlset>not ours</urlset>')],
      ['sitemap-news.xml', new TextEncoder().encode('<urlset>not ours</urlset>')],
      ['sitemap-1.xml', new TextEncoder().encode('<urlset>not ours</urlset>')],
    ])
    const listing = new Map<string, PublicFile>(
      [...files].map(([path, bytes]) => [path, { path, size: bytes.byteLength, type: mediaTypeOf(path), version: '1' }]),
    )
    const publicFiles: PublicFiles = { files: listing, read: async (file) => files.get(file.path)! }
    const { appAt, site, collection } = smallSite()
    const app = appAt(FIXED_NOW, publicFiles)
    const response = await app.request('/robots.txt', { headers: { 'accept-encoding': 'identity' } })
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(own))).toBe(true)
    for (const path of ['/sitemap.xml', '/sitemap-news.xml']) expect((await get(app, path)).body, path).not.toContain('not ours')
    expect((await app.request('/sitemap-1.xml')).status).toBe(404)
    // Listed once, as the public folder's file.
    const view = createViewSource(() => ({ articles: collection.articles, publicFiles }), site)(FIXED_NOW())
    expect(listResourceKeys(view, site).filter((key) => key === '/robots.txt')).toHaveLength(1)
  })
})

describe('the names of the crawler files', () => {
  it('keeps sitemap names for the site, and not robots.txt', () => {
    for (const path of ['sitemap.xml', 'sitemap-news.xml', 'sitemap-1.xml', 'sitemap-old.xml', 'sitemap.xml.html'])
      expect(isSitePath(path), path).toBe(true)
    for (const path of ['robots.txt', 'sitemaps.html', 'media/sitemap.xml']) expect(isSitePath(path), path).toBe(false)
  })

  it('gives the sitemap, its parts and robots.txt _headers rules that no other path shares', () => {
    expect(headersPatternFor('/sitemap.xml')).toBe('/sitemap.xml')
    expect(headersPatternFor('/sitemap-1.xml')).toBe('/sitemap-*')
    expect(headersPatternFor('/sitemap-12.xml')).toBe('/sitemap-*')
    expect(headersPatternFor('/sitemap-news.xml')).toBe('/sitemap-*')
    expect(headersPatternFor('/robots.txt')).toBe('/robots.txt')
  })
})
