/**
 * Published addresses and feed ids are permanent: a later file that would take one, whether by
 * its name in another folder or by a written `slug:` (with a new `id`), is an error left out, and
 * `new` never writes a file whose address a published article holds. Every published URL and id
 * of the bundled articles is the same before and after.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSite } from '../src/content/load-site.ts'
import { REPO } from './helpers/built-site.ts'
import { bylines } from './helpers/bylines-cli.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'

const NOW = '2026-12-01 09:00'

async function published(articlesDir: string) {
  const { collection } = await loadSite(
    { ARTICLES_DIR: articlesDir, SITE_URL: 'https://news.example.org/' },
    { file: join(REPO, 'bylines.toml') },
  )
  return {
    addresses: new Map(collection.articles.map((a) => [a.file, [a.url, a.id]])),
    problems: collection.problems.filter((p) => p.severity === 'error'),
  }
}

describe('published addresses and ids', () => {
  it('stay with the published articles, whatever file would take them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-addresses-'))
    cpSync(join(REPO, 'articles'), dir, { recursive: true })
    const before = await published(dir)
    expect(before.problems).toEqual([])

    // The same file name in a folder that sorts first, newer: it would take the address.
    mkdirSync(join(dir, '0-new'))
    writeFileSync(join(dir, '0-new', 'night-trains-quiet-return.md'), articleFile(ownReporting({ title: 'A newer piece', date: NOW })))
    // A copy with a new id and the `slug:` of a published article.
    writeFileSync(
      join(dir, '0-copy.md'),
      articleFile(
        ownReporting({
          title: 'A copy',
          date: NOW,
          slug: 'chytaiemo-razom-biblioteka',
          id: 'urn:uuid:6f0d5a4e-0000-4000-8000-000000000001',
        }),
      ),
    )
    // `new` with the title of a published article.
    const made = await bylines(['new', 'Night trains quiet return'], dir)

    const after = await published(dir)
    for (const [file, address] of before.addresses) expect(after.addresses.get(file), file).toEqual(address)
    expect([...after.addresses.keys()].sort()).toEqual([...before.addresses.keys()].sort())
    expect(after.problems.map((p) => [p.file, p.field, p.message])).toEqual([
      [
        '0-copy.md',
        'slug',
        '"chytaiemo-razom-biblioteka" is the address of chytaiemo-razom-biblioteka.md, published first; this article is left out until it has its own: set slug: to another',
      ],
      [
        '0-new/night-trains-quiet-return.md',
        'slug',
        '"night-trains-quiet-return", from the file name, is the address of night-trains-quiet-return.md, published first; this article is left out until it has its own: set slug: to another',
      ],
    ])
    expect(made.code).toBe(1)
    expect(made.stderr).toContain(
      'bylines new: "night-trains-quiet-return" is the address of night-trains-quiet-return.md, already published; choose another title, or --slug night-trains-quiet-return-2',
    )
    expect(readdirSync(dir).filter((f) => f.startsWith('night-trains-quiet-return'))).toEqual(['night-trains-quiet-return.md'])
  })
})
