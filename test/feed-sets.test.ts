/** Feed sets, archive paging (RFC 5005), discovery, OPML and WebSub links, through `app.request`. */

import type { AnyNode, Element, Text } from 'domhandler'
import { parseOpml } from 'feedsmith'
import { parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { createViewSource } from '../src/feed-sets/view.ts'
import { NO_PUBLIC_FILES } from '../src/model/public-files.ts'
import { COPY_SCRIPT } from '../src/pages/policy.ts'
import { resourceInputs } from '../src/resources/resources.ts'
import { loadSiteSettings } from '../src/settings/resolve.ts'
import { assignSlugs, slugify } from '../src/text/slugify.ts'
import { appFor, articleFile, FIXED_NOW, fetchText, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'
import {
  assertWellFormedXml,
  childrenNamed,
  findAll,
  jsonFeedSchemaErrors,
  NS,
  parseWithPythonFeedparser,
  parseXmlTree,
  validateAtomWithJing,
} from './helpers/parsers.ts'

type App = { request: (path: string) => Response | Promise<Response> }

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
    [
      '/tags/france/',
      ['Paris and the Arctic', 'Inside the translation desk', 'Ukrainian war no longer obstacle to France-Russia military alliance?'],
    ],
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
    for (const path of [
      '/tags/sport/',
      '/tags/sport/rss.xml',
      '/publications/nyt/feed.json',
      '/from/ja/atom.xml',
      '/translators/nobody/',
      '/languages/fr/',
    ]) {
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

describe('archived feeds (RFC 5005 §4)', () => {
  const HOST = 'https://news.example.org'
  const sourcesOf = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      file: `piece-${String(i).padStart(2, '0')}.md`,
      source: articleFile(ownReporting({ title: `Piece ${i}`, date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(), tags: ['Every'] })),
    }))
  const archive = (count: number, itemsPerFeed: number) => appFor(sourcesOf(count), makeSite({ itemsPerFeed }))
  const pieces = (...numbers: number[]) => numbers.map((n) => `Piece ${n}`)

  /** Every document reached from the current one by following `older`, with its items' titles. */
  async function walk(app: App, start: string, older: (body: string) => string | undefined, titles: (body: string) => string[]) {
    const documents: { path: string; titles: string[] }[] = []
    for (let path: string | undefined = start; path; ) {
      const response = await app.request(path)
      expect(response.status, path).toBe(200)
      const body = await response.text()
      documents.push({ path, titles: titles(body) })
      path = older(body)?.replace(HOST, '')
    }
    return documents
  }
  const xmlLink = (rel: string) => (body: string) =>
    findAll(parseXmlTree(body), (n) => n.local === 'link' && n.uri === NS.atom && n.attributes.rel === rel)[0]?.attributes.href
  const FORMATS = {
    json: {
      file: 'feed.json',
      older: (body: string) => JSON.parse(body).next_url,
      titles: (body: string) => JSON.parse(body).items.map((i: { title: string }) => i.title),
    },
    rss: {
      file: 'rss.xml',
      older: xmlLink('prev-archive'),
      titles: (body: string) => findAll(parseXmlTree(body), (n) => n.name === 'item').map((i) => childrenNamed(i, '', 'title')[0]!.text),
    },
    atom: {
      file: 'atom.xml',
      older: xmlLink('prev-archive'),
      titles: (body: string) =>
        findAll(parseXmlTree(body), (n) => n.local === 'entry').map((e) => childrenNamed(e, NS.atom, 'title')[0]!.text),
    },
  }

  it.each(Object.keys(FORMATS) as (keyof typeof FORMATS)[])(
    'walks %s from the current document through every archive, each article exactly once',
    async (format) => {
      const { app } = archive(13, 3)
      const { file, older, titles } = FORMATS[format]
      for (const set of ['/', '/tags/every/']) {
        const documents = await walk(app, `${set}${file}`, older, titles)
        // Archives are numbered from the oldest and hold 3 each; the current document the newest 4.
        expect(documents.map((d) => d.path)).toEqual([`${set}${file}`, ...[3, 2, 1].map((n) => `/archive${set}${n}/${file}`)])
        expect(documents.map((d) => d.titles)).toEqual([pieces(12, 11, 10, 9), pieces(8, 7, 6), pieces(5, 4, 3), pieces(2, 1, 0)])
      }
    },
  )

  it.each(['/rss.xml', '/atom.xml'])(
    '%s links current, prev-archive and next-archive, and marks archives with fh:archive',
    async (file) => {
      const { app } = archive(13, 3)
      const url = (n: number) => (n === 0 ? `${HOST}${file}` : `${HOST}/archive/${n}${file}`)
      const linksOf = async (n: number) => {
        const { body } = await fetchText(app, url(n).replace(HOST, ''))
        assertWellFormedXml(body)
        const root = parseXmlTree(body)
        const links = findAll(root, (node) => node.local === 'link' && node.uri === NS.atom && node.attributes.rel !== undefined)
        const archived = findAll(root, (node) => node.local === 'archive' && node.uri === 'http://purl.org/syndication/history/1.0').length
        return {
          archived,
          ...Object.fromEntries(
            links.filter((l) => !['alternate', 'hub'].includes(l.attributes.rel!)).map((l) => [l.attributes.rel, l.attributes.href]),
          ),
        }
      }
      expect(await linksOf(0)).toEqual({ archived: 0, self: url(0), 'prev-archive': url(3) })
      expect(await linksOf(3)).toEqual({ archived: 1, self: url(3), current: url(0), 'prev-archive': url(2) })
      expect(await linksOf(2)).toEqual({ archived: 1, self: url(2), current: url(0), 'prev-archive': url(1), 'next-archive': url(3) })
      expect(await linksOf(1)).toEqual({ archived: 1, self: url(1), current: url(0), 'next-archive': url(2) })
    },
  )

  it('keeps archives valid for jing, feedparser and the JSON Feed schema', async () => {
    const { app } = archive(13, 3)
    const atom = (await fetchText(app, '/archive/2/atom.xml')).body
    expect(validateAtomWithJing(atom)).toBe('')
    for (const path of ['/archive/2/atom.xml', '/archive/2/rss.xml']) {
      const parsed = parseWithPythonFeedparser((await fetchText(app, path)).body)
      expect(parsed.bozo, path).toBe(false)
      expect(parsed.entries.map((e) => e.title)).toEqual(pieces(5, 4, 3))
    }
    expect(jsonFeedSchemaErrors(JSON.parse((await fetchText(app, '/archive/2/feed.json')).body))).toEqual([])
  })

  it('leaves sealed archives byte for byte as they were when newer articles come, and seals the next when the current document is full', async () => {
    const before = archive(13, 3).app
    const paths = (n: number) => [`/archive/${n}/`, ...Object.values(FORMATS).map((f) => `/archive/${n}/${f.file}`)]
    // One more: the current document grows to 5 and nothing else changes.
    const oneMore = archive(14, 3).app
    for (const path of [1, 2, 3].flatMap(paths)) {
      expect((await fetchText(oneMore, path)).body, path).toBe((await fetchText(before, path)).body)
    }
    expect((await fetchText(oneMore, '/rss.xml')).body).not.toBe((await fetchText(before, '/rss.xml')).body)
    // Two more: the current document reaches 6, and its older half becomes archive 4. Archive 3
    // gains its next-archive link; its articles stay.
    const twoMore = archive(15, 3).app
    for (const path of [1, 2].flatMap(paths)) {
      expect((await fetchText(twoMore, path)).body, path).toBe((await fetchText(before, path)).body)
    }
    expect(FORMATS.json.titles((await fetchText(twoMore, '/archive/3/feed.json')).body)).toEqual(pieces(8, 7, 6))
    expect(FORMATS.json.titles((await fetchText(twoMore, '/archive/4/feed.json')).body)).toEqual(pieces(11, 10, 9))
    expect(FORMATS.json.titles((await fetchText(twoMore, '/feed.json')).body)).toEqual(pieces(14, 13, 12))
  })

  it('serves archives immutable and the current documents with the usual caching', async () => {
    const { app } = archive(13, 3)
    for (const path of ['/archive/1/', '/archive/3/rss.xml', '/archive/tags/every/2/feed.json']) {
      expect((await app.request(path)).headers.get('cache-control'), path).toBe('public, max-age=2592000, immutable')
    }
    for (const path of ['/', '/rss.xml', '/tags/every/feed.json']) {
      expect((await app.request(path)).headers.get('cache-control'), path).toMatch(/^public, max-age=300, s-maxage=300, /)
    }
  })

  it('gives each document the Last-Modified of its own newest item', async () => {
    const { app } = archive(9, 3)
    expect((await app.request('/feed.json')).headers.get('last-modified')).toBe(new Date(Date.UTC(2020, 0, 9)).toUTCString())
    expect((await app.request('/archive/1/feed.json')).headers.get('last-modified')).toBe(new Date(Date.UTC(2020, 0, 3)).toUTCString())
  })

  it('has one document, the current one, while a set has fewer than twice the items per feed', async () => {
    const { app } = archive(5, 3)
    expect(FORMATS.json.titles((await fetchText(app, '/feed.json')).body)).toEqual(pieces(4, 3, 2, 1, 0))
    expect(JSON.parse((await fetchText(app, '/feed.json')).body).next_url).toBeUndefined()
    expect((await app.request('/archive/1/feed.json')).status).toBe(404)
  })

  it.each(['/archive/4/atom.xml', '/archive/0/', '/archive/01/feed.json', '/archive/x/rss.xml', '/archive/2', '/archive/tags/nothing/1/'])(
    'has nothing at %s',
    async (path) => {
      const response = await archive(13, 3).app.request(path)
      expect(response.status).toBe(path === '/archive/2' ? 301 : 404)
    },
  )

  it('pages HTML listings the same way, newer and older', async () => {
    const { app } = archive(13, 3)
    const home = (await fetchText(app, '/')).body
    expect(home).toContain('Piece 9')
    expect(home).not.toContain('Piece 8<')
    expect(home).toContain(`<a rel="next" href="${HOST}/archive/3/">Older</a>`)
    const second = (await fetchText(app, '/archive/2/')).body
    // Headed by its number and its articles' dates: pieces 3 to 5, a day apart from 1 January.
    expect(second).toContain('<p class="meta">Archive 2: 4\u2009–\u20096 January 2020</p>')
    expect(second).toContain(`<a rel="prev" href="${HOST}/archive/3/">Newer</a>`)
    expect(second).toContain(`<a rel="next" href="${HOST}/archive/1/">Older</a>`)
    expect((await fetchText(app, '/archive/3/')).body).toContain(`<a rel="prev" href="${HOST}/">Newer</a>`)
  })

  it.each(['0', '-1', 'abc', '1.5', '2x', '', '01', '99999999999'])('answers ?page=%s with 400 and a plain explanation', async (value) => {
    const response = await archive(3, 2).app.request(`/rss.xml?page=${value}`)
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('whole number')
  })

  it('sends the old page numbering (`page/N/`, `?page=N`, newest first) to the document that holds what the page began with', async () => {
    const { app } = archive(13, 3)
    // Old page N began with the (3(N−1)+1)th newest article: page 3 with Piece 6, in archive 3.
    for (const [from, to] of [
      ['/page/3/rss.xml', '/archive/3/rss.xml'],
      ['/page/2/', '/'],
      ['/page/5/feed.json', '/archive/1/feed.json'],
      ['/tags/every/page/4/atom.xml', '/archive/tags/every/2/atom.xml'],
      ['/rss.xml?page=3', '/archive/3/rss.xml'],
      ['/?page=5', '/archive/1/'],
      ['/atom.xml?page=1', '/atom.xml'],
    ]) {
      await expectRedirect(app, from!, 302, `${HOST}${to}`)
    }
    for (const gone of ['/page/6/rss.xml', '/rss.xml?page=6', '/tags/nothing/page/2/'])
      expect((await app.request(gone)).status, gone).toBe(404)
  })
})

