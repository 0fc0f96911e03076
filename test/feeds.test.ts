/**
 * The three feeds, checked the way their consumers read them: parsed by independent parsers,
 * with assertions on the attribution values of spec §2–4.
 */
import { describe, expect, it } from 'vitest'
import { appFor, articleFile, fetchText, fullTranslation, ownReporting } from './helpers/fixtures.ts'
import {
  assertWellFormedXml,
  childrenNamed,
  findAll,
  jsonFeedSchemaErrors,
  NS,
  parseJsonFeedWithFeedsmith,
  parseWithFeedParser,
  parseWithPythonFeedparser,
  parseXmlTree,
  validateAtomWithJing,
  type XmlNode,
} from './helpers/parsers.ts'

function corpus() {
  return appFor([
    { file: 'france-russia.md', source: articleFile(fullTranslation()) },
    { file: 'desk.md', source: articleFile(ownReporting(), 'We read **everything** first.\n') },
    {
      file: 'bare-translation.md',
      source: articleFile({
        title: 'A translation with only the required attribution',
        date: '2021-05-01T12:00:00Z',
        original: { publication: 'Gazeta Przykładowa', language: 'pl' },
      }),
    },
  ])
}

const TRANSLATION_ID = 'tag:news.example.org,2019-09-23:france-russia'
const ORIGINAL_URL = 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html'

function text(node: XmlNode | undefined): string | undefined {
  return node?.text.trim()
}

describe('RSS 2.0', () => {
  it('is served as RSS with a charset and is well-formed', async () => {
    const { response, body } = await fetchText(corpus().app, '/rss.xml')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(() => assertWellFormedXml(body)).not.toThrow()
  })

  it('declares atom, dc and content once, on <rss>', async () => {
    const { body } = await fetchText(corpus().app, '/rss.xml')
    const root = parseXmlTree(body)
    expect(root.attributes['xmlns:atom']).toBe(NS.atom)
    expect(root.attributes['xmlns:dc']).toBe(NS.dc)
    expect(root.attributes['xmlns:content']).toBe(NS.content)
    expect(body.match(/xmlns:dc=/g)).toHaveLength(1)
  })

  it('maps attribution to the elements of the spec', async () => {
    const { body } = await fetchText(corpus().app, '/rss.xml')
    const items = findAll(parseXmlTree(body), (n) => n.name === 'item')
    expect(items).toHaveLength(3)
    const item = items.find((i) => text(childrenNamed(i, '', 'guid')[0]) === TRANSLATION_ID)!
    expect(childrenNamed(item, '', 'guid')[0]!.attributes.isPermaLink).toBe('false')
    expect(childrenNamed(item, NS.dc, 'creator').map(text)).toEqual(['Jean Dupont'])
    expect(childrenNamed(item, NS.dc, 'contributor').map(text)).toEqual(['Jane Doe'])
    expect(childrenNamed(item, '', 'author')).toHaveLength(0)
    expect(text(childrenNamed(item, NS.dc, 'language')[0])).toBe('en')
    expect(text(childrenNamed(item, NS.dc, 'source')[0])).toBe(ORIGINAL_URL)
    expect(text(childrenNamed(item, NS.dc, 'rights')[0])).toBe('© Le Monde 2019. Translation published with permission.')
    const via = childrenNamed(item, NS.atom, 'link')[0]!
    expect(via.attributes).toMatchObject({
      rel: 'via',
      href: ORIGINAL_URL,
      hreflang: 'fr',
      title: 'La guerre en Ukraine n’est plus un obstacle',
    })
    const source = childrenNamed(item, '', 'source')[0]!
    expect(source.attributes.url).toBe('https://www.lemonde.fr/rss/une.xml')
    expect(text(source)).toBe('Le Monde')
    expect(childrenNamed(item, '', 'category').map(text)).toEqual(['France', 'Russia'])
    expect(text(childrenNamed(item, '', 'description')[0])).toBe('French generals are aware of the risks.')
  })

  it('omits <source> when the publication has no feed URL, and credits the publication as author', async () => {
    const { body } = await fetchText(corpus().app, '/rss.xml')
    const item = findAll(parseXmlTree(body), (n) => n.name === 'item').find((i) =>
      text(childrenNamed(i, '', 'title')[0])!.startsWith('A translation with only'),
    )!
    expect(childrenNamed(item, '', 'source')).toHaveLength(0)
    expect(childrenNamed(item, NS.dc, 'source')).toHaveLength(0)
    expect(childrenNamed(item, NS.dc, 'creator').map(text)).toEqual(['Gazeta Przykładowa'])
    expect(childrenNamed(item, NS.dc, 'contributor')).toHaveLength(0)
  })

  it('reads right in a reader-grade parser', async () => {
    const { body } = await fetchText(corpus().app, '/rss.xml')
    const feed = parseWithFeedParser(body)
    expect(feed.meta.type).toBe('rss')
    expect(feed.title).toBe('Bylines Test Desk')
    const item = feed.items.find((i) => i.id === TRANSLATION_ID)!
    expect(item.title).toBe('Ukrainian war no longer obstacle to France-Russia military alliance?')
    expect(item.url).toBe('https://news.example.org/articles/france-russia')
    expect(item.authors.map((a) => a.name)).toEqual(['Jean Dupont'])
    expect(item.published?.toISOString()).toBe('2019-09-23T19:11:00.000Z')
    expect(item.content).toMatch(/^<p class="bylines-credit">Translated from French by /)
  })

  it('reads right in Python feedparser, without bozo', async () => {
    const { body } = await fetchText(corpus().app, '/rss.xml')
    const parsed = parseWithPythonFeedparser(body)
    expect(parsed.bozo_exception).toBe('')
    expect(parsed.bozo).toBeFalsy()
    expect(parsed.version).toBe('rss20')
    const entry = parsed.entries.find((e) => e.id === TRANSLATION_ID)!
    expect(entry.author).toBe('Jean Dupont')
    expect(entry.contributors.map((c: { name: string }) => c.name)).toEqual(['Jane Doe'])
    expect(entry.source).toMatchObject({ href: 'https://www.lemonde.fr/rss/une.xml', title: 'Le Monde' })
    expect(entry.content[0].value).toMatch(/^<p class="bylines-credit">/)
  })
})

