/**
 * Starting the service as a newsroom does, and what it says when it cannot: one line that says
 * what to do and a non-zero exit, never a stack trace. And `npm run preview`, crawled.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/built-site.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'
import { freePort, makeArticlesDir, pollUntil } from './helpers/node-server.ts'

/** Runs the Node server to its end (it exits on a start-up problem), with the given environment. */
function startAndFail(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/server.ts'], {
    cwd: REPO,
    env: { ...process.env, BYLINES_CACHE_DIR: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, stderr: result.stderr.trim() }
}

describe('start-up problems, each one line', () => {
  it('a port in use says so and what to do', async () => {
    const busy = createServer()
    const port = await freePort()
    await new Promise<void>((resolve) => busy.listen(port, resolve))
    try {
      const { status, stderr } = startAndFail({
        PORT: String(port),
        ARTICLES_DIR: makeArticlesDir({ 'a.md': articleFile(ownReporting()) }),
      })
      expect(status).toBe(1)
      expect(stderr).toBe(
        `bylines: port ${port} is in use (another bylines, or another server?); stop it, or set PORT to a free port, e.g. PORT=3000`,
      )
    } finally {
      busy.close()
    }
  })

  it('an articles folder that is missing or unreadable says which and what to set', async () => {
    const missing = join(tmpdir(), 'bylines-no-such-articles')
    expect(startAndFail({ PORT: '0', ARTICLES_DIR: missing })).toEqual({
      status: 1,
      stderr: `bylines: the articles folder "${missing}" does not exist; set ARTICLES_DIR to a folder of articles`,
    })
    if (process.getuid?.() !== 0) {
      const locked = makeArticlesDir({ 'a.md': articleFile(ownReporting()) })
      chmodSync(locked, 0o000)
      const { status, stderr } = startAndFail({ PORT: '0', ARTICLES_DIR: locked })
      chmodSync(locked, 0o755)
      expect(status).toBe(1)
      expect(stderr).toBe(
        `bylines: the articles folder "${locked}" cannot be read: permission denied; set ARTICLES_DIR to a folder of articles`,
      )
    }
  })

  it('bad settings name each setting, and a bad PORT says what a port is', () => {
    const { status, stderr } = startAndFail({ PORT: '0', SITE_URL: 'news.example.org', ITEMS_PER_FEED: 'many' })
    expect(status).toBe(1)
    expect(stderr.split('\n')).toEqual([
      'bylines: SITE_URL: "news.example.org" is not a URL; expected an absolute http(s) URL',
      'bylines: ITEMS_PER_FEED: "many" is not a positive whole number',
    ])
    expect(startAndFail({ PORT: 'eighty' })).toEqual({
      status: 1,
      stderr: 'bylines: PORT "eighty" is not a port number; use a whole number from 1 to 65535, e.g. PORT=3000',
    })
  })
})

describe('npm run dev:edge', () => {
  it('takes a port, and builds the site for that address', () => {
    // A stand-in for wrangler that says how it was called.
    const bin = mkdtempSync(join(tmpdir(), 'bylines-fake-wrangler-'))
    writeFileSync(join(bin, 'wrangler'), '#!/bin/sh\necho "args: $*"\necho "site: $SITE_URL"\n')
    chmodSync(join(bin, 'wrangler'), 0o755)
    // What `npm run dev:edge -- …` runs (npm would put the real wrangler first on the PATH).
    const script = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).scripts['dev:edge']
    expect(script).toBe('node scripts/dev-edge.mjs')
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['scripts/dev-edge.mjs', ...args], {
        cwd: REPO,
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, SITE_URL: '', PORT: '' },
        encoding: 'utf8',
        timeout: 120_000,
      })
    expect(run(['--port', '4103']).stdout).toBe('args: dev --port 4103\nsite: http://localhost:4103/\n')
    expect(run(['--port=4104', '--local']).stdout).toBe('args: dev --port 4104 --local\nsite: http://localhost:4104/\n')
    expect(run([]).stdout).toBe('args: dev --port 8787\nsite: http://localhost:8787/\n')
    const bad = run(['--port', 'x'])
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('"x" is not a port')
  })
})

describe('npm run preview', () => {
  let stop: (() => void) | undefined
  afterAll(() => stop?.())

  it('builds for this machine and serves the build: every link of every page works', async () => {
    const port = await freePort()
    // Its own folders: other tests preview too, at the same time.
    const previewDir = mkdtempSync(join(tmpdir(), 'bylines-preview-'))
    // Its own process group: npm runs tsx, which runs the server; all of them are stopped.
    const child = spawn(
      'npm',
      ['run', '-s', 'preview', '--', '--out', join(previewDir, 'site'), '--prepared', join(previewDir, 'site.json')],
      { cwd: REPO, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    stop = () => process.kill(-child.pid!, 'SIGTERM')
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    await pollUntil(async () => (output.includes('bylines preview: serving the build at') ? true : undefined), {
      timeoutMs: 60_000,
      message: `preview never served:\n${output}`,
    })

    const site = `http://localhost:${port}/`
    const seen = new Set<string>()
    const queue = [site]
    const broken: string[] = []
    while (queue.length > 0) {
      const url = queue.shift()!
      if (seen.has(url)) continue
      seen.add(url)
      const response = await fetch(url)
      if (response.status !== 200) broken.push(`${url} ${response.status}`)
      const type = response.headers.get('content-type') ?? ''
      if (!/html|xml|json/.test(type)) continue
      for (const [, link] of (await response.text()).matchAll(/(?:href|src)="([^"#]+)/g)) {
        const absolute = new URL(link!.replaceAll('&amp;', '&'), url).href
        if (absolute.startsWith(site) && !seen.has(absolute)) queue.push(absolute)
      }
    }
    expect(broken).toEqual([])
    expect(seen.size).toBeGreaterThan(100)
    expect(seen).toContain(`${site}articles/night-trains-quiet-return`)
    expect(seen).toContain(`${site}media/night-train-platform.jpg`)
    // As deployed: the 404 page for what is not there, and an old page's redirect.
    expect((await fetch(`${site}nope`)).status).toBe(404)
    expect((await fetch(`${site}page/1/`, { redirect: 'manual' })).headers.get('location')).toBe(site)
  })
})
