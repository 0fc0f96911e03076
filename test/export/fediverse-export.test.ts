/**
 * What `bylines build` prepares of the Fediverse (export/fediverse-export.ts): each article's
 * object as a file, read back by the runtime-agnostic reader (fediverse/prepared-content.ts)
 * with its attribution; an unchanged article's object left alone by the next build, a withdrawn
 * one's removed; nothing of it left when the Fediverse is turned off.
 */
import { existsSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { buildCommand } from '../../src/cli/build.ts'
import type { RecordedFediverse } from '../../src/export/fediverse-export.ts'
import { preparedFediverseContent } from '../../src/fediverse/prepared-content.ts'
import { preparedFediverseFileOf } from '../../src/fediverse/prepared-fediverse.ts'
import { articleFile, fullTranslation, ownReporting } from '../helpers/fixtures.ts'
import { makeArticlesDir } from '../helpers/node-server.ts'

/** How many times the static host's documents were made (with Fedify), build after build. */
const made = vi.hoisted(() => ({ documents: 0 }))
vi.mock('../../src/fediverse/static-documents.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/fediverse/static-documents.ts')>()
  return {
    ...real,
    staticDocuments: (...args: Parameters<typeof real.staticDocuments>) => (made.documents++, real.staticDocuments(...args)),
  }
})

const SITE_URL = 'https://news.example.org/'
const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

async function build(articles: string, env: Record<string, string> = {}) {
  const quiet = { log: console.log, warn: console.warn }
  console.log = console.warn = () => {}
  try {
    const status = await buildCommand.run(['--out', `${articles}-dist`, '--prepared', `${articles}-build/prepared-site.json`], {
      ...process.env,
      ARTICLES_DIR: articles,
      SITE_URL,
      FEDIVERSE_ENABLED: 'true',
      ...env,
    })
    expect(status).toBe(0)
  } finally {
    Object.assign(console, quiet)
  }
  const manifest = JSON.parse(readFileSync(preparedFediverseFileOf(`${articles}-build/prepared-site.json`), 'utf8')) as RecordedFediverse
  return { manifest, outDir: `${articles}-dist` }
}

it('writes each object, reads it back with its attribution, keeps an unchanged one and removes a withdrawn one', async () => {
  const articles = makeArticlesDir({
    'translated.md': articleFile(fullTranslation({ title: 'A translated story', date: '2026-01-02T10:00:00Z', updated: undefined })),
    'own.md': articleFile(ownReporting({ title: 'Our own story', date: '2026-01-03T10:00:00Z' })),
  })
  folders.push(articles, `${articles}-dist`, `${articles}-build`)
  const { manifest, outDir } = await build(articles)
  expect(manifest.enabled).toBe(true)
  expect(manifest.articles.map((article) => article.path)).toEqual(['articles/own', 'articles/translated'])
  expect(manifest.actors.find((actor) => actor.handle === 'news')?.outbox).toEqual([0, 1])

  const content = preparedFediverseContent(manifest, async (file) => JSON.parse(readFileSync(join(outDir, file), 'utf8')))
  expect(content.siteUrl).toBe(SITE_URL)
  expect(content.articleCount()).toBe(2)
  const translated = content.articleAt('articles/translated')!
  const object = await translated.object()
  expect(object.id?.href).toBe(`${SITE_URL}articles/translated`)
  // The attribution survives the serialisation Fedify makes of an object inside an activity.
  const compacted = JSON.stringify(await object.toJsonLd({ format: 'compact', context: 'https://www.w3.org/ns/activitystreams' }))
  expect(compacted).toContain('Le Monde')
  expect(compacted).toContain('translationOfWork')
  expect(await translated.object()).toBe(object)

  const ownFile = join(outDir, manifest.articles[0]!.file)
  const before = statSync(ownFile).mtimeMs
  unlinkSync(join(articles, 'translated.md'))
  const again = await build(articles)
  expect(again.manifest.articles.map((article) => article.path)).toEqual(['articles/own'])
  expect(again.manifest.buildId).not.toBe(manifest.buildId)
  expect(statSync(ownFile).mtimeMs).toBe(before)
  expect(existsSync(join(outDir, manifest.articles[1]!.file))).toBe(false)

  // An object whose file is gone from the export is made again, though its article is unchanged.
  const kept = readFileSync(ownFile, 'utf8')
  unlinkSync(ownFile)
  await build(articles)
  expect(readFileSync(ownFile, 'utf8')).toBe(kept)

  // Turned off: the manifest says so, and the files are gone.
  const off = await build(articles, { FEDIVERSE_ENABLED: 'false' })
  expect(off.manifest.enabled).toBe(false)
  for (const file of [ownFile, join(outDir, '.well-known', 'webfinger'), join(outDir, 'fediverse', 'news')])
    expect(existsSync(file), file).toBe(false)
}, 120_000)

it('makes the static host’s documents again only when what they say may have changed, or one is gone', async () => {
  const articles = makeArticlesDir({
    'translated.md': articleFile(fullTranslation({ title: 'A translated story', date: '2026-01-02T10:00:00Z', updated: undefined })),
    'own.md': articleFile(ownReporting({ title: 'Our own story', date: '2026-01-03T10:00:00Z' })),
  })
  folders.push(articles, `${articles}-dist`, `${articles}-build`)
  const before = made.documents
  const { manifest, outDir } = await build(articles)
  expect(made.documents).toBe(before + 1)
  const outbox = join(outDir, 'fediverse-objects', 'outboxes', 'news.json')
  expect(manifest.documentFiles).toContain('fediverse-objects/outboxes/news.json')
  const text = readFileSync(outbox, 'utf8')

  // Nothing changed: the documents are left as written, and not made.
  const again = await build(articles)
  expect(made.documents).toBe(before + 1)
  expect(again.manifest.buildId).toBe(manifest.buildId)
  expect(readFileSync(outbox, 'utf8')).toBe(text)

  // One is gone: all are made again, and it is back as it was.
  unlinkSync(outbox)
  await build(articles)
  expect(made.documents).toBe(before + 2)
  expect(readFileSync(outbox, 'utf8')).toBe(text)

  // An article withdrawn: the outbox says so.
  unlinkSync(join(articles, 'translated.md'))
  const fewer = await build(articles)
  expect(made.documents).toBe(before + 3)
  expect(fewer.manifest.buildId).not.toBe(manifest.buildId)
  expect(readFileSync(outbox, 'utf8')).not.toBe(text)
  expect(JSON.parse(readFileSync(outbox, 'utf8')).totalItems).toBe(1)
}, 120_000)
