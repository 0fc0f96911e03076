/**
 * Adversarial articles, end to end through the app: markup injection in every text field,
 * XML-illegal characters, hostile HTML in the body, front matter that must never be evaluated,
 * YAML resource exhaustion, and the problems a newsroom typo should produce. Every case also
 * serves one good article and checks that it is still in all three feeds: one bad article never
 * takes down the feed.
 */
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DomUtils, parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import type { ArticleSource } from '../src/articles/collection.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { appFor, articleFile, fullTranslation, jsonStrings, makeSite, readFeeds } from './helpers/fixtures.ts'
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

type App = ReturnType<typeof appFor>['app']

// ---------------------------------------------------------------------------------------------
// The good article, and helpers to read all three feeds
// ---------------------------------------------------------------------------------------------

const GOOD_TITLE = 'A perfectly ordinary translated article'
const GOOD_ID = 'tag:news.example.org,2019-09-23:good'

function good(): ArticleSource {
  return { file: 'good.md', source: articleFile(fullTranslation({ title: GOOD_TITLE })) }
}

interface JsonItem {
  id: string
  title?: string
  summary?: string
  content_html?: string
  tags?: string[]
  [key: string]: unknown
}

function rssItems(xml: string): XmlNode[] {
  return findAll(parseXmlTree(xml), (n) => n.uri === '' && n.local === 'item')
}

function atomEntries(xml: string): XmlNode[] {
  return findAll(parseXmlTree(xml), (n) => n.uri === NS.atom && n.local === 'entry')
}

function jsonItems(json: string): JsonItem[] {
  return (JSON.parse(json) as { items: JsonItem[] }).items
}

function childText(node: XmlNode, uri: string, local: string): string | undefined {
  return childrenNamed(node, uri, local)[0]?.text
}

function rssItemById(xml: string, id: string): XmlNode | undefined {
  return rssItems(xml).find((i) => childText(i, '', 'guid') === id)
}

function atomEntryById(xml: string, id: string): XmlNode | undefined {
  return atomEntries(xml).find((e) => childText(e, NS.atom, 'id') === id)
}

function jsonItemById(json: string, id: string): JsonItem | undefined {
  return jsonItems(json).find((i) => i.id === id)
}

/** The good article is in every feed, with its title, and its page is served. */
async function expectGoodArticleServed(app: App): Promise<void> {
  const { rss, atom, json } = await readFeeds(app)
  expect(childText(rssItemById(rss, GOOD_ID)!, '', 'title')).toBe(GOOD_TITLE)
  expect(childText(atomEntryById(atom, GOOD_ID)!, NS.atom, 'title')).toBe(GOOD_TITLE)
  expect(jsonItemById(json, GOOD_ID)?.title).toBe(GOOD_TITLE)
  expect((await app.request('/articles/good')).status).toBe(200)
  expect(await (await app.request('/')).text()).toContain(GOOD_TITLE)
}

/** The default tag: URI of an article, as the fixtures' site and a date-only `date` give it. */
function idFor(slug: string, utcDay: string): string {
  return `tag:news.example.org,${utcDay}:${slug}`
}

/** Characters XML 1.0 forbids (§2.2), written independently of src/text/text.ts. */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What a reader sees of an HTML fragment: tags dropped, the common entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0*39;|&#x0*27;|&apos;/gi, "'")
    .replace(/&amp;/g, '&')
}

/** The start tags of an HTML fragment, where attributes (and so URLs and handlers) live. */
function startTags(html: string): string[] {
  return html.match(/<[a-zA-Z][^>]*>/g) ?? []
}

// ---------------------------------------------------------------------------------------------
// Markup in the title
// ---------------------------------------------------------------------------------------------

