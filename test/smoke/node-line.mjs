/**
 * The smoke run of one Node release line: a newsroom's path through bylines on the Node that runs
 * this file. The commands are bundled, `check` passes a copy of the bundled articles, the server
 * starts as `npm start` starts it, every route the site links answers with its status and type,
 * `build` writes dist/ and the server stops cleanly, none of them printing a warning.
 *
 * The whole suite (vitest) runs on one line; CI runs this on the others it supports
 * (`.ci/node-lines.json`), so that a line that breaks is named in minutes, not in the suite's
 * own time. It needs nothing but that Node and the project's node_modules, so it is plain
 * JavaScript under `node:test`:
 *   node --test --test-reporter=tap test/smoke/node-line.mjs
 */
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { DomUtils, parseDocument } from 'htmlparser2'

const REPO = fileURLToPath(new URL('../..', import.meta.url))
/** The address the site is built for: every absolute link the crawl follows starts with it. */
const SITE_URL = 'https://smoke.example.org/'
/** How long a command or the server may take before it is called hung (not a measure of speed). */
const PATIENCE_MS = 120_000
/** Each step fails, rather than hangs, when something it waits for never comes. */
const STEP = { timeout: PATIENCE_MS }

/**
 * What each kind of route is served as, by the end of its path (README, "What it serves" and
 * "HTTP, for aggregators"). RSS, Atom and the sitemaps are all `.xml`, served as application/xml.
 * @type {Record<string, RegExp>}
 */
const EXPECTED_TYPES = {
  '.xml': /^application\/xml; charset=utf-8$/,
  '.json': /^application\/feed\+json; charset=utf-8$/,
  '.opml': /^text\/x-opml; charset=utf-8$/,
  '.txt': /^text\/plain; charset=utf-8$/,
  '.css': /^text\/css; charset=utf-8$/,
  '.ico': /^image\//,
  '.png': /^image\/png$/,
  '.jpg': /^image\/jpeg$/,
  '.webp': /^image\/webp$/,
  '.svg': /^image\/svg\+xml/,
  page: /^text\/html; charset=utf-8$/,
}

/** Where the crawl starts: the site's root documents; everything else is found by following links. */
const SEEDS = ['/', '/robots.txt', '/rss.xml', '/atom.xml', '/feed.json', '/feeds', '/feeds.opml']

/** A warning Node prints on stderr: `(node:123) [DEP0040] DeprecationWarning: …`, `ExperimentalWarning`, … */
const NODE_WARNING = /^.*\bWarning: .*$/m

/** @type {string} The run's own folder: the copied articles, the bundle, caches and dist/. */
let work

