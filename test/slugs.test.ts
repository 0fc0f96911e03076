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

  it('give way on a clash as sets do: the first keeps the slug, the other gets a stable suffix and a warning', () => {
    const sources = [
      { file: 'a/статья.md', source: at('2024-01-01 10:00') },
      { file: 'b/Статья.md', source: at('2024-01-02 10:00') },
      { file: 'c/written.md', source: articleFile(ownReporting({ title: 'Written slug', slug: 'statia', date: '2024-01-03 10:00' })) },
    ]
    const once = buildCollection(sources, site)
    const slugOf = (file: string) => once.articles.find((a) => a.file === file)?.slug
    expect(slugOf('a/статья.md')).toBe('statia')
    expect(slugOf('b/Статья.md')).toMatch(/^statia-[0-9a-z]{6}$/)
    // Its default id follows its slug, so two articles never share one.
    const second = once.articles.find((a) => a.file === 'b/Статья.md')!
    expect(second.id.endsWith(`:${second.slug}`)).toBe(true)
    expect(second.url).toBe(`${site.url}articles/${second.slug}`)
    expect(once.problems).toContainEqual(expect.objectContaining({ severity: 'warning', file: 'b/Статья.md', field: 'slug' }))
    // A slug written in the front matter is the editor's: a clash there is an error.
    expect(once.problems).toContainEqual(expect.objectContaining({ severity: 'error', file: 'c/written.md', field: 'slug' }))
    // Stable: the same files give the same slugs.
    expect(buildCollection(sources, site).articles.map((a) => a.slug)).toEqual(once.articles.map((a) => a.slug))
  })
})