describe('a title that tries to close its element', () => {
  const TITLE = `Breaking </title><evil>owned</evil> & < > " ' news`
  const ID = idFor('title-injection', '2019-12-31')

  function corpus() {
    return appFor([
      good(),
      {
        file: 'title-injection.md',
        source: articleFile({
          title: TITLE,
          date: '2020-01-01',
          summary: 'Nothing to see.',
          original: {
            publication: { name: 'Le Monde', feed: 'https://www.lemonde.fr/rss/une.xml' },
            language: 'fr',
            url: 'https://www.lemonde.fr/a.html',
            title: TITLE,
          },
        }),
      },
    ])
  }

  it('is accepted without problems', () => {
    const { collection } = corpus()
    expect(collection.problems).toEqual([])
    expect(collection.articles.map((a) => a.title)).toContain(TITLE)
  })

  it('leaves RSS well-formed, with exactly one <title> per item and no <evil> element', async () => {
    const { app } = corpus()
    const { rss } = await readFeeds(app)
    assertWellFormedXml(rss)
    const tree = parseXmlTree(rss)
    const items = rssItems(rss)
    expect(items).toHaveLength(2)
    for (const item of items) expect(childrenNamed(item, '', 'title')).toHaveLength(1)
    expect(findAll(tree, (n) => n.local === 'evil')).toEqual([])
    expect(childText(rssItemById(rss, ID)!, '', 'title')).toBe(TITLE)
    // The via link carries the original title as an attribute; it must come back whole too.
    const via = childrenNamed(rssItemById(rss, ID)!, NS.atom, 'link')[0]!
    expect(via.attributes.title).toBe(TITLE)
  })

  it('reads back exactly in RSS through feed-parser and Python feedparser', async () => {
    const { app } = corpus()
    const { rss } = await readFeeds(app)
    expect(parseWithFeedParser(rss).items.find((i) => i.id === ID)?.title).toBe(TITLE)
    const parsed = parseWithPythonFeedparser(rss)
    expect(parsed.bozo_exception).toBe('')
    expect(parsed.bozo).toBeFalsy()
    expect(parsed.entries.find((e) => e.id === ID)?.title).toBe(TITLE)
  })

  it('leaves Atom well-formed, valid against RFC 4287, and reads back exactly', async () => {
    const { app } = corpus()
    const { atom } = await readFeeds(app)
    assertWellFormedXml(atom)
    expect(validateAtomWithJing(atom)).toBe('')
    expect(findAll(parseXmlTree(atom), (n) => n.local === 'evil')).toEqual([])
    for (const entry of atomEntries(atom)) expect(childrenNamed(entry, NS.atom, 'title')).toHaveLength(1)
    expect(childText(atomEntryById(atom, ID)!, NS.atom, 'title')).toBe(TITLE)
    expect(parseWithFeedParser(atom).items.find((i) => i.id === ID)?.title).toBe(TITLE)
    const parsed = parseWithPythonFeedparser(atom)
    expect(parsed.bozo_exception).toBe('')
    expect(parsed.bozo).toBeFalsy()
    expect(parsed.entries.find((e) => e.id === ID)?.title).toBe(TITLE)
  })

  it('gives a schema-valid JSON Feed whose title is the original string', async () => {
    const { app } = corpus()
    const { json } = await readFeeds(app)
    expect(jsonFeedSchemaErrors(JSON.parse(json))).toEqual([])
    expect(jsonItemById(json, ID)?.title).toBe(TITLE)
    expect(parseJsonFeedWithFeedsmith(json).items?.find((i) => i.id === ID)?.title).toBe(TITLE)
  })

  // Text that looks like an entity is text. (Reader heuristics differ here: RSS 2.0 titles are
  // ambiguous, so Python feedparser decodes `&#39;` in them, and feed-parser decodes entities in
  // Atom text once more; the strict readings below are the ones that count.)
  it('keeps entity-like text as text in a strict reading of every format', async () => {
    const ENTITY_TEXT = 'Fish &amp; chips &lt;b&gt; &#39; &copy; &nosuch;'
    const { app, collection } = appFor([good(), { file: 'entities.md', source: articleFile({ title: ENTITY_TEXT, date: '2020-01-01' }) }])
    expect(collection.problems).toEqual([])
    const { rss, atom, json } = await readFeeds(app)
    const id = idFor('entities', '2019-12-31')
    expect(childText(rssItemById(rss, id)!, '', 'title')).toBe(ENTITY_TEXT)
    expect(childText(atomEntryById(atom, id)!, NS.atom, 'title')).toBe(ENTITY_TEXT)
    expect(jsonItemById(json, id)?.title).toBe(ENTITY_TEXT)
    expect(parseWithPythonFeedparser(atom).entries.find((e) => e.id === id)?.title).toBe(ENTITY_TEXT)
  })

  it('is escaped on the HTML pages', async () => {
    const { app } = corpus()
    const page = await (await app.request('/articles/title-injection')).text()
    expect(page).not.toContain('<evil>')
    expect(page.match(/<title>/g)).toHaveLength(1)
    expect(page).toContain('&lt;/title&gt;&lt;evil&gt;')
    const home = await (await app.request('/')).text()
    expect(home).not.toContain('<evil>')
  })

  it('does not take down the good article', async () => {
    await expectGoodArticleServed(corpus().app)
  })
})

describe('an Astro-style <source> injection', () => {
  const INJECTION = '</source><source url="https://evil.example">'
  const ID = idFor('source-injection', '2019-12-31')
  const FEED = 'https://www.lemonde.fr/rss/une.xml'

  function corpus() {
    return appFor([
      good(),
      {
        file: 'source-injection.md',
        source: articleFile({
          title: INJECTION,
          date: '2020-01-01',
          summary: INJECTION,
          original: {
            publication: { name: `Le Monde ${INJECTION}`, url: 'https://www.lemonde.fr/', feed: FEED },
            language: 'fr',
            url: 'https://www.lemonde.fr/a.html',
            title: INJECTION,
            authors: [INJECTION],
          },
          translators: [INJECTION],
          tags: [INJECTION],
          rights: INJECTION,
        }),
      },
    ])
  }

  it('gives exactly one <source> element in that item, with the real feed URL', async () => {
    const { app, collection } = corpus()
    expect(collection.problems).toEqual([])
    const { rss } = await readFeeds(app)
    assertWellFormedXml(rss)
    const item = rssItemById(rss, ID)!
    const sources = findAll(item, (n) => n.uri === '' && n.local === 'source')
    expect(sources).toHaveLength(1)
    expect(sources[0]!.attributes).toEqual({ url: FEED })
    expect(sources[0]!.text).toBe(`Le Monde ${INJECTION}`)
    expect(childText(item, '', 'title')).toBe(INJECTION)
    const evil = findAll(parseXmlTree(rss), (n) => Object.values(n.attributes).includes('https://evil.example'))
    expect(evil).toEqual([])
  })

  it('keeps Atom valid and the JSON Feed schema-valid', async () => {
    const { app } = corpus()
    const { atom, json } = await readFeeds(app)
    assertWellFormedXml(atom)
    expect(validateAtomWithJing(atom)).toBe('')
    expect(findAll(parseXmlTree(atom), (n) => n.local === 'source')).toEqual([])
    expect(jsonFeedSchemaErrors(JSON.parse(json))).toEqual([])
    expect(jsonItemById(json, ID)?.title).toBe(INJECTION)
  })

  it('does not take down the good article', async () => {
    await expectGoodArticleServed(corpus().app)
  })
})

