/** The web app through `app.request`: routes, media types, pages, discovery, scheduling. */
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { appFor, articleFile, fetchText, fullTranslation, makeSite, ownReporting, renderedApp } from './helpers/fixtures.ts'

function sources() {
  return [
    { file: 'france-russia.md', source: articleFile(fullTranslation(), 'Body with a [link](/elsewhere).\n') },
    { file: 'desk.md', source: articleFile(ownReporting()) },
  ]
}

describe('routes and media types', () => {
  it.each([
    ['/rss.xml', 'application/xml; charset=utf-8'],
    ['/atom.xml', 'application/xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/articles/france-russia', 'text/html; charset=utf-8'],
    ['/spec/json-feed-translation', 'text/html; charset=utf-8'],
  ])('%s is served as %s', async (path, type) => {
    const { response } = await fetchText(appFor(sources()).app, path)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(type)
  })

  it('answers 404 with a page for unknown paths and unknown articles', async () => {
    for (const path of ['/nope', '/articles/nope', '/articles/', '/rss.xml/x']) {
      const { response, body } = await fetchText(appFor(sources()).app, path)
      expect(response.status, path).toBe(404)
      expect(body).toContain('Not found')
    }
  })
})

describe('home page', () => {
  it('lists the latest articles, newest first, and links every feed for autodiscovery', async () => {
    const { body } = await fetchText(appFor(sources()).app, '/')
    expect(body.indexOf('Inside the translation desk')).toBeLessThan(body.indexOf('Ukrainian war'))
    expect(body).toContain(
      '<link rel="alternate" type="application/rss+xml" title="Bylines Test Desk (RSS 2.0)" href="https://news.example.org/rss.xml">',
    )
    expect(body).toContain(
      '<link rel="alternate" type="application/atom+xml" title="Bylines Test Desk (Atom 1.0)" href="https://news.example.org/atom.xml">',
    )
    expect(body).toContain(
      '<link rel="alternate" type="application/feed+json" title="Bylines Test Desk (JSON Feed 1.1)" href="https://news.example.org/feed.json">',
    )
  })
})

describe('article page', () => {
  it('shows the credit line first and carries NewsArticle JSON-LD with the translation', async () => {
    const { body } = await fetchText(appFor(sources()).app, '/articles/france-russia')
    expect(body).toContain('<html lang="en">')
    expect(body).toMatch(
      /<p class="bylines-credit">Translated from French by <a href="https:\/\/example.org\/people\/jane-doe">Jane Doe<\/a>/,
    )
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)?.[1]
    const ld = JSON.parse(json!)
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Ukrainian war no longer obstacle to France-Russia military alliance?',
      inLanguage: 'en',
      author: [{ '@type': 'Person', name: 'Jean Dupont' }],
      translator: [{ '@type': 'Person', name: 'Jane Doe', url: 'https://example.org/people/jane-doe' }],
      translationOfWork: {
        headline: 'La guerre en Ukraine n’est plus un obstacle',
        url: 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html',
        inLanguage: 'fr',
        author: [{ '@type': 'Person', name: 'Jean Dupont' }],
        publisher: { '@type': 'Organization', name: 'Le Monde', url: 'https://www.lemonde.fr/' },
        datePublished: '2019-09-22T00:00:00+03:00',
      },
    })
    expect(body).toContain('href="https://news.example.org/elsewhere"')
  })

  it('keeps JSON-LD inside its script element whatever the title says', async () => {
    const { app } = appFor([{ file: 'x.md', source: articleFile(ownReporting({ title: '</script><script>alert(1)</script>' })) }])
    const { body } = await fetchText(app, '/articles/x')
    expect(body.match(/<script/g)).toHaveLength(1)
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)?.[1]
    expect(JSON.parse(json!).headline).toBe('</script><script>alert(1)</script>')
  })

  it('uses the article language on the page and credits the publication as an organisation', async () => {
    const { app } = appFor([
      {
        file: 'uk.md',
        source: articleFile({
          title: 'Заголовок',
          date: '2024-03-05 09:30',
          language: 'uk',
          original: { publication: 'Gazeta', language: 'pl' },
        }),
      },
    ])
    const { body } = await fetchText(app, '/articles/uk')
    expect(body).toContain('<html lang="uk">')
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)![1]!)
    expect(ld.author).toEqual([{ '@type': 'Organization', name: 'Gazeta' }])
  })
})

describe('the _translation extension document', () => {
  it('documents every key the feeds use', async () => {
    const { body } = await fetchText(appFor(sources()).app, '/spec/json-feed-translation')
    for (const key of [
      'about',
      'original.url',
      'original.title',
      'original.language',
      'original.date_published',
      'original.authors',
      'original.publication',
      'translators',
      'rights',
      'license',
    ]) {
      expect(body).toContain(`<code>${key}</code>`)
    }
  })
})

describe('scheduled publishing', () => {
  it('serves a future-dated article once its time comes, without rebuilding anything', async () => {
    const site = makeSite()
    let now = new Date('2026-01-01T00:00:00Z')
    const collection = buildCollection(
      [...sources(), { file: 'soon.md', source: articleFile(ownReporting({ title: 'Embargoed', date: '2026-01-02T09:00:00+02:00' })) }],
      site,
    )
    const app = renderedApp({ content: collection, site, now: () => now })
    expect((await fetchText(app, '/feed.json')).body).not.toContain('Embargoed')
    expect((await fetchText(app, '/articles/soon')).response.status).toBe(404)
    expect((await fetchText(app, '/')).body).not.toContain('Embargoed')

    now = new Date('2026-01-02T07:00:00Z')
    const feed = JSON.parse((await fetchText(app, '/feed.json')).body)
    expect(feed.items[0].title).toBe('Embargoed')
    expect((await fetchText(app, '/articles/soon')).response.status).toBe(200)
    expect((await fetchText(app, '/')).body).toContain('Embargoed')
  })
})

describe('items per feed', () => {
  it('holds the newest items, from N to 2N − 1 of them, N from the settings; the older ones are archived', async () => {
    const many = Array.from({ length: 7 }, (_, i) => ({
      file: `n${i}.md`,
      source: articleFile(ownReporting({ title: `Piece ${i}`, date: `2020-01-0${i + 1} 10:00` })),
    }))
    const { app } = appFor(many, makeSite({ itemsPerFeed: 3 }))
    const feed = JSON.parse((await fetchText(app, '/feed.json')).body)
    expect(feed.items.map((i: { title: string }) => i.title)).toEqual(['Piece 6', 'Piece 5', 'Piece 4', 'Piece 3'])
    const archived = JSON.parse((await fetchText(app, '/archive/1/feed.json')).body)
    expect(archived.items.map((i: { title: string }) => i.title)).toEqual(['Piece 2', 'Piece 1', 'Piece 0'])
  })
})
