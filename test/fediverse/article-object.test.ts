/**
 * The bundled articles as ActivityStreams objects, read as a JSON-LD processor reads them
 * (expanded, with no context fetched from the network) and as Mastodon reads an `Article`; and
 * the document bylines writes itself (fediverse/article-document.ts), against the one Fedify's
 * own `Article` of the same values serialises to.
 */
import { join } from 'node:path'
import { createFederation, MemoryKvStore } from '@fedify/fedify'
import { Article, Create, Document, Hashtag, Image, LanguageString, Link, PUBLIC_COLLECTION } from '@fedify/vocab'
import { preloadedContexts } from '@fedify/vocab-runtime'
import jsonld from '@fedify/vocab-runtime/jsonld'
import { describe, expect, it } from 'vitest'
import { type ArticleSource, buildCollection } from '../../src/articles/collection.ts'
import type { ArticlePicture } from '../../src/articles/picture.ts'
import { listPublicFolder } from '../../src/content/public-folder.ts'
import { readArticleSources } from '../../src/content/read-articles.ts'
import { type ArticleObjectIds, articleDocument } from '../../src/fediverse/article-document.ts'
import { articleObject, temporalInstant } from '../../src/fediverse/article-object.ts'
import { ATTRIBUTION_CONTEXT, attributionProperties } from '../../src/fediverse/attribution-extension.ts'
import { hashtagName } from '../../src/fediverse/hashtags.ts'
import { buildSiblingLookup } from '../../src/feed-sets/translations.ts'
import { type FeedItem, toFeedItem } from '../../src/feeds/feed-model.ts'
import { DEFAULT_SITE } from '../../src/settings/schema.ts'
import { escapeHtml } from '../../src/text/escape-html.ts'
import { articleFile, renderedApp } from '../helpers/fixtures.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const site = { ...DEFAULT_SITE, url: 'https://bylines.example/' }
const bundled = buildCollection(await readArticleSources(join(ROOT, 'articles')), site)
const publicFiles = listPublicFolder(join(ROOT, 'public'))

const AS = 'https://www.w3.org/ns/activitystreams#'
const SCHEMA = 'http://schema.org/'
const PUBLIC = `${AS}Public`
const ACTOR = 'https://bylines.example/actor'
const FOLLOWERS = 'https://bylines.example/actor/followers'

function idsFor(item: FeedItem): ArticleObjectIds {
  return {
    id: new URL(item.url),
    actor: new URL(ACTOR),
    followers: new URL(FOLLOWERS),
    tagUrl: (tag) => new URL(`tags/${encodeURIComponent(tag.toLowerCase())}/`, site.url),
  }
}

/** The feed items of a collection's articles, by slug, with their translation siblings, as the feeds make them. */
function itemsOf(collection: ReturnType<typeof buildCollection>): Map<string, FeedItem> {
  const siblings = buildSiblingLookup(collection.articles)
  return new Map(collection.articles.map((a) => [a.slug, toFeedItem(a, site, publicFiles, siblings(a))]))
}

const items = itemsOf(bundled)

function item(slug: string): FeedItem {
  const found = items.get(slug)
  if (!found) throw new Error(`no bundled article ${slug}`)
  return found
}

async function objectOf(slug: string): Promise<Article> {
  return articleObject(item(slug), idsFor(item(slug)))
}

/** Serves only the contexts Fedify ships with: an inline context needs no other, and no test reaches the network. */
async function preloadedOnly(url: string) {
  const document = (preloadedContexts as Record<string, unknown>)[url]
  if (document === undefined) throw new Error(`a context would be fetched: ${url}`)
  return { contextUrl: null, documentUrl: url, document }
}

type Node = Record<string, unknown[]>
type Value = { '@value'?: unknown; '@id'?: string; '@language'?: string; '@type'?: string[] } & Node

/** The document's one node, expanded: every property under its full IRI. */
async function expand(document: unknown): Promise<Node> {
  const nodes = (await jsonld.expand(document, { documentLoader: preloadedOnly })) as Node[]
  expect(nodes).toHaveLength(1)
  return nodes[0]!
}