// ---------------------------------------------------------------------------------------------
// Hostile body
// ---------------------------------------------------------------------------------------------

describe('a hostile body', () => {
  const ARABIC = 'مرحبا بالعالم'
  const HEBREW = 'שלום עולם'
  const FAMILY = '👩\u200D👩\u200D👧\u200D👦' // a ZWJ sequence
  const FLAG = '🇺🇦'
  const SKIN_TONE = '✊🏽'
  const ID = idFor('hostile-body', '2019-12-31')

  const BODY = [
    'CDATA ends here ]]> and here ]]> in one paragraph.',
    '',
    'Controls: a\u0001b\u000Bc\uFFFEd\uD800e\uDC00f.',
    '',
    '<script>alert(1)</script>',
    '',
    '<img src=x onerror=alert(1)>',
    '',
    '[x](javascript:alert(1)) and <a href="javascript:alert(1)">y</a> and <a href="JaVaScRiPt:alert(2)">z</a>',
    'and <a href="&#106;avascript:alert(3)">w</a> and <a href=" javascript:alert(4)">v</a>',
    '',
    '<iframe src="https://evil.example/frame"></iframe>',
    '',
    '<style>body { display: none }</style>',
    '',
    '[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and',
    '![pixel](data:image/png;base64,iVBORw0KGgo=) and <a href="data:text/html,<script>alert(5)</script>">d</a>',
    '',
    '<p onclick="alert(6)" style="color:red">handlers</p>',
    '',
    '<svg onload="alert(7)"><circle r="1"/></svg>',
    '',
    `${ARABIC} — ${HEBREW}`,
    '',
    `Emoji: ${FAMILY} ${FLAG} ${SKIN_TONE} 🎉`,
    '',
  ].join('\n')

  function corpus() {
    return appFor([
      good(),
      {
        file: 'hostile-body.md',
        source: articleFile(
          {
            title: 'Hostile body',
            date: '2020-01-01',
            original: { publication: 'Le Monde', language: 'fr' },
          },
          BODY,
        ),
      },
    ])
  }

  /** Content HTML of the hostile item as each reader sees it. */
  async function contents() {
    const { app } = corpus()
    const { rss, atom, json } = await readFeeds(app)
    const pyRss = parseWithPythonFeedparser(rss)
    const pyAtom = parseWithPythonFeedparser(atom)
    return {
      rss,
      atom,
      json,
      pyRss,
      pyAtom,
      html: {
        'RSS content:encoded (saxes)': childText(rssItemById(rss, ID)!, NS.content, 'encoded')!,
        'Atom content (saxes)': childText(atomEntryById(atom, ID)!, NS.atom, 'content')!,
        'RSS (feed-parser)': parseWithFeedParser(rss).items.find((i) => i.id === ID)!.content!,
        'Atom (feed-parser)': parseWithFeedParser(atom).items.find((i) => i.id === ID)!.content!,
        'RSS (Python feedparser)': pyRss.entries.find((e) => e.id === ID)!.content[0].value as string,
        'Atom (Python feedparser)': pyAtom.entries.find((e) => e.id === ID)!.content[0].value as string,
        'JSON content_html': jsonItemById(json, ID)!.content_html!,
        'JSON (feedsmith)': parseJsonFeedWithFeedsmith(json).items!.find((i) => i.id === ID)!.content_html!,
      } as Record<string, string>,
    }
  }

  it('leaves every feed well-formed and valid, and Python feedparser reads RSS and Atom without bozo', async () => {
    const { rss, atom, json, pyRss, pyAtom } = await contents()
    assertWellFormedXml(rss)
    assertWellFormedXml(atom)
    expect(validateAtomWithJing(atom)).toBe('')
    expect(jsonFeedSchemaErrors(JSON.parse(json))).toEqual([])
    for (const parsed of [pyRss, pyAtom]) {
      expect(parsed.bozo_exception).toBe('')
      expect(parsed.bozo).toBeFalsy()
    }
  })

  it('sanitises the content: no script, handlers, iframes, styles, javascript: or data: URLs', async () => {
    const { html } = await contents()
    for (const [reader, content] of Object.entries(html)) {
      const lower = content.toLowerCase()
      expect(lower, reader).not.toContain('<script')
      expect(lower, reader).not.toContain('onerror')
      expect(lower, reader).not.toMatch(/<[^>]*\son[a-z]+\s*=/)
      expect(lower, reader).not.toContain('<iframe')
      expect(lower, reader).not.toContain('<style')
      expect(lower, reader).not.toContain('<svg')
      expect(lower, reader).not.toMatch(/<[^>]*\sstyle\s*=/)
      // markdown-it leaves `[x](javascript:…)` unlinked, as literal text, which is harmless;
      // what must never happen is such a URL in an attribute.
      for (const tag of startTags(lower)) {
        expect(tag, reader).not.toContain('javascript:')
        expect(tag, reader).not.toContain('data:')
      }
      expect(visibleText(content), reader).not.toContain('alert(1)</script>')
    }
  })

  it('removes XML-illegal characters and keeps right-to-left text and emoji intact', async () => {
    const { html } = await contents()
    for (const [reader, content] of Object.entries(html)) {
      expect(content, reader).not.toMatch(XML_ILLEGAL)
      expect(content, reader).toContain(ARABIC)
      expect(content, reader).toContain(HEBREW)
      expect(content, reader).toContain(FAMILY)
      expect(content, reader).toContain(FLAG)
      expect(content, reader).toContain(SKIN_TONE)
      expect(content, reader).toContain('🎉')
      expect(visibleText(content), reader).toContain('Controls: abcdef.')
    }
  })

  it('keeps both "]]>" as text the reader sees', async () => {
    const { html, rss, atom, json } = await contents()
    for (const [reader, content] of Object.entries(html)) {
      // Readers return the HTML with the text escaped (`]]&gt;`); shown, it reads `]]>`.
      expect(content, reader).toMatch(/\]\](>|&gt;) and here \]\](>|&gt;)/)
      expect(visibleText(content), reader).toContain('CDATA ends here ]]> and here ]]> in one paragraph.')
    }
    // The default summary is the first paragraph, as plain text.
    const summary = 'CDATA ends here ]]> and here ]]> in one paragraph.'
    // RSS <description> is HTML by convention: the summary is HTML-escaped inside it.
    expect(decodeHtml(childText(rssItemById(rss, ID)!, '', 'description')!)).toBe(summary)
    expect(childText(atomEntryById(atom, ID)!, NS.atom, 'summary')).toBe(summary)
    expect(jsonItemById(json, ID)?.summary).toBe(summary)
  })

  it('is sanitised on the article page too', async () => {
    const { app } = corpus()
    const page = await (await app.request('/articles/hostile-body')).text()
    const article = page.slice(page.indexOf('<article class="article">'), page.indexOf('</article>'))
    expect(article).not.toMatch(/<script|<iframe|<style|<svg|\son[a-z]+\s*=/i)
    for (const tag of startTags(article)) expect(tag).not.toMatch(/javascript:|data:/i)
    expect(article).toContain(FAMILY)
    expect(article).toContain(ARABIC)
  })

  it('does not take down the good article', async () => {
    await expectGoodArticleServed(corpus().app)
  })
})

