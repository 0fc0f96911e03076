/**
 * Scheduling made visible: `check` lists what is scheduled and when it goes live in the site's
 * time, the build says when the next one is due, and the Node server logs each article as it
 * is scheduled, published (by an edit or when its time comes) and withdrawn.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { editorsTime } from '../src/articles/schedule.ts'
import { nextDeployRun } from '../src/export/deploy-schedule.ts'
import { REPO } from './helpers/built-site.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'
import { type RunningServer, startServer } from './helpers/node-server.ts'

const SETTINGS = 'url = "https://news.example.org/"\ntimeZone = "Europe/Paris"\n'

function makeSite(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'bylines-schedule-'))
  mkdirSync(join(root, 'articles'))
  mkdirSync(join(root, 'public'))
  for (const [name, source] of Object.entries(files)) writeFileSync(join(root, 'articles', name), source)
  writeFileSync(join(root, 'bylines.toml'), SETTINGS)
  return root
}

async function run(root: string, args: string[]) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BYLINES_CONFIG: join(root, 'bylines.toml'),
    ARTICLES_DIR: join(root, 'articles'),
    PUBLIC_DIR: join(root, 'public'),
    BYLINES_CACHE_DIR: '',
  }
  delete env.SITE_TIME_ZONE
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'bylines.mjs'), ...args], {
      cwd: root,
      env,
      timeout: 120_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const files = {
  'out.md': articleFile(ownReporting({ title: 'Out already', summary: 'Out.' })),
  'spring.md': articleFile(ownReporting({ title: 'In the spring', summary: 'Later.', date: '2099-03-01T08:00:00Z' })),
  'summer.md': articleFile(ownReporting({ title: 'In the summer', summary: 'Later still.', date: '2099-07-01T21:30:00Z' })),
}

describe('a moment as an editor reads it', () => {
  it('is the site’s local time and zone, with UTC', () => {
    expect(editorsTime(new Date('2099-03-01T08:00:00Z'), 'Europe/Paris')).toBe('2099-03-01 09:00 Europe/Paris (08:00 UTC)')
    // Summer time, and a UTC day that is not the local one.
    expect(editorsTime(new Date('2099-07-01T22:30:00Z'), 'Europe/Paris')).toBe('2099-07-02 00:30 Europe/Paris (2099-07-01 22:30 UTC)')
    expect(editorsTime(new Date('2099-07-01T22:30:00Z'), 'UTC')).toBe('2099-07-01 22:30 UTC')
  })
})

describe('the deploy workflow’s next run', () => {
  it('is the first of :07, :22, :37 and :52 at or after a moment, across the hour and the day', () => {
    const next = (iso: string) => nextDeployRun(new Date(iso)).toISOString()
    expect(next('2099-03-01T08:00:00Z')).toBe('2099-03-01T08:07:00.000Z')
    expect(next('2099-03-01T08:07:00Z')).toBe('2099-03-01T08:07:00.000Z')
    expect(next('2099-03-01T08:07:01Z')).toBe('2099-03-01T08:22:00.000Z')
    expect(next('2099-03-01T08:52:30Z')).toBe('2099-03-01T09:07:00.000Z')
    expect(next('2099-12-31T23:59:00Z')).toBe('2100-01-01T00:07:00.000Z')
  })
})

describe('scheduled articles', () => {
  it('are listed by check, soonest first, with the time they go live', async () => {
    const root = makeSite(files)
    const result = await run(root, ['check'])
    expect(result.code, result.stderr).toBe(0)
    const scheduled = result.stdout.split('\n').filter((line) => line.startsWith('scheduled:'))
    expect(scheduled).toEqual([
      'scheduled: spring.md goes live at 2099-03-01 09:00 Europe/Paris (08:00 UTC): https://news.example.org/articles/spring',
      'scheduled: summer.md goes live at 2099-07-01 23:30 Europe/Paris (21:30 UTC): https://news.example.org/articles/summer',
    ])
    expect(result.stdout).toMatch(/: 3 articles ready \(2 scheduled\), 0 errors, 0 warnings\n/)

    const json = JSON.parse((await run(root, ['check', '--format', 'json'])).stdout) as { scheduled: unknown }
    expect(json.scheduled).toEqual([
      { file: 'spring.md', url: 'https://news.example.org/articles/spring', date: '2099-03-01T08:00:00.000Z' },
      { file: 'summer.md', url: 'https://news.example.org/articles/summer', date: '2099-07-01T21:30:00.000Z' },
    ])
  })

  it('the build names the next one due and its time', async () => {
    const root = makeSite(files)
    const result = await run(root, ['build', '--out', join(root, 'dist'), '--prepared', join(root, 'prepared.json')])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain(
      "bylines build: next scheduled: spring.md goes live at 2099-03-01 09:00 Europe/Paris (08:00 UTC); a build and deploy after then publishes it: the deploy workflow's first run after it is at 2099-03-01 09:07 Europe/Paris (08:07 UTC)",
    )
  })

  describe('on the Node server', () => {
    let server: RunningServer | undefined
    afterAll(() => server?.stop())

    it('logs each one scheduled, then published when its time comes, and one withdrawn', async () => {
      const root = makeSite({ 'out.md': files['out.md'], 'summer.md': files['summer.md'] })
      server = await startServer({
        dir: join(root, 'articles'),
        env: { BYLINES_CONFIG: join(root, 'bylines.toml'), PUBLIC_DIR: join(root, 'public') },
      })
      // What waits is said at the start.
      await server.waitForLine(
        /^scheduled: summer\.md goes live at 2099-07-01 23:30 Europe\/Paris \(21:30 UTC\): http:\/\/127\.0\.0\.1:\d+\/articles\/summer$/,
      )

      // Due in a few seconds: scheduled when it is written, published when its time comes. The
      // seconds are the server's to read the new file in, with room for a busy machine.
      const due = new Date(Date.now() + 10_000)
      due.setMilliseconds(0)
      const from = server.lines().length
      server.writeArticle('soon.md', articleFile(ownReporting({ title: 'Soon out', summary: 'Soon.', date: due.toISOString() })))
      await server.waitForLine(/^scheduled: soon\.md goes live at /, { from })
      const published = await server.waitForLine(/^published: soon\.md \(http:\/\/127\.0\.0\.1:\d+\/articles\/soon\)$/, {
        from,
        timeoutMs: 40_000,
      })
      expect(server.lines().indexOf(published)).toBeGreaterThan(
        server.lines().findIndex((line, i) => i >= from && line.startsWith('scheduled: soon.md')),
      )
      const feed = (await (await fetch(`${server.url}feed.json`)).json()) as { items: { title: string }[] }
      expect(feed.items.map((item) => item.title)).toContain('Soon out')
      expect(Date.now()).toBeGreaterThanOrEqual(due.getTime())

      // An article published by an edit, then withdrawn by removing its file.
      const later = server.lines().length
      server.writeArticle('edit.md', articleFile(ownReporting({ title: 'Out by an edit', summary: 'Now.' })))
      await server.waitForLine(/^published: edit\.md \(/, { from: later })
      rmSync(join(root, 'articles', 'edit.md'))
      await server.waitForLine(/^no longer published: edit\.md \(/, { from: later })
    })
  })
})
