/** The parse cache gives the same articles as a full parse, and never a stale one. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLiveContent } from '../src/node/live-content.ts'
import { openParseCache } from '../src/node/parse-cache.ts'
import { articleFile, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'

const site = makeSite()
const quiet = () => {}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-cache-'))
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source)
  return dir
}

/** What a reader could tell apart: every field, with the lazily rendered ones forced. */
function snapshotOf(articles: readonly { summary: string; bodyHtml: string }[]) {
  return articles.map((a) => ({ ...a, summary: a.summary, bodyHtml: a.bodyHtml }))
}

async function loadWith(dir: string, cacheFile: string, key = 'v1') {
  const cache = await openParseCache(cacheFile, key, quiet)
  const live = await loadLiveContent(dir, site, { watch: false, cache })
  return { live, cache }
}

/** Saving is deferred; these tests save at once through the same code path. */
async function saveNow(cacheFile: string, dir: string, key = 'v1') {
  const cache = await openParseCache(cacheFile, key, quiet)
  await loadLiveContent(dir, site, { watch: false, cache })
  await new Promise((done) => setTimeout(done, 1200))
}

describe('parse cache', () => {
  it('gives the same articles as parsing everything, dates and lazy fields included', async () => {
    const dir = folder({
      'a.md': articleFile(fullTranslation(), 'A *first* paragraph.\n\nMore.\n'),
      'b.md': articleFile(ownReporting({ summary: undefined }), 'Own words, first paragraph.\n'),
      'c.md': '\uFEFF' + articleFile(ownReporting({ title: 'CRLF', slug: 'crlf' })).replace(/\n/g, '\r\n'),
    })
    const cacheFile = join(dir, '..', `${Date.now()}-cache.json`)
    const fresh = await loadLiveContent(dir, site, { watch: false })
    await saveNow(cacheFile, dir)
    expect(JSON.parse(readFileSync(cacheFile, 'utf8')).key).toBe('v1')
    const { live } = await loadWith(dir, cacheFile)
    expect(snapshotOf(live.current().articles)).toEqual(snapshotOf(fresh.current().articles))
    expect(live.current().articles[0]!.date).toBeInstanceOf(Date)
  })

  it('reads a file again when its size or time changed, and ignores a store made for other code', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Before' })) })
    const cacheFile = join(dir, '..', `${Date.now()}-cache2.json`)
    await saveNow(cacheFile, dir)
    writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'After, longer' })))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.title).toBe('After, longer')

    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'))
    // A store whose entry claims the current size and time but says something else is only
    // trusted under its own key.
    const entry = stored.entries['a.md']
    const stat = (await import('node:fs')).statSync(join(dir, 'a.md'))
    stored.entries['a.md'] = [stat.mtimeMs, stat.size, { ...entry[2], fields: { ...entry[2].fields, title: 'Forged' } }]
    writeFileSync(cacheFile, JSON.stringify(stored))
    expect((await loadWith(dir, cacheFile, 'v2')).live.current().articles[0]!.title).toBe('After, longer')
  })

  it('starts empty from a missing or corrupt store', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting()) })
    const cacheFile = join(dir, '..', `${Date.now()}-corrupt.json`)
    writeFileSync(cacheFile, '{not json')
    expect((await loadWith(dir, cacheFile)).live.current().articles).toHaveLength(1)
    expect((await loadWith(dir, join(dir, '..', 'missing', 'cache.json'))).live.current().articles).toHaveLength(1)
  })
})

describe('rendered bodies in the parse cache', () => {
  it('are reused on restart for the same file version, and dropped when the file changes', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Rendered' }), 'The *body*.\n') })
    const cacheFile = join(dir, '..', `${Date.now()}-rendered.json`)
    const first = await loadWith(dir, cacheFile)
    expect(first.live.current().articles[0]!.bodyHtml).toBe('<p>The <em>body</em>.</p>\n')
    await new Promise((done) => setTimeout(done, 1200))
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'))
    expect(stored.entries['a.md'][3].html).toBe('<p>The <em>body</em>.</p>\n')

    // Proof that the stored rendering is what a restart serves: mark it, then restart.
    stored.entries['a.md'][3].html = '<p>from the cache</p>'
    writeFileSync(cacheFile, JSON.stringify(stored))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>from the cache</p>')

    writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'Rendered' }), 'A *new* body, longer.\n'))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>A <em>new</em> body, longer.</p>\n')
  })
})