// markdown-it decodes what a body spells out (an entity, an autolink's percent-escapes) after the
// body itself was cleared of these characters: what the decoding makes must be cleared too, on
// both ways a body is rendered (without raw HTML, written from the tokens; with it, sanitised).
describe('characters XML forbids, spelled out in a body', () => {
  const ID = idFor('spelled-out', '2019-12-31')
  const SPELLED = [
    'An entity: a&#12;b.',
    '',
    'An autolink: <http://a.example/%00%0B%EF%BF%BE>.',
    '',
    'A picture ![<http://a.example/%01>](x.png) and a [title](http://a.example/ "ti&#12;tle").',
  ].join('\n')
  const bodies: [string, string][] = [
    ['without raw HTML', SPELLED],
    ['with raw HTML, which spells them out too', `${SPELLED}\n\n<p>raw&#12;</p> <abbr title="a&#8;b&#xFFFE;">x</abbr>`],
  ]
  for (const [label, body] of bodies) {
    it(`reach no feed and no page, ${label}`, async () => {
      const { app, collection } = appFor([
        good(),
        { file: 'spelled-out.md', source: articleFile({ title: 'Spelled out', date: '2020-01-01' }, body) },
      ])
      expect(collection.problems).toEqual([])
      const { rss, atom, json } = await readFeeds(app)
      const content = jsonItemById(json, ID)!.content_html!
      expect(content).not.toMatch(XML_ILLEGAL)
      expect(visibleText(content)).toContain('An entity: ab.')
      expect(visibleText(content)).toContain('An autolink: http://a.example/.')
      const elements = DomUtils.getElementsByTagName(() => true, parseDocument(content).children)
      expect(elements.find((element) => element.name === 'a' && element.attribs.title)?.attribs.title).toBe('title')
      expect(elements.find((element) => element.name === 'img')?.attribs.alt).toBe('http://a.example/')
      if (body !== SPELLED) {
        expect(visibleText(content)).toContain('raw')
        expect(elements.find((element) => element.name === 'abbr')?.attribs.title).toBe('ab')
      }
      // The summary is the first paragraph, from the same tokens.
      expect(jsonItemById(json, ID)!.summary).toBe('An entity: ab.')
      // The feeds say the same: XML readers get what JSON Feed gets.
      expect(childText(rssItemById(rss, ID)!, NS.content, 'encoded')).toBe(content)
      expect(childText(atomEntryById(atom, ID)!, NS.atom, 'content')).toBe(content)
      const page = await (await app.request('/articles/spelled-out')).text()
      expect(page).not.toMatch(XML_ILLEGAL)
      expect(page).toContain('An entity: ab.')
    })
  }
})

// ---------------------------------------------------------------------------------------------
// Hostile front-matter values
// ---------------------------------------------------------------------------------------------

