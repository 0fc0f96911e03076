/**
 * `bylines ping` as a deploy job runs it, against a live site and a hub on 127.0.0.1: which
 * topics are pinged, the exit statuses and what is said.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..')
const SETS = ['', 'tags/climate/', 'tags/rail/']
const FILES = ['rss.xml', 'atom.xml', 'feed.json']
const CURRENT_FEEDS = SETS.flatMap((set) => FILES.map((file) => `/${set}${file}`))

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))))
})

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => handler(request, response, body))
  })
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }
}

/** The new build's ETag of a path: `"new-…"`. The live site holds `"new-…"` unless told otherwise. */
const newTag = (path: string) => `"new-${path}"`

/**
 * A live site: answers each path with the ETag `live` gives it (304 when If-None-Match holds
 * that tag), or with the status `live` gives instead; records every request.
 */
async function liveSite(live: (path: string) => string | number = newTag) {
  const requests: { path: string; ifNoneMatch?: string }[] = []
  const { server, url } = await listen((request, response) => {
    const path = request.url!
    requests.push({ path, ifNoneMatch: request.headers['if-none-match'] })
    const answer = live(path)
    if (typeof answer === 'number') return response.writeHead(answer).end('no')
    if (request.headers['if-none-match'] === answer) return response.writeHead(304, { etag: answer }).end()
    response.writeHead(200, { etag: answer, 'content-type': 'application/xml' }).end('<rss/>')
  })
  return { server, url, requests }
}

/** A hub that records each publish ping as `mode topic` and answers `status`. */
async function hub(status = 204) {
  const pings: string[] = []
  const { url } = await listen((request, response, body) => {
    const form = new URLSearchParams(body)
    pings.push(`${request.method} ${form.get('hub.mode')} ${form.get('hub.url')}`)
    response.writeHead(status).end()
  })
  return { url, pings }
}

/** A build's index for `siteUrl`: the current feeds of three sets, an archive, pages and an article. */
function buildFolder(siteUrl: string, hubUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-ping-'))
  const keys = [
    ...CURRENT_FEEDS,
    '/archive/tags/climate/1/rss.xml',
    '/archive/1/atom.xml',
    '/',
    '/tags/climate/',
    '/articles/heat',
    '/feeds',
  ]
  const resources = Object.fromEntries(
    keys.map((key) => [key, { file: key.slice(1) || 'index.html', shared: 0, own: { etag: newTag(key) } }]),
  )
  const index = {
    version: 2,
    siteUrl,
    exportDir: '../dist',
    builtAt: '2026-06-01T00:00:00.000Z',
    codings: [],
    headerSets: [{}],
    resources,
    notFound: { file: '404.html', shared: 0, own: {} },
    itemsPerFeed: 10,
    setSizes: { '': 3, 'tags/climate/': 2, 'tags/rail/': 1 },
  }
  writeFileSync(join(dir, 'prepared-site.json'), JSON.stringify(index))
  writeFileSync(join(dir, 'bylines.toml'), hubUrl ? `websubHub = "${hubUrl}"\n` : '')
  return { dir, index: join(dir, 'prepared-site.json'), config: join(dir, 'bylines.toml'), record: join(dir, 'changed.json') }
}

