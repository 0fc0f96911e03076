/**
 * The README's "A newsroom's day", run as written (the npm scripts, in order) on a folder of its
 * own: an import refused because we have the story, an import of a new one, an article started,
 * checked (drafts do not fail the gate), scheduled (check lists it), a correction, and a preview
 * of what would be deployed.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO } from './helpers/built-site.ts'
import { freePort, pollUntil } from './helpers/node-server.ts'

/** Raw copy as the newsroom receives it (a real Le Monde piece in translation), which we publish already. */
const COPY = join(import.meta.dirname, 'fixtures', 'raw-copy-le-monde.txt')
const articles = mkdtempSync(join(tmpdir(), 'bylines-day-'))
cpSync(join(REPO, 'articles'), articles, { recursive: true })
const env = { ...process.env, ARTICLES_DIR: articles, BYLINES_CACHE_DIR: '' }

/** `npm run <script> -- <args>` from the project folder, as the README says. */
function npm(script: string, args: string[] = []) {
  const result = spawnSync('npm', ['run', '-s', script, ...(args.length ? ['--', ...args] : [])], {
    cwd: REPO,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` }
}

/** A story of the same paper that we do not have yet: the same copy under another headline and day. */
function anotherStory(): string {
  const copy = mkdtempSync(join(tmpdir(), 'bylines-day-copy-'))
  const text = readFileSync(COPY, 'utf8')
    .replace('Ukrainian war no longer obstacle to France-Russia military alliance?', 'French and Russian chiefs of staff talk again')
    .replace('22:11, 23 September 2019', '09:30, 4 December 2026')
  writeFileSync(join(copy, 'chiefs-of-staff.txt'), text)
  return join(copy, 'chiefs-of-staff.txt')
}

describe('a newsroom’s day, as the README gives it', () => {
  let stopPreview: (() => void) | undefined
  afterAll(() => stopPreview?.())

  it('refuses a story we have, imports a new one, starts, checks, schedules and corrects articles, previews', async () => {
    const before = readdirSync(articles).sort()

    // 1. Raw copy in. This story is already published: refused, naming the article, nothing written.
    const duplicate = npm('import', [COPY, '--translator', 'Jane Doe'])
    expect(duplicate.status, duplicate.output).toBe(1)
    expect(duplicate.output).toContain(
      `is already ${join(articles, 'france-russia-military-dialogue.md')} (same title, date and publication: Le Monde, 23 September 2019)`,
    )
    expect(duplicate.output).toContain('--force')
    expect(readdirSync(articles).sort()).toEqual(before)
    // A story we do not have is imported.
    const imported = npm('import', [anotherStory(), '--translator', 'Jane Doe'])
    expect(imported.status, imported.output).toBe(0)
    expect(readdirSync(articles).filter((name) => !before.includes(name) && name.endsWith('.md'))).toHaveLength(1)

    // 2. A new article, from its title: a draft to fill in.
    const started = npm('new', ['Night trains, one year on'])
    expect(started.status, started.output).toBe(0)
    const draftFile = join(articles, 'night-trains-one-year-on.md')
    expect(readFileSync(draftFile, 'utf8')).toMatch(/^draft: true$/m)

    // 3. The gate: drafts in progress do not fail it.
    const gate = npm('check')
    expect(gate.status, gate.output).toBe(0)
    expect(gate.stdout).toMatch(/\d+ drafts? \(not published\)/)

    // 4. Schedule the new one for tomorrow morning, site time: fill in what it misses, drop
    //    draft: true, date it. The gate passes and lists it with the time it goes live.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
    const filled = readFileSync(draftFile, 'utf8')
      .replace(/^draft: true\n/m, '')
      .replace(/^date: .*$/m, `date: ${tomorrow} 07:00`)
      .replace(
        /^---\n([\s\S]*?)\n---\n[\s\S]*$/,
        '---\n$1\nsummary: "A year after the first sleeper, the trains are full."\n---\nThe sleepers are full a year on.\n',
      )
    writeFileSync(draftFile, filled)
    const scheduled = npm('check')
    expect(scheduled.status, scheduled.output).toBe(0)
    expect(scheduled.stdout).toContain(`scheduled: night-trains-one-year-on.md goes live at ${tomorrow} 07:00 Europe/Kyiv (`)
    expect(scheduled.stdout).toMatch(/ready \(1 scheduled\)/)

    // 5. A correction to a published article: its notice, and the same feed id.
    const correctedFile = join(articles, 'night-trains-quiet-return.md')
    const idBefore = await itemIdOf('The quiet return of the night trains')
    writeFileSync(
      correctedFile,
      readFileSync(correctedFile, 'utf8')
        .replace(/^updated: .*$/m, 'updated: 2026-12-05T10:00:00+02:00')
        .replace(/^---\n/, '---\ncorrections:\n  - date: 2026-12-05\n    text: "An earlier version gave the wrong number of routes."\n'),
    )
    const corrected = npm('check')
    expect(corrected.status, corrected.output).toBe(0)

    // 6. Preview: the site as it will be deployed: the correction in it, the scheduled article
    //    not yet, and the build saying when it is due.
    const port = await freePort()
    const previewDir = mkdtempSync(join(tmpdir(), 'bylines-day-preview-'))
    const child = spawn(
      'npm',
      ['run', '-s', 'preview', '--', '--out', join(previewDir, 'dist'), '--prepared', join(previewDir, 'site.json')],
      { cwd: REPO, env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    )
    stopPreview = () => process.kill(-child.pid!, 'SIGTERM')
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    await pollUntil(async () => (output.includes('serving the build at') ? true : undefined), {
      timeoutMs: 60_000,
      message: `preview never served:\n${output}`,
    })
    expect(output).toContain(`next scheduled: night-trains-one-year-on.md goes live at ${tomorrow} 07:00 Europe/Kyiv`)
    expect((await fetch(`http://localhost:${port}/articles/night-trains-one-year-on`)).status).toBe(404)
    const feed = (await (await fetch(`http://localhost:${port}/feed.json`)).json()) as {
      items: { id: string; title: string; content_html: string }[]
    }
    expect(feed.items.map((item) => item.title)).not.toContain('Night trains, one year on')
    expect(feed.items.map((item) => item.title)).toContain('French and Russian chiefs of staff talk again')
    const correctedItem = feed.items.find((item) => item.title === 'The quiet return of the night trains')!
    expect(correctedItem.id).toBe(idBefore)
    expect(correctedItem.content_html).toContain('An earlier version gave the wrong number of routes.')
    const page = await (await fetch(`http://localhost:${port}/articles/night-trains-quiet-return`)).text()
    expect(page).toMatch(/<strong>Correction, <time datetime="2026-12-05[^"]*">5 December 2026<\/time>:/)
  })
})

/** The feed id of the bundled article titled `title`, as the bundled site gives it. */
async function itemIdOf(title: string): Promise<string> {
  const { loadSite } = await import('../src/content/load-site.ts')
  const { collection } = await loadSite({ ...env, SITE_URL: 'http://localhost/' }, { file: join(REPO, 'bylines.toml') })
  const article = collection.articles.find((a) => a.title === title)
  if (!article) throw new Error(`no article titled "${title}"`)
  return article.id
}