describe('Atom 1.0', () => {
  it('is served as Atom with a charset, well-formed and valid against the RFC 4287 schema', async () => {
    const { response, body } = await fetchText(corpus().app, '/atom.xml')
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    assertWellFormedXml(body)
    expect(validateAtomWithJing(body)).toBe('')
  })

  it('maps attribution to the elements of the spec', async () => {
    const { body } = await fetchText(corpus().app, '/atom.xml')
    const feed = parseXmlTree(body)
    expect(feed.attributes['xml:lang']).toBe('en')
    const entry = childrenNamed(feed, NS.atom, 'entry').find((e) => text(childrenNamed(e, NS.atom, 'id')[0]) === TRANSLATION_ID)!
    expect(entry.attributes['xml:lang']).toBe('en')
    const links = childrenNamed(entry, NS.atom, 'link').map((l) => l.attributes)
    expect(links).toContainEqual({
      rel: 'alternate',
      type: 'text/html',
      hreflang: 'en',
      href: 'https://news.example.org/articles/france-russia',
    })
    expect(links).toContainEqual({
      rel: 'via',
      type: 'text/html',
      hreflang: 'fr',
      title: 'La guerre en Ukraine n’est plus un obstacle',
      href: ORIGINAL_URL,
    })
    expect(links).toContainEqual({ rel: 'license', href: 'https://creativecommons.org/licenses/by-nc-nd/4.0/' })
    const names = (tag: string) => childrenNamed(entry, NS.atom, tag).map((p) => text(childrenNamed(p, NS.atom, 'name')[0]))
    expect(names('author')).toEqual(['Jean Dupont'])
    expect(names('contributor')).toEqual(['Jane Doe'])
    const translator = childrenNamed(entry, NS.atom, 'contributor')[0]!
    expect(text(childrenNamed(translator, NS.atom, 'uri')[0])).toBe('https://example.org/people/jane-doe')
    expect(childrenNamed(entry, NS.atom, 'category').map((c) => c.attributes.term)).toEqual(['France', 'Russia'])
    expect(text(childrenNamed(entry, NS.atom, 'rights')[0])).toBe('© Le Monde 2019. Translation published with permission.')
    expect(text(childrenNamed(entry, NS.atom, 'published')[0])).toBe('2019-09-23T22:11:00+03:00')
    expect(text(childrenNamed(entry, NS.atom, 'updated')[0])).toBe('2019-09-24T08:00:00+03:00')
  })

  it('gives the feed the newest item update as its own', async () => {
    const { body } = await fetchText(corpus().app, '/atom.xml')
    expect(text(childrenNamed(parseXmlTree(body), NS.atom, 'updated')[0])).toBe('2021-05-01T15:00:00+03:00')
  })

  it('reads right in a reader-grade parser and in Python feedparser', async () => {
    const { body } = await fetchText(corpus().app, '/atom.xml')
    const feed = parseWithFeedParser(body)
    expect(feed.meta.type).toBe('atom')
    const item = feed.items.find((i) => i.id === TRANSLATION_ID)!
    expect(item.authors.map((a) => a.name)).toEqual(['Jean Dupont'])
    expect(item.content).toMatch(/^<p class="bylines-credit">/)

    const parsed = parseWithPythonFeedparser(body)
    expect(parsed.bozo).toBeFalsy()
    expect(parsed.version).toBe('atom10')
    const entry = parsed.entries.find((e) => e.id === TRANSLATION_ID)!
    expect(entry.authors.map((a: { name: string }) => a.name)).toEqual(['Jean Dupont'])
    expect(entry.contributors.map((c: { name: string }) => c.name)).toEqual(['Jane Doe'])
    expect(entry.links.find((l: { rel: string }) => l.rel === 'via').href).toBe(ORIGINAL_URL)
    expect(entry.tags.map((t: { term: string }) => t.term)).toEqual(['France', 'Russia'])
    expect(entry.content[0].value).toMatch(/^<p class="bylines-credit">Translated from French/)
  })
})