describe(`bylines on Node ${process.version}`, () => {
  /** @type {string} */ let bundle
  /** @type {RunningServer | undefined} */ let server
  /** @type {Map<string, string>} the routes the server answered: path → what linked it first */
  let routes = new Map()

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'bylines-smoke-'))
    bundle = join(work, 'build')
    cpSync(join(REPO, 'articles'), join(work, 'articles'), { recursive: true })
  })
  after(async () => {
    // A server that did not stop on SIGTERM (its test failed) is not left running.
    server?.kill()
    rmSync(work, { recursive: true, force: true })
  })

  it('bundles the server and the commands (npm run build)', STEP, () => {
    const result = run([join(REPO, 'scripts', 'bundle.mjs'), bundle])
    assertSucceeded(result, 'scripts/bundle.mjs')
    for (const file of ['server.mjs', 'bylines.mjs', 'export-thread.mjs'])
      assert.ok(existsSync(join(bundle, file)), `the bundle has no ${file}`)
  })

  it('check passes a copy of the bundled articles (npm run check)', STEP, () => {
    const result = run([join(bundle, 'bylines.mjs'), 'check'])
    assertSucceeded(result, 'bylines check')
    assert.match(result.stdout + result.stderr, /\b\d+ articles ready, 0 errors\b/)
  })

  it('the server starts as npm start starts it', STEP, async () => {
    server = await startServer([...startOptions(), join(bundle, 'server.mjs')])
    assert.ok(server.port > 0)
  })

  it('every route the site links answers with its status and type, and a missing page is a 404', STEP, async (t) => {
    assert.ok(server, 'the server did not start (see the test before)')
    routes = await crawl(server.port)
    const kinds = new Map()
    for (const path of routes.keys()) kinds.set(kindOf(path), (kinds.get(kindOf(path)) ?? 0) + 1)
    t.diagnostic(`${routes.size} routes: ${[...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ')}`)
    for (const kind of ['page', '.xml', '.json', '.opml', '.txt', '.css', '.png'])
      assert.ok(kinds.has(kind), `no route of kind ${kind} was linked: ${[...kinds].join(', ')}`)

    const missing = await fetch(new URL('/no-such-page-here', `http://127.0.0.1:${server.port}`))
    assert.equal(missing.status, 404)
    assert.match(missing.headers.get('content-type') ?? '', EXPECTED_TYPES.page)
    await missing.arrayBuffer()
  })

  it('is found from the Fediverse: WebFinger, its account with a key kept in SQLite, its outbox', STEP, async () => {
    assert.ok(server, 'the server did not start (see the tests before)')
    const origin = `http://127.0.0.1:${server.port}`
    const activity = { headers: { accept: 'application/activity+json' } }
    const finger = await (await fetch(`${origin}/.well-known/webfinger?resource=acct:news@${new URL(SITE_URL).host}`)).json()
    const self = finger.links.find((/** @type {{ rel: string }} */ link) => link.rel === 'self')
    assert.equal(self?.href, `${SITE_URL}fediverse/news`)
    const actor = await (await fetch(`${origin}/fediverse/news`, activity)).json()
    assert.match(actor.publicKey?.publicKeyPem ?? '', /^-----BEGIN PUBLIC KEY-----/)
    assert.ok(existsSync(join(work, 'data', 'fediverse.sqlite')), 'no store in the data folder')
    const outbox = await (await fetch(`${origin}/fediverse/news/outbox`, activity)).json()
    assert.ok(outbox.totalItems > 0, `the outbox is empty: ${JSON.stringify(outbox)}`)
  })

  it('build writes dist/ with a file for every route (npm run build:static)', STEP, () => {
    const dist = join(work, 'dist')
    const result = run([join(bundle, 'bylines.mjs'), 'build', '--out', dist, '--prepared', join(work, 'site.json')])
    assertSucceeded(result, 'bylines build')
    assert.ok(routes.size > 0, 'no routes to look for (see the test before)')
    for (const file of ['404.html', '_headers']) assert.ok(existsSync(join(dist, file)), `dist/ has no ${file}`)
    // Folders end in index.html, other pages are {name}.html (README, "Static files, on any host").
    for (const [path] of routes) {
      const file = decodeURIComponent(path.endsWith('/') ? `${path}index.html` : kindOf(path) === 'page' ? `${path}.html` : path)
      assert.ok(existsSync(join(dist, file)) && statSync(join(dist, file)).size > 0, `dist${file} is missing or empty, for ${path}`)
    }
  })

  it('the server stops cleanly on SIGTERM, having printed no warning', STEP, async () => {
    assert.ok(server, 'the server did not start (see the tests before)')
    const { code, signal, stderr } = await server.stop()
    server = undefined
    assert.deepEqual({ code, signal }, { code: 0, signal: null })
    assert.doesNotMatch(stderr, NODE_WARNING)
    assert.equal(stderr, '', 'the server wrote to stderr')
  })
})

/** The route's kind: the end of its path, or "page" for a path without one. */
function kindOf(/** @type {string} */ path) {
  const ending = extname(path.replace(/\/$/, ''))
  return ending in EXPECTED_TYPES ? ending : ending === '' ? 'page' : ending
}

/**
 * Follows every link on the site from SEEDS: the sitemaps robots.txt names and the pages they
 * list, every same-site address in a page (links, pictures and their srcset, feeds' alternates),
 * in a feed or a sitemap (attributes and text) and in a JSON Feed. Each must answer 200 with the
 * type of its kind. Returns each path with the document that linked it first.
 * @returns {Promise<Map<string, string>>}
 */
async function crawl(/** @type {number} */ port) {
  const origin = `http://127.0.0.1:${port}`
  const found = new Map(SEEDS.map((path) => [path, 'the site root']))
  const queue = [...SEEDS]
  const problems = []
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const response = await fetch(origin + path, { redirect: 'manual' })
    const type = response.headers.get('content-type') ?? ''
    const body = Buffer.from(await response.arrayBuffer())
    const expected = EXPECTED_TYPES[kindOf(path)]
    if (response.status !== 200) problems.push(`${path} (linked from ${found.get(path)}): ${response.status}, expected 200`)
    else if (!expected) problems.push(`${path} (linked from ${found.get(path)}): a kind of route the smoke run does not know (${type})`)
    else if (!expected.test(type)) problems.push(`${path} (linked from ${found.get(path)}): served as "${type}", expected ${expected}`)
    if (response.status !== 200) continue
    for (const link of linksIn(body.toString('utf8'), type, path)) {
      if (!found.has(link)) {
        found.set(link, path)
        queue.push(link)
      }
    }
  }
  assert.deepEqual(problems, [], `${problems.length} of ${found.size} routes answered wrongly`)
  return found
}

