import { describe, expect, it } from 'vitest'
import { fileForKey } from '../../src/export/file-paths.ts'
import { headersPatternFor, renderHeadersFile } from '../../src/export/headers-file.ts'

describe('where a path is written in the export', () => {
  it.each([
    ['/', 'index.html'],
    ['/rss.xml', 'rss.xml'],
    ['/page/2/', 'page/2/index.html'],
    ['/tags/france/page/3/feed.json', 'tags/france/page/3/feed.json'],
    ['/articles/night-trains', 'articles/night-trains.html'],
    ['/feeds', 'feeds.html'],
    ['/feeds.opml', 'feeds.opml'],
    ['/spec/json-feed-translation', 'spec/json-feed-translation.html'],
    ['/tags/caf%C3%A9/', 'tags/café/index.html'],
  ])('%s → %s', (key, file) => {
    expect(fileForKey(key)).toBe(file)
  })

  it.each(['/../etc/passwd', '/tags/%2e%2e/', '/a/%2F/b', '/a//b', '/%E0%A4%A', 'rss.xml', '/a/%00'])('refuses %s', (key) => {
    expect(() => fileForKey(key)).toThrow(/cannot be a file name|not a valid|not a path/)
  })
})

describe('the _headers file', () => {
  it('covers paths by kind, with one rule each', () => {
    expect(headersPatternFor('/tags/x/rss.xml')).toBe('/tags/*/rss.xml')
    expect(headersPatternFor('/tags/x/')).toBe('/tags/*/')
    expect(headersPatternFor('/archive/tags/x/2/rss.xml')).toBe('/archive/*/rss.xml')
    expect(headersPatternFor('/archive/2/')).toBe('/archive/*/')
    expect(headersPatternFor('/rss.xml')).toBe('/rss.xml')
    expect(headersPatternFor('/')).toBe('/')
    expect(headersPatternFor('/articles/x')).toBe('/articles/*')
  })

  it('gives no path two rules, as hosts match `*` across slashes', () => {
    const keys = [
      '/',
      '/rss.xml',
      '/feed.json',
      '/tags/x/',
      '/tags/x/atom.xml',
      '/from/fr/feed.json',
      '/archive/1/',
      '/archive/3/rss.xml',
      '/archive/tags/x/2/',
      '/archive/tags/x/2/feed.json',
      '/articles/a',
      '/feeds',
      '/feeds.opml',
      '/spec/json-feed-translation',
      '/sitemap.xml',
      '/sitemap-1.xml',
      '/sitemap-2.xml',
      '/sitemap-news.xml',
      '/robots.txt',
      '/media/a.jpg',
      '/favicon.ico',
    ]
    const patterns = new Set(keys.map(headersPatternFor))
    const matches = (pattern: string, key: string) =>
      new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*')}$`).test(key)
    for (const key of keys)
      expect(
        [...patterns].filter((p) => matches(p, key)),
        key,
      ).toEqual([headersPatternFor(key)])
  })

  it('refuses to write one rule for paths that need different headers', () => {
    expect(() =>
      renderHeadersFile([
        { key: '/tags/a/rss.xml', headers: { 'content-type': 'application/rss+xml' } },
        { key: '/tags/b/rss.xml', headers: { 'content-type': 'text/plain' } },
      ]),
    ).toThrow('/tags/b/rss.xml and /tags/a/rss.xml share the _headers rule /tags/*/rss.xml')
    // A header more, or one fewer, is a difference too; the order of the headers and those left to the host are not.
    const a = { 'content-type': 'application/rss+xml', 'cache-control': 'public' }
    for (const b of [{ ...a, 'x-extra': '1' }, { 'content-type': 'application/rss+xml' }]) {
      expect(() =>
        renderHeadersFile([
          { key: '/tags/a/rss.xml', headers: a },
          { key: '/tags/b/rss.xml', headers: b },
        ]),
      ).toThrow(/share the _headers rule/)
    }
    const same = { 'cache-control': 'public', etag: '"b"', 'content-type': 'application/rss+xml', vary: 'Accept-Encoding' }
    expect(
      renderHeadersFile([
        { key: '/tags/a/rss.xml', headers: a },
        { key: '/tags/b/rss.xml', headers: same },
      ]),
    ).toBe(renderHeadersFile([{ key: '/tags/a/rss.xml', headers: a }]))
  })

  it('never writes a pattern character of a path into its rule: a rule matches only the path', () => {
    // `*` is any characters to both hosts, with no escape; `:name` a placeholder to Cloudflare.
    expect(headersPatternFor('/*')).toBe('/%2A')
    expect(headersPatternFor('/a*b/c.png')).toBe('/a%2Ab/*')
    expect(headersPatternFor('/:splat')).toBe('/%3Asplat')
  })

  it('types the files of a public sub-folder by a rule per folder and extension, and puts what every response shares in one rule for every path', () => {
    const picture = (type: string) => ({
      'content-type': type,
      'cache-control': 'public, max-age=86400',
      'x-content-type-options': 'nosniff',
      etag: '"x"',
    })
    const text = renderHeadersFile(
      [
        { key: '/icon.png', headers: picture('image/png') },
        { key: '/media/a.jpg', headers: picture('image/jpeg') },
        { key: '/media/deep/b.JPG', headers: picture('image/jpeg') },
        { key: '/media/c.png', headers: picture('image/png') },
        { key: '/media/README', headers: picture('application/octet-stream') },
        { key: '/rss.xml', headers: { 'content-type': 'application/xml', 'x-content-type-options': 'nosniff' } },
      ],
      {
        publicKeys: new Set(['/icon.png', '/media/a.jpg', '/media/deep/b.JPG', '/media/c.png', '/media/README']),
        notFound: { 'content-type': 'text/html', 'x-content-type-options': 'nosniff' },
      },
    )
    expect(text.split('\n').slice(1).join('\n')).toBe(
      [
        '/*',
        '  X-Content-Type-Options: nosniff',
        '/icon.png',
        '  Cache-Control: public, max-age=86400',
        '  Content-Type: image/png',
        '/media/*',
        '  Cache-Control: public, max-age=86400',
        '/media/*.jpg',
        '  Content-Type: image/jpeg',
        '/media/*.JPG',
        '  Content-Type: image/jpeg',
        '/media/*.png',
        '  Content-Type: image/png',
        '/media/README',
        '  Content-Type: application/octet-stream',
        '/rss.xml',
        '  Content-Type: application/xml',
        '/404.html',
        '  Content-Type: text/html',
        '',
      ].join('\n'),
    )
  })

  it('leaves per-response headers to the host', () => {
    const text = renderHeadersFile([
      { key: '/rss.xml', headers: { etag: '"x"', 'content-length': '1', vary: 'Accept-Encoding', 'cache-control': 'public' } },
    ])
    expect(text).toContain('/rss.xml\n  Cache-Control: public\n')
    expect(text).not.toMatch(/Etag|Content-Length|Vary/i)
  })
})