/** `node --import tsx src/cli/bylines.ts ping …`, as the workflow runs it. */
async function ping(args: string[]) {
  const env = { ...process.env }
  delete env.WEBSUB_HUB
  delete env.BYLINES_CONFIG
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/bylines.ts', 'ping', ...args], {
      cwd: ROOT,
      env,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

async function recordThenPing(folder: ReturnType<typeof buildFolder>) {
  const recorded = await ping(['--record', folder.record, '--prepared', folder.index, '--config', folder.config])
  const pinged =
    recorded.code === 0 ? await ping(['--changed', folder.record, '--prepared', folder.index, '--config', folder.config]) : undefined
  return { recorded, pinged }
}

describe('bylines ping', () => {
  it('pings nothing when the live site already serves every current feed of the build', async () => {
    const site = await liveSite()
    const theHub = await hub()
    const folder = buildFolder(site.url, theHub.url)
    const { recorded, pinged } = await recordThenPing(folder)
    expect(recorded).toMatchObject({ code: 0 })
    expect(recorded.stdout).toContain(`0 of 9 current feeds differ from the live site; written to ${folder.record}`)
    // Exactly the current feed documents, each asked with the new build's ETag; no archive, no page.
    expect(site.requests.map((r) => r.path).sort()).toEqual([...CURRENT_FEEDS].sort())
    expect(site.requests.every((r) => r.ifNoneMatch === newTag(r.path))).toBe(true)
    expect(JSON.parse(readFileSync(folder.record, 'utf8'))).toMatchObject({ siteUrl: site.url, checked: 9, changed: [] })
    expect(pinged).toMatchObject({ code: 0 })
    expect(pinged!.stdout).toContain(`no feed changed; no ping sent to ${theHub.url}`)
    expect(theHub.pings).toEqual([])
  })

  it('pings the three formats of the one set whose current document changed', async () => {
    const site = await liveSite((path) => (path.startsWith('/tags/climate/') ? `"old-${path}"` : newTag(path)))
    const theHub = await hub()
    const folder = buildFolder(site.url, theHub.url)
    const { recorded, pinged } = await recordThenPing(folder)
    expect(recorded).toMatchObject({ code: 0 })
    expect(recorded.stdout).toContain(`changed ${site.url}tags/climate/rss.xml`)
    expect(recorded.stdout).toContain('3 of 9 current feeds differ from the live site')
    expect(pinged).toMatchObject({ code: 0, stderr: '' })
    expect(pinged!.stdout).toContain(`${theHub.url} accepted publish pings for 3 of 3 feeds`)
    expect(theHub.pings.sort()).toEqual(
      [
        `POST publish ${site.url}tags/climate/atom.xml`,
        `POST publish ${site.url}tags/climate/feed.json`,
        `POST publish ${site.url}tags/climate/rss.xml`,
      ].sort(),
    )
  })

  it('counts a feed the live site does not have (404) as new, and a 200 with the same tag, weakened, as unchanged', async () => {
    const site = await liveSite((path) => (path.startsWith('/tags/rail/') ? 404 : path === '/rss.xml' ? `W/${newTag(path)}` : newTag(path)))
    const theHub = await hub()
    const folder = buildFolder(site.url, theHub.url)
    const { recorded, pinged } = await recordThenPing(folder)
    expect(recorded.stdout).toContain(`new     ${site.url}tags/rail/feed.json`)
    expect(pinged).toMatchObject({ code: 0 })
    expect(theHub.pings.sort()).toEqual(FILES.map((file) => `POST publish ${site.url}tags/rail/${file}`).sort())
  })

  it('also pings the feeds the deployed build changed after the record (wrangler deploy builds again)', async () => {
    const site = await liveSite((path) => (path.startsWith('/tags/climate/') ? `"old-${path}"` : newTag(path)))
    const theHub = await hub()
    const folder = buildFolder(site.url, theHub.url)
    const recorded = await ping(['--record', folder.record, '--prepared', folder.index, '--config', folder.config])
    expect(recorded.code).toBe(0)
    // The deploy's own build, a moment later: a scheduled article has come out on the home page's feeds.
    const index = JSON.parse(readFileSync(folder.index, 'utf8'))
    for (const file of FILES) index.resources[`/${file}`].own.etag = `"later-${file}"`
    index.builtAt = '2026-06-01T00:01:00.000Z'
    writeFileSync(folder.index, JSON.stringify(index))
    const pinged = await ping(['--changed', folder.record, '--prepared', folder.index, '--config', folder.config])
    expect(pinged).toMatchObject({ code: 0 })
    expect(pinged.stdout).toContain(
      '3 more feeds differ in the build that was deployed (built 2026-06-01T00:01:00.000Z, recorded 2026-06-01T00:00:00.000Z)',
    )
    expect(theHub.pings.map((p) => p.split(' ')[2]).sort()).toEqual(
      [...FILES.map((file) => `${site.url}${file}`), ...FILES.map((file) => `${site.url}tags/climate/${file}`)].sort(),
    )
  })

  it('fails before the deploy when the live site is down, naming the URL, and writes no record', async () => {
    const site = await liveSite()
    await new Promise((done) => site.server.close(done))
    const folder = buildFolder(site.url, 'http://127.0.0.1:9/')
    writeFileSync(folder.record, JSON.stringify({ siteUrl: site.url, builtAt: '', checked: 1, changed: [`${site.url}rss.xml`], etags: {} }))
    const result = await ping(['--record', folder.record, '--prepared', folder.index, '--config', folder.config])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`bylines ping: ${site.url}rss.xml: could not be fetched (ECONNREFUSED)`)
    expect(result.stderr).toContain(
      `the live site gave no usable answer for 9 of 9 feeds, so which feeds changed is not known; ${folder.record} not written`,
    )
    expect(existsSync(folder.record)).toBe(false)
  })

  it('fails when the live site answers 5xx, naming the URL and the status', async () => {
    const site = await liveSite((path) => (path === '/tags/rail/atom.xml' ? 503 : newTag(path)))
    const folder = buildFolder(site.url, 'http://127.0.0.1:9/')
    const result = await ping(['--record', folder.record, '--prepared', folder.index, '--config', folder.config])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`bylines ping: ${site.url}tags/rail/atom.xml: the live site answered 503`)
    expect(result.stderr).toContain('gave no usable answer for 1 of 9 feeds')
  })

  it('fails when the hub answers 500, naming the hub, the status and each topic', async () => {
    const site = await liveSite((path) => (path.startsWith('/tags/rail/') ? 404 : newTag(path)))
    const theHub = await hub(500)
    const folder = buildFolder(site.url, theHub.url)
    const { pinged } = await recordThenPing(folder)
    expect(pinged!.code).toBe(1)
    expect(theHub.pings).toHaveLength(3)
    expect(pinged!.stderr).toContain(`bylines ping: the hub ${theHub.url} answered 500 for ${site.url}tags/rail/rss.xml`)
    expect(pinged!.stdout).toContain('accepted publish pings for 0 of 3 feeds')
  })

  it('says there is no hub and succeeds, asking the live site nothing', async () => {
    const site = await liveSite()
    const folder = buildFolder(site.url)
    const recorded = await ping(['--record', folder.record, '--prepared', folder.index, '--config', folder.config])
    const pinged = await ping(['--changed', folder.record, '--prepared', folder.index, '--config', folder.config])
    for (const result of [recorded, pinged]) {
      expect(result).toMatchObject({ code: 0, stderr: '' })
      expect(result.stdout).toContain('no WebSub hub is set (websubHub in bylines.toml, or WEBSUB_HUB); nothing to ping')
    }
    expect(site.requests).toEqual([])
  })

  it('needs exactly one of --record and --changed', async () => {
    const result = await ping([])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('give one of --record FILE (before deploying) or --changed FILE (after deploying)')
  })
})
