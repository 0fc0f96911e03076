/** Who is credited, and the visible credit line (spec §2). */
import { describe, expect, it } from 'vitest'
import { creditedAuthors, creditHtml } from '../src/articles/attribution.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { articleFile, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'

const site = makeSite()

function article(fields: Record<string, unknown>) {
  const { article, problems } = parseArticle(articleFile(fields), 'piece.md', site)
  if (!article) throw new Error(problems.map((p) => p.message).join('\n'))
  return article
}

/** The credit as a reader sees it: tags removed, entities decoded. */
function creditText(fields: Record<string, unknown>): string {
  return creditHtml(article(fields), site)
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
}

describe('credited authors', () => {
  it('prefers the piece’s own byline, then the original’s authors, then the publication, then the site', () => {
    const byline = [{ name: 'Our Writer' }]
    expect(creditedAuthors(article(fullTranslation({ authors: byline })), site)).toEqual(byline)
    expect(creditedAuthors(article(fullTranslation()), site)).toEqual([{ name: 'Jean Dupont' }])
    const noAuthors = fullTranslation()
    delete (noAuthors.original as Record<string, unknown>).authors
    expect(creditedAuthors(article(noAuthors), site)).toEqual([{ name: 'Le Monde', url: 'https://www.lemonde.fr/' }])
    expect(creditedAuthors(article(ownReporting({ authors: undefined })), site)).toEqual([site.defaultAuthor])
  })

  it('never lists translators among the authors', () => {
    const credited = creditedAuthors(article(fullTranslation()), site).map((p) => p.name)
    expect(credited).not.toContain('Jane Doe')
  })
})

describe('the visible credit line', () => {
  it('names language, translator, linked original title, author, publication and date', () => {
    expect(creditText(fullTranslation())).toBe(
      'Translated from French by Jane Doe. Original: “La guerre en Ukraine n’est plus un obstacle” by Jean Dupont, Le Monde, 22 September 2019.',
    )
    const html = creditHtml(article(fullTranslation()), site)
    expect(html).toContain('<a href="https://example.org/people/jane-doe">Jane Doe</a>')
    expect(html).toContain('<a href="https://www.lemonde.fr/international/article/2019/09/22/guerre.html" hreflang="fr">“La guerre')
  })

  it('links the publication when the title is unknown, and leaves out what is missing', () => {
    expect(
      creditText({
        title: 'T',
        date: '2020-01-01',
        original: { publication: 'Le Monde', language: 'fr', url: 'https://www.lemonde.fr/a.html' },
      }),
    ).toBe('Translated from French. Original: Le Monde.')
    const html = creditHtml(
      article({
        title: 'T',
        date: '2020-01-01',
        original: { publication: 'Le Monde', language: 'fr', url: 'https://www.lemonde.fr/a.html' },
      }),
      site,
    )
    expect(html).toContain('<a href="https://www.lemonde.fr/a.html" hreflang="fr">Le Monde</a>')
    const minimal = creditHtml(article({ title: 'T', date: '2020-01-01', original: { publication: 'Le Monde', language: 'fr' } }), site)
    expect(minimal).toBe('Translated from French. Original: Le Monde.')
    expect(minimal).not.toMatch(/undefined|null|href=""|<a>/)
  })

  it('joins several translators as a list and keeps an unlinked title in quotes', () => {
    expect(
      creditText({
        title: 'T',
        date: '2020-01-01',
        translators: ['Ana Almeida', 'Björn Bauer', 'Chiara Castellanos'],
        original: { publication: 'Die Zeit', language: 'de', title: 'Der Titel', authors: ['A', 'B'], date: '2019-12-30' },
      }),
    ).toBe(
      'Translated from German by Ana Almeida, Björn Bauer and Chiara Castellanos. Original: “Der Titel” by A and B, Die Zeit, 30 December 2019.',
    )
  })

  it('is written in the article’s language when the site has wording for it', () => {
    expect(
      creditText({
        title: 'T',
        date: '2020-01-01',
        language: 'uk',
        translators: 'Оксана Левчук',
        original: { publication: 'Gazeta', language: 'pl', date: '2024-03-04' },
      }),
    ).toBe('Мова оригіналу: польська. Переклад: Оксана Левчук. Оригінал: Gazeta, 4 березня 2024 р.')
  })

  it('escapes every value', () => {
    const html = creditHtml(article(fullTranslation({ translators: ['<b onmouseover=x>Eve</b>'] })), site)
    expect(html).toContain('&lt;b onmouseover=x&gt;Eve&lt;/b&gt;')
    expect(html).not.toContain('<b')
  })

  it('is empty for own reporting', () => {
    expect(creditHtml(article(ownReporting()), site)).toBe('')
  })
})