describe('JSON Feed 1.1', () => {
  async function jsonFeed() {
    const { response, body } = await fetchText(corpus().app, '/feed.json')
    return { response, feed: JSON.parse(body) }
  }

  it('is served as application/feed+json and is valid against the strict 1.1 schema', async () => {
    const { response, feed } = await jsonFeed()
    expect(response.headers.get('content-type')).toBe('application/feed+json; charset=utf-8')
    expect(jsonFeedSchemaErrors(feed)).toEqual([])
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1')
    expect(feed.feed_url).toBe('https://news.example.org/feed.json')
  })

  it('carries the _translation extension and the standard fields', async () => {
    const { feed } = await jsonFeed()
    const item = feed.items.find((i: { id: string }) => i.id === TRANSLATION_ID)
    expect(item.external_url).toBe(ORIGINAL_URL)
    expect(item.language).toBe('en')
    expect(item.authors).toEqual([{ name: 'Jean Dupont' }])
    expect(item.author).toBeUndefined()
    expect(item.date_published).toBe('2019-09-23T22:11:00+03:00')
    expect(item.date_modified).toBe('2019-09-24T08:00:00+03:00')
    expect(item._translation).toEqual({
      about: 'https://news.example.org/spec/json-feed-translation',
      original: {
        url: ORIGINAL_URL,
        title: 'La guerre en Ukraine n’est plus un obstacle',
        language: 'fr',
        date_published: '2019-09-22T00:00:00+03:00',
        authors: [{ name: 'Jean Dupont' }],
        publication: { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed_url: 'https://www.lemonde.fr/rss/une.xml' },
      },
      translators: [{ name: 'Jane Doe', url: 'https://example.org/people/jane-doe' }],
      rights: '© Le Monde 2019. Translation published with permission.',
      license: 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
    })
    expect(item.content_html).toMatch(/^<p class="bylines-credit">/)
  })

  it('leaves out keys with no value rather than writing null, and has no _translation for own reporting', async () => {
    const { feed } = await jsonFeed()
    const serialised = JSON.stringify(feed)
    expect(serialised).not.toContain('null')
    const bare = feed.items.find((i: { title: string }) => i.title.startsWith('A translation with only'))
    expect(bare._translation).toEqual({
      about: 'https://news.example.org/spec/json-feed-translation',
      original: { language: 'pl', publication: { name: 'Gazeta Przykładowa' } },
    })
    expect(bare.external_url).toBeUndefined()
    const own = feed.items.find((i: { title: string }) => i.title === 'Inside the translation desk')
    expect(own._translation).toBeUndefined()
    expect(own.authors).toEqual([{ name: 'Olena Kovalenko', url: 'https://news.example.org/people/olena' }])
  })

  it('reads right in a JSON Feed reader', async () => {
    const { body } = await fetchText(corpus().app, '/feed.json')
    const feed = parseJsonFeedWithFeedsmith(body)
    expect(feed.title).toBe('Bylines Test Desk')
    expect(feed.language).toBe('en')
    const item = feed.items?.find((i) => i.id === TRANSLATION_ID)
    expect(item?.title).toBe('Ukrainian war no longer obstacle to France-Russia military alliance?')
    expect(item?.url).toBe('https://news.example.org/articles/france-russia')
    expect(item?.external_url).toBe(ORIGINAL_URL)
    expect(item?.authors?.map((a) => a.name)).toEqual(['Jean Dupont'])
    expect(item?.content_html).toMatch(/^<p class="bylines-credit">Translated from French by /)
  })
})

