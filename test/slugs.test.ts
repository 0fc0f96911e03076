/** Slugs from file names in any script: transliterated as feed sets are, with the same clash rule. */
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { appFor, articleFile, makeSite, ownReporting } from './helpers/fixtures.ts'

const site = makeSite()
const at = (date: string) => articleFile(ownReporting({ title: `Piece of ${date}`, date }))

describe('slugs from file names', () => {
  it('transliterate Cyrillic and Greek, keep Arabic and CJK letters, and serve each article there', async () => {
    const sources = [
      { file: 'статья-юникод.md', source: at('2024-01-01 10:00') },
      { file: 'нова/Україна сьогодні.md', source: at('2024-01-02 10:00') },
      { file: 'Ελλάδα-σήμερα.md', source: at('2024-01-03 10:00') },
      { file: 'مقالة.md', source: at('2024-01-04 10:00') },
      { file: '東京ノート.md', source: at('2024-01-05 10:00') },
      { file: '¿¡.md', source: at('2024-01-06 10:00') },
    ]
    const { articles, problems } = buildCollection(sources, site)
    expect(problems).toEqual([])
    const slugs = Object.fromEntries(articles.map((a) => [a.file, a.slug]))
    expect(slugs).toEqual({
      'статья-юникод.md': 'statia-iunykod',
      'нова/Україна сьогодні.md': 'ukraina-sohodni',
      'Ελλάδα-σήμερα.md': 'ellada-simera',
      'مقالة.md': 'مقالة',
      '東京ノート.md': '東京ノート',
      '¿¡.md': expect.stringMatching(/^[0-9a-z]{6}$/),
    })
    const { app } = appFor(sources, site)
    for (const article of articles) {
      expect(article.url).toBe(`${site.url}articles/${encodeURIComponent(article.slug)}`)
      const response = await app.request(new URL(article.url).pathname)
      expect(response.status, article.file).toBe(200)
      expect(await response.text()).toContain(article.title)
    }
    // The same page, however the client encodes the letters.
    expect((await app.request(`/articles/${encodeURIComponent('東京ノート').toLowerCase()}`)).status).toBe(200)
  })

  it('stay with the article published first: a later file that would take one is an error, left out', () => {
    const sources = [
      // The later file sorts first by path: the date decides, not where the file lives.
      { file: 'a/Статья.md', source: at('2024-01-02 10:00') },
      { file: 'b/статья.md', source: at('2024-01-01 10:00') },
      { file: 'c/written.md', source: articleFile(ownReporting({ title: 'Written slug', slug: 'statia', date: '2024-01-03 10:00' })) },
    ]
    const once = buildCollection(sources, site)
    expect(once.articles.map((a) => [a.file, a.slug])).toEqual([['b/статья.md', 'statia']])
    expect(once.articles[0]!.id.endsWith(':statia')).toBe(true)
    // Each later file is an error naming the file that holds the address, whether its slug came
    // from its file name or was written.
    expect(once.problems.map((p) => [p.severity, p.file, p.field, p.message])).toEqual([
      [
        'error',
        'a/Статья.md',
        'slug',
        '"statia", from the file name, is the address of b/статья.md, published first; this article is left out until it has its own: set slug: to another',
      ],
      [
        'error',
        'c/written.md',
        'slug',
        '"statia" is the address of b/статья.md, published first; this article is left out until it has its own: set slug: to another',
      ],
    ])
    // Stable: the same files give the same slugs.
    expect(buildCollection(sources, site).articles.map((a) => a.slug)).toEqual(once.articles.map((a) => a.slug))
  })
})
