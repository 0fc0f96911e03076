/**
 * The static export on each host the README's "Static files, on any host" names, served as that
 * host serves it (test/helpers/static-hosts.ts): every article, `/feeds`, the set pages and the
 * feeds answer 200 with the right type, a missing path gets the site's 404 page with status
 * 404, and where the host reads `_headers`, or runs deploy/nginx.conf or deploy/Caddyfile, the
 * headers are the Node server's. One build serves every host.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { buildCommand } from '../../src/cli/build.ts'
import { DEPLOY_CRON } from '../../src/export/deploy-schedule.ts'
import { fileForKey } from '../../src/export/file-paths.ts'
import { preparedFediverseFileOf } from '../../src/fediverse/prepared-fediverse.ts'
import { type BuiltSite, buildTestSite, REPO } from '../helpers/built-site.ts'
import { carriedHeaders, type HeadersRule, hostHeaders, parseHeadersFile } from '../helpers/headers-rules.ts'
import {
  githubPages,
  type HostRules,
  hasCommand,
  nginxRouting,
  PAGES_AND_NETLIFY,
  type RunningHost,
  startCaddy,
  startNginx,
  startRuleHost,
} from '../helpers/static-hosts.ts'

const DEPLOY = join(REPO, 'deploy')

let built: BuiltSite
let rules: HeadersRule[]
let work: string

beforeAll(async () => {
  built = await buildTestSite()
  rules = parseHeadersFile(readFileSync(join(built.outDir, '_headers'), 'utf8'))
  work = mkdtempSync(join(tmpdir(), 'bylines-hosts-'))
}, 180_000)

afterAll(() => {
  built?.remove()
  if (work) rmSync(work, { recursive: true, force: true })
})

/** A Content-Type value as its type and parameters, lower-cased (RFC 9110 §8.3.1). */
function parseContentType(value: string | null): { type: string; charset?: string } {
  const [type, ...parameters] = (value ?? '').split(';').map((part) => part.trim())
  const charset = parameters.find((p) => p.toLowerCase().startsWith('charset='))?.slice('charset='.length)
  return { type: type!.toLowerCase(), ...(charset ? { charset: charset.replace(/^"|"$/g, '').toLowerCase() } : {}) }
}

/** The paths a newsroom's readers and aggregators ask for most, by what they should be. */
function sample() {
  const articles = built.keys.filter((key) => key.startsWith('/articles/'))
  const tagPages = built.setPaths.filter((path) => path.startsWith('/tags/'))
  const feeds = built.keys.filter((key) => /\/(rss\.xml|atom\.xml|feed\.json)$/.test(key))
  return { articles, tagPages, feeds, pages: [...articles, ...tagPages, '/', '/feeds'] }
}

/** The type a path's document is: what the Node server sends, by what it holds. */
const XML_FEED = { type: 'application/xml', charset: 'utf-8' }
const JSON_FEED = { type: 'application/feed+json', charset: 'utf-8' }
const HTML = { type: 'text/html', charset: 'utf-8' }

async function get(host: RunningHost, key: string): Promise<Response> {
  return fetch(new URL(key.slice(1), host.url), { headers: { 'accept-encoding': 'identity' }, redirect: 'manual' })
}

type ContentType = { type: string; charset?: string }

interface MissOptions {
  /** The host serves `_headers` as a file (GitHub Pages). */
  servesHeadersFile?: boolean
  /**
   * The 404 page's type for a missing path: HTML, but where `_headers` rules go by the path
   * asked for, the type of the path's rule (a missing `/tags/x/rss.xml` is typed as a feed).
   */
  notFoundType?: (path: string) => ContentType
}

/** Asks `host` for every sampled path, and missing ones; checks status, body and type (by `typeOf`). */
async function servesTheSite(
  host: RunningHost,
  typeOf: (key: string) => ContentType,
  { servesHeadersFile = false, notFoundType = () => HTML }: MissOptions = {},
) {
  const { articles, tagPages, feeds, pages } = sample()
  expect(articles.length).toBeGreaterThan(40)
  expect(tagPages.length).toBeGreaterThan(3)
  expect(feeds.length).toBeGreaterThan(30)
  for (const key of [...pages, ...feeds, '/feeds.opml', '/sitemap.xml']) {
    const response = await get(host, key)
    expect(response.status, key).toBe(200)
    expect(parseContentType(response.headers.get('content-type')), key).toEqual(typeOf(key))
    const body = Buffer.from(await response.arrayBuffer())
    expect(body.equals(readFileSync(join(built.outDir, fileForKey(key)))), `${key}: not the file the build wrote for it`).toBe(true)
  }
  const notFound = readFileSync(join(built.outDir, '404.html'), 'utf8')
  for (const missing of [
    '/nope',
    '/articles/nope',
    '/tags/nope/',
    '/tags/nope/rss.xml',
    '/media/nope.jpg',
    ...(servesHeadersFile ? [] : ['/_headers']),
  ]) {
    const response = await get(host, missing)
    expect(response.status, missing).toBe(404)
    expect(parseContentType(response.headers.get('content-type')), missing).toEqual(notFoundType(missing))
    expect(await response.text(), missing).toBe(notFound)
  }
}

