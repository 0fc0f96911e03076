/**
 * The README's "A newsroom's day", run as written (the npm scripts, in order) on a folder of its
 * own: import raw copy, start an article, check (drafts do not fail it), publish one, check
 * again, preview what would be deployed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/built-site.ts'
import { freePort, pollUntil } from './helpers/node-server.ts'

/** Raw copy as the newsroom receives it (a real Le Monde piece in translation). */
const COPY = join(import.meta.dirname, 'fixtures', 'raw-copy-le-monde.txt')
const articles = mkdtempSync(join(tmpdir(), 'bylines-day-'))
cpSync(join(REPO, 'articles'), articles, { recursive: true })
const env = { ...process.env, ARTICLES_DIR: articles, BYLINES_CACHE_DIR: '' }

/** `npm run <script> -- <args>` from the project folder, as the README says. */
function npm(script: string, args: string[] = []) {
  const result = spawnSync('npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])], { cwd: REPO, env, encoding: 'utf8', timeout: 120_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('a newsroom’s day, as the README gives it', () => {
  let stopPreview: (() => void) | undefined
  afterAll(() => stopPreview?.())

  it('imports raw copy, starts an article, checks with drafts in progress, publishes, checks, previews', async () => {
    const before = new Set(readdirSync(articles))

    // 1. Raw copy in: an article, a draft while the original's language is not known.
    const imported = npm('import', [COPY, '--translator', 'Jane Doe'])
    expect(imported.status, imported.stderr).toBe(0)
    const importedFile = readdirSync(articles).find((name) => !before.has(name) && name.endsWith('.md'))!
    expect(importedFile).toBeDefined()

    // 2. A new article, from its title: a draft to fill in.
    const started = npm('new', ['Night trains, one year on'])
    expect(started.status, started.stderr).toBe(0)
    const draftFile = join(articles, 'night-trains-one-year-on.md')
    expect(readFileSync(draftFile, 'utf8')).toMatch(/^draft: true$/m)

    // 3. The gate: drafts in progress do not fail it.
    const gate = npm('check')
    expect(gate.status, `${gate.stdout}\n${gate.stderr}`).toBe(0)
    expect(gate.stdout).toMatch(/\d+ drafts? \(not published\)/)

    // 4. Publish the new one: fill in what it misses, drop draft: true; the gate still passes.
    const filled = readFileSync(draftFile, 'utf8')
      .replace(/^draft: true\n/m, '')
      .replace(/^---\n([\s\S]*?)\n---\n[\s\S]*$/, '---\n$1\nsummary: "A year after the first sleeper, the trains are full."\n---\nThe sleepers are full a year on.\n')
    writeFileSync(draftFile, filled)
    const published = npm('check')
    expect(published.status, `${published.stdout}\n${published.stderr}`).toBe(0)

    // 5. Preview: the site as it will be deployed, the new article in it.
    const port = await freePort()
    const child = spawn('npm', ['run', '-s', 'preview', '--', '--out', join(articles, '..', 'day-preview'), '--prepared', join(articles, '..', 'day-preview.json')], { cwd: REPO, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    stopPreview = () => process.kill(-child.pid!, 'SIGTERM')
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    await pollUntil(async () => (output.includes('serving the build at') ? true : undefined), { timeoutMs: 60_000, message: `preview never served:\n${output}` })
    const page = await fetch(`http://localhost:${port}/articles/night-trains-one-year-on`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Night trains, one year on')
    const feed = (await (await fetch(`http://localhost:${port}/feed.json`)).json()) as { items: { title: string }[] }
    expect(feed.items.map((item: { title: string }) => item.title)).toContain('Night trains, one year on')
  })
})
