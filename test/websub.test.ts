/** Which feeds a content change touches, and the publish ping sent to the hub. */
import { describe, expect, it } from 'vitest'
import { assembleCollection, type ParsedFile } from '../src/articles/collection.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { changedFeedUrls, feedSetIndexAt, notifyHub } from '../src/feeds/websub.ts'
import { articleFile, makeSite, ownReporting } from './helpers/fixtures.ts'

const site = makeSite()
const now = new Date('2026-06-01T00:00:00Z')

/** As the live loader does: a file that did not change keeps its parsed article object. */
function parsed(file: string, fields: Record<string, unknown>): ParsedFile {
  return { file, ...parseArticle(articleFile(fields), file, site) }
}

function indexOf(...files: ParsedFile[]) {
  return feedSetIndexAt(assembleCollection(files).articles, now, site)
}

const climateFields = ownReporting({ title: 'Heat', tags: ['Climate'], date: '2021-01-01 10:00' })
const climate = parsed('a.md', climateFields)
const rail = parsed('b.md', ownReporting({ title: 'Trains', tags: ['Rail'], date: '2021-02-01 10:00' }))

describe('changed feeds', () => {
  it('are the site feeds and the sets of the edited article, in every format (a one-language site has no language sets)', () => {
    const before = indexOf(climate, rail)
    const after = indexOf(parsed('a.md', { ...climateFields, title: 'Heat, revised' }), rail)
    expect(changedFeedUrls(before, after, site).sort()).toEqual(
      [
        'https://news.example.org/atom.xml',
        'https://news.example.org/feed.json',
        'https://news.example.org/rss.xml',
        'https://news.example.org/authors/olena-kovalenko/atom.xml',
        'https://news.example.org/authors/olena-kovalenko/feed.json',
        'https://news.example.org/authors/olena-kovalenko/rss.xml',
        'https://news.example.org/tags/climate/atom.xml',
        'https://news.example.org/tags/climate/feed.json',
        'https://news.example.org/tags/climate/rss.xml',
      ].sort(),
    )
  })

  it('include a set that disappears, and nothing when nothing changed', () => {
    const before = indexOf(climate, rail)
    const after = indexOf(rail)
    expect(changedFeedUrls(before, after, site)).toContain('https://news.example.org/tags/climate/rss.xml')
    expect(changedFeedUrls(before, before, site)).toEqual([])
  })
})

describe('the publish ping', () => {
  it('posts hub.mode=publish and hub.url for each topic, and reports failures without throwing', async () => {
    const received: string[] = []
    const fakeFetch = (async (_url: string | URL | Request, init?: RequestInit) => {
      received.push(String(init?.body))
      return new Response(null, { status: received.length === 1 ? 204 : 500 })
    }) as typeof fetch
    const results = await notifyHub('https://hub.example.net/', ['https://a.example/rss.xml', 'https://a.example/atom.xml'], fakeFetch)
    expect(received).toEqual([
      'hub.mode=publish&hub.url=https%3A%2F%2Fa.example%2Frss.xml',
      'hub.mode=publish&hub.url=https%3A%2F%2Fa.example%2Fatom.xml',
    ])
    expect(results.map((r) => r.status)).toEqual([204, 500])
    const unreachable = await notifyHub('http://127.0.0.1:9/', ['https://a.example/rss.xml'])
    expect(typeof unreachable[0]!.status).toBe('string')
  })
})