function values(node: Node, iri: string): Value[] {
  return (node[iri] ?? []) as Value[]
}

function one(node: Node, iri: string): Value {
  const found = values(node, iri)
  expect(found, iri).toHaveLength(1)
  return found[0]!
}

/** Every property IRI anywhere in an expanded node. */
function propertyIris(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(propertyIris)
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, v]) => [...(key.startsWith('@') ? [] : [key]), ...propertyIris(v)])
}

/** The attribution as a schema.org reader sees it in an expanded Article node. */
function attribution(node: Node) {
  const original = one(node, `${SCHEMA}translationOfWork`)
  const text = (v: Value, iri: string) => values(v, iri).map((x) => x['@value'])
  const id = (v: Value, iri: string) => values(v, iri).map((x) => x['@id'])
  return {
    inLanguage: text(node as Value, `${SCHEMA}inLanguage`),
    original: {
      type: original['@type'],
      headline: text(original, `${SCHEMA}headline`),
      url: id(original, `${SCHEMA}url`),
      inLanguage: text(original, `${SCHEMA}inLanguage`),
      datePublished: text(original, `${SCHEMA}datePublished`),
      authors: values(original, `${SCHEMA}author`).map((p) => ({
        type: p['@type'],
        name: text(p, `${SCHEMA}name`),
        url: id(p, `${SCHEMA}url`),
      })),
      publisher: values(original, `${SCHEMA}publisher`).map((p) => ({
        type: p['@type'],
        name: text(p, `${SCHEMA}name`),
        url: id(p, `${SCHEMA}url`),
        webFeed: id(p, `${SCHEMA}webFeed`),
      })),
      translations: values(original, `${SCHEMA}workTranslation`).map((t) => ({
        url: id(t, `${SCHEMA}url`),
        inLanguage: text(t, `${SCHEMA}inLanguage`),
      })),
    },
    translators: values(node, `${SCHEMA}translator`).map((p) => ({
      type: p['@type'],
      name: text(p, `${SCHEMA}name`),
      url: id(p, `${SCHEMA}url`),
    })),
    copyrightNotice: text(node as Value, `${SCHEMA}copyrightNotice`),
    license: id(node as Value, `${SCHEMA}license`),
  }
}

const NIGHT_TRAINS_ATTRIBUTION = {
  inLanguage: ['en'],
  original: {
    type: [`${SCHEMA}NewsArticle`],
    headline: ['Die leise Rückkehr der Nachtzüge'],
    url: ['https://abendpost.example.com/2023/11/13/die-leise-rueckkehr-der-nachtzuege'],
    inLanguage: ['de'],
    datePublished: ['2023-11-13T05:00:00Z'],
    authors: [
      { type: [`${SCHEMA}Person`], name: ['Katrin Albers'], url: [] },
      { type: [`${SCHEMA}Person`], name: ['Jonas Weidner'], url: ['https://abendpost.example.com/autoren/jonas-weidner'] },
    ],
    publisher: [
      {
        type: [`${SCHEMA}Organization`],
        name: ['Beispielstädter Abendpost'],
        url: ['https://abendpost.example.com/'],
        webFeed: ['https://abendpost.example.com/feed.atom'],
      },
    ],
    translations: [{ url: ['https://bylines.example/articles/nichni-potiahy-povertaiutsia'], inLanguage: ['uk'] }],
  },
  translators: [
    { type: [`${SCHEMA}Person`], name: ['Marta Kowalenko'], url: ['https://example.org/people/marta-kowalenko'] },
    { type: [`${SCHEMA}Person`], name: ['Daniel Reyes-Huber'], url: ['https://example.org/people/daniel-reyes-huber'] },
  ],
  copyrightNotice: ['© Beispielstädter Abendpost 2023. Translation published with permission.'],
  license: ['https://creativecommons.org/licenses/by-nc-nd/4.0/'],
}

