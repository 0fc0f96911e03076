/**
 * Translation sets (spec §5): which published articles are one set, and how every output names
 * the others, read back with parsers: an HTML parser for pages, a strict XML parser, Python's
 * feedparser and jing for Atom, the JSON Feed schema, the sitemap's own elements.
 */
import { join } from 'node:path'
import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { type ArticleSource, buildCollection } from '../src/articles/collection.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { KNOWN_FIELDS } from '../src/articles/schema.ts'
import { readArticleSources } from '../src/content/read-articles.ts'
import { siblingsOf } from '../src/feed-sets/translations.ts'
import { createViewSource } from '../src/feed-sets/view.ts'
import { languageAutonym } from '../src/i18n/intl.ts'
import { DEFAULT_SITE } from '../src/settings/schema.ts'
import { articleFile, FIXED_NOW, fullTranslation, makeSite, ownReporting, renderedApp } from './helpers/fixtures.ts'
import {
  childrenNamed,
  jsonFeedSchemaErrors,
  NS,
  parseWithPythonFeedparser,
  parseXmlTree,
  validateAtomWithJing,
} from './helpers/parsers.ts'

const site = makeSite()
const ORIGINAL_URL = 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html'
const OTHER_URL = 'https://www.lemonde.fr/international/article/2019/09/23/suite.html'

/** A translation of Le Monde's piece (fullTranslation's) into `language`, at its own slug. */
function translation(
  slug: string,
  language: string,
  fields: Record<string, unknown> = {},
  original: Record<string, unknown> = {},
): ArticleSource {
  const base = fullTranslation()
  return {
    file: `${slug}.md`,
    source: articleFile({ ...base, title: `${slug} title`, language, ...fields, original: { ...(base.original as object), ...original } }),
  }
}

/** Each published article's siblings as "language slug", by slug, at `now`. */
function siblingsAt(sources: ArticleSource[], now = FIXED_NOW()): Record<string, string[]> {
  const collection = buildCollection(sources, site)
  expect(collection.problems.map(formatProblem)).toEqual([])
  const view = createViewSource(() => collection, site)(now)
  const lookup = siblingsOf(view)
  return Object.fromEntries(view.published.map((article) => [article.slug, lookup(article).map((a) => `${a.language} ${a.slug}`)]))
}

describe('translationKey in front matter', () => {
  const problemsOf = (fields: Record<string, unknown>) => parseArticle(articleFile(fields), 'piece.md', site).problems.map(formatProblem)

  it('is a known field, read as trimmed text', () => {
    expect(KNOWN_FIELDS['']).toContain('translationKey')
    const { article, problems } = parseArticle(articleFile(fullTranslation({ translationKey: '  night-trains-2023 ' })), 'piece.md', site)
    expect(problems).toEqual([])
    expect(article?.translationKey).toBe('night-trains-2023')
    expect(parseArticle(articleFile(fullTranslation()), 'piece.md', site).article?.translationKey).toBeUndefined()
  })

  it('refuses an empty key and anything but text', () => {
    for (const value of ['  ', 2023, ['a'], { name: 'a' }]) {
      const problems = problemsOf(fullTranslation({ translationKey: value }))
      expect(problems, String(value)).toHaveLength(1)
      expect(problems[0]).toMatch(/^piece\.md:\d+ translationKey: .*expected a name shared by the translations of one original/)
    }
  })
})

