/**
 * The static export, served by a plain static file server (sirv: files, `index.html` for
 * folders, `name.html` for `/name`), has every path the Node server has, with the same bodies;
 * and its `_headers` rules give each path the Node server's headers.
 */

import { existsSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import sirv from 'sirv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCommand } from '../../src/cli/build.ts'
import { fileForKey } from '../../src/export/file-paths.ts'
import type { PreparedSite } from '../../src/resources/prepared-site.ts'
import { type BuiltSite, buildTestSite, filesUnder, LARGE_FILE, sitemapKeys } from '../helpers/built-site.ts'
import { articleFile, ownReporting } from '../helpers/fixtures.ts'
import { carriedHeaders, hostHeaders, parseHeadersFile } from '../helpers/headers-rules.ts'
import { assertWellFormedXml, jsonFeedSchemaErrors, validateAtomWithJing } from '../helpers/parsers.ts'
import { type RunningWorker, startStaticHost } from '../helpers/workerd.ts'

let built: BuiltSite
let server: Server
let base: string

beforeAll(async () => {
  built = await buildTestSite()
  const serve = sirv(built.outDir, { extensions: ['html'], dotfiles: false, etag: true })
  server = createServer((req, res) => serve(req, res, () => void res.writeHead(404).end()))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve))
  built?.remove()
})

/** `bylines build` of the test site into its folder (or `to`), its log lines kept in `logged` rather than printed. */
async function build(
  logged: string[] = [],
  env = built.env,
  to = { outDir: built.outDir, preparedFile: built.preparedFile },
): Promise<number> {
  const quiet = console.log
  console.log = (line: string) => logged.push(line)
  try {
    return await buildCommand.run(['--out', to.outDir, '--prepared', to.preparedFile, '--config', 'bylines.toml', '--skip-errors'], env)
  } finally {
    console.log = quiet
  }
}

async function nodeBody(path: string): Promise<Buffer> {
  const response = await built.node.app.request(path, { headers: { 'accept-encoding': 'identity' } })
  expect(response.status, path).toBe(200)
  return Buffer.from(await response.arrayBuffer())
}

/** The Node server's headers that `_headers` carries to a static host. */
function nodeHeaders(response: Response): Record<string, string> {
  return carriedHeaders(response.headers)
}

// Before the tests below that build again into the same folder.
describe('the static export, as Cloudflare serves it', () => {
  let host: RunningWorker
  beforeAll(async () => {
    host = await startStaticHost(built)
  })
  afterAll(async () => {
    await host?.stop()
  })

  const get = (path: string) => fetch(new URL(path, host.url), { headers: { 'accept-encoding': 'identity' } })

  it('answers every path with the Node server’s type, caching, CORS and security headers, each once', async () => {
    for (const key of built.keys) {
      const response = await get(key)
      expect(response.status, key).toBe(200)
      // A header two rules set would arrive joined (`nosniff, nosniff`), a policy doubled.
      const node = await built.node.app.request(key)
      expect(nodeHeaders(response), key).toEqual(nodeHeaders(node))
      // A large public file's body is its open file, which only reading or cancelling closes.
      await node.body?.cancel()
    }
    // Some hundreds of requests: a busy machine makes this slow, not red.
  }, 300_000)

  it('answers a missing path with the 404 page, nosniff and the page’s own policies, and nothing of the public folder’s', async () => {
    const page = readFileSync(join(built.outDir, '404.html'), 'utf8')
    for (const path of ['/nope', '/feeds/nope', ...built.hiddenPaths.filter((p) => p !== '/feeds.html')]) {
      const response = await get(path)
      expect(response.status, path).toBe(404)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      if (!path.startsWith('/media/')) expect(response.headers.get('content-type'), path).toBe('text/html; charset=utf-8')
      expect(await response.text(), path).toBe(page)
    }
    expect(page).toContain('<meta http-equiv="Content-Security-Policy"')
  })
})

