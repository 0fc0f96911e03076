/** The parse cache gives the same articles as a full parse, and never one made from other text or settings. */
import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { stampOf, statStamp } from '../src/content/file-stamp.ts'
import { loadLiveContent } from '../src/content/live-content.ts'
import { openParseCache } from '../src/content/parse-cache.ts'
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
      'a.md': articleFile(
        fullTranslation({ corrections: [{ date: '2019-09-24', text: 'A rank was wrong.' }] }),
        'A *first* paragraph.\n\nMore.\n',
      ),
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
    expect(live.current().articles.flatMap((a) => a.corrections.map((c) => c.date.getTime()))).toEqual([Date.parse('2019-09-23T21:00:00Z')])
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
    expect(stored.entries['a.md'][4].html).toBe('<p>The <em>body</em>.</p>\n')

    // Proof that the stored rendering is what a restart serves: mark it, then restart.
    stored.entries['a.md'][4].html = '<p>from the cache</p>'
    writeFileSync(cacheFile, JSON.stringify(stored))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>from the cache</p>')
    // Rendered for another site URL, its absolute links would be wrong: rendered again.
    expect((await loadWith(dir, cacheFile, 'v1', 'https://elsewhere.example/')).live.current().articles[0]!.bodyHtml).toBe(
      '<p>The <em>body</em>.</p>\n',
    )

    writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'Rendered' }), 'A *new* body, longer.\n'))
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.bodyHtml).toBe('<p>A <em>new</em> body, longer.</p>\n')
  })
})

const wait = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** Stored entries are [hash, checked, stamp, seenAt, rendered, renderedFor]. */
function forge(cacheFile: string, file: string, title: string) {
  const stored = JSON.parse(readFileSync(cacheFile, 'utf8'))
  const entry = stored.entries[file]
  entry[0] = 'not the hash of any text'
  entry[1].fields.title = title
  writeFileSync(cacheFile, JSON.stringify(stored))
}

describe('a restart with the parse cache', () => {
  it('trusts an unchanged, settled file by its stamp: it is neither read nor hashed', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Real' }), 'The *body*.\n') })
    const cacheFile = join(dir, '..', `${Date.now()}-trusted.json`)
    await wait(1100) // the file settles before it is first read
    await saveNow(cacheFile, dir)
    // Were the file read and hashed, the forged hash would match nothing and the title be real.
    forge(cacheFile, 'a.md', 'Forged')
    const article = (await loadWith(dir, cacheFile)).live.current().articles[0]!
    expect(article.title).toBe('Forged')
    // The body, not kept in the store, is read when first rendered.
    expect(article.bodyHtml).toBe('<p>The <em>body</em>.</p>\n')
  })

  it('reads a file whose stamp changed, even at the same size and modification time', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Before' })) })
    const cacheFile = join(dir, '..', `${Date.now()}-restamped.json`)
    await wait(1100)
    await saveNow(cacheFile, dir)
    forge(cacheFile, 'a.md', 'Forged')
    const path = join(dir, 'a.md')
    const { atime, mtime } = statSync(path)
    writeFileSync(path, articleFile(ownReporting({ title: 'Ditto!' })))
    utimesSync(path, atime, mtime)
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.title).toBe('Ditto!')
  })

  it('reads a file written just before it was first read once more, then trusts it', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting({ title: 'Real' })) })
    const cacheFile = join(dir, '..', `${Date.now()}-racy.json`)
    // Read at once: a second write in the same clock tick would not show in the stamp, so the
    // first read alone cannot be trusted (the rule below). Once the file has settled, the running
    // service reads it again and stores that it may be trusted.
    const first = await loadWith(dir, cacheFile)
    await wait(2300)
    first.live.close()
    forge(cacheFile, 'a.md', 'Forged')
    expect((await loadWith(dir, cacheFile)).live.current().articles[0]!.title).toBe('Forged')
  })

  it('takes an entry only when the stamp is the stored one and was settled when seen', async () => {
    const dir = folder({ 'a.md': articleFile(ownReporting()) })
    const cache = await openParseCache(join(dir, '..', `${Date.now()}-rule.json`), 'v1', site.url, quiet)
    const stamp = statStamp(join(dir, 'a.md'))!
    const checked = { bodyStart: 0, blankBody: true, references: [], problems: [] }
    cache.set('a.md', { hash: 'h', stamp, seenAt: stamp.changedMs + 10 }, checked)
    expect(cache.trusted('a.md', stamp)).toBeUndefined()
    cache.set('a.md', { hash: 'h', stamp, seenAt: stamp.changedMs + 1500 }, checked)
    expect(cache.trusted('a.md', stamp)?.checked).toBe(checked)
    expect(cache.trusted('a.md', { ...stamp, key: `${stamp.key}x` })).toBeUndefined()
    // Times in whole seconds: a file system that keeps no finer time needs longer.
    const stats = statSync(join(dir, 'a.md'), { bigint: true })
    const coarse = stampOf({ ...stats, mtimeNs: 5_000_000_000n, ctimeNs: 5_000_000_000n } as typeof stats)
    expect(coarse.coarse).toBe(true)
    cache.set('a.md', { hash: 'h', stamp: coarse, seenAt: coarse.changedMs + 1500 }, checked)
    expect(cache.trusted('a.md', coarse)).toBeUndefined()
    cache.set('a.md', { hash: 'h', stamp: coarse, seenAt: coarse.changedMs + 3500 }, checked)
    expect(cache.trusted('a.md', coarse)).toBeDefined()
  })
})
