/** How a set's articles are split into the current document and archives (model/archives.ts). */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { archiveCount, CURRENT, documentArticles, documentForOldPage, hasDocument, neighbours } from '../src/model/archives.ts'
import { movedTo, parseKey } from '../src/model/paths.ts'
import { appFor, articleFile, fetchText, makeSite, ownReporting } from './helpers/fixtures.ts'

const sizes = fc.record({ total: fc.integer({ min: 0, max: 400 }), per: fc.integer({ min: 1, max: 60 }) })

describe('the archive layout', () => {
  it('puts every article in exactly one document, archives full and oldest first, the current one between N and 2N − 1', () => {
    fc.assert(
      fc.property(sizes, ({ total, per }) => {
        const newestFirst = Array.from({ length: total }, (_, i) => total - 1 - i)
        const archives = archiveCount(total, per)
        const current = documentArticles(newestFirst, CURRENT, per)
        const walked = [...current]
        for (let n = archives; n >= 1; n--) {
          const archive = documentArticles(newestFirst, n, per)
          expect(archive).toEqual(Array.from({ length: per }, (_, i) => n * per - 1 - i))
          walked.push(...archive)
        }
        expect(walked).toEqual(newestFirst)
        if (total >= per) expect(current.length).toBeGreaterThanOrEqual(per)
        expect(current.length).toBeLessThan(Math.max(2 * per, 1 + total))
        expect(hasDocument(total, archives + 1, per)).toBe(false)
      }),
    )
  })

  it('keeps every sealed archive as it was when articles are added at the new end', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: 200 }), ({ total, per }, added) => {
        const before = Array.from({ length: total }, (_, i) => total - 1 - i)
        const after = Array.from({ length: total + added }, (_, i) => total + added - 1 - i)
        for (let n = 1; n <= archiveCount(total, per); n++)
          expect(documentArticles(after, n, per)).toEqual(documentArticles(before, n, per))
      }),
    )
  })

  it('links each document to its neighbours, and the newest archive to the current one only', () => {
    expect(neighbours(13, CURRENT, 3)).toEqual({ older: 3 })
    expect(neighbours(13, 3, 3)).toEqual({ older: 2, newer: undefined })
    expect(neighbours(13, 1, 3)).toEqual({ older: undefined, newer: 2 })
    expect(neighbours(4, CURRENT, 3)).toEqual({})
  })

  it('sends an old page to the document that holds the article it began with', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: 500 }), ({ total, per }, page) => {
        const newestFirst = Array.from({ length: total }, (_, i) => total - 1 - i)
        const document = documentForOldPage(total, page, per)
        const first = (page - 1) * per
        if (first >= total) expect(document).toBe(page === 1 ? CURRENT : undefined)
        else expect(documentArticles(newestFirst, document!, per)).toContain(newestFirst[first])
      }),
    )
  })

  it('reads paths back into documents, and old pages into where they went', () => {
    expect(parseKey('/archive/tags/caf%C3%A9/12/feed.json')).toEqual({
      type: 'document',
      setPath: 'tags/caf%C3%A9/',
      kind: 'tags',
      slug: 'café',
      document: 12,
      format: 'json',
    })
    expect(parseKey('/tags/x/page/2/')).toEqual({
      type: 'old-page',
      setPath: 'tags/x/',
      kind: 'tags',
      slug: 'x',
      page: 2,
      format: undefined,
    })
    expect(parseKey('/archive/0/')).toBeUndefined()
    const sizeOf = (path: string) => (path === 'tags/x/' ? 13 : path === '' ? 20 : undefined)
    expect(movedTo('/tags/x/page/3/rss.xml', sizeOf, 3)).toEqual({ to: '/archive/tags/x/3/rss.xml', status: 302 })
    expect(movedTo('/tags/y/page/3/rss.xml', sizeOf, 3)).toBeUndefined()
  })

  it('sends the old subscribe pages, for good, to the subscribe section of their set’s page, if the set exists', () => {
    const sizeOf = (path: string) => (path === 'tags/x/' ? 13 : path === '' ? 20 : undefined)
    expect(parseKey('/subscribe/tags/caf%C3%A9/')).toEqual({
      type: 'old-subscribe',
      setPath: 'tags/caf%C3%A9/',
      kind: 'tags',
      slug: 'café',
    })
    expect(movedTo('/subscribe/tags/x/', sizeOf, 3)).toEqual({ to: '/tags/x/#subscribe', status: 301 })
    expect(movedTo('/subscribe/', sizeOf, 3)).toEqual({ to: '/#subscribe', status: 301 })
    // Reached without the final slash, as a redirect used to add it.
    expect(movedTo('/subscribe/tags/x', sizeOf, 3)).toEqual({ to: '/tags/x/#subscribe', status: 301 })
    expect(movedTo('/subscribe', sizeOf, 3)).toEqual({ to: '/#subscribe', status: 301 })
    for (const gone of [
      '/subscribe/tags/y/',
      '/subscribe/tags/',
      '/subscribe/tags/x/rss.xml',
      '/subscribe/tags/x/page/2/',
      '/subscribe//',
    ]) {
      expect(movedTo(gone, sizeOf, 3), gone).toBeUndefined()
    }
  })
})

describe('fewer files', () => {
  it('publishes no language set on a site that publishes in one language: it would copy the whole site', async () => {
    const sources = ['a', 'b'].map((slug) => ({
      file: `${slug}.md`,
      source: articleFile(ownReporting({ title: slug, slug, date: '2024-01-01 10:00' })),
    }))
    const { app } = appFor(sources, makeSite())
    expect((await app.request('/languages/en/')).status).toBe(404)
    expect((await fetchText(app, '/feeds')).body).not.toContain('/languages/')
    const twoLanguages = appFor(
      [
        ...sources,
        { file: 'c.md', source: articleFile(ownReporting({ title: 'c', slug: 'c', language: 'fr', date: '2024-01-01 10:00' })) },
      ],
      makeSite(),
    )
    expect((await twoLanguages.app.request('/languages/en/')).status).toBe(200)
    expect((await twoLanguages.app.request('/languages/fr/')).status).toBe(200)
  })
})