describe('the attribution extension', () => {
  it('says in schema.org’s IRIs what JSON Feed’s _translation says', async () => {
    const node = await expand(await (await objectOf('night-trains-quiet-return')).toJsonLd())
    expect(attribution(node)).toEqual(NIGHT_TRAINS_ATTRIBUTION)
  })

  it('keeps to what the article knows: the bundled Le Monde piece has a publication and a language only', async () => {
    const node = await expand(await (await objectOf('france-russia-military-dialogue')).toJsonLd())
    const original = one(node, `${SCHEMA}translationOfWork`)
    expect(Object.keys(original).sort()).toEqual(['@type', `${SCHEMA}inLanguage`, `${SCHEMA}publisher`])
    expect(values(one(original, `${SCHEMA}publisher`), `${SCHEMA}name`).map((v) => v['@value'])).toEqual(['Le Monde'])
    expect(values(node, `${SCHEMA}translator`)).toEqual([])
  })

  it('is not on an article that is not a translation', async () => {
    const object = await objectOf('translation-desk-notes')
    const node = await expand(await object.toJsonLd())
    expect(node['@type']).toEqual([`${AS}Article`])
    expect(propertyIris(node).filter((iri) => iri.startsWith(SCHEMA))).toEqual([])
  })

  it('names no schema.org term in ActivityStreams’ namespace, and no ActivityStreams term in schema.org’s values', async () => {
    const node = await expand(await (await objectOf('night-trains-quiet-return')).toJsonLd())
    const inside = [one(node, `${SCHEMA}translationOfWork`), ...values(node, `${SCHEMA}translator`)]
    expect(propertyIris(inside).filter((iri) => !iri.startsWith(SCHEMA))).toEqual([])
  })

  describe('survives Fedify’s serialisations', () => {
    it('(a) the object’s own toJsonLd(), and reading it back', async () => {
      const object = await objectOf('night-trains-quiet-return')
      expect(attribution(await expand(await object.toJsonLd()))).toEqual(NIGHT_TRAINS_ATTRIBUTION)
      const reread = await Article.fromJsonLd(await object.toJsonLd(), { documentLoader: preloadedOnly, contextLoader: preloadedOnly })
      expect(attribution(await expand(await reread.toJsonLd()))).toEqual(NIGHT_TRAINS_ATTRIBUTION)
    })

    it('(b) inside a Create, as written and as delivered (compacted)', async () => {
      const object = await objectOf('night-trains-quiet-return')
      const create = new Create({ id: new URL('https://bylines.example/activities/1'), actor: new URL(ACTOR), object, to: new URL(PUBLIC) })
      for (const format of [undefined, 'compact'] as const) {
        const activity = await expand(await create.toJsonLd({ format, contextLoader: preloadedOnly }))
        expect(activity['@type']).toEqual([`${AS}Create`])
        const article = one(activity, `${AS}object`) as Node
        expect(attribution(article), String(format)).toEqual(NIGHT_TRAINS_ATTRIBUTION)
        expect(values(article, `${AS}name`).map((v) => v['@value'])).toContain('The quiet return of the night trains')
      }
    })

    it('(b) and Fedify alone would drop it there: the reason the object is a DocumentArticle', async () => {
      const plain = await Article.fromJsonLd(await (await objectOf('night-trains-quiet-return')).toJsonLd(), {
        contextLoader: preloadedOnly,
      })
      const create = new Create({ id: new URL('https://bylines.example/activities/1'), actor: new URL(ACTOR), object: plain })
      const article = one(await expand(await create.toJsonLd({ contextLoader: preloadedOnly })), `${AS}object`) as Node
      expect(values(article, `${SCHEMA}translationOfWork`)).toEqual([])
    })

    it('(c) served by a federation’s object dispatcher as application/activity+json', async () => {
      const object = await objectOf('night-trains-quiet-return')
      const federation = createFederation<void>({
        kv: new MemoryKvStore(),
        documentLoaderFactory: () => preloadedOnly,
        contextLoaderFactory: () => preloadedOnly,
      })
      federation.setObjectDispatcher(Article, '/articles/{slug}', (_ctx, { slug }) =>
        slug === 'night-trains-quiet-return' ? object : null,
      )
      const response = await federation.fetch(
        new Request(item('night-trains-quiet-return').url, { headers: { Accept: 'application/activity+json' } }),
        { contextData: undefined },
      )
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/activity+json')
      const node = await expand(await response.json())
      expect(node['@id']).toBe('https://bylines.example/articles/night-trains-quiet-return')
      expect(attribution(node)).toEqual(NIGHT_TRAINS_ATTRIBUTION)
    })
  })
})

