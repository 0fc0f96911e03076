/** Feed sets, archive paging (RFC 5005), discovery, OPML and WebSub links, through `app.request`. */
import { parseOpml } from 'feedsmith'
import { describe, expect, it } from 'vitest'
import { loadSiteSettings } from '../src/settings.ts'
import { assignSlugs, slugify } from '../src/sets/slugify.ts'
import { appFor, articleFile, fetchText, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'
import { assertWellFormedXml, childrenNamed, findAll, jsonFeedSchemaErrors, NS, parseWithPythonFeedparser, parseXmlTree, validateAtomWithJing } from './helpers/parsers.ts'

function newsroom(siteOverrides = {}) {
  return appFor(
    [
      { file: 'le-monde-1.md', source: articleFile(fullTranslation({ tags: ['France', 'Défense'] })) },
      {
        file: 'le-monde-2.md',
        source: articleFile({
          title: 'Paris and the Arctic',
          date: '2020-03-01T10:00:00Z',
          tags: ['France', 'Arctic'],
          translators: 'Jane Doe',
          original: { publication: 'Le Monde', language: 'fr', authors: ['Claire Martin'] },
        }),
      },
      {
        file: 'zeit.md',
        source: articleFile({
          title: 'Night trains',
          date: '2021-01-01T10:00:00Z',
          tags: ['Rail'],
          translators: ['Max Roe'],
          original: { publication: 'Die Zeit', language: 'de' },
        }),
      },
      {
        file: 'uk.md',
        source: articleFile({
          title: 'Бібліотека',
          date: '2022-01-01T10:00:00Z',
          language: 'uk',
          tags: ['Україна'],
          translators: ['Оксана Левчук'],
          original: { publication: 'Gazeta Przykładowa', language: 'pl' },
        }),
      },
      { file: 'desk.md', source: articleFile(ownReporting({ tags: ['France'] })) },
    ],
    makeSite(siteOverrides),
  )
}

async function jsonItems(app: ReturnType<typeof newsroom>['app'], path: string): Promise<string[]> {
  const { response, body } = await fetchText(app, path)
  expect(response.status, path).toBe(200)
  return JSON.parse(body).items.map((i: { title: string }) => i.title)
}

describe('feed sets', () => {
  it.each([
    ['/tags/france/', ['Paris and the Arctic', 'Inside the translation desk', 'Ukrainian war no longer obstacle to France-Russia military alliance?']],
    ['/tags/defense/', ['Ukrainian war no longer obstacle to France-Russia military alliance?']],
    ['/publications/le-monde/', ['Paris and the Arctic', 'Ukrainian war no longer obstacle to France-Russia military alliance?']],
    ['/from/fr/', ['Paris and the Arctic', 'Ukrainian war no longer obstacle to France-Russia military alliance?']],
    ['/from/pl/', ['Бібліотека']],
    ['/translators/jane-doe/', ['Paris and the Arctic', 'Ukrainian war no longer obstacle to France-Russia military alliance?']],
    ['/translators/oksana-levchuk/', ['Бібліотека']],
    ['/authors/claire-martin/', ['Paris and the Arctic']],
    ['/authors/olena-kovalenko/', ['Inside the translation desk']],
    ['/languages/uk/', ['Бібліотека']],
    ['/tags/ukraina/', ['Бібліотека']],
  ])('%s holds exactly its articles, in every format', async (path, titles) => {
    const { app } = newsroom()
    expect(await jsonItems(app, `${path}feed.json`)).toEqual(titles)
    const rss = parseWithPythonFeedparser((await fetchText(app, `${path}rss.xml`)).body)
    expect(rss.bozo).toBeFalsy()
    expect(rss.entries.map((e) => e.title)).toEqual(titles)
    const atom = (await fetchText(app, `${path}atom.xml`)).body
    expect(validateAtomWithJing(atom)).toBe('')
    expect(findAll(parseXmlTree(atom), (n) => n.local === 'entry').length).toBe(titles.length)
    const page = await fetchText(app, path)
    expect(page.response.status).toBe(200)
    for (const title of titles) expect(page.body).toContain(title)
  })

  it('answers 404 for values nobody wrote about, not an empty feed', async () => {
    const { app } = newsroom()
    for (const path of ['/tags/sport/', '/tags/sport/rss.xml', '/publications/nyt/feed.json', '/from/ja/atom.xml', '/translators/nobody/', '/languages/fr/']) {
      expect((await app.request(path)).status, path).toBe(404)
    }
  })

  it('publishes only the kinds of set FEED_SETS names, and lists and links only those', async () => {
    const { app } = newsroom(loadSiteSettings({ FEED_SETS: 'tags, publications' }, makeSite()))
    expect((await app.request('/tags/france/')).status).toBe(200)
    expect((await app.request('/publications/le-monde/rss.xml')).status).toBe(200)
    for (const path of ['/translators/jane-doe/', '/authors/claire-martin/feed.json', '/from/fr/', '/languages/en/']) {
      expect((await app.request(path)).status, path).toBe(404)
    }
    const feeds = (await fetchText(app, '/feeds')).body
    expect(feeds).toContain('/tags/france/')
    expect(feeds).not.toMatch(/\/(translators|authors|from|languages)\//)
    expect((await fetchText(app, '/feeds.opml')).body).not.toMatch(/\/(translators|authors|from|languages)\//)
    expect((await fetchText(app, '/articles/le-monde-2')).body).toContain('/publications/le-monde/rss.xml')
    const none = newsroom(loadSiteSettings({ FEED_SETS: 'none' }, makeSite())).app
    expect((await none.request('/tags/france/')).status).toBe(404)
    expect((await none.request('/rss.xml')).status).toBe(200)
  })

  it('serves a set whose slug keeps its letters, however the client writes the percent-encoding', async () => {
    const { app } = appFor([{ file: 'tokyo.md', source: articleFile(ownReporting({ tags: ['東京'] })) }], makeSite())
    const encoded = `/tags/${encodeURIComponent('東京')}/`
    for (const path of [encoded, encoded.toLowerCase(), `${encoded}atom.xml`]) {
      expect((await app.request(path)).status, path).toBe(200)
    }
    expect((await app.request(`${encoded}page/2/`)).status).toBe(404)
    expect((await app.request('/tags/%E6%9D/')).status).toBe(404)
    const page = await fetchText(app, encoded)
    expect(page.body).toContain(`href="https://news.example.org${encoded}rss.xml"`)
  })

  it('redirects a set path without its trailing slash, keeping the query', async () => {
    const response = await newsroom().app.request('/tags/france')
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('https://news.example.org/tags/france/')
    expect((await newsroom().app.request('/tags/france?utm=x')).headers.get('location')).toBe('https://news.example.org/tags/france/?utm=x')
  })

  it('links pages from the site URL, so a site mounted below a path keeps its prefix', async () => {
    const { app } = newsroom({ url: 'https://example.org/news/' })
    const { body } = await fetchText(app, '/')
    expect(body).toContain('href="https://example.org/news/articles/le-monde-2"')
    expect(body).toContain('href="https://example.org/news/feeds"')
    expect(body).not.toMatch(/href="\/(?!\/)/)
  })

  it('titles each feed after its set and links its own page', async () => {
    const { app } = newsroom()
    const feed = JSON.parse((await fetchText(app, '/from/fr/feed.json')).body)
    expect(feed.title).toBe('Bylines Test Desk: translated from French')
    expect(feed.home_page_url).toBe('https://news.example.org/from/fr/')
    expect(feed.feed_url).toBe('https://news.example.org/from/fr/feed.json')
    expect(jsonFeedSchemaErrors(feed)).toEqual([])
    const uk = JSON.parse((await fetchText(app, '/languages/uk/feed.json')).body)
    expect(uk.language).toBe('uk')
  })
})

describe('slugs', () => {
  it('are readable for any script and never empty', () => {
    expect(slugify('Le Monde')).toBe('le-monde')
    expect(slugify('Défense & Sécurité')).toBe('defense-securite')
    expect(slugify('Україна')).toBe('ukraina')
    expect(slugify('Ελλάδα')).toBe('ellada')
    expect(slugify('東京')).toBe('東京')
    expect(assignSlugs(['!!!']).get('!!!')).toMatch(/^[0-9a-z]{6}$/)
  })

  it('stay unique, and the older name keeps the plain slug', () => {
    const slugs = assignSlugs(['C++', 'C#', 'c'])
    expect(slugs.get('C++')).toBe('c')
    expect(new Set(slugs.values()).size).toBe(3)
    expect(assignSlugs(['C++', 'C#', 'c', 'Zeta']).get('C#')).toBe(slugs.get('C#'))
  })
})

describe('archive pages (RFC 5005)', () => {
  function archive(count: number, itemsPerFeed: number) {
    const sources = Array.from({ length: count }, (_, i) => ({
      file: `piece-${String(i).padStart(2, '0')}.md`,
      source: articleFile(ownReporting({ title: `Piece ${i}`, date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString() })),
    }))
    return appFor(sources, makeSite({ itemsPerFeed }))
  }

  it('lets a republisher walk JSON Feed next_url back to the oldest article, seeing each once', async () => {
    const { app } = archive(11, 4)
    const seen: string[] = []
    let url: string | undefined = 'https://news.example.org/feed.json'
    let pages = 0
    while (url) {
      const { body } = await fetchText(app, url.replace('https://news.example.org', ''))
      const feed = JSON.parse(body)
      expect(jsonFeedSchemaErrors(feed)).toEqual([])
      seen.push(...feed.items.map((i: { title: string }) => i.title))
      url = feed.next_url
      pages++
    }
    expect(pages).toBe(3)
    expect(seen).toEqual(Array.from({ length: 11 }, (_, i) => `Piece ${10 - i}`))
  })

  it.each(['/rss.xml', '/atom.xml'])('%s carries first, previous, next and last links on every page', async (path) => {
    const { app } = archive(11, 4)
    const base = `https://news.example.org${path}`
    const pageUrl = (n: number) => `https://news.example.org/page/${n}${path}`
    const linksOf = async (page: number) => {
      const { body } = await fetchText(app, page === 1 ? path : `/page/${page}${path}`)
      assertWellFormedXml(body)
      const links = findAll(parseXmlTree(body), (n) => n.local === 'link' && n.uri === NS.atom && n.attributes.rel !== undefined)
      return Object.fromEntries(links.filter((l) => l.attributes.rel !== 'alternate').map((l) => [l.attributes.rel, l.attributes.href]))
    }
    expect(await linksOf(1)).toEqual({ self: base, first: base, next: pageUrl(2), last: pageUrl(3) })
    expect(await linksOf(2)).toEqual({ self: pageUrl(2), first: base, previous: base, next: pageUrl(3), last: pageUrl(3) })
    expect(await linksOf(3)).toEqual({ self: pageUrl(3), first: base, previous: pageUrl(2), last: pageUrl(3) })
  })

  it('walks RSS pages through atom:link rel="next" too, each article exactly once', async () => {
    const { app } = archive(9, 4)
    const seen: string[] = []
    let path: string | undefined = '/rss.xml'
    while (path) {
      const root = parseXmlTree((await fetchText(app, path)).body)
      seen.push(...findAll(root, (n) => n.name === 'item').map((i) => childrenNamed(i, '', 'title')[0]!.text))
      const next = findAll(root, (n) => n.local === 'link' && n.attributes.rel === 'next')[0]
      path = next?.attributes.href?.replace('https://news.example.org', '')
    }
    expect(seen).toHaveLength(9)
    expect(new Set(seen).size).toBe(9)
  })

  it('gives each page the Last-Modified of its own newest item', async () => {
    const { app } = archive(6, 4)
    expect((await app.request('/feed.json')).headers.get('last-modified')).toBe(new Date(Date.UTC(2020, 0, 6)).toUTCString())
    expect((await app.request('/page/2/feed.json')).headers.get('last-modified')).toBe(new Date(Date.UTC(2020, 0, 2)).toUTCString())
  })

  it.each(['0', '-1', 'abc', '1.5', '2x', '', '01', '99999999999'])('answers ?page=%s with 400 and a plain explanation', async (value) => {
    const response = await archive(3, 2).app.request(`/rss.xml?page=${value}`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('whole number')
  })

  it('answers a page past the end with 404, and pages HTML listings the same way', async () => {
    const { app } = archive(5, 2)
    expect((await app.request('/page/3/atom.xml')).status).toBe(200)
    expect((await app.request('/page/4/atom.xml')).status).toBe(404)
    const page2 = await fetchText(app, '/page/2/')
    expect(page2.body).toContain('Piece 2')
    expect(page2.body).toContain('href="https://news.example.org/page/3/"')
  })

  it.each(['/page/1/', '/page/1/rss.xml', '/page/0/', '/page/02/feed.json', '/page/x/atom.xml', '/page/2'])(
    'has no page at %s: page 1 lives at the set’s own path, and numbers are written plainly',
    async (path) => {
      const response = await archive(5, 2).app.request(path)
      expect(response.status).toBe(path === '/page/2' ? 301 : 404)
    },
  )

  it('sends an old `?page=N` link to the page’s folder, and page 1 to the set’s own path', async () => {
    const { app } = archive(5, 2)
    for (const [from, to] of [
      ['/rss.xml?page=2', '/page/2/rss.xml'],
      ['/?page=3', '/page/3/'],
      ['/atom.xml?page=1', '/atom.xml'],
    ]) {
      const response = await app.request(from!)
      expect(response.status, from).toBe(301)
      expect(response.headers.get('location'), from).toBe(`https://news.example.org${to}`)
    }
    expect((await app.request('/rss.xml?page=4')).status).toBe(404)
  })
})

describe('discovery', () => {
  it('announces a set’s own feeds on its page, with hreflang for a language', async () => {
    const { app } = newsroom()
    const { body } = await fetchText(app, '/languages/uk/')
    expect(body).toContain('<link rel="alternate" type="application/atom+xml" title="Bylines Test Desk in Ukrainian (Atom 1.0)" href="https://news.example.org/languages/uk/atom.xml" hreflang="uk">')
    expect(body).toContain('href="https://news.example.org/rss.xml"')
  })

  it('lists every feed at /feeds with a preview', async () => {
    const { body } = await fetchText(newsroom().app, '/feeds')
    for (const path of ['/tags/france/', '/publications/le-monde/', '/from/fr/', '/translators/jane-doe/', '/authors/claire-martin/', '/languages/uk/']) {
      expect(body).toContain(`href="https://news.example.org${path}rss.xml"`)
    }
    expect(body).toContain('2 articles, latest: Paris and the Arctic')
  })

  it('offers every feed as OPML 2.0', async () => {
    const { response, body } = await fetchText(newsroom().app, '/feeds.opml')
    expect(response.headers.get('content-type')).toBe('text/x-opml; charset=utf-8')
    assertWellFormedXml(body)
    const opml = parseOpml(body)
    const urls = (opml.body?.outlines ?? []).flatMap((o) => [o.xmlUrl, ...(o.outlines ?? []).map((c) => c.xmlUrl)]).filter(Boolean)
    expect(urls).toContain('https://news.example.org/rss.xml')
    expect(urls).toContain('https://news.example.org/tags/france/rss.xml')
    expect(urls).toContain('https://news.example.org/from/pl/rss.xml')
    expect(urls).toHaveLength((body.match(/xmlUrl=/g) ?? []).length)
  })
})

describe('WebSub discovery', () => {
  const hub = 'https://hub.example.net/'

  it('advertises the hub in Link headers and in each format', async () => {
    const { app } = newsroom({ websubHub: hub })
    const rss = await app.request('/tags/france/rss.xml')
    expect(rss.headers.get('link')).toBe(`<${hub}>; rel="hub", <https://news.example.org/tags/france/rss.xml>; rel="self"`)
    const rssHub = findAll(parseXmlTree(await rss.text()), (n) => n.local === 'link' && n.attributes.rel === 'hub')
    expect(rssHub.map((l) => l.attributes.href)).toEqual([hub])
    const atom = await (await app.request('/atom.xml')).text()
    expect(findAll(parseXmlTree(atom), (n) => n.uri === NS.atom && n.attributes.rel === 'hub').map((l) => l.attributes.href)).toEqual([hub])
    expect(validateAtomWithJing(atom)).toBe('')
    const json = JSON.parse(await (await app.request('/feed.json')).text())
    expect(json.hubs).toEqual([{ type: 'WebSub', url: hub }])
    expect(jsonFeedSchemaErrors(json)).toEqual([])
  })

  it('says nothing of a hub when none is configured', async () => {
    const { app } = newsroom()
    const response = await app.request('/rss.xml')
    expect(response.headers.get('link')).toBeNull()
    expect(await response.text()).not.toContain('rel="hub"')
  })
})