describe('control characters and markup in front-matter fields', () => {
  // Written in YAML as escapes ("\x01", "\ud800"), so they reach the values even though the
  // raw file is cleaned. None of these is JavaScript whitespace, so only removal can apply.
  const DIRT = '\u0001\u0008\u001F\uFFFE\uFFFF\uD800'
  const MARKUP = '</title><evil/><script>alert(1)</script> & ]]> "q" \'s'
  const dirty = (label: string) => `${label}${DIRT}x\uDC00 ${MARKUP}`
  const clean = (label: string) => `${label}x ${MARKUP}`
  const ID = idFor('dirty-fields', '2019-12-31')

  function corpus() {
    return appFor([
      good(),
      {
        file: 'dirty-fields.md',
        source: articleFile({
          title: dirty('Title'),
          date: '2020-01-01',
          summary: dirty('Summary'),
          tags: [dirty('Tag')],
          translators: [{ name: dirty('Translator'), url: 'https://example.org/t' }],
          original: {
            publication: { name: dirty('Publication'), feed: 'https://www.lemonde.fr/rss/une.xml' },
            url: 'https://www.lemonde.fr/a.html',
            title: dirty('Original'),
            language: 'fr',
            authors: [dirty('Author')],
          },
          rights: dirty('Rights'),
        }),
      },
    ])
  }

  it('are accepted, and the file really carries the characters to YAML as escapes', () => {
    const { collection } = corpus()
    expect(collection.problems).toEqual([])
    expect(collection.articles.map((a) => a.slug)).toContain('dirty-fields')
    // Cleaning the raw file is not enough: YAML turns these escapes into the characters.
    const source = articleFile({ rights: dirty('Rights') })
    expect(source).toContain('\\x01')
    expect(source).toContain('\\ud800')
    expect(source).toContain('\\udc00')
  })

  it('leave RSS well-formed, with the values read back without the illegal characters', async () => {
    const { app } = corpus()
    const { rss } = await readFeeds(app)
    assertWellFormedXml(rss)
    const tree = parseXmlTree(rss)
    expect(findAll(tree, (n) => n.local === 'evil' || n.local === 'script')).toEqual([])
    const item = rssItemById(rss, ID)!
    expect(childrenNamed(item, '', 'title')).toHaveLength(1)
    expect(childText(item, '', 'title')).toBe(clean('Title'))
    expect(decodeHtml(childText(item, '', 'description')!)).toBe(clean('Summary'))
    expect(childText(item, '', 'description')).not.toMatch(/<[a-z/]/i)
    expect(childrenNamed(item, '', 'category').map((c) => c.text)).toEqual([clean('Tag')])
    expect(childrenNamed(item, NS.dc, 'contributor').map((c) => c.text)).toEqual([clean('Translator')])
    expect(childrenNamed(item, NS.dc, 'creator').map((c) => c.text)).toEqual([clean('Author')])
    expect(childText(item, NS.dc, 'rights')).toBe(clean('Rights'))
    expect(childText(item, '', 'source')).toBe(clean('Publication'))
    expect(childrenNamed(item, NS.atom, 'link')[0]!.attributes.title).toBe(clean('Original'))
    const content = childText(item, NS.content, 'encoded')!
    expect(content).not.toMatch(/<script|<evil/)
    expect(content).toMatch(
      /^<p class="bylines-credit">Translated from French by <a href="https:\/\/example.org\/t">Translatorx &lt;\/title&gt;/,
    )

    const parsed = parseWithPythonFeedparser(rss)
    expect(parsed.bozo_exception).toBe('')
    expect(parsed.bozo).toBeFalsy()
    expect(parsed.entries.find((e) => e.id === ID)?.title).toBe(clean('Title'))
  })

  it('leave Atom well-formed and valid, with the values read back without the illegal characters', async () => {
    const { app } = corpus()
    const { atom } = await readFeeds(app)
    assertWellFormedXml(atom)
    expect(validateAtomWithJing(atom)).toBe('')
    expect(findAll(parseXmlTree(atom), (n) => n.local === 'evil' || n.local === 'script')).toEqual([])
    const entry = atomEntryById(atom, ID)!
    expect(childText(entry, NS.atom, 'title')).toBe(clean('Title'))
    expect(childText(entry, NS.atom, 'summary')).toBe(clean('Summary'))
    expect(childText(entry, NS.atom, 'rights')).toBe(clean('Rights'))
    expect(childrenNamed(entry, NS.atom, 'category').map((c) => c.attributes.term)).toEqual([clean('Tag')])
    const name = (p: XmlNode) => childText(p, NS.atom, 'name')
    expect(childrenNamed(entry, NS.atom, 'contributor').map(name)).toEqual([clean('Translator')])
    expect(childrenNamed(entry, NS.atom, 'author').map(name)).toEqual([clean('Author')])
    const parsed = parseWithPythonFeedparser(atom)
    expect(parsed.bozo_exception).toBe('')
    expect(parsed.bozo).toBeFalsy()
  })

  it('leave the JSON Feed schema-valid, with markup kept as text', async () => {
    const { app } = corpus()
    const { json } = await readFeeds(app)
    expect(jsonFeedSchemaErrors(JSON.parse(json))).toEqual([])
    const item = jsonItemById(json, ID)!
    expect(item.content_html).not.toMatch(/<script|<evil/)
    expect(item.content_html).toContain('&lt;script&gt;')
  })

  // Spec §4: "characters that XML 1.0 forbids are removed from every value" — a rule of the
  // format mapping as a whole, not only of XML (src/text/text.ts: "Removing them everywhere also
  // keeps JSON Feed and XML feeds saying the same thing"). The raw file is cleaned before YAML
  // parsing, but YAML escapes such as "\x01" or "\ud800" put the characters back into values.
  it('are removed from every JSON Feed value too, so all three feeds say the same thing', async () => {
    const { app } = corpus()
    const { json } = await readFeeds(app)
    const dirtyValues = jsonStrings(JSON.parse(json)).filter(([, v]) => XML_ILLEGAL.test(v))
    expect(dirtyValues.map(([path]) => path)).toEqual([])
    const item = jsonItemById(json, ID)!
    expect(item.title).toBe(clean('Title'))
    expect(item.summary).toBe(clean('Summary'))
    expect(item.tags).toEqual([clean('Tag')])
  })

  it('are escaped on the article page, whose only script is the JSON-LD', async () => {
    const { app } = corpus()
    const page = await (await app.request('/articles/dirty-fields')).text()
    expect(page).not.toContain('<evil')
    expect(page.match(/<script/g)).toEqual(['<script'])
    expect(page.match(/<\/script>/g)).toEqual(['</script>'])
    expect(page).toContain('<script type="application/ld+json">')
  })

  it('do not take down the good article', async () => {
    await expectGoodArticleServed(corpus().app)
  })
})

