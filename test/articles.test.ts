/** Reading one article: front matter, validation, defaults and identity (spec §1, §3). */
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { parseDate } from '../src/articles/dates.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { articleFile, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'

const site = makeSite()

function problemsOf(source: string, file = 'piece.md') {
  return parseArticle(source, file, site).problems.map(formatProblem)
}

describe('front matter', () => {
  it('accepts YAML only: other front-matter languages are refused and never run', () => {
    const source = '---js\n{ title: (globalThis.__bylinesRan = true, "t"), date: "2020-01-01" }\n---\nBody\n'
    expect(problemsOf(source)).toEqual(['piece.md:1: front matter in "js" is not accepted: expected YAML between "---" lines'])
    expect((globalThis as Record<string, unknown>).__bylinesRan).toBeUndefined()
    expect(problemsOf('---json\n{"title": "t"}\n---\n')[0]).toContain('"json" is not accepted')
  })

  it('reports a file without front matter, or with an unclosed block', () => {
    expect(problemsOf('Just a body\n')[0]).toMatch(/^piece\.md:1: no front matter/)
    expect(problemsOf('---\ntitle: x\n')[0]).toMatch(/^piece\.md:1: front matter is not closed/)
  })

  it('refuses YAML alias bombs and custom tags', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (const name of 'bcdefghi') {
      const prev = String.fromCharCode(name.charCodeAt(0) - 1)
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`)
    }
    const started = Date.now()
    expect(problemsOf(`---\n${laughs.join('\n')}\n---\n`)[0]).toContain('resource exhaustion')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(problemsOf('---\ntitle: !!js/function "function () {}"\n---\n')[0]).toContain(
      'title: YAML reads "!" at the start of a value as a type tag, which front matter does not accept',
    )
  })

  it('reads CRLF files with a byte-order mark like any other', () => {
    const source = '\uFEFF' + articleFile(ownReporting()).replace(/\n/g, '\r\n')
    const { article, problems } = parseArticle(source, 'crlf.md', site)
    expect(problems).toEqual([])
    expect(article?.title).toBe('Inside the translation desk')
    expect(article?.date.toISOString()).toBe('2020-01-15T08:00:00.000Z')
  })
})

describe('validation', () => {
  it('reports every problem of a file at once, with line, field and what was expected', () => {
    const source = [
      '---',
      'date: yesterday',
      'titel: Typo',
      'original:',
      '  publication: Le Monde',
      '  url: not a url',
      'translators:',
      '  - name: Jane Doe',
      '    url: ftp://example.org/jane',
      'license: CC BY',
      '---',
      'Body',
    ].join('\n')
    expect(problemsOf(source)).toEqual([
      'piece.md:1 title: missing, expected the headline as text',
      'piece.md:2 date: got "yesterday", expected a date such as 2019-09-23T22:11:00+03:00 or 2019-09-23 22:11',
      'piece.md:3 titel: is not a known field: did you mean "title"? It is ignored',
      'piece.md:4 original.language: missing, expected a BCP 47 language tag such as "fr" or "pt-BR"',
      'piece.md:6 original.url: got "not a url", expected the absolute http(s) URL of the original article',
      'piece.md:9 translators[0].url: got "ftp://example.org/jane", expected an absolute http(s) URL',
      'piece.md:10 license: got "CC BY", expected the URL of a licence',
    ])
  })

  it('rejects impossible dates and an update before publication', () => {
    const source = articleFile(ownReporting({ date: '2019-02-30' }))
    expect(problemsOf(source)).toEqual([
      `piece.md:${lineOfField(source, 'date')} date: got "2019-02-30", expected a date such as 2019-09-23T22:11:00+03:00 or 2019-09-23 22:11`,
    ])
    expect(problemsOf(articleFile(ownReporting({ date: '2020-01-02', updated: '2020-01-01' })))[0]).toContain(
      'updated: is earlier than date',
    )
  })

  it('keeps an article with only warnings, and leaves out one with errors', () => {
    const collection = buildCollection(
      [
        { file: 'good.md', source: articleFile(ownReporting({ titel: 'typo' })) },
        { file: 'bad.md', source: articleFile({ date: '2020-01-01' }) },
      ],
      site,
    )
    expect(collection.articles.map((a) => a.file)).toEqual(['good.md'])
    expect(collection.problems.map((p) => [p.file, p.severity])).toEqual([
      ['bad.md', 'error'],
      ['good.md', 'warning'],
    ])
  })

  it('refuses a second article with the same written slug or id, keeping the first (by date, then path)', () => {
    const collection = buildCollection(
      [
        { file: 'a/same.md', source: articleFile(ownReporting()) },
        { file: 'b/other.md', source: articleFile(ownReporting({ title: 'Other', slug: 'same' })) },
        { file: 'c.md', source: articleFile(ownReporting({ id: 'urn:uuid:1' })) },
        { file: 'd.md', source: articleFile(ownReporting({ id: 'urn:uuid:1' })) },
      ],
      site,
    )
    expect(collection.articles.map((a) => a.file).sort()).toEqual(['a/same.md', 'c.md'])
    expect(collection.problems.map(formatProblem)).toEqual([
      'b/other.md:1 slug: "same" is the address of a/same.md, published first; this article is left out until it has its own: set slug: to another',
      'd.md:1 id: "urn:uuid:1" is the feed id of c.md, published first; this article is left out until it has its own: set id: to another',
    ])
  })

  it('never serves drafts, and warns about related slugs that match no article', () => {
    const collection = buildCollection(
      [
        { file: 'draft.md', source: articleFile(ownReporting({ draft: true })) },
        { file: 'live.md', source: articleFile(ownReporting({ related: ['draft', 'nowhere'] })) },
      ],
      site,
    )
    expect(collection.articles.map((a) => a.slug)).toEqual(['live'])
    expect(collection.problems.map(formatProblem)).toEqual([
      'live.md:1 related[1]: "nowhere" matches no article; expected the slug of one of ours',
    ])
  })
})

describe('defaults and identity', () => {
  it('takes the slug from the file name, the language from the site, the summary from the first paragraph', () => {
    const { article } = parseArticle(
      articleFile(ownReporting(), 'The *first* paragraph,\nwrapped.\n\nThe second.\n'),
      '2020/desk-notes.md',
      site,
    )
    expect(article?.slug).toBe('desk-notes')
    expect(article?.url).toBe('https://news.example.org/articles/desk-notes')
    expect(article?.language).toBe('en')
    expect(article?.summary).toBe('The first paragraph, wrapped.')
  })

  it('reads dates without a zone in the site time zone, not the machine one', () => {
    expect(parseDate('2019-09-23 22:11', 'Europe/Kyiv')?.instant.toISOString()).toBe('2019-09-23T19:11:00.000Z')
    expect(parseDate('2019-01-23 22:11', 'Europe/Kyiv')?.instant.toISOString()).toBe('2019-01-23T20:11:00.000Z')
    expect(parseDate('2019-09-23', 'America/New_York')?.instant.toISOString()).toBe('2019-09-23T04:00:00.000Z')
    expect(parseDate('2019-09-23T22:11:00Z', 'Europe/Kyiv')?.instant.toISOString()).toBe('2019-09-23T22:11:00.000Z')
    expect(parseDate('23/09/2019', 'Europe/Kyiv')).toBeUndefined()
  })

  it('gives a tag: id from host, first date and slug that survives edits to title, body and updated', () => {
    const before = parseArticle(articleFile(fullTranslation()), 'france-russia.md', site).article!
    const after = parseArticle(
      articleFile(fullTranslation({ title: 'A new headline', updated: '2020-01-01T00:00:00Z' }), 'Rewritten body.\n'),
      'france-russia.md',
      site,
    ).article!
    expect(before.id).toBe('tag:news.example.org,2019-09-23:france-russia')
    expect(after.id).toBe(before.id)
    expect(parseArticle(articleFile(fullTranslation({ id: 'urn:uuid:6f1c2c8e' })), 'x.md', site).article?.id).toBe('urn:uuid:6f1c2c8e')
  })

  it('accepts the shorthand forms: translator as a string, publication as a string', () => {
    const { article, problems } = parseArticle(
      articleFile({ title: 'T', date: '2020-01-01', translators: 'Jane Doe', original: { publication: 'Le Monde', language: 'FR' } }),
      't.md',
      site,
    )
    expect(problems).toEqual([])
    expect(article?.translators).toEqual([{ name: 'Jane Doe' }])
    expect(article?.original?.publication).toEqual({ name: 'Le Monde' })
    expect(article?.original?.language).toBe('fr')
  })
})

function lineOfField(source: string, field: string): number {
  return source.split('\n').findIndex((l) => l.startsWith(`${field}:`)) + 1
}

describe('unknown fields', () => {
  it('suggests the near miss, or lists what the mapping accepts', () => {
    const source = articleFile(fullTranslation({ original: { publication: 'Le Monde', language: 'fr', titel: 'x', colour: 'red' } }))
    const messages = parseArticle(source, 'piece.md', site).problems.map((p) => `${p.field}: ${p.message}`)
    expect(messages).toEqual([
      'original.titel: is not a known field: did you mean "title"? It is ignored',
      'original.colour: is not a known field (expected one of publication, url, title, language, authors, date); it is ignored',
    ])
  })
})

describe('YAML that the two readers disagree on', () => {
  it('bounds an alias bomb whose anchors are indented, where a pattern cannot see them', () => {
    let yaml = 'title: t\ndate: 2020-01-01\na0: &a0 [x, x, x, x, x, x, x, x, x]\n'
    for (let i = 1; i <= 9; i++)
      yaml += `a${i}:\n  &a${i} [\n    ${Array(9)
        .fill(`*a${i - 1}`)
        .join(',\n    ')}\n  ]\n`
    const started = Date.now()
    expect(problemsOf(`---\n${yaml}---\nbody\n`)[0]).toContain('resource exhaustion')
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('reports, rather than throws, when locating a field needs the stricter reader and it refuses', () => {
    const source = '---\ntitle: "A headline\n\tacross two lines"\ndate: 2020-01-01\nsumary: x\n---\nbody\n'
    expect(problemsOf(source)).toEqual([
      'piece.md:2 title: the " that opens this value is not closed on this line, and line 3 is not indented under the field, so YAML ends the value there; close the quote on this line, or indent the lines that continue the value with spaces',
    ])
  })
})

describe('drafts and published articles sharing a slug', () => {
  it('keep the published one, and report the draft', () => {
    const collection = buildCollection(
      [
        { file: 'a-rework.md', source: articleFile(ownReporting({ slug: 'x', draft: true, title: 'Rework' })) },
        { file: 'x.md', source: articleFile(ownReporting({ title: 'Live' })) },
      ],
      site,
    )
    expect(collection.articles.map((a) => a.title)).toEqual(['Live'])
    expect(collection.problems.map(formatProblem)).toEqual([
      'a-rework.md:1 slug: "x" is the address of x.md, published first; this article is left out until it has its own: set slug: to another',
    ])
  })
})

describe('limits on what a file may hold', () => {
  it('refuses a list of more than 100 items, naming the file and the field, and reads a huge one without overflowing', () => {
    const many = (n: number) =>
      `---\ntitle: Many\ndate: 2021-01-01\ntags: [${Array.from({ length: n }, (_, i) => `t${i}`).join(', ')}]\n---\nBody\n`
    expect(buildCollection([{ file: 'ok.md', source: many(100) }], site).problems).toEqual([])
    for (const n of [101, 60_000]) {
      const { articles, problems } = buildCollection([{ file: 'many.md', source: many(n) }], site)
      expect(articles).toEqual([])
      expect(problems.map(formatProblem)).toEqual(['many.md:4 tags: has too many items: at most 100 are accepted'])
    }
    // Larger still, the front matter itself is past its limit, before any YAML is read.
    const { problems } = buildCollection([{ file: 'many.md', source: many(130_000) }], site)
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(/^many\.md:1: front matter is \d+ KiB; expected at most 512 KiB/)])
  })
})
