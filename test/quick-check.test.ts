/**
 * The quick check of common front matter gives exactly what the zod schema gives, and gives up
 * (leaving the schema to check and word the messages) on everything else.
 */
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { checkCommonShape } from '../src/articles/quick-check.ts'
import { createFrontMatterSchema, findUnknownFields } from '../src/articles/schema.ts'
import { stripXmlIllegalDeep } from '../src/text/text.ts'
import { articleFile, fullTranslation, ownReporting } from './helpers/fixtures.ts'

const TIME_ZONE = 'Europe/Kyiv'
const schema = createFrontMatterSchema(TIME_ZONE)

/** What the slow path makes of the same data: fields only when valid and without warnings. */
function bySchema(data: Record<string, unknown>) {
  const clean = stripXmlIllegalDeep(data)
  const result = schema.safeParse(clean)
  return { fields: result.success ? result.data : undefined, unknown: findUnknownFields(clean) }
}

function dataOf(source: string): Record<string, unknown> {
  return parseFrontMatter(source, 'piece.md').data
}

describe('quick check of common front matter', () => {
  it("takes the usual articles, giving the schema's result", () => {
    const sources = [
      articleFile(fullTranslation()),
      articleFile(ownReporting()),
      articleFile(
        fullTranslation({
          translators: 'Jane Doe',
          original: { publication: 'Le Monde', language: 'pt-br', authors: [{ name: ' Ana ' }], date: '2019-09-22 10:00' },
          image: { url: '/media/photo.jpg', alt: 'A photo', caption: 'Caption', credit: 'AFP' },
          related: ['france-russia', { title: 'Elsewhere', url: 'https://example.org/x' }],
          id: 'urn:uuid:00000000-0000-4000-8000-000000000000',
          slug: 'a-slug',
          language: 'en',
          draft: false,
          translationKey: ' france-russia-2019 ',
        }),
      ),
      ...readdirSync('articles')
        .filter((f) => f.endsWith('.md'))
        .map((f) => readFileSync(`articles/${f}`, 'utf8')),
    ]
    for (const source of sources) {
      const data = dataOf(source)
      const quick = checkCommonShape(data, TIME_ZONE)
      expect(quick).toBeDefined()
      expect(quick).toStrictEqual(bySchema(data).fields)
    }
  })

  it('leaves errors, warnings and rare forms to the schema', () => {
    const unusual: Record<string, unknown>[] = [
      fullTranslation({ title: '  ' }),
      fullTranslation({ date: '2019-02-30' }),
      fullTranslation({ updated: '2019-01-01' }),
      fullTranslation({ titel: 'typo' }),
      fullTranslation({ original: { ...(fullTranslation().original as object), titel: 'typo' } }),
      fullTranslation({ summary: null }),
      fullTranslation({ summary: 'bell \u0007 inside' }),
      fullTranslation({ language: 'not a tag' }),
      fullTranslation({ license: 'ftp://example.org/' }),
      fullTranslation({ tags: 'one' }),
      fullTranslation({ draft: 'yes' }),
      fullTranslation({ translationKey: '  ' }),
      fullTranslation({ translationKey: 2019 }),
      fullTranslation({ translationKey: ['a'] }),
      ownReporting({ slug: 'Not A Slug' }),
    ]
    for (const data of unusual) expect(checkCommonShape(data, TIME_ZONE)).toBeUndefined()
  })

  it('never disagrees with the schema, on random front matter', () => {
    const anyText = fc.oneof(
      fc.constantFrom('', ' ', 'Not a slug', '//host/a.jpg', 'mailto:a@b', '2019-02-30', 'x-y-z', 'bell\u0007', 'a\uFFFEb'),
      fc.string({ maxLength: 8 }),
    )
    const anything = fc.oneof(anyText, fc.boolean(), fc.integer(), fc.constant(null), fc.constant([]), fc.constant({}))
    // Mostly valid values, so that the quick path is taken; now and then anything at all.
    const mostly = <T>(good: fc.Arbitrary<T>) => fc.oneof({ arbitrary: good, weight: 40 }, { arbitrary: anything, weight: 1 })
    const text = mostly(fc.constantFrom('Le Monde', ' padded ', 'Jane Doe', 'Україна'))
    const date = mostly(fc.constantFrom('2019-09-23', '2019-09-23 22:11', '2019-09-23T22:11:00+03:00', '2020-01-01T00:00:00Z'))
    const url = mostly(fc.constantFrom('https://example.org/a', ' https://example.org/b ', 'http://example.org/'))
    const language = mostly(fc.constantFrom('fr', 'pt-br', 'en-GB', ' uk '))
    const slug = mostly(fc.constantFrom('a-slug', 'b2'))
    const named = (key: string) =>
      fc.oneof(
        { arbitrary: fc.record({ [key]: text, url }, { requiredKeys: [key] }), weight: 8 },
        { arbitrary: fc.record({ [key]: text, nick: text }), weight: 1 },
      )
    const person = mostly(fc.oneof(text, named('name')))
    const people = mostly(fc.array(person, { maxLength: 3 }))
    const original = mostly(
      fc.record(
        {
          publication: mostly(fc.oneof(text, fc.record({ name: text, url, feed: url }, { requiredKeys: ['name'] }))),
          url,
          title: text,
          language,
          authors: people,
          date,
        },
        { requiredKeys: ['publication', 'language'] },
      ),
    )
    const frontMatter = fc.record(
      {
        title: text,
        date,
        updated: date,
        id: mostly(fc.constantFrom('urn:uuid:1', 'tag:x,2020:y')),
        slug,
        language,
        summary: text,
        tags: mostly(fc.array(text, { maxLength: 3 })),
        image: mostly(
          fc.record(
            { url: mostly(fc.constantFrom('/media/a.jpg', 'https://x.org/a.png')), alt: text, caption: text, credit: text },
            { requiredKeys: ['url', 'alt'] },
          ),
        ),
        authors: people,
        translators: mostly(fc.oneof(person, people)),
        original,
        translationKey: text,
        rights: text,
        license: url,
        draft: mostly(fc.boolean()),
        related: mostly(fc.array(mostly(fc.oneof(slug, named('title'))), { maxLength: 3 })),
      },
      { requiredKeys: ['title', 'date'] },
    )
    // Now and then a field the format does not know: a warning, so the schema's to handle.
    const withExtra = fc
      .tuple(frontMatter, fc.option(anything, { freq: 20 }))
      .map(([fields, extra]) => (extra === null ? fields : { ...fields, extra }) as Record<string, unknown>)
    let taken = 0
    fc.assert(
      fc.property(withExtra, (data) => {
        const quick = checkCommonShape(data, TIME_ZONE)
        if (quick === undefined) return
        taken++
        const slow = bySchema(data)
        expect(slow.unknown).toEqual([])
        expect(quick).toStrictEqual(slow.fields)
      }),
      { numRuns: 5000 },
    )
    // The property says something only if the quick path was taken now and then.
    expect(taken).toBeGreaterThan(100)
  })
})