describe('translation sets', () => {
  it('join the published translations of one original URL, ordered by language, never listing an article’s own language', () => {
    const siblings = siblingsAt([
      translation('in-english', 'en'),
      translation('po-ukrainsky', 'uk'),
      // The same URL, written with a capitalised host.
      translation('auf-deutsch', 'de', {}, { url: ORIGINAL_URL.replace('www.lemonde.fr', 'WWW.LeMonde.FR') }),
      translation('en-francais', 'fr', {}, { url: OTHER_URL }),
      { file: 'own.md', source: articleFile(ownReporting()) },
    ])
    expect(siblings).toEqual({
      'in-english': ['de auf-deutsch', 'uk po-ukrainsky'],
      'po-ukrainsky': ['de auf-deutsch', 'en in-english'],
      'auf-deutsch': ['en in-english', 'uk po-ukrainsky'],
      'en-francais': [],
      own: [],
    })
  })

  it('join articles with the same translationKey whatever their original URLs, and a key is never joined by its URL alone', () => {
    const siblings = siblingsAt([
      translation('in-english', 'en', { translationKey: 'guerre' }),
      translation('po-ukrainsky', 'uk', { translationKey: 'guerre' }, { url: OTHER_URL }),
      // Not a translation at all: a key joins it just the same.
      { file: 'own.md', source: articleFile(ownReporting({ language: 'pl', slug: 'po-polsku', translationKey: 'guerre' })) },
      // The first one's original URL, without the key: not in its set.
      translation('auf-deutsch', 'de'),
    ])
    expect(siblings).toEqual({
      'in-english': ['pl po-polsku', 'uk po-ukrainsky'],
      'po-ukrainsky': ['en in-english', 'pl po-polsku'],
      'po-polsku': ['en in-english', 'uk po-ukrainsky'],
      'auf-deutsch': [],
    })
  })

  it('are split by different translationKeys on articles that share an original URL', () => {
    const siblings = siblingsAt([
      translation('in-english', 'en'),
      translation('auf-deutsch', 'de'),
      translation('po-ukrainsky', 'uk', { translationKey: 'first-part' }),
      translation('en-francais', 'fr', { translationKey: 'second-part' }),
      translation('in-italiano', 'it', { translationKey: 'second-part' }),
    ])
    expect(siblings).toEqual({
      'in-english': ['de auf-deutsch'],
      'auf-deutsch': ['en in-english'],
      'po-ukrainsky': [],
      'en-francais': ['it in-italiano'],
      'in-italiano': ['fr en-francais'],
    })
  })

  it('link a scheduled sibling once it is published, and a draft never', async () => {
    const sources = [
      translation('in-english', 'en'),
      translation('auf-deutsch', 'de', { draft: true }),
      translation('po-ukrainsky', 'uk', { date: '2026-07-01T09:00:00+03:00', updated: undefined }),
    ]
    expect(siblingsAt(sources, new Date('2026-06-30T00:00:00Z'))).toEqual({ 'in-english': [] })
    expect(siblingsAt(sources, new Date('2026-07-02T00:00:00Z'))).toEqual({
      'in-english': ['uk po-ukrainsky'],
      'po-ukrainsky': ['en in-english'],
    })

    // As a reader sees it: nothing in the feed or on the page before, both after.
    const collection = buildCollection(sources, site)
    const readAt = async (now: string) => {
      const app = renderedApp({ content: collection, site, now: () => new Date(now) })
      const json = JSON.parse(await (await app.request('/feed.json')).text()) as {
        items: { url: string; _translation: { translations?: unknown[] } }[]
      }
      const page = readPage(await (await app.request('/articles/in-english')).text())
      return { translations: json.items.find((item) => item.url.endsWith('/in-english'))!._translation.translations, page }
    }
    const before = await readAt('2026-06-30T00:00:00Z')
    expect(before.translations).toBeUndefined()
    expect(before.page).toEqual({ alternates: [], alsoIn: [] })
    const after = await readAt('2026-07-02T00:00:00Z')
    expect(after.translations).toEqual([{ url: `${site.url}articles/po-ukrainsky`, language: 'uk', title: 'po-ukrainsky title' }])
    expect(after.page.alsoIn).toEqual([{ href: `${site.url}articles/po-ukrainsky`, hreflang: 'uk', lang: 'uk', text: 'Українська' }])
  })

  it('hold one article per language: a translation redone into a language is left out, and the first one stays in the set', () => {
    const sources = [
      translation('in-english', 'en', { date: '2019-09-23T10:00:00+03:00', updated: undefined }),
      translation('po-ukrainsky', 'uk', { date: '2019-09-24T10:00:00+03:00', updated: undefined }),
      translation('po-ukrainsky-znovu', 'uk', { date: '2019-09-25T10:00:00+03:00', updated: undefined }),
    ]
    const collection = buildCollection(sources, site)
    expect(collection.problems.map((p) => [p.file, p.field, p.severity])).toEqual([['po-ukrainsky-znovu.md', 'original.url', 'error']])
    const view = createViewSource(() => collection, site)(FIXED_NOW())
    const lookup = siblingsOf(view)
    expect(Object.fromEntries(view.published.map((a) => [a.slug, lookup(a).map((s) => `${s.language} ${s.slug}`)]))).toEqual({
      'in-english': ['uk po-ukrainsky'],
      'po-ukrainsky': ['en in-english'],
    })
  })
})

