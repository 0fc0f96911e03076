/** The parse cache gives the same articles as a full parse, and never one made from other text or settings. */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
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

async function loadWith(dir: string, cacheFile: string, key = 'v1', siteUrl = site.url) {
  const cache = await openParseCache(cacheFile, key, siteUrl, quiet)
  const live = await loadLiveContent(dir, site, { watch: false, cache })
  return { live, cache }
}

/** Saving is deferred; these tests save at once through the same code path. */
async function saveNow(cacheFile: string, dir: string, key = 'v1') {
  const cache = await openParseCache(cacheFile, key, site.url, quiet)
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

  it('reads a file again when its text changed, even at the same size and time', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Before' })) })
    const cacheFile = join(dir, '..', `${Date.now()}-cache2.json`)
    await saveNow(cacheFile, dir)
    const path = join(dir, 'a.md')
    const { mtime } = statSync(path)
    writeFileSync(path, articleFile(ownReporting({ title: 'Ditto!' })))
    // As `rsync -a` or `tar x` leave it: same size, same modification time, other text.
    utimesSync(path, mtime, mtime)
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.title).toBe('Ditto!')
  })

  it('ignores a store made under another key (code version or settings)', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Real' })) })
    const cacheFile = join(dir, '..', `${Date.now()}-cache3.json`)
    await saveNow(cacheFile, dir)
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8'))
    stored.entries['a.md'][1].fields.title = 'Forged'
    writeFileSync(cacheFile, JSON.stringify(stored))
    // Under its own key the store is trusted for the text it was made from…
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.title).toBe('Forged')
    // …and under any other key it is not used at all.
    expect((await loadWith(dir, cacheFile, 'v2')).live.current().articles[0]!.title).toBe('Real')
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
    expect(stored.entries['a.md'][2].html).toBe('<p>The <em>body</em>.</p>\n')

    // Proof that the stored rendering is what a restart serves: mark it, then restart.
    stored.entries['a.md'][2].html = '<p>from the cache</p>'
    writeFileSync(cacheFile, JSON.stringify(stored))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>from the cache</p>')
    // Rendered for another site URL, its absolute links would be wrong: rendered again.
    expect((await loadWith(dir, cacheFile, 'v1', 'https://elsewhere.example/')).live.current().articles[0]!.bodyHtml).toBe('<p>The <em>body</em>.</p>\n')

    writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'Rendered' }), 'A *new* body, longer.\n'))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>A <em>new</em> body, longer.</p>\n')
  })
})
