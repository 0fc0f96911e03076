/**
 * One original, one published translation per language: the collection keeps the one published
 * first and leaves out a later one, whether the two share an `original.url`, a `translationKey`,
 * or (naming neither) the same publication, original title and original date.
 */
import { describe, expect, it } from 'vitest'
import { type ArticleSource, buildCollection } from '../src/articles/collection.ts'
import { articleFile, makeSite } from './helpers/fixtures.ts'

const site = makeSite()

/** A translation of a Le Monde piece, published on `date`, with `original` fields over the bare ones. */
function translation(
  file: string,
  date: string,
  original: Record<string, unknown> = {},
  fields: Record<string, unknown> = {},
): ArticleSource {
  return {
    file,
    source: articleFile({
      title: `${file} title`,
      date,
      translators: ['Jane Doe'],
      original: { publication: 'Le Monde', language: 'fr', ...original },
      ...fields,
    }),
  }
}

/** Each problem as "file field severity", and the published files, newest first. */
function outcome(sources: ArticleSource[]) {
  const collection = buildCollection(sources, site)
  return {
    problems: collection.problems.map((p) => `${p.file} ${p.field} ${p.severity}`),
    published: collection.articles.map((a) => a.file),
    messages: collection.problems.map((p) => p.message),
  }
}

const DESCRIBED = { title: 'La guerre en Ukraine n’est plus un obstacle', date: '2019-09-22' }

describe('two translations of one original', () => {
  it('by translationKey, in one language: the later is left out, whatever its original.url', () => {
    const result = outcome([
      translation('first.md', '2019-09-23 10:00', { url: 'https://www.lemonde.fr/a.html' }, { translationKey: 'war-2019' }),
      translation('later.md', '2019-09-24 10:00', { url: 'https://www.lemonde.fr/b.html' }, { translationKey: 'war-2019' }),
    ])
    expect(result.problems).toEqual(['later.md translationKey error'])
    expect(result.messages[0]).toBe(
      '"war-2019" is the translationKey of first.md, published first, in the same language (en); this article is left out: if it replaces first.md, edit first.md instead; if it translates another original, give it a translationKey of its own',
    )
    expect(result.published).toEqual(['first.md'])
  })

  it('by the same publication, original title and original date when neither names a url or key, quotes and case aside', () => {
    const result = outcome([
      translation('later.md', '2019-09-24 10:00', {
        ...DESCRIBED,
        publication: 'le monde',
        title: "La guerre en Ukraine n'est plus un obstacle.",
      }),
      translation('first.md', '2019-09-23 10:00', DESCRIBED),
    ])
    expect(result.problems).toEqual(['later.md original.title error'])
    expect(result.messages[0]).toMatch(
      /^with original\.publication and original\.date, names the original of first\.md, published first, in the same language \(en\);/,
    )
    expect(result.published).toEqual(['first.md'])
  })

  it('is not decided by a title alone: without original.date, or with another one, both are published', () => {
    const { title } = DESCRIBED
    expect(
      outcome([translation('a.md', '2019-09-23 10:00', { title }), translation('b.md', '2019-09-24 10:00', { title })]).problems,
    ).toEqual([])
    expect(
      outcome([
        translation('a.md', '2019-09-23 10:00', DESCRIBED),
        translation('b.md', '2019-09-24 10:00', { ...DESCRIBED, date: '2019-09-23' }),
      ]).problems,
    ).toEqual([])
    // A url on one says which original it is: the other, without, is not guessed to be the same.
    expect(
      outcome([
        translation('a.md', '2019-09-23 10:00', { ...DESCRIBED, url: 'https://www.lemonde.fr/a.html' }),
        translation('b.md', '2019-09-24 10:00', DESCRIBED),
      ]).problems,
    ).toEqual([])
  })

  it('in other languages, is a set: all are published', () => {
    const url = 'https://www.lemonde.fr/a.html'
    const result = outcome([
      translation('en.md', '2019-09-23 10:00', { url }),
      translation('uk.md', '2019-09-24 10:00', { url }, { language: 'uk' }),
      translation('de.md', '2019-09-25 10:00', { url }, { language: 'de' }),
    ])
    expect(result.problems).toEqual([])
    expect(result.published).toEqual(['de.md', 'uk.md', 'en.md'])
  })

  it('as a draft, is a rework in progress: not an error, and it never displaces the published one', () => {
    const url = 'https://www.lemonde.fr/a.html'
    const result = outcome([
      translation('rework.md', '2019-09-22 10:00', { url }, { draft: true }),
      translation('published.md', '2019-09-23 10:00', { url }),
    ])
    expect(result.problems).toEqual([])
    expect(result.published).toEqual(['published.md'])
  })
})