describe('every format', () => {
  it('orders items newest first and uses the same id for an item in all three', async () => {
    const { app } = corpus()
    const rss = findAll(parseXmlTree((await fetchText(app, '/rss.xml')).body), (n) => n.name === 'guid').map(text)
    const atom = findAll(parseXmlTree((await fetchText(app, '/atom.xml')).body), (n) => n.local === 'id' && n.uri === NS.atom)
      .map(text)
      .slice(1)
    const json = JSON.parse((await fetchText(app, '/feed.json')).body).items.map((i: { id: string }) => i.id)
    expect(rss).toEqual(json)
    expect(atom).toEqual(json)
    expect(json).toEqual(['tag:news.example.org,2021-05-01:bare-translation', 'tag:news.example.org,2020-01-15:desk', TRANSLATION_ID])
  })

  it('is deterministic: the same articles give the same bytes, whatever the clock', async () => {
    const first = corpus()
    const later = appFor(
      [
        { file: 'desk.md', source: articleFile(ownReporting(), 'We read **everything** first.\n') },
        {
          file: 'bare-translation.md',
          source: articleFile({
            title: 'A translation with only the required attribution',
            date: '2021-05-01T12:00:00Z',
            original: { publication: 'Gazeta Przykładowa', language: 'pl' },
          }),
        },
        { file: 'france-russia.md', source: articleFile(fullTranslation()) },
      ],
      first.site,
      () => new Date('2030-01-01T00:00:00Z'),
    )
    for (const path of ['/rss.xml', '/atom.xml', '/feed.json']) {
      expect((await fetchText(later.app, path)).body).toBe((await fetchText(first.app, path)).body)
    }
  })

  it('makes every URL absolute, including links and images in the body', async () => {
    const { app } = appFor([
      {
        file: 'links.md',
        source: articleFile(
          ownReporting({ image: { url: '/media/a.jpg', alt: 'A' } }),
          'See [the map](../maps/kyiv.png) and ![chart](chart.svg).\n',
        ),
      },
    ])
    const json = JSON.parse((await fetchText(app, '/feed.json')).body)
    const item = json.items[0]
    expect(item.image).toBe('https://news.example.org/media/a.jpg')
    expect(item.content_html).toContain('href="https://news.example.org/maps/kyiv.png"')
    expect(item.content_html).toContain('src="https://news.example.org/articles/chart.svg"')
    expect(item.content_html).not.toMatch(/(href|src)="(?!https:\/\/)/)
  })
})

describe('RSS description', () => {
  it('keeps markup in a summary as text for readers that treat it as HTML', async () => {
    const { app } = appFor([
      { file: 'm.md', source: articleFile(ownReporting({ summary: 'Use <img src=x onerror=alert(1)> and AT&amp;T' })) },
    ])
    const parsed = parseWithPythonFeedparser((await fetchText(app, '/rss.xml')).body)
    // feedparser hands on the description as HTML: no element in it, and its text is the summary.
    expect(parsed.entries[0]!.summary).not.toMatch(/<[a-z/!?]/i)
    expect(htmlText(parsed.entries[0]!.summary)).toBe('Use <img src=x onerror=alert(1)> and AT&amp;T')
  })

  it('reads as the summary where it is shown as it is, as a browser shows a feed with its stylesheet', async () => {
    const summary = 'The night\'s last train & the <b>first</b> one, at AT&T\'s "request" > 9 pm.'
    const { app } = appFor([{ file: 'n.md', source: articleFile(ownReporting({ summary })) }])
    const rss = (await fetchText(app, '/rss.xml')).body
    const item = findAll(parseXmlTree(rss), (n) => n.name === 'item')[0]!
    const shown = childrenNamed(item, '', 'description')[0]!.text
    // The value itself, as the feed stylesheet shows it: the apostrophes, quotes, `>` and the
    // lone `&` as written; only what HTML needs escaped (`<`, and `&` before a letter).
    expect(shown).toBe('The night\'s last train & the &lt;b>first&lt;/b> one, at AT&amp;T\'s "request" > 9 pm.')
    // Readers, which read it as HTML, get the summary.
    expect(htmlText(parseWithPythonFeedparser(rss).entries[0]!.summary)).toBe(summary)
    expect(htmlText(parseWithFeedParser(rss).items[0]!.description!)).toBe(summary)
  })
})

/** The text of HTML that holds no element: its character references decoded, as a browser shows it. */
function htmlText(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return value.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec: string, hex: string, name: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : (named[name] ?? whole),
  )
}