describe('the static export', () => {
  it('serves every path the site lists, with the Node server’s bytes', async () => {
    for (const key of built.keys) {
      const response = await fetch(`${base}${key}`)
      expect(response.status, key).toBe(200)
      const body = Buffer.from(await response.arrayBuffer())
      expect(body.equals(await nodeBody(key)), `${key}: body differs`).toBe(true)
    }
  })

  it('serves every URL its sitemaps list, read off the disk', async () => {
    const read = (key: string) => readFileSync(join(built.outDir, fileForKey(key)), 'utf8')
    const listed = await sitemapKeys('https://edge.example.org/news/', async (key) => read(key))
    expect(listed).toContain('/articles/filed-this-morning')
    expect(listed.filter((key) => key === '/articles/filed-this-morning')).toHaveLength(2)
    expect(read('/robots.txt')).toContain('Sitemap: https://edge.example.org/news/sitemap-news.xml')
    for (const key of listed) expect((await fetch(`${base}${key}`)).status, key).toBe(200)
  })

  it('holds nothing but those paths, the 404 page and _headers', () => {
    const files = filesUnder(built.outDir).sort()
    expect(files.length).toBe(built.keys.length + 2)
    expect(files).toContain('404.html')
    expect(files).toContain('_headers')
    expect(files.some((f) => f.includes('not-yet'))).toBe(false)
    // How to subscribe is a section of each set's page, not a file per set.
    expect(files.filter((f) => f.startsWith('subscribe/') || f.startsWith('subscribe.'))).toEqual([])
    expect(readFileSync(join(built.outDir, 'tags', 'rail', 'index.html'), 'utf8')).toContain('<section id="subscribe"')
  })

  it('has feeds that parse and validate as they come off the disk', async () => {
    const atom = readFileSync(join(built.outDir, 'archive', '2', 'atom.xml'), 'utf8')
    assertWellFormedXml(atom)
    expect(await validateAtomWithJing(atom)).toBe('')
    const json = JSON.parse(readFileSync(join(built.outDir, 'feed.json'), 'utf8'))
    expect(jsonFeedSchemaErrors(json)).toEqual([])
    expect(json.next_url).toMatch(/^https:\/\/edge\.example\.org\/news\/archive\/[1-9][0-9]*\/feed\.json$/)
  })

  it('gives each path, through _headers, the Node server’s type, caching, CORS and security headers', async () => {
    const rules = parseHeadersFile(readFileSync(join(built.outDir, '_headers'), 'utf8'))
    expect(rules.length).toBeLessThanOrEqual(100)
    for (const key of built.keys) {
      const response = await built.node.app.request(key)
      expect(hostHeaders(rules, key), key).toEqual(nodeHeaders(response))
      await response.body?.cancel()
    }
    // The public folder's files are typed by the rules, as on Node, not by the host's table.
    expect(hostHeaders(rules, '/favicon.ico')['content-type']).toBe('image/x-icon')
    expect(hostHeaders(rules, '/media/night-train-routes.png')['content-type']).toBe('image/png')
  })

  it('gives the 404 page, answered at any path, the Node server’s security headers: nosniff by a rule for every path, its policies in itself', async () => {
    const rules = parseHeadersFile(readFileSync(join(built.outDir, '_headers'), 'utf8'))
    const notFound = await built.node.app.request('/nope')
    expect(notFound.status).toBe(404)
    // A host applies the rules of the path asked for: a path that is nothing gets only `/*`'s.
    expect(hostHeaders(rules, '/nope')).toEqual({ 'x-content-type-options': 'nosniff' })
    expect(notFound.headers.get('x-content-type-options')).toBe('nosniff')
    const page = readFileSync(join(built.outDir, '404.html'), 'utf8')
    const meta = (pattern: RegExp) => pattern.exec(page)?.[1]?.replaceAll('&#39;', "'")
    // CSP Level 3 §6.4.2: frame-ancestors has no effect in a page, and is left out there.
    expect(meta(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)).toBe(
      notFound.headers.get('content-security-policy')!.replace("; frame-ancestors 'none'", ''),
    )
    expect(meta(/<meta name="referrer" content="([^"]*)">/)).toBe(notFound.headers.get('referrer-policy'))
    // Asked for by name, the page gets its own rule: the Node server's 404 headers.
    expect(hostHeaders(rules, '/404.html')).toEqual(nodeHeaders(notFound))
  })

  it('links only to paths it has: every internal link in every page and feed is exported', () => {
    const site = 'https://edge.example.org/news/'
    const listed = new Set(built.keys)
    const missing = new Map<string, string>()
    let links = 0
    for (const file of filesUnder(built.outDir)) {
      if (!/\.(html|xml|json|opml)$/.test(file)) continue
      const text = readFileSync(join(built.outDir, file), 'utf8')
      for (const [, url] of text.matchAll(/(?:href|src|url|xmlUrl|htmlUrl)(?:=|": ?)"(https:\/\/edge\.example\.org\/news\/[^"#?]*)/g)) {
        links++
        const key = `/${url!.slice(site.length)}`
        if (!listed.has(key)) missing.set(key, file)
      }
    }
    expect(links).toBeGreaterThan(1000)
    expect(Object.fromEntries(missing)).toEqual({})
  })

  it('serves every picture the pages and feeds show, with the Node server’s bytes, and hides what the Node server hides', async () => {
    expect(built.pictureKeys).toEqual(expect.arrayContaining(['/media/night-train-platform.jpg', '/icon.png', '/favicon.ico', '/logo.png']))
    // The srcset candidates of the article's picture: its variants, WebP and JPEG at each width.
    const variants = built.pictureKeys
      .filter((key) => key.startsWith('/variants/'))
      .map((key) => key.replace(/^\/variants\/[0-9a-f]{8}\//, ''))
    expect(variants.sort()).toEqual(
      ['480', '800', '1200'].flatMap((width) => ['jpg', 'webp'].map((type) => `night-train-platform-${width}.${type}`)).sort(),
    )
    for (const key of built.pictureKeys) {
      const response = await fetch(`${base}${key}`)
      expect(response.status, key).toBe(200)
      expect(Buffer.from(await response.arrayBuffer()).equals(await nodeBody(key)), key).toBe(true)
      expect((await built.node.app.request(key)).headers.get('content-type'), key).toMatch(/^image\//)
    }
    for (const path of built.hiddenPaths) {
      const body = await (await fetch(`${base}${path}`)).text()
      for (const secret of [
        'not for the site',
        'SECRET=1',
        '[core]',
        '# notes',
        'backup',
        'not the feeds page',
        'host code from the public folder',
      ]) {
        expect(body, path).not.toContain(secret)
      }
      // Nor does the Node server, so the two agree on what exists (`/feeds.html` is the site's own name).
      if (path !== '/feeds.html') expect((await built.node.app.request(path)).status, path).toBe(404)
    }
  })

  it('serves the 404 page as the static host’s not-found page', async () => {
    const response = await built.node.app.request('/nope')
    expect(readFileSync(join(built.outDir, '404.html')).equals(Buffer.from(await response.arrayBuffer()))).toBe(true)
  })

  it('indexes, for the Worker, every file with the ETag and length of its bytes', async () => {
    const index = JSON.parse(readFileSync(built.preparedFile, 'utf8')) as PreparedSite
    expect(Object.keys(index.resources).sort()).toEqual([...built.keys].sort())
    for (const [key, entry] of Object.entries(index.resources)) {
      const bytes = readFileSync(join(built.outDir, entry.file))
      const response = await built.node.app.request(key, { headers: { 'accept-encoding': 'identity' } })
      expect(entry.own.etag, key).toBe(response.headers.get('etag'))
      expect(entry.own['content-length'], key).toBe(String(bytes.byteLength))
      await response.body?.cancel()
    }
  })

  it('lets builds that overlap finish one after the other, leaving one consistent site', async () => {
    const logged: string[] = []
    const quiet = console.log
    console.log = (line: string) => logged.push(line)
    try {
      const runs = [1, 2, 3].map(() =>
        buildCommand.run(['--out', built.outDir, '--prepared', built.preparedFile, '--config', 'bylines.toml', '--skip-errors'], built.env),
      )
      expect(await Promise.all(runs)).toEqual([0, 0, 0])
    } finally {
      console.log = quiet
    }
    // The newest of those waiting did the work; the others left it to it.
    expect(logged.filter((line) => line.includes('a newer build started')).length).toBeGreaterThan(0)
    expect(logged.filter((line) => / written\)/.test(line)).length).toBeGreaterThan(0)
    const index = JSON.parse(readFileSync(built.preparedFile, 'utf8')) as PreparedSite
    for (const entry of Object.values(index.resources)) {
      expect(String(readFileSync(join(built.outDir, entry.file)).byteLength)).toBe(entry.own['content-length'])
    }
    expect(filesUnder(join(built.outDir, '..')).filter((f) => /\.(partial|lock|building|next)/.test(f))).toEqual([])
  })

  it('writes only what changed when it builds again', async () => {
    const logged: string[] = []
    expect(await build(logged)).toBe(0)
    // Decided from the inputs: only the pages that list every set, the sitemap (and the 404 page) are made.
    expect(logged.join('\n')).toMatch(/ files, [\d.]+ MiB; [1-5] made, 0 written\)/)
    const file = join(built.env.ARTICLES_DIR!, 'night-trains-quiet-return.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Sleeper services return"'))
    expect(await build(logged)).toBe(0)
    const [, files, written] = [...logged.join('\n').matchAll(/\((\d+) files, [\d.]+ MiB; \d+ made, (\d+) written\)/g)].at(-1)!
    expect(Number(written)).toBeGreaterThan(0)
    expect(Number(written)).toBeLessThan(Number(files) / 4)
    expect(readFileSync(join(built.outDir, 'articles', 'night-trains-quiet-return.html'), 'utf8')).toContain('Sleeper services return')
  })

  it('adds a newest article by rewriting only its page, the current documents of its sets and the lists of feeds', async () => {
    const inodes = () => new Map(filesUnder(built.outDir).map((file) => [file, statSync(join(built.outDir, file)).ino]))
    const before = inodes()
    const date = new Date(Date.now() - 60_000).toISOString()
    writeFileSync(
      join(built.env.ARTICLES_DIR!, 'newest.md'),
      articleFile(ownReporting({ title: 'Newest of all', date, slug: 'newest-of-all', tags: ['東京'] })),
    )
    expect(await build()).toBe(0)
    // A file written again is renamed into place: it has a new inode.
    const rewritten = [...inodes()]
      .filter(([file, inode]) => before.get(file) !== inode)
      .map(([file]) => file)
      .sort()
    const index = JSON.parse(readFileSync(built.preparedFile, 'utf8')) as PreparedSite
    const itemsOf = (setPath: string) =>
      JSON.parse(readFileSync(join(built.outDir, fileForKey(`/${setPath}feed.json`)), 'utf8')).items as { url: string }[]
    const itsSets = Object.keys(index.setSizes).filter((setPath) =>
      itemsOf(setPath).some((item) => item.url.endsWith('/articles/newest-of-all')),
    )
    expect(itsSets).toEqual(expect.arrayContaining(['', `tags/${encodeURIComponent('東京')}/`]))
    const documents = itsSets.flatMap((setPath) => ['', 'rss.xml', 'atom.xml', 'feed.json'].map((file) => fileForKey(`/${setPath}${file}`)))
    // The sitemap lists the new article, and the news sitemap too: it is a minute old.
    expect(rewritten).toEqual(
      ['articles/newest-of-all.html', 'feeds.html', 'feeds.opml', 'sitemap.xml', 'sitemap-news.xml', ...documents].sort(),
    )
    rmSync(join(built.env.ARTICLES_DIR!, 'newest.md'))
  })

  it('adds a translation by remaking the pages and feed documents that show the other translations of its original', async () => {
    const inodes = () => new Map(filesUnder(built.outDir).map((file) => [file, statSync(join(built.outDir, file)).ino]))
    const articles = built.env.ARTICLES_DIR!
    const siblings = ['night-trains-quiet-return', 'nichni-potiahy-povertaiutsia']
    const url = (slug: string) => `https://edge.example.org/news/articles/${slug}`
    // The feed documents that list the two translations there are already.
    const feedsShowing = filesUnder(built.outDir)
      .filter((file) => file.endsWith('feed.json'))
      .filter((file) => {
        const items = JSON.parse(readFileSync(join(built.outDir, file), 'utf8')).items as { url: string }[]
        return items.some((item) => siblings.map(url).includes(item.url))
      })
    expect(feedsShowing.length).toBeGreaterThan(2)
    expect(await build()).toBe(0)
    const before = inodes()

    // A French translation of the same original: its own slug, id, title, date and tags.
    const english = readFileSync(join(articles, 'night-trains-quiet-return.md'), 'utf8')
    const french = english
      .replace(/^title: .*$/m, 'title: "Le retour discret des trains de nuit"')
      .replace(/^id: .*$/m, 'language: fr')
      .replace(/^updated: .*\n/m, '')
      .replace(/^date: .*$/m, `date: ${new Date(Date.now() - 60_000).toISOString()}`)
      .replace(/^tags: .*$/m, 'tags: [Trains de nuit]')
    writeFileSync(join(articles, 'trains-de-nuit.md'), french)
    expect(await build()).toBe(0)
    const rewritten = new Set([...inodes()].filter(([file, inode]) => before.get(file) !== inode).map(([file]) => file))
    for (const slug of siblings) {
      const file = `articles/${slug}.html`
      expect(rewritten.has(file), file).toBe(true)
      expect(readFileSync(join(built.outDir, file), 'utf8')).toContain(
        `<link rel="alternate" hreflang="fr" href="${url('trains-de-nuit')}">`,
      )
    }
    for (const file of feedsShowing) {
      expect(rewritten.has(file), file).toBe(true)
      const items = JSON.parse(readFileSync(join(built.outDir, file), 'utf8')).items as {
        url: string
        _translation: { translations: { url: string; language: string }[] }
      }[]
      for (const item of items.filter((item) => siblings.map(url).includes(item.url))) {
        expect(item._translation.translations, `${file} ${item.url}`).toContainEqual(
          expect.objectContaining({ url: url('trains-de-nuit'), language: 'fr' }),
        )
      }
    }
    rmSync(join(articles, 'trains-de-nuit.md'))
  })

  it('after builds that left files alone, holds exactly what a build from nothing writes', async () => {
    const fresh = join(built.root, 'fresh')
    expect(await build()).toBe(0)
    expect(await build([], built.env, { outDir: fresh, preparedFile: join(built.root, 'fresh.json') })).toBe(0)
    const files = filesUnder(built.outDir).sort()
    expect(files).toEqual(filesUnder(fresh).sort())
    for (const file of files) expect(readFileSync(join(built.outDir, file)).equals(readFileSync(join(fresh, file))), file).toBe(true)
  })

  it('makes everything again when a setting changes', async () => {
    const logged: string[] = []
    expect(await build(logged, { ...built.env, SITE_TITLE: 'Another desk' })).toBe(0)
    // The large public file was made again and left in place (same bytes): its file is closed, not
    // left to the garbage collector, which Node 26 makes an uncaught error.
    expect(openFilesOfThisProcess().filter((path) => path.endsWith(LARGE_FILE))).toEqual([])
    expect(await build(logged)).toBe(0)
    const builds = [...logged.join('\n').matchAll(/\((\d+) files, [\d.]+ MiB; (\d+) made, \d+ written\)/g)].map((m) => ({
      files: Number(m[1]),
      made: Number(m[2]),
    }))
    expect(builds).toHaveLength(2)
    // Everything but _headers, which is not a resource.
    for (const build of builds) expect(build.made).toBe(build.files - 1)
  })

  it('removes the files of a deleted article and of its sets, and nothing it did not write', async () => {
    // The host's own files, which no build wrote.
    for (const name of ['CNAME', '.nojekyll', join('articles', 'kept-by-hand.html')]) writeFileSync(join(built.outDir, name), 'ours')
    const gone = join(built.outDir, 'articles', 'hill-village-revives-cisterns.html')
    expect(existsSync(gone)).toBe(true)
    const itemsOf = (path: string) =>
      JSON.parse(readFileSync(join(built.outDir, fileForKey(`${path}feed.json`)), 'utf8')).items as { url: string }[]
    // Sets whose only article is the one deleted: they go with it.
    const onlyItsSets = built.setPaths.filter((path) => {
      const items = itemsOf(path)
      return items.length === 1 && items[0]!.url.endsWith('/articles/hill-village-revives-cisterns')
    })
    expect(onlyItsSets.length).toBeGreaterThan(0)
    rmSync(join(built.env.ARTICLES_DIR!, 'hill-village-revives-cisterns.md'))
    expect(await build()).toBe(0)
    expect(existsSync(gone)).toBe(false)
    for (const name of ['CNAME', '.nojekyll', join('articles', 'kept-by-hand.html')])
      expect(readFileSync(join(built.outDir, name), 'utf8')).toBe('ours')
    const index = JSON.parse(readFileSync(built.preparedFile, 'utf8')) as PreparedSite
    for (const path of onlyItsSets) {
      expect(index.resources[path], path).toBeUndefined()
      expect(existsSync(join(built.outDir, fileForKey(path), '..')), path).toBe(false)
    }
  })
})

/** What the files this process holds open are (Linux: the links of /proc/self/fd). */
function openFilesOfThisProcess(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)]
    } catch {
      return [] // the descriptor readdir itself used, closed since
    }
  })
}