/**
 * The object as Fedify makes it, for comparison: an `Article` of the item's values, serialised by
 * Fedify's `toJsonLd()` (its expansion, then compaction against its own context), with the
 * attribution extension's terms and properties added to that document.
 */
async function fedifyDocument(item: FeedItem, ids: ArticleObjectIds): Promise<Record<string, unknown>> {
  const inLanguage = (text: string) => [text, new LanguageString(text, item.language)]
  const pictureValues = (picture: ArticlePicture) => ({
    url: new URL(picture.url),
    mediaType: picture.type ?? null,
    name: picture.alt,
    width: picture.width ?? null,
    height: picture.height ?? null,
  })
  const byName = new Map<string, Hashtag>()
  for (const tag of item.tags) {
    const name = hashtagName(tag)
    if (name && !byName.has(name.toLowerCase())) byName.set(name.toLowerCase(), new Hashtag({ name, href: ids.tagUrl(tag) }))
  }
  const article = new Article({
    id: ids.id,
    names: inLanguage(item.title),
    summaries: item.summary ? inLanguage(`<p>${escapeHtml(item.summary)}</p>`) : [],
    contents: inLanguage(item.contentHtml),
    mediaType: 'text/html',
    urls: [
      new Link({ href: new URL(item.url), mediaType: 'text/html', language: new Intl.Locale(item.language) }),
      ...item.translations.map(
        ({ url, language, title }) =>
          new Link({ href: new URL(url), mediaType: 'text/html', rels: ['alternate'], language: new Intl.Locale(language), name: title }),
      ),
    ],
    published: temporalInstant(item.published),
    updated: item.revised ? temporalInstant(item.updated) : null,
    attribution: ids.actor,
    to: PUBLIC_COLLECTION,
    cc: ids.followers,
    tags: [...byName.values()],
    image: item.picture ? new Image(pictureValues(item.picture)) : null,
    attachments: item.picture ? [new Document(pictureValues(item.picture))] : [],
  })
  const document = (await article.toJsonLd({ contextLoader: preloadedOnly })) as Record<string, unknown>
  const extension = attributionProperties(item)
  return extension ? { ...document, '@context': [...(document['@context'] as unknown[]), ATTRIBUTION_CONTEXT], ...extension } : document
}

/**
 * The bundled articles' items, and each changed in the ways an item can differ: languages with a
 * region or a script (a language map's key is lower case, `hreflang` is not), alternates, no
 * summary or tag, a revision, fractions of a second, tags without letters or alike but for
 * case, a picture without type, size or alt text, one of width 0, addresses to be escaped.
 */
function itemVariants(): FeedItem[] {
  return [...items.values()].flatMap((item) => [
    item,
    {
      ...item,
      language: 'pt-BR',
      translations: [
        { url: 'https://bylines.example/articles/é', language: 'zh-Hant-TW', title: 'X' },
        { url: 'https://bylines.example/articles/y', language: 'sr-Latn', title: '' },
      ],
    },
    {
      ...item,
      summary: '',
      tags: [],
      revised: true,
      updated: new Date('2024-01-02T03:04:05.120Z'),
      published: new Date('2024-01-01T00:00:00.001Z'),
    },
    {
      ...item,
      tags: ['2024', 'a b', 'A-B', 'Ünïcode tag'],
      picture: item.picture && { ...item.picture, type: undefined, width: undefined, height: undefined, alt: '' },
    },
    {
      ...item,
      tags: ['one'],
      picture: item.picture && { ...item.picture, width: 0, height: 10, url: 'https://cdn.example/ä b.jpg' },
      title: 'Q "x" <b>&amp;',
      summary: 'a < b & "c"',
    },
    { ...item, language: 'EN-gb', url: 'https://bylines.example/articles/ü?x=1#f', published: new Date('2023-05-06T07:08:09.900Z') },
  ])
}