describe('a language named in itself', () => {
  it.each([
    ['de', 'Deutsch'],
    ['fr', 'Français'],
    ['uk', 'Українська'],
    ['en', 'English'],
    ['pt-BR', 'Português (Brasil)'],
    ['tr', 'Türkçe'],
    // No name for it: the tag, as it is.
    ['qaa', 'qaa'],
  ])('%s is %s', (tag, name) => expect(languageAutonym(tag)).toBe(name))
})

describe('the bundled site’s translation sets, named both ways in every output', async () => {
  const bundled = { ...DEFAULT_SITE, url: 'https://bylines.example/' }
  const collection = buildCollection(await readArticleSources(join(import.meta.dirname, '..', 'articles')), bundled)
  const app = renderedApp({ content: collection, site: bundled })
  const text = async (path: string) => (await app.request(path)).text()
  const languageOf = new Map(collection.articles.map((a) => [a.url, a.language]))
  const ENGLISH = 'https://bylines.example/articles/night-trains-quiet-return'
  const UKRAINIAN = 'https://bylines.example/articles/nichni-potiahy-povertaiutsia'

  /** For each article URL that names others: language → URL of each sibling it names, itself left out. */
  type Named = Record<string, Record<string, string>>

  /** Every sibling named in its own language, and every article named back by each sibling it names. */
  function expectReciprocal(named: Named) {
    expect(named[ENGLISH]).toEqual({ uk: UKRAINIAN })
    expect(named[UKRAINIAN]).toEqual({ en: ENGLISH })
    for (const [url, siblings] of Object.entries(named)) {
      expect(siblings[languageOf.get(url)!], url).toBeUndefined()
      for (const [language, sibling] of Object.entries(siblings)) {
        expect(languageOf.get(sibling), sibling).toBe(language)
        expect(named[sibling]?.[languageOf.get(url)!], `${sibling} names ${url}`).toBe(url)
      }
    }
  }

  /** A list that names the page itself as well: itself in its language, then the others. */
  function withoutItself(url: string, list: { language: string; href: string }[]): Record<string, string> {
    expect(
      list.filter((a) => a.href === url),
      url,
    ).toEqual([{ language: languageOf.get(url), href: url }])
    expect(new Set(list.map((a) => a.language)).size, url).toBe(list.length)
    expect(
      list.map((a) => a.language),
      url,
    ).toEqual(list.map((a) => a.language).sort())
    return Object.fromEntries(list.filter((a) => a.href !== url).map((a) => [a.language, a.href]))
  }

  it('article pages: hreflang alternates in the head, itself included, and “Also in” links named in their language', async () => {
    const fromHead: Named = {}
    const fromAlsoIn: Named = {}
    for (const article of collection.articles) {
      const page = readPage(await text(`/articles/${article.slug}`))
      if (page.alternates.length === 0) {
        expect(page.alsoIn, article.slug).toEqual([])
        continue
      }
      fromHead[article.url] = withoutItself(
        article.url,
        page.alternates.map((a) => ({ language: a.hreflang, href: a.href })),
      )
      for (const link of page.alsoIn) {
        expect(link.lang, article.slug).toBe(link.hreflang)
        expect(link.text, article.slug).toBe(
          ({ en: 'English', uk: 'Українська', de: 'Deutsch' } as Record<string, string>)[link.hreflang ?? ''],
        )
      }
      fromAlsoIn[article.url] = Object.fromEntries(page.alsoIn.map((a) => [a.hreflang, a.href]))
    }
    expectReciprocal(fromHead)
    expect(fromAlsoIn).toEqual(fromHead)
  })

  it('the sitemap: xhtml:link alternates in each <url> of an article with siblings, itself included', async () => {
    const XHTML = 'http://www.w3.org/1999/xhtml'
    const SITEMAP = 'http://www.sitemaps.org/schemas/sitemap/0.9'
    const named: Named = {}
    for (const url of parseXmlTree(await text('/sitemap.xml')).children) {
      const loc = childrenNamed(url, SITEMAP, 'loc')[0]!.text
      const links = childrenNamed(url, XHTML, 'link')
      if (links.length === 0) continue
      for (const link of links) expect(link.attributes.rel).toBe('alternate')
      named[loc] = withoutItself(
        loc,
        links.map((l) => ({ language: l.attributes.hreflang!, href: l.attributes.href! })),
      )
    }
    expectReciprocal(named)
  })

  it('Atom: an alternate per sibling with its language and title, valid for jing, and the entry’s own link for feedparser', async () => {
    const atom = await text('/atom.xml')
    expect(validateAtomWithJing(atom)).toBe('')
    const titleOf = new Map(collection.articles.map((a) => [a.url, a.title]))
    const named: Named = {}
    for (const entry of childrenNamed(parseXmlTree(atom), NS.atom, 'entry')) {
      const alternates = childrenNamed(entry, NS.atom, 'link').filter((l) => l.attributes.rel === 'alternate')
      const own = alternates[0]!.attributes
      const others = alternates.filter((l) => l.attributes.href !== own.href).map((l) => l.attributes)
      if (others.length === 0) continue
      // RFC 4287 §4.1.1: one alternate per type and hreflang.
      const combinations = alternates.map((l) => `${l.attributes.type} ${l.attributes.hreflang ?? ''}`)
      expect(new Set(combinations).size).toBe(combinations.length)
      expect(alternates.at(-1)!.attributes).toEqual({ rel: 'alternate', type: 'text/html', href: own.href })
      for (const link of others) {
        expect(link.type).toBe('text/html')
        expect(link.title).toBe(titleOf.get(link.href!))
      }
      named[own.href!] = Object.fromEntries(others.map((l) => [l.hreflang!, l.href!]))
    }
    expectReciprocal(named)

    const parsed = parseWithPythonFeedparser(atom)
    expect(parsed.bozo_exception).toBe('')
    const byFeedparser: Named = {}
    for (const entry of parsed.entries) {
      const others = (entry.links as { rel: string; href: string; hreflang?: string; title?: string }[]).filter(
        (l) => l.rel === 'alternate' && l.href !== entry.link,
      )
      if (others.length > 0) byFeedparser[entry.link] = Object.fromEntries(others.map((l) => [l.hreflang!, l.href]))
    }
    expect(byFeedparser).toEqual(named)
  })

  it('JSON Feed: _translation.translations on translated items, valid for the schema', async () => {
    const json = JSON.parse(await text('/feed.json'))
    expect(jsonFeedSchemaErrors(json)).toEqual([])
    const titleOf = new Map(collection.articles.map((a) => [a.url, a.title]))
    const named: Named = {}
    for (const item of json.items as {
      url: string
      _translation?: { translations?: { url: string; language: string; title: string }[] }
    }[]) {
      const translations = item._translation?.translations
      if (!translations) continue
      for (const t of translations) expect(Object.keys(t).sort()).toEqual(['language', 'title', 'url'])
      for (const t of translations) expect(t.title).toBe(titleOf.get(t.url))
      named[item.url] = Object.fromEntries(translations.map((t) => [t.language, t.url]))
    }
    expectReciprocal(named)
  })
})