// XML turns a literal carriage return in element content into a line feed (XML 1.0 §2.11), so
// text must write it as &#13; — as attributes already do — or RSS and Atom disagree.
describe('a carriage return inside a field value', () => {
  it('reads the same in RSS text as in Atom attributes and JSON', async () => {
    const TAG = 'before\rafter'
    const { app, collection } = appFor([
      good(),
      { file: 'cr.md', source: articleFile({ title: 'Carriage return', date: '2020-01-01', tags: [TAG], rights: `R${TAG}` }) },
    ])
    expect(collection.problems).toEqual([])
    const { rss, atom, json } = await readFeeds(app)
    const id = idFor('cr', '2019-12-31')
    expect(jsonItemById(json, id)?.tags).toEqual([TAG])
    expect(childrenNamed(atomEntryById(atom, id)!, NS.atom, 'category').map((c) => c.attributes.term)).toEqual([TAG])
    const item = rssItemById(rss, id)!
    expect(childrenNamed(item, '', 'category').map((c) => c.text)).toEqual([TAG])
    expect(childText(item, NS.dc, 'rights')).toBe(`R${TAG}`)
    await expectGoodArticleServed(app)
  })
})

// ---------------------------------------------------------------------------------------------
// Front matter that must never be evaluated
// ---------------------------------------------------------------------------------------------

function pwnedFlag(): unknown {
  return Reflect.get(globalThis, '__bylinesPwned')
}

describe('front matter in another language', () => {
  const marker = join(tmpdir(), `bylines-pwned-${process.pid}-${Date.now()}`)
  const code = [
    '{',
    '  title: (globalThis.__bylinesPwned = true,',
    `    (typeof require === 'function' ? require('fs') : process.getBuiltinModule('fs')).writeFileSync(${JSON.stringify(marker)}, 'pwned'),`,
    "    'Pwned'),",
    "  date: '2020-01-01'",
    '}',
  ].join('\n')

  it.each([
    ['js', /\bjs\b|javascript/i],
    ['javascript', /javascript/i],
    [' js', /\bjs\b|javascript/i],
    ['coffee', /coffee/i],
    ['json', /json/i],
  ])('---%s is rejected, never evaluated, and the good article is served', async (language, mentions) => {
    const file = 'evaluated.md'
    const { app, collection } = appFor([good(), { file, source: `---${language}\n${code}\n---\nBody.\n` }])
    expect(pwnedFlag()).toBeUndefined()
    expect(existsSync(marker)).toBe(false)
    const errors = collection.problems.filter((p) => p.file === file)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ severity: 'error', file, line: 1 })
    expect(errors[0]!.message).toMatch(mentions)
    expect(errors[0]!.message).toMatch(/expected YAML/i)
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    expect((await app.request('/articles/evaluated')).status).toBe(404)
    await expectGoodArticleServed(app)
  })
})

