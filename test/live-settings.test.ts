/**
 * Settings kept live by the real Node entry: a saved settings file is applied while the server
 * runs and the log says what changed; a file that does not load leaves the last good settings
 * served, and the log names its file and line; a setting that takes a restart says so. No timing
 * is asserted: each step is polled for, with the helpers' patience.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RESTART_SETTINGS } from '../src/content/live-settings.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'
import { fetchWithin, pollUntil, type RunningServer, startServer } from './helpers/node-server.ts'

const REPO = join(import.meta.dirname, '..')

describe('settings saved while the server runs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bylines-settings-'))
  const file = join(folder, 'site.toml')
  let server: RunningServer

  beforeAll(async () => {
    writeFileSync(file, 'title = "Rail Weekly"\n')
    server = await startServer({ files: { 'base.md': articleFile(ownReporting()) }, env: { BYLINES_CONFIG: file } })
  }, 90_000)
  afterAll(async () => {
    await server?.stop()
    rmSync(folder, { recursive: true, force: true })
  })

  const feedTitle = async () => ((await (await fetchWithin(`${server.url}feed.json`)).json()) as { title: string }).title
  const homePage = async () => (await fetchWithin(server.url)).text()
  /** Saves the file and waits for the log line the save leads to. */
  const save = async (text: string, line: RegExp) => {
    const from = server.lines().length
    writeFileSync(file, text)
    return server.waitForLine(line, { from })
  }

  it('apply a new title and footer, and the log names them', async () => {
    expect(await feedTitle()).toBe('Rail Weekly')
    const line = await save('title = "Rail Weekly Europe"\nfooter = "Published by the Rail Weekly foundation."\n', /^settings: reloaded /)
    expect(line).toBe(`settings: reloaded ${file} (changed: title, defaultAuthor, rights, footer)`)
    const { value } = await pollUntil(async () => ((await feedTitle()) === 'Rail Weekly Europe' ? homePage() : undefined), {
      message: 'the new title is served',
    })
    expect(value).toContain('Published by the Rail Weekly foundation.')
    // What follows the title follows it live too.
    expect(((await (await fetchWithin(`${server.url}feed.json`)).json()) as { authors: { name: string }[] }).authors[0]?.name).toBe(
      'Rail Weekly Europe newsroom',
    )
  })

  it('keep the last good settings when the file does not load, and say where it is wrong', async () => {
    const served = await feedTitle()
    let from = server.lines().length
    writeFileSync(file, 'title = "Broken Weekly"\n\n[cache]\nmaxAge = 0\n')
    expect(await server.waitForLine(/^settings: .*maxAge/, { from })).toBe(
      `settings: ${file}:4 cache.maxAge: 0 is not a positive whole number`,
    )
    await server.waitForLine(/still serving the last good settings$/, { from })
    expect(await feedTitle()).toBe(served)

    from = server.lines().length
    writeFileSync(file, 'title = "Broken Weekly\n')
    expect(await server.waitForLine(/^settings: .*not closed/, { from })).toBe(
      `settings: ${file}:1 title: the " that opens this value is not closed on this line; close the quote: title = "Broken Weekly"`,
    )
    await server.waitForLine(/still serving the last good settings$/, { from })
    expect(await feedTitle()).toBe(served)
  })

  it('keep a setting that takes a restart, and say so', async () => {
    const line = await save(
      'title = "Rail Weekly Europe"\nfooter = "Published by the Rail Weekly foundation."\ntimeZone = "Europe/Paris"\n',
      /^settings: timeZone/,
    )
    expect(line).toBe(`settings: timeZone changed in ${file}; restart the server to apply it`)
    // The rest of the file is applied: the settings are those of the last good file again.
    const next = await save('title = "Rail Weekly Global"\ntimeZone = "Europe/Paris"\n', /^settings: reloaded /)
    expect(next).toBe(`settings: reloaded ${file} (changed: title, defaultAuthor, rights, footer)`)
    await pollUntil(async () => ((await feedTitle()) === 'Rail Weekly Global' ? true : undefined), { message: 'the title is served' })
    expect(await homePage()).not.toContain('Published by the Rail Weekly foundation.')
  })
})

describe('the settings that take a restart', () => {
  it('are the ones bylines.toml and the README say', () => {
    const named = (text: string) => new Set([...text.matchAll(/`(\w+)`/g)].map((match) => match[1]))
    const header = readFileSync(join(REPO, 'bylines.toml'), 'utf8').split('\n\n')[0]!
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    const paragraph = readme.split('\n\n').find((part) => part.includes('take a restart'))
    expect(paragraph, 'the README paragraph on settings that take a restart').toBeDefined()
    for (const key of RESTART_SETTINGS) {
      expect(named(header), `bylines.toml names ${key}`).toContain(key)
      expect(named(paragraph!), `the README names ${key}`).toContain(key)
    }
  })
})

describe('bylines.toml removed while the server runs', () => {
  it('keeps the last good settings until it is back, rather than the defaults', async () => {
    const { loadLiveSettings } = await import('../src/content/live-settings.ts')
    const folder = mkdtempSync(join(tmpdir(), 'bylines-settings-gone-'))
    const home = process.cwd()
    process.chdir(folder)
    const lines: string[] = []
    try {
      writeFileSync('bylines.toml', 'title = "Rail Weekly"\n')
      const settings = await loadLiveSettings({}, { localUrl: 'http://localhost:3000/', log: (line) => lines.push(line), watch: false })
      rmSync('bylines.toml')
      await settings.reload()
      expect(lines).toEqual(['settings: bylines.toml is gone; still serving the last good settings'])
      expect(settings.current().title).toBe('Rail Weekly')
      writeFileSync('bylines.toml', 'title = "Rail Weekly Europe"\n')
      await settings.reload()
      expect(settings.current().title).toBe('Rail Weekly Europe')
      settings.close()
    } finally {
      process.chdir(home)
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