/** `from` answers `status` with `location`. */
async function expectRedirect(
  app: { request: (path: string) => Response | Promise<Response> },
  from: string,
  status: 301 | 302,
  location: string,
): Promise<void> {
  const response = await app.request(from)
  expect(response.status, from).toBe(status)
  expect(response.headers.get('location'), from).toBe(location)
}

const isElement = (node: AnyNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style'

/** The elements under `root` (a parsed page, or an element of one) that `predicate` picks, in document order. */
function elementsIn(root: { children: AnyNode[] }, predicate: (e: Element) => boolean): Element[] {
  const found: Element[] = []
  const visit = (node: AnyNode) => {
    if (!isElement(node)) return
    if (predicate(node)) found.push(node)
    node.children.forEach(visit)
  }
  root.children.forEach(visit)
  return found
}

function textOf(node: AnyNode): string {
  return node.type === 'text' ? (node as Text).data : isElement(node) ? node.children.map(textOf).join('') : ''
}

describe('subscribing, on the set’s own page', () => {
  const HOST = 'https://news.example.org'
  const addresses = (path: string) => ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${HOST}${path}${file}`)

  /** What a page shows of how to subscribe: its section (undefined for none), the page's scripts and "how to subscribe" links. */
  function subscribing(html: string) {
    const page = parseDocument(html)
    const sections = elementsIn(page, (e) => e.attribs.id === 'subscribe')
    expect(sections.length).toBeLessThanOrEqual(1)
    const section = sections[0]
    const inside = (predicate: (e: Element) => boolean) => (section ? elementsIn(section, predicate) : [])
    const heading = inside((e) => e.name === 'h2')[0]
    return {
      section: section && {
        element: section.name,
        heading: heading && textOf(heading),
        labelled: heading !== undefined && section.attribs['aria-labelledby'] === heading.attribs.id,
        addresses: inside((e) => e.name === 'input').map((e) => e.attribs.value),
        copies: inside((e) => e.name === 'button').map((e) => [textOf(e), e.attribs['data-copy']]),
        readers: inside((e) => e.name === 'a' && e.parent !== null && isElement(e.parent) && e.parent.name === 'li').map((e) => [
          textOf(e),
          e.attribs.href,
        ]),
        explained: inside((e) => e.name === 'details').map((e) => textOf(elementsIn(e, (d) => d.name === 'summary')[0]!)),
      },
      scripts: elementsIn(page, (e) => e.name === 'script' && e.attribs.type === undefined).map(textOf),
      links: elementsIn(page, (e) => e.name === 'a' && textOf(e) === 'how to subscribe').map((e) => e.attribs.href),
      headings: elementsIn(page, (e) => e.name === 'h1').length,
    }
  }

  it('opens a set’s current page with the section, folded: the three addresses, each with its copy button, and links that add the feed to readers', async () => {
    const { app } = newsroom()
    for (const path of ['/tags/france/', '/']) {
      const { section, scripts, links, headings } = subscribing((await fetchText(app, path)).body)
      const [rss] = addresses(path)
      expect(section, path).toEqual({
        element: 'section',
        heading: 'Subscribe',
        labelled: true,
        addresses: addresses(path),
        copies: addresses(path).map((url) => ['Copy', url]),
        readers: [
          ['Feedly', `https://feedly.com/i/subscription/feed/${encodeURIComponent(rss!)}`],
          ['Inoreader', `https://www.inoreader.com/?add_feed=${encodeURIComponent(rss!)}`],
          ['NewsBlur', `https://www.newsblur.com/?url=${encodeURIComponent(rss!)}`],
          ['The Old Reader', `https://theoldreader.com/feeds/subscribe?url=${encodeURIComponent(rss!)}`],
          ['Your default feed reader', rss!.replace(/^https:/, 'feed:')],
        ],
        // Folded to one line, which opens it; what a feed is, folded inside.
        explained: ['Subscribe: RSS 2.0 · Atom 1.0 · JSON Feed 1.1', 'What is a feed?'],
      })
      // The copy buttons' script, the one the page policy allows by its hash.
      expect(scripts, path).toEqual([COPY_SCRIPT])
      // The section is on the page, and the home page still names the site once.
      expect(links, path).toEqual([])
      expect(headings, path).toBe(1)
    }
  })

  it('leaves it off archives, which lead to the current page’s section, as the feeds opened in a browser do', async () => {
    const sources = Array.from({ length: 5 }, (_, i) => ({
      file: `piece-${i}.md`,
      source: articleFile(ownReporting({ title: `Piece ${i}`, date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(), tags: ['Every'] })),
    }))
    const { app } = appFor(sources, makeSite({ itemsPerFeed: 2 }))
    for (const [archive, current] of [
      ['/archive/1/', '/'],
      ['/archive/tags/every/1/', '/tags/every/'],
    ]) {
      const { section, scripts, links } = subscribing((await fetchText(app, archive!)).body)
      expect(section, archive).toBeUndefined()
      expect(scripts, archive).toEqual([])
      expect(links, archive).toEqual([`${HOST}${current}#subscribe`])
    }
    for (const feed of ['/tags/every/atom.xml', '/tags/every/rss.xml', '/archive/tags/every/1/atom.xml']) {
      const { response, body } = await fetchText(app, feed)
      expect(response.status, feed).toBe(200)
      const note = findAll(parseXmlTree(body), (n) => n.uri === 'http://www.w3.org/1999/xhtml' && n.local === 'a').map((a) => [
        a.text,
        a.attributes.href,
      ])
      expect(note, feed).toContainEqual(['How to subscribe', `${HOST}/tags/every/#subscribe`])
    }
  })

  it('sends an old subscribe page for good to its set’s section, and answers 404 for a set that does not exist', async () => {
    const { app } = newsroom(loadSiteSettings({ FEED_SETS: 'tags, publications' }, makeSite()))
    for (const [from, to] of [
      ['/subscribe/', '/#subscribe'],
      ['/subscribe', '/#subscribe'],
      ['/subscribe/tags/france/', '/tags/france/#subscribe'],
      ['/subscribe/tags/france', '/tags/france/#subscribe'],
      ['/subscribe/publications/le-monde/?utm_source=x', '/publications/le-monde/#subscribe'],
    ]) {
      await expectRedirect(app, from!, 301, `${HOST}${to}`)
    }
    for (const gone of [
      '/subscribe/tags/sport/',
      '/subscribe/translators/jane-doe/',
      '/subscribe/tags/',
      '/subscribe/tags/france/rss.xml',
      '/subscribe/nope/',
    ]) {
      expect((await app.request(gone)).status, gone).toBe(404)
    }
  })
})