/** What Fedify reads of a document: the object it makes of it, written back from its properties (expanded). */
async function readByFedify(document: unknown): Promise<unknown> {
  const object = await Article.fromJsonLd(document, { documentLoader: preloadedOnly, contextLoader: preloadedOnly })
  return object.toJsonLd({ format: 'expand', contextLoader: preloadedOnly })
}

describe('the document the export writes and the servers serve', () => {
  it('is, for every kind of item, the document Fedify writes of the same values, key for key and byte for byte', async () => {
    const variants = itemVariants()
    expect(variants.length).toBeGreaterThan(30)
    let translations = 0
    for (const feedItem of variants) {
      const label = `${feedItem.url} (${feedItem.language})`
      const document = articleDocument(feedItem, idsFor(feedItem))
      const fedify = await fedifyDocument(feedItem, idsFor(feedItem))
      expect(JSON.stringify(document), label).toBe(JSON.stringify(fedify))
      const node = await expand(document)
      expect(node['@id'], label).toBe(new URL(feedItem.url).href)
      if (feedItem.original) {
        translations++
        expect(values(node, `${SCHEMA}translationOfWork`), label).toHaveLength(1)
      }
    }
    expect(translations).toBeGreaterThan(0)
  })

  it('reads, to Fedify and to a JSON-LD processor, as the same values as Fedify’s own, also where it spells an IRI in full that Fedify would shorten', async () => {
    const night = item('night-trains-quiet-return')
    // A picture in Mastodon's namespace: Fedify's compaction writes its address as `toot:…`.
    const variants = [...itemVariants(), { ...night, picture: { ...night.picture!, url: 'http://joinmastodon.org/ns#picture' } }]
    let spelledOtherwise = 0
    for (const feedItem of variants) {
      const label = `${feedItem.url} (${feedItem.language})`
      const document = articleDocument(feedItem, idsFor(feedItem))
      const fedify = await fedifyDocument(feedItem, idsFor(feedItem))
      if (JSON.stringify(document) !== JSON.stringify(fedify)) spelledOtherwise++
      expect(await expand(document), label).toEqual(await expand(fedify))
      expect(await readByFedify(document), label).toEqual(await readByFedify(fedify))
    }
    expect(spelledOtherwise).toBe(1)
  })

  it('keeps the attribution as Fedify reads the object back, in every bundled translation', async () => {
    for (const feedItem of items.values()) {
      if (!feedItem.original) continue
      const node = await expand(articleDocument(feedItem, idsFor(feedItem)))
      expect(attribution(node), feedItem.url).toEqual(attribution(await expand(await fedifyDocument(feedItem, idsFor(feedItem)))))
      const object = await articleObject(feedItem, idsFor(feedItem))
      expect(attribution(await expand(await object.toJsonLd({ format: 'compact', contextLoader: preloadedOnly }))), feedItem.url).toEqual(
        attribution(node),
      )
    }
  })

  it('is what the Node server’s object serialises to and its federation answers, byte for byte, translation or not', async () => {
    for (const slug of ['night-trains-quiet-return', 'translation-desk-notes']) {
      const feedItem = item(slug)
      const text = JSON.stringify(articleDocument(feedItem, idsFor(feedItem)))
      const object = await objectOf(slug)
      expect(JSON.stringify(await object.toJsonLd())).toBe(text)
      const federation = createFederation<void>({
        kv: new MemoryKvStore(),
        documentLoaderFactory: () => preloadedOnly,
        contextLoaderFactory: () => preloadedOnly,
      })
      federation.setObjectDispatcher(Article, '/articles/{slug}', (_ctx, values) => (values.slug === slug ? object : null))
      const response = await federation.fetch(new Request(feedItem.url, { headers: { Accept: 'application/activity+json' } }), {
        contextData: undefined,
      })
      expect(await response.text(), slug).toBe(text)
    }
  })
})