/** The type by the file's extension in mime-db, as GitHub Pages types files. */
function extensionType(key: string) {
  const node = nodeType(key)
  if (node === JSON_FEED) return { type: 'application/json', charset: 'utf-8' }
  if (node === XML_FEED) return { type: 'application/xml' }
  return node
}

/** What the bylines server sends for each kind of document. */
function nodeType(key: string) {
  if (/\/(rss|atom)\.xml$/.test(key) || /^\/sitemap/.test(key)) return XML_FEED
  if (key.endsWith('/feed.json')) return JSON_FEED
  if (key === '/feeds.opml') return { type: 'text/x-opml', charset: 'utf-8' }
  return HTML
}

describe('Cloudflare Pages and Netlify: clean URLs, 404.html, and _headers by the path asked for', () => {
  let host: RunningHost
  beforeAll(async () => {
    host = await startRuleHost(built.outDir, PAGES_AND_NETLIFY)
  })
  afterAll(() => host?.stop())

  it('answers every article, /feeds, the tag pages and the feeds with their types, and a miss with the 404 page', async () => {
    await servesTheSite(host, nodeType, {
      notFoundType: (path) => parseContentType(hostHeaders(rules, path)['content-type'] ?? 'text/html; charset=utf-8'),
    })
  })

  it('sends the headers of _headers: CORS on feeds, Cache-Control, nosniff', async () => {
    const { feeds, pages } = sample()
    for (const key of feeds) {
      const headers = (await get(host, key)).headers
      expect(headers.get('access-control-allow-origin'), key).toBe('*')
      expect(headers.get('access-control-expose-headers')?.split(/,\s*/), key).toEqual(['ETag', 'Last-Modified', 'Link'])
      expect(headers.get('cache-control'), key).toMatch(/^public, max-age=\d+/)
      expect(headers.get('x-content-type-options'), key).toBe('nosniff')
    }
    for (const key of pages) {
      const headers = (await get(host, key)).headers
      expect(headers.get('access-control-allow-origin'), key).toBeNull()
      expect(headers.get('content-security-policy'), key).toContain("default-src 'none'")
      expect(headers.get('x-content-type-options'), key).toBe('nosniff')
    }
  })

  it('netlify.toml builds with npm run build:static, publishes dist and pins the Node of package.json', () => {
    const config = parseToml(readFileSync(join(DEPLOY, 'netlify.toml'), 'utf8')) as {
      build: { command: string; publish: string; environment: Record<string, string> }
    }
    expect(config.build.command).toBe('npm run build:static')
    expect(config.build.publish).toBe('dist')
    const engines = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node
    expect(Number(config.build.environment.NODE_VERSION)).toBeGreaterThanOrEqual(Number(/\d+/.exec(engines)![0]))
  })
})