interface PageLinks {
  /** `<link rel="alternate" hreflang>` in `<head>` (feed discovery links, with a type, left out). */
  alternates: { hreflang: string; href: string }[]
  /** The links of the "Also in" line. */
  alsoIn: { href: string; hreflang?: string; lang?: string; text: string }[]
}

/** The language alternates and the "Also in" links of a page, as an HTML parser reads them. */
function readPage(html: string): PageLinks {
  const found: PageLinks = { alternates: [], alsoIn: [] }
  let inHead = false
  let alsoInDepth = 0
  let open: PageLinks['alsoIn'][number] | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'head') inHead = true
        if (
          inHead &&
          name === 'link' &&
          attributes.rel === 'alternate' &&
          attributes.hreflang !== undefined &&
          attributes.type === undefined
        ) {
          found.alternates.push({ hreflang: attributes.hreflang, href: attributes.href! })
        }
        if (name === 'p' && attributes.class?.split(' ').includes('translations')) alsoInDepth = 1
        else if (alsoInDepth > 0) alsoInDepth++
        if (alsoInDepth > 0 && name === 'a')
          open = { href: attributes.href!, hreflang: attributes.hreflang, lang: attributes.lang, text: '' }
      },
      ontext(text) {
        if (open) open.text += text
      },
      onclosetag(name) {
        if (name === 'head') inHead = false
        if (name === 'a' && open) {
          found.alsoIn.push(open)
          open = undefined
        }
        if (alsoInDepth > 0) alsoInDepth--
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return found
}