describe('what Mastodon reads of an Article', () => {
  it('every bundled article: name, url, summary, HTML content, attributedTo, public to and followers cc', async () => {
    const feed = JSON.parse(
      await (await renderedApp({ content: { articles: bundled.articles, publicFiles }, site }).request('/feed.json')).text(),
    ) as {
      items: { url: string; content_html: string; title: string }[]
    }
    expect(items.size).toBe(bundled.articles.length)
    for (const feedItem of items.values()) {
      const node = await expand(await (await articleObject(feedItem, idsFor(feedItem))).toJsonLd())
      const inFeed = feed.items.find((i) => i.url === feedItem.url)!
      expect(node['@type']).toEqual([`${AS}Article`])
      expect(node['@id']).toBe(feedItem.url)
      const plain = (iri: string) =>
        values(node, iri)
          .filter((v) => v['@language'] === undefined)
          .map((v) => v['@value'])
      expect(plain(`${AS}name`)).toEqual([inFeed.title])
      // The same content as the feeds, credit line first.
      expect(plain(`${AS}content`)).toEqual([inFeed.content_html])
      expect(String(plain(`${AS}content`)[0])).toMatch(feedItem.original ? /^<p class="bylines-credit"/ : /^<p>/)
      // The summary is plain text, in an object whose text is HTML: escaped in a paragraph.
      expect(plain(`${AS}summary`)).toEqual([`<p>${escapeHtml(feedItem.summary)}</p>`])
      expect(one(node, `${AS}mediaType`)['@value']).toBe('text/html')
      // Mastodon links the first text/html Link of `url`: our page.
      const firstPage = values(node, `${AS}url`).find((link) => one(link, `${AS}mediaType`)['@value'] === 'text/html')!
      expect(one(firstPage, `${AS}href`)['@id']).toBe(feedItem.url)
      expect(values(node, `${AS}attributedTo`).map((v) => v['@id'])).toEqual([ACTOR])
      expect(values(node, `${AS}to`).map((v) => v['@id'])).toEqual([PUBLIC])
      expect(values(node, `${AS}cc`).map((v) => v['@id'])).toEqual([FOLLOWERS])
      expect(one(node, `${AS}published`)['@value']).toBe(feedItem.published.toISOString().replace('.000Z', 'Z'))
      expect(values(node, `${AS}updated`).map((v) => v['@value'])).toEqual(
        feedItem.revised ? [feedItem.updated.toISOString().replace('.000Z', 'Z')] : [],
      )
    }
  })

  it('tags as Hashtags named #Word, linking to the tag’s page', async () => {
    const node = await expand(await (await objectOf('night-trains-quiet-return')).toJsonLd())
    const tags = values(node, `${AS}tag`).map((tag) => ({
      type: tag['@type'],
      name: one(tag, `${AS}name`)['@value'],
      href: one(tag, `${AS}href`)['@id'],
    }))
    expect(tags).toEqual(
      [
        ['#Germany', 'germany'],
        ['#Austria', 'austria'],
        ['#Rail', 'rail'],
        ['#Transport', 'transport'],
        ['#ClimateEnergy', 'climate%20%26%20energy'],
      ].map(([name, path]) => ({ type: [`${AS}Hashtag`], name, href: `https://bylines.example/tags/${path}/` })),
    )
    const ukrainian = await expand(await (await objectOf('chytaiemo-razom-biblioteka')).toJsonLd())
    expect(values(ukrainian, `${AS}tag`).map((tag) => one(tag, `${AS}name`)['@value'])).toEqual(['#Польща', '#Освіта', '#Книжки'])
  })

  it('the picture as image and attachment, with its type, size and alt text as name', async () => {
    const node = await expand(await (await objectOf('night-trains-quiet-return')).toJsonLd())
    const picture = (v: Value) => ({
      type: v['@type'],
      url: one(v, `${AS}url`)['@id'],
      mediaType: one(v, `${AS}mediaType`)['@value'],
      name: one(v, `${AS}name`)['@value'],
      width: one(v, `${AS}width`)['@value'],
      height: one(v, `${AS}height`)['@value'],
    })
    const expected = {
      url: 'https://bylines.example/media/night-train-platform.jpg',
      mediaType: 'image/jpeg',
      name: 'A blue sleeper train waiting at a station platform at dusk',
      width: 1600,
      height: 900,
    }
    expect(values(node, `${AS}attachment`).map(picture)).toEqual([{ type: [`${AS}Document`], ...expected }])
    expect(values(node, `${AS}image`).map(picture)).toEqual([{ type: [`${AS}Image`], ...expected }])
    const withoutPicture = await expand(await (await objectOf('france-russia-military-dialogue')).toJsonLd())
    expect([...values(withoutPicture, `${AS}attachment`), ...values(withoutPicture, `${AS}image`)]).toEqual([])
  })

  it('the other translations of the original as alternate links in their language, after our page', async () => {
    const node = await expand(await (await objectOf('night-trains-quiet-return')).toJsonLd())
    const links = values(node, `${AS}url`).map((link) => ({
      href: one(link, `${AS}href`)['@id'],
      hreflang: one(link, `${AS}hreflang`)['@value'],
      rel: values(link, `${AS}rel`).map((v) => v['@value']),
      name: values(link, `${AS}name`).map((v) => v['@value']),
    }))
    expect(links).toEqual([
      { href: 'https://bylines.example/articles/night-trains-quiet-return', hreflang: 'en', rel: [], name: [] },
      {
        href: 'https://bylines.example/articles/nichni-potiahy-povertaiutsia',
        hreflang: 'uk',
        rel: ['alternate'],
        name: ['Тихе повернення нічних потягів'],
      },
    ])
  })

  it('keeps a right-to-left article’s language in contentMap, nameMap and summaryMap', async () => {
    const arabic = buildCollection(
      [
        {
          file: 'cisterns-ar.md',
          source: articleFile(
            {
              title: 'قرية تُحيي صهاريجها القديمة',
              date: '2026-04-21T11:15:00+03:00',
              language: 'ar',
              summary: 'مزارعون يعيدون فتح الصهاريج.',
              tags: ['مياه', 'Climate & Energy'],
              translators: 'Samir Haddad',
              original: { publication: 'Al-Mithal', language: 'fr', title: 'Un village rouvre ses citernes' },
            },
            'كانت الصهاريج مهجورة.\n',
          ),
        } satisfies ArticleSource,
      ],
      site,
    )
    expect(arabic.problems).toEqual([])
    const feedItem = itemsOf(arabic).get('cisterns-ar')!
    const node = await expand(await (await articleObject(feedItem, idsFor(feedItem))).toJsonLd())
    const tagged = (iri: string) =>
      values(node, iri)
        .filter((v) => v['@language'] !== undefined)
        .map((v) => [v['@language'], v['@value']])
    expect(tagged(`${AS}content`)).toEqual([['ar', feedItem.contentHtml]])
    expect(tagged(`${AS}name`)).toEqual([['ar', 'قرية تُحيي صهاريجها القديمة']])
    expect(tagged(`${AS}summary`)).toEqual([['ar', '<p>مزارعون يعيدون فتح الصهاريج.</p>']])
    expect(feedItem.contentHtml).toContain('كانت الصهاريج مهجورة.')
    expect(values(node, `${AS}tag`).map((tag) => one(tag, `${AS}name`)['@value'])).toEqual(['#مياه', '#ClimateEnergy'])
    expect(attribution(node).inLanguage).toEqual(['ar'])
    expect(attribution(node).original.inLanguage).toEqual(['fr'])
  })
})