describe('GitHub Pages: clean URLs and 404.html, no _headers, the type from the extension', () => {
  let host: RunningHost
  beforeAll(async () => {
    // The test site's url is https://edge.example.org/news/: a project site, served under /news/.
    const prefix = new URL(built.env.SITE_URL!).pathname
    expect(prefix).toBe('/news/')
    host = await startRuleHost(built.outDir, githubPages(prefix))
  })
  afterAll(() => host?.stop())

  it('serves a project site below its path: every page, feed and link of the site answers there', async () => {
    // mime-db's types: JSON Feed is plain JSON there; RSS, Atom and sitemaps are application/xml.
    // The `_headers` file is served as any other.
    await servesTheSite(host, extensionType, { servesHeadersFile: true })
    // Every link is absolute from the site's url, so none escapes the path (a root-relative
    // `href="/…"` would land outside the project site).
    for (const key of sample().pages) {
      const html = readFileSync(join(built.outDir, fileForKey(key)), 'utf8')
      expect(html.match(/\s(?:href|src|srcset|action)="\/(?!\/)[^"]*"/g), key).toBeNull()
    }
  })

  it('github-pages.yml checks, builds with the Pages address or SITE_URL, uploads dist and deploys, on push, on a schedule and by hand', () => {
    const workflow = parseYaml(readFileSync(join(DEPLOY, 'github-pages.yml'), 'utf8')) as {
      on: { push: { branches: string[] }; schedule: { cron: string }[]; workflow_dispatch: unknown }
      permissions: Record<string, string>
      concurrency: { group: string; 'cancel-in-progress': boolean }
      jobs: Record<
        string,
        {
          environment: { name: string }
          steps: { uses?: string; run?: string; id?: string; env?: Record<string, string>; with?: Record<string, string> }[]
        }
      >
    }
    expect(workflow.on.push.branches).toEqual(['main'])
    // The schedule `bylines build` counts on when it says when a scheduled article goes out.
    expect(workflow.on.schedule).toEqual([{ cron: DEPLOY_CRON }])
    expect('workflow_dispatch' in workflow.on).toBe(true)
    expect(workflow.permissions).toEqual({ contents: 'read', pages: 'write', 'id-token': 'write' })
    expect(workflow.concurrency['cancel-in-progress']).toBe(false)
    const job = Object.values(workflow.jobs)[0]!
    expect(job.environment.name).toBe('github-pages')
    const named = job.steps.map((step) => step.run ?? step.uses!)
    const order = [
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'actions/configure-pages@v5',
      'npm run check',
      'npm run build:static',
      'actions/upload-pages-artifact@v3',
      'actions/deploy-pages@v4',
    ]
    expect(named.filter((step) => order.includes(step))).toEqual(order)
    const build = job.steps.find((step) => step.run === 'npm run build:static')!
    const pages = job.steps.find((step) => step.uses === 'actions/configure-pages@v5')!
    expect(build.env!.SITE_URL).toBe(`\${{ vars.SITE_URL || format('{0}/', steps.${pages.id}.outputs.base_url) }}`)
    expect(job.steps.find((step) => step.uses === 'actions/upload-pages-artifact@v3')!.with).toEqual({ path: 'dist' })
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
    for (const step of named.filter((s) => s.startsWith('npm run '))) expect(scripts, step).toHaveProperty([step.split(' ')[2]!])
  })
})

describe('nginx: the routing of deploy/nginx.conf', () => {
  let host: RunningHost
  beforeAll(async () => {
    host = await startRuleHost(built.outDir, nginxRouting(readFileSync(join(DEPLOY, 'nginx.conf'), 'utf8')))
  })
  afterAll(() => host?.stop())

  it('finds every article, /feeds, tag page and feed by its try_files line, and the 404 page by its error_page line', async () => {
    // Types and headers are the real nginx's, below; here only the files matter.
    const routing: HostRules = nginxRouting(readFileSync(join(DEPLOY, 'nginx.conf'), 'utf8'))
    expect(routing.notFoundPage).toBe('404.html')
    await servesTheSite(host, extensionType)
  })
})

/**
 * Under the real server: the routing and every header `_headers` gives each path of the site,
 * but the page policy (its value is the build's; the template says to copy it) and
 * Accept-Ranges (the server's own, on every file).
 */
function sendsWhatHeadersFileSays(start: () => Promise<RunningHost>) {
  let host: RunningHost
  beforeAll(async () => {
    host = await start()
  })
  afterAll(() => host?.stop())

  it('answers every article, /feeds, the tag pages and the feeds with their types, and a miss with the 404 page', async () => {
    await servesTheSite(host, nodeType)
  })

  it('sends each path of the site the headers _headers gives it, but the page policy', async () => {
    const missed = new Map<string, Set<string>>()
    for (const key of built.keys) {
      const response = await get(host, key)
      expect(response.status, key).toBe(200)
      const sent = carriedHeaders(response.headers)
      const expected = hostHeaders(rules, key)
      for (const name of Object.keys(expected)) {
        if (sent[name] === undefined && (name === 'content-security-policy' || name === 'accept-ranges')) {
          missed.set(name, (missed.get(name) ?? new Set()).add(expected[name]!))
          continue
        }
        expect(sent[name], `${key}: ${name}`).toBe(expected[name])
      }
      // Nothing _headers does not give, but the server's own Accept-Ranges.
      expect(
        Object.keys(sent).filter((name) => !(name in expected) && name !== 'accept-ranges'),
        key,
      ).toEqual([])
    }
    // The one header left to copy by hand is the pages' policy, one value for every page.
    expect([...(missed.get('content-security-policy') ?? [])]).toHaveLength(1)
    expect([...missed.get('content-security-policy')!][0]).toContain('script-src')
  }, 120_000)

  it('answers a miss with the 404 page’s own headers', async () => {
    const response = await get(host, '/articles/nope')
    expect(response.status).toBe(404)
    expect(response.headers.get('cache-control')).toBe(hostHeaders(rules, '/404.html')['cache-control'])
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })
}

describe.skipIf(!hasCommand('nginx', 'nginx-light'))('nginx: deploy/nginx.conf under the real nginx', () => {
  sendsWhatHeadersFileSays(() => startNginx(built.outDir, join(work, 'nginx')))
})

describe.skipIf(!hasCommand('caddy', 'caddy'))('Caddy: deploy/Caddyfile under the real Caddy', () => {
  sendsWhatHeadersFileSays(() => startCaddy(built.outDir, join(work, 'caddy')))
})

/**
 * The Fediverse's documents (export/fediverse-export.ts), on a build of the bundled articles at
 * the root of a host (the Fediverse finds a site there only): the WebFinger answer whatever the
 * query, NodeInfo, the site's actor (with no inbox: a static host cannot take a follow), its
 * outbox and some articles' objects. Each host answers each with the file the build wrote and
 * the headers `_headers` gives its path, type and CORS included.
 */
describe('the Fediverse’s documents on each host', () => {
  let outDir: string
  let preparedFile: string
  let fediverseRules: HeadersRule[]
  beforeAll(async () => {
    outDir = join(work, 'fediverse', 'dist')
    preparedFile = join(work, 'fediverse', 'prepared-site.json')
    const quiet = { log: console.log, warn: console.warn }
    console.log = console.warn = () => {}
    try {
      const env = { ...process.env, ARTICLES_DIR: join(REPO, 'articles'), SITE_URL: 'https://news.example.org/', FEDIVERSE_ENABLED: 'true' }
      expect(await buildCommand.run(['--out', outDir, '--prepared', preparedFile, '--config', join(REPO, 'bylines.toml')], env)).toBe(0)
    } finally {
      Object.assign(console, quiet)
    }
    fediverseRules = parseHeadersFile(readFileSync(join(outDir, '_headers'), 'utf8'))
  }, 120_000)

  async function servesTheFediverseFiles(start: () => Promise<RunningHost>) {
    const host = await start()
    try {
      const manifest = JSON.parse(readFileSync(preparedFediverseFileOf(preparedFile), 'utf8')) as {
        documentFiles: string[]
        articles: { file: string }[]
      }
      const files = [...manifest.documentFiles, ...manifest.articles.slice(0, 3).map((article) => article.file)]
      expect(files).toEqual(expect.arrayContaining(['.well-known/webfinger', '.well-known/nodeinfo', 'nodeinfo/2.1', 'fediverse/news']))
      for (const file of files) {
        const path = file === '.well-known/webfinger' ? `/${file}?resource=acct:anyone@example.org` : `/${file}`
        const response = await get(host, path)
        expect(response.status, path).toBe(200)
        expect(await response.json(), path).toEqual(JSON.parse(readFileSync(join(outDir, file), 'utf8')))
        const expected = hostHeaders(fediverseRules, `/${file}`)
        expect(expected['content-type'], file).toMatch(/json/)
        expect(expected['access-control-allow-origin'], file).toBe('*')
        const sent = carriedHeaders(response.headers)
        for (const name of Object.keys(expected)) expect(sent[name], `${file}: ${name}`).toBe(expected[name])
        expect(
          Object.keys(sent).filter((name) => !(name in expected) && name !== 'accept-ranges'),
          file,
        ).toEqual([])
      }
      const finger = (await (await get(host, '/.well-known/webfinger?resource=acct:news@news.example.org')).json()) as { subject: string }
      expect(finger.subject).toBe('acct:news@news.example.org')
      const actor = (await (await get(host, '/fediverse/news')).json()) as Record<string, unknown>
      expect(actor.preferredUsername).toBe('news')
      expect(actor.inbox).toBeUndefined()
      expect(actor.publicKey).toBeUndefined()
      const outbox = (await (await get(host, new URL(actor.outbox as string).pathname)).json()) as {
        orderedItems: { type: string; object: { id: string } }[]
      }
      expect(outbox.orderedItems.length).toBe(manifest.articles.length)
      expect(outbox.orderedItems[0]!.type).toBe('Create')
      expect(outbox.orderedItems[0]!.object.id).toMatch(/^https:\/\/news\.example\.org\/articles\//)
    } finally {
      await host.stop()
    }
  }

  it('Cloudflare Pages and Netlify: typed and open to every origin by _headers', async () => {
    await servesTheFediverseFiles(() => startRuleHost(outDir, PAGES_AND_NETLIFY))
  })
  it.skipIf(!hasCommand('nginx', 'nginx-light'))('nginx: with the headers _headers gives them', async () => {
    await servesTheFediverseFiles(() => startNginx(outDir, join(work, 'fediverse-nginx')))
  })
  it.skipIf(!hasCommand('caddy', 'caddy'))('Caddy: with the headers _headers gives them', async () => {
    await servesTheFediverseFiles(() => startCaddy(outDir, join(work, 'fediverse-caddy')))
  })
})