describe('discovery', () => {
  it('announces a set’s own feeds on its page, with hreflang for a language', async () => {
    const { app } = newsroom()
    const { body } = await fetchText(app, '/languages/uk/')
    expect(body).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Bylines Test Desk in Ukrainian (Atom 1.0)" href="https://news.example.org/languages/uk/atom.xml" hreflang="uk">',
    )
    expect(body).toContain('href="https://news.example.org/rss.xml"')
  })

  it('lists every feed at /feeds with a preview', async () => {
    const { body } = await fetchText(newsroom().app, '/feeds')
    for (const path of [
      '/tags/france/',
      '/publications/le-monde/',
      '/from/fr/',
      '/translators/jane-doe/',
      '/authors/claire-martin/',
      '/languages/uk/',
    ]) {
      expect(body).toContain(`href="https://news.example.org${path}rss.xml"`)
    }
    expect(body).toContain('2 articles · latest: Paris and the Arctic')
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

describe('what a listing page is made from (the export leaves a file alone while these stay the same)', () => {
  /** Five pieces a day apart, two per archive, piece 0 moved to `firstDay`; its inputs and page. */
  async function homeOf(firstDay: number) {
    const sources = Array.from({ length: 5 }, (_, i) => ({
      file: `piece-${i}.md`,
      source: articleFile(
        ownReporting({ title: `Piece ${i}`, date: new Date(Date.UTC(2020, 0, i === 0 ? firstDay : 2 + i)).toISOString() }),
      ),
    }))
    const { app, collection, site } = appFor(sources, makeSite({ itemsPerFeed: 2 }))
    const view = createViewSource(() => ({ articles: collection.articles, publicFiles: NO_PUBLIC_FILES }), site)(FIXED_NOW())
    return { inputs: resourceInputs(view, site)('/'), page: (await fetchText(app, '/')).body }
  }

  it('changes with the dates of its archives, which the current page lists', async () => {
    // Piece 0 is in archive 1, not on the current page; its date is that archive's first day.
    const [before, after] = [await homeOf(1), await homeOf(2)]
    expect(after.page).not.toBe(before.page)
    expect(after.inputs).not.toBe(before.inputs)
  })
})