/** The same-site paths a document links, without query or fragment. */
function linksIn(/** @type {string} */ text, /** @type {string} */ type, /** @type {string} */ from) {
  /** @type {string[]} */
  const addresses = []
  if (type.startsWith('text/plain')) addresses.push(...[...text.matchAll(/^Sitemap: (\S+)$/gm)].map((match) => match[1]))
  else if (type.startsWith('application/feed+json')) collectStrings(JSON.parse(text), addresses)
  else if (type.startsWith('text/html') || /xml|opml/.test(type)) {
    const xml = !type.startsWith('text/html')
    const document = parseDocument(text, { xmlMode: xml })
    for (const element of DomUtils.findAll(() => true, document.children)) {
      for (const [name, value] of Object.entries(element.attribs)) {
        if (name === 'srcset') addresses.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]))
        else if (['href', 'src', 'url', 'xmlUrl', 'htmlUrl'].includes(name) || value.startsWith(SITE_URL)) addresses.push(value)
      }
      // An address as an element's text (<loc>, RSS <link>, <guid>), never a word resolved as one.
      const text = element.children
        .filter((child) => child.type === 'text' || child.type === 'cdata')
        .map(DomUtils.textContent)
        .join('')
        .trim()
      if (xml && text.startsWith(SITE_URL)) addresses.push(text)
    }
    // A feed names its stylesheet in a processing instruction: <?xml-stylesheet href="/feed.css" …?>
    if (xml) addresses.push(...[...text.matchAll(/<\?xml-stylesheet [^?]*href="([^"]+)"/g)].map((match) => match[1]))
  }
  const base = new URL(from, SITE_URL)
  const paths = new Set()
  for (const address of addresses) {
    if (!address || /\s/.test(address) || address.startsWith('#') || address.startsWith('data:')) continue
    const url = URL.canParse(address, base) ? new URL(address, base) : undefined
    if (url && url.origin === base.origin && url.href.startsWith(SITE_URL)) paths.add(url.pathname)
  }
  return paths
}

function collectStrings(/** @type {unknown} */ value, /** @type {string[]} */ into) {
  if (typeof value === 'string') {
    if (value.startsWith(SITE_URL)) into.push(value)
  } else if (value && typeof value === 'object') for (const inner of Object.values(value)) collectStrings(inner, into)
}

/** The environment of every command: the copied articles, the site address, caches in the work folder. */
function smokeEnv() {
  return {
    ...process.env,
    ARTICLES_DIR: join(work, 'articles'),
    SITE_URL,
    BYLINES_CACHE_DIR: join(work, 'cache'),
    FEDIVERSE_DATA_DIR: join(work, 'data'),
  }
}

/** Runs `node <args>` on this Node, from the project folder, as npm scripts do. */
function run(/** @type {string[]} */ args) {
  return spawnSync(process.execPath, args, { cwd: REPO, env: smokeEnv(), encoding: 'utf8', timeout: PATIENCE_MS })
}

function assertSucceeded(/** @type {import('node:child_process').SpawnSyncReturns<string>} */ result, /** @type {string} */ what) {
  const output = `${result.stdout}${result.stderr}`
  assert.equal(result.status, 0, `${what} exited with ${result.status ?? result.signal ?? result.error}:\n${output}`)
  assert.doesNotMatch(result.stderr, NODE_WARNING, `${what} printed a warning`)
}

/** The Node options of `npm start` (package.json), so the server runs as it runs in production. */
function startOptions() {
  const start = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts.start ?? ''
  const options = /\bnode((?: --[^\s]+)*) build\/server\.mjs/.exec(start)?.[1]
  assert.ok(options !== undefined, `package.json: the start script ("${start}") does not run "node [options] build/server.mjs"`)
  return options.split(' ').filter(Boolean)
}

/**
 * @typedef {{ port: number, kill(): void, stop(): Promise<{ code: number | null, signal: NodeJS.Signals | null, stderr: string }> }} RunningServer
 */

/** Starts the server on a free port and resolves once it says where it listens. */
function startServer(/** @type {string[]} */ args) {
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...smokeEnv(), PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })))
  return /** @type {Promise<RunningServer>} */ (
    new Promise((resolve, reject) => {
      const hung = setTimeout(
        () => reject(new Error(`the server did not say it listens within ${PATIENCE_MS} ms:\n${stdout}${stderr}`)),
        PATIENCE_MS,
      )
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before listening:\n${stdout}${stderr}`)))
      child.stdout.on('data', () => {
        const port = /listening on http:\/\/localhost:(\d+)\//.exec(stdout)?.[1]
        if (!port) return
        clearTimeout(hung)
        resolve({
          port: Number(port),
          kill: () => child.kill('SIGKILL'),
          stop: () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
            return /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null, stderr: string }>} */ (exited)
          },
        })
      })
    })
  )
}