describe('YAML that attacks the parser', () => {
  it('rejects an alias bomb ("billion laughs") quickly, with a clear error', async () => {
    const levels = ['lol: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    const names = 'abcdefghij'
    for (let i = 1; i < names.length; i++) {
      const prev = `*${names[i - 1]}`
      levels.push(`l${i}: &${names[i]} [${Array(9).fill(prev).join(', ')}]`)
    }
    const source = `---\ntitle: Laughs\ndate: 2020-01-01\n${levels.join('\n')}\n---\nBody.\n`
    const started = performance.now()
    const { app, collection } = appFor([good(), { file: 'laughs.md', source }])
    const elapsed = performance.now() - started
    expect(elapsed).toBeLessThan(2000)
    const errors = collection.problems.filter((p) => p.file === 'laughs.md')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ severity: 'error', file: 'laughs.md' })
    expect(errors[0]!.message).toMatch(/alias/i)
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    await expectGoodArticleServed(app)
  })

  it('names twenty unknown fields of fifty thousand and counts the rest, quickly', async () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: 1`).join('\n')
    const source = `---\ntitle: Keys\ndate: 2020-01-01\n${keys}\n---\nBody.\n`
    const { app, collection } = appFor([good(), { file: 'keys.md', source }])
    const warnings = collection.problems.filter((p) => p.file === 'keys.md')
    expect(warnings).toHaveLength(21)
    expect(warnings[0]).toMatchObject({ severity: 'warning', line: 4, field: 'k0' })
    expect(warnings[20]).toMatchObject({ line: 24, message: 'and 49980 more fields that are not known; they are ignored' })
    await expectGoodArticleServed(app)
  })

  it('refuses front matter over 512 KiB, naming its size, and serves the rest', async () => {
    const source = `---\ntitle: Big\ndate: 2020-01-01\nsummary: "${'x'.repeat(600 * 1024)}"\n---\nBody.\n`
    const { app, collection } = appFor([good(), { file: 'big.md', source }])
    expect(collection.problems.filter((p) => p.file === 'big.md')).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 1,
        message: expect.stringMatching(/^front matter is 600 KiB; expected at most 512 KiB/),
      }),
    ])
    await expectGoodArticleServed(app)
  })

  it.each([
    ['an alias inside what it names', 'x: &a [*a]'],
    ['aliases to a list that holds them', `a: &a [${Array(20).fill('*a').join(', ')}]`],
    ['lists nested 50 deep', `x: ${'['.repeat(50)}1${']'.repeat(50)}`],
    ['lists nested 200,000 deep', `x: ${'['.repeat(200_000)}${']'.repeat(200_000)}`],
  ])('refuses %s with an error naming the nesting, and serves the rest', async (_name, field) => {
    const source = `---\ntitle: Nested\ndate: 2020-01-01\n${field}\n---\nBody.\n`
    const { app, collection } = appFor([good(), { file: 'nested.md', source }])
    const errors = collection.problems.filter((p) => p.file === 'nested.md')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.message).toMatch(/nest/)
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    await expectGoodArticleServed(app)
  })

  it.each([
    ['!!js/function', 'title: !!js/function "function () { globalThis.__bylinesPwned = true }"', 2],
    ['!!js/regexp', 'title: !!js/regexp /pwned/g', 2],
    ['!!js/undefined', 'title: !!js/undefined ""', 2],
    ['a verbatim js/function tag', 'title: !<tag:yaml.org,2002:js/function> "function () { globalThis.__bylinesPwned = true }"', 2],
    ['!!js/function on a later line', 'title: Fine\nsummary: !!js/function "function () { globalThis.__bylinesPwned = true }"', 3],
  ])('rejects %s', async (_name, field, line) => {
    const source = `---\n${field}\ndate: 2020-01-01\n---\nBody.\n`
    const { app, collection } = appFor([good(), { file: 'tagged.md', source }])
    expect(pwnedFlag()).toBeUndefined()
    const errors = collection.problems.filter((p) => p.file === 'tagged.md')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ severity: 'error', file: 'tagged.md', line })
    expect(errors[0]!.message).toMatch(/tag/i)
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    await expectGoodArticleServed(app)
  })
})

describe('script URLs in front-matter URL fields', () => {
  it('are rejected, each on its own line, and the good article is served', async () => {
    const J = 'javascript:alert(1)'
    const source = articleFile({
      title: 'Script URLs',
      date: '2020-01-01',
      image: { url: J, alt: 'a' },
      license: J,
      translators: [{ name: 'T', url: J }],
      authors: [{ name: 'A', url: 'data:text/html,<script>alert(1)</script>' }],
      original: {
        publication: { name: 'P', url: J, feed: J },
        url: J,
        language: 'fr',
        authors: [{ name: 'O', url: 'vbscript:msgbox(1)' }],
      },
      related: [{ title: 'R', url: J }],
    })
    const { app, collection } = appFor([good(), { file: 'script-urls.md', source }])
    const problems = collection.problems.filter((p) => p.file === 'script-urls.md')
    expect(problems.map((p) => p.field).sort()).toEqual([
      'authors[0].url',
      'image.url',
      'license',
      'original.authors[0].url',
      'original.publication.feed',
      'original.publication.url',
      'original.url',
      'related[0].url',
      'translators[0].url',
    ])
    const lines = source.split('\n')
    for (const p of problems) {
      expect(p.severity).toBe('error')
      expect(lines[p.line - 1], `${p.field} on line ${p.line}`).toMatch(/(url|feed|license): (javascript|data|vbscript):/)
      expect(p.message).toMatch(/expected .*URL/)
    }
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    await expectGoodArticleServed(app)
  })
})

// ---------------------------------------------------------------------------------------------
// Problems a newsroom typo produces
// ---------------------------------------------------------------------------------------------

describe('problems in article files', () => {
  const sources: ArticleSource[] = [
    good(),
    {
      file: 'missing-title.md',
      source: ['---', 'date: 2020-01-01', 'summary: A story without a headline', '---', 'Body.', ''].join('\n'),
    },
    {
      file: 'february.md',
      source: ['---', 'title: A day that never was', 'summary: s', 'date: 2019-02-30', '---', 'Body.', ''].join('\n'),
    },
    {
      file: 'relative.md',
      source: ['---', 'title: Relative dates', 'tags: [a, b]', '', 'date: yesterday', '---', 'Body.', ''].join('\n'),
    },
    {
      file: 'typo.md',
      source: ['---', 'title: A typo, not an error', 'date: 2020-01-01', 'titel: A typo, not an error', '---', 'Body.', ''].join('\n'),
    },
    {
      file: 'everything.md',
      source: [
        '---',
        'summary: Three problems in one file',
        'date: 2019-13-01',
        'original:',
        '  publication: Le Monde',
        '  language: fr',
        '  titel: Titre',
        '---',
        'Body.',
        '',
      ].join('\n'),
    },
  ]
  const corpus = () => appFor(sources)
  const problemsOf = (file: string) => corpus().collection.problems.filter((p) => p.file === file)

  it('reports a missing title as an error on the front matter, saying what was expected', () => {
    expect(problemsOf('missing-title.md')).toEqual([
      {
        severity: 'error',
        file: 'missing-title.md',
        line: 1,
        field: 'title',
        message: expect.stringMatching(/missing.*expected.*headline/),
      },
    ])
  })

  it('reports an impossible date on its line, echoing it and saying what was expected', () => {
    const problems = problemsOf('february.md')
    expect(problems).toEqual([
      { severity: 'error', file: 'february.md', line: 4, field: 'date', message: expect.stringMatching(/"2019-02-30".*expected a date/) },
    ])
    expect(formatProblem(problems[0]!)).toMatch(/^february\.md:4 date: got "2019-02-30", expected a date such as /)
  })

  it('reports a relative date on its line', () => {
    expect(problemsOf('relative.md')).toEqual([
      { severity: 'error', file: 'relative.md', line: 5, field: 'date', message: expect.stringMatching(/"yesterday".*expected a date/) },
    ])
  })

  it('reports an unknown field as a warning on its line, and still serves the article', async () => {
    const { app, collection } = corpus()
    const problems = collection.problems.filter((p) => p.file === 'typo.md')
    expect(problems).toEqual([
      { severity: 'warning', file: 'typo.md', line: 4, field: 'titel', message: expect.stringMatching(/not a known field/) },
    ])
    const id = idFor('typo', '2019-12-31')
    const { rss, atom, json } = await readFeeds(app)
    expect(childText(rssItemById(rss, id)!, '', 'title')).toBe('A typo, not an error')
    expect(atomEntryById(atom, id)).toBeDefined()
    expect(jsonItemById(json, id)?.title).toBe('A typo, not an error')
    // The unknown field is never silently used.
    expect(JSON.stringify(jsonItemById(json, id))).not.toContain('titel')
  })

  // Spec §1: every problem reads `file:line field: what is wrong, what was expected`.
  it('says what was expected for an unknown field too', () => {
    const [problem] = problemsOf('typo.md')
    expect(problem?.message).toMatch(/expected|did you mean/i)
  })

  it('reports every problem in a file at once, each on its own line', () => {
    const problems = problemsOf('everything.md')
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', line: 7, field: 'original.titel' }),
        expect.objectContaining({ severity: 'error', line: 1, field: 'title' }),
        expect.objectContaining({ severity: 'error', line: 3, field: 'date', message: expect.stringContaining('"2019-13-01"') }),
      ]),
    )
    expect(problems).toHaveLength(3)
  })

  it('leaves only the valid articles in the feeds', async () => {
    const { app, collection } = corpus()
    expect(collection.articles.map((a) => a.file).sort()).toEqual(['good.md', 'typo.md'])
    const { rss, atom, json } = await readFeeds(app)
    expect(rssItems(rss)).toHaveLength(2)
    expect(atomEntries(atom)).toHaveLength(2)
    expect(jsonItems(json)).toHaveLength(2)
    await expectGoodArticleServed(app)
  })
})

// ---------------------------------------------------------------------------------------------
// Drafts and scheduled publishing
// ---------------------------------------------------------------------------------------------

describe('drafts and scheduled articles', () => {
  const DRAFT_ID = idFor('draft', '2019-12-31')
  const SCHEDULED_ID = 'tag:news.example.org,2026-07-01:scheduled'
  const PUBLICATION = new Date('2026-07-01T06:00:00Z') // 09:00 in Kyiv

  function sources(): ArticleSource[] {
    return [
      good(),
      { file: 'draft.md', source: articleFile({ title: 'Draft', date: '2020-01-01', draft: true }) },
      { file: 'scheduled.md', source: articleFile({ title: 'Scheduled', date: '2026-07-01T09:00:00+03:00' }) },
    ]
  }

  async function served(app: App, id: string, slug: string) {
    const { rss, atom, json } = await readFeeds(app)
    const home = await (await app.request('/')).text()
    return {
      rss: rssItemById(rss, id) !== undefined,
      atom: atomEntryById(atom, id) !== undefined,
      json: jsonItemById(json, id) !== undefined,
      home: home.includes(`/articles/${slug}"`),
      page: (await app.request(`/articles/${slug}`)).status,
    }
  }

  const everywhere = { rss: true, atom: true, json: true, home: true, page: 200 }
  const nowhere = { rss: false, atom: false, json: false, home: false, page: 404 }

  it('never serves a draft, at any time', async () => {
    let clock = new Date('2026-06-01T00:00:00Z')
    const { app, collection } = appFor(sources(), makeSite(), () => clock)
    expect(collection.problems).toEqual([])
    expect(await served(app, DRAFT_ID, 'draft')).toEqual(nowhere)
    clock = new Date('2100-01-01T00:00:00Z')
    expect(await served(app, DRAFT_ID, 'draft')).toEqual(nowhere)
    await expectGoodArticleServed(app)
  })

  it('publishes a future-dated article when its time comes, without rebuilding anything', async () => {
    let clock = new Date('2026-06-01T00:00:00Z')
    const { app } = appFor(sources(), makeSite(), () => clock)
    // Render (and so cache) every output before the time comes.
    expect(await served(app, SCHEDULED_ID, 'scheduled')).toEqual(nowhere)
    await expectGoodArticleServed(app)

    clock = new Date(PUBLICATION.getTime() - 1)
    expect(await served(app, SCHEDULED_ID, 'scheduled')).toEqual(nowhere)

    clock = PUBLICATION
    expect(await served(app, SCHEDULED_ID, 'scheduled')).toEqual(everywhere)
    const { rss } = await readFeeds(app)
    expect(rssItems(rss).map((i) => childText(i, '', 'guid'))).toEqual([SCHEDULED_ID, GOOD_ID])
    await expectGoodArticleServed(app)

    clock = new Date('2027-01-01T00:00:00Z')
    expect(await served(app, SCHEDULED_ID, 'scheduled')).toEqual(everywhere)
  })
})

/** What an HTML-reading client makes of escaped text: the five entities escapeHtml writes. */
function decodeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
}