describe('RSS plain text (the RSS Best Practices Profile)', () => {
  it('writes & and < in attributes as hexadecimal references too: an original headline in atom:link title', async () => {
    const headline = "Questions & réponses : <la> nuit d'été"
    const { app } = appFor([
      { file: 'q.md', source: articleFile(fullTranslation({ original: { ...(fullTranslation().original as object), title: headline } })) },
    ])
    const rss = (await fetchText(app, '/rss.xml')).body
    // The W3C validator warns (CharacterData) on `&amp;` and `&lt;` in RSS text, attributes
    // included; the HTML inside CDATA sections is HTML, escaped as HTML is.
    expect(rss.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toMatch(/&amp;|&lt;/)
    const item = findAll(parseXmlTree(rss), (n) => n.name === 'item')[0]!
    const via = childrenNamed(item, NS.atom, 'link').find((link) => link.attributes.rel === 'via')!
    expect(via.attributes.title).toBe(headline)
    expect(parseWithPythonFeedparser(rss).entries[0]!.links.find((link: { rel: string }) => link.rel === 'via')?.title).toBe(headline)
  })

  it('writes & and < as hexadecimal character references, which readers read back as the text', async () => {
    const { app } = appFor([{ file: 'a.md', source: articleFile(ownReporting({ title: 'AT&T <rules> & more', tags: ['R&D'] })) }])
    const rss = (await fetchText(app, '/rss.xml')).body
    expect(rss).toContain('<title>AT&#x26;T &#x3C;rules&gt; &#x26; more</title>')
    expect(rss).toContain('<category>R&#x26;D</category>')
    expect(rss).not.toMatch(/&amp;|&lt;/)
    const parsed = parseWithPythonFeedparser(rss)
    expect(parsed.entries[0]!.title).toBe('AT&T <rules> & more')
    expect(parsed.entries[0]!.tags[0].term).toBe('R&D')
  })
})

describe('documents assembled from items serialised once', () => {
  it('read exactly as a whole-document serialiser writes them', async () => {
    const { app } = corpus()
    const json = (await fetchText(app, '/feed.json')).body
    expect(json).toBe(`${JSON.stringify(JSON.parse(json), null, 2)}\n`)
    for (const path of ['/rss.xml', '/atom.xml']) {
      const xml = (await fetchText(app, path)).body
      // Every line is indented by whole levels, and no item sits on its neighbour's line.
      expect(xml.split('\n').filter((line) => /^( {2})*<(item|entry)[ >]/.test(line)).length, path).toBe(JSON.parse(json).items.length)
      expect(xml, path).not.toMatch(/><(item|entry)[ >]/)
    }
  })

  it('are the same whichever document serialises an item first', async () => {
    const { app } = corpus()
    const first = (await fetchText(app, '/tags/france/feed.json')).body
    const whole = (await fetchText(app, '/feed.json')).body
    const again = corpus().app
    expect((await fetchText(again, '/feed.json')).body).toBe(whole)
    expect((await fetchText(again, '/tags/france/feed.json')).body).toBe(first)
  })
})
