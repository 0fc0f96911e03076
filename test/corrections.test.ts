/**
 * Corrections (spec §1, `corrections`): checked with the other fields, shown after the credit
 * line in every feed as readers parse it, carried by JSON-LD, and making the article "updated".
 */
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { checkCommonShape } from '../src/articles/quick-check.ts'
import { createFrontMatterSchema } from '../src/articles/schema.ts'
import { scaffoldArticle } from '../src/cli/new.ts'
import { appFor, articleFile, fetchText, fullTranslation, makeSite, ownReporting } from './helpers/fixtures.ts'
import { parseJsonFeedWithFeedsmith, parseWithFeedParser, parseWithPythonFeedparser } from './helpers/parsers.ts'

const site = makeSite()
const ID = 'tag:news.example.org,2019-09-23:corrected'
const FIRST = 'An earlier version of this article gave the wrong rank for General Dupont.'
// Markup in the text is text: it comes back as written, never as an element.
const SECOND = 'The minister’s quote was <b>mistranslated</b> & has been fixed.'

/** A translation corrected twice, written in the opposite order, without `updated`. */
function corrected(overrides: Record<string, unknown> = {}) {
  return fullTranslation({
    updated: undefined,
    slug: 'corrected',
    corrections: [
      { date: '2019-09-26 10:30', text: SECOND },
      { date: '2019-09-25', text: FIRST },
    ],
    ...overrides,
  })
}

function corpus(fields = corrected()) {
  return appFor([
    { file: 'corrected.md', source: articleFile(fields) },
    { file: 'desk.md', source: articleFile(ownReporting()) },
  ])
}

/** The notice as a reader's parser hands it back: the text of each correction, in order. */
function noticeTexts(html: string): string[] {
  const notice = /<aside class="bylines-corrections"[^>]*>(.*?)<\/aside>/s.exec(html)?.[1]
  expect(notice, 'the corrections notice').toBeDefined()
  return [...notice!.matchAll(/<p class="bylines-correction">(.*?)<\/p>/gs)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')))
}

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

const EXPECTED_NOTICE = [`Correction, 25 September 2019: ${FIRST}`, `Correction, 26 September 2019: ${SECOND}`]

function problemsOf(source: string): string[] {
  return parseArticle(source, 'piece.md', site).problems.map(formatProblem)
}

describe('corrections in front matter', () => {
  it('are read oldest first, and give `updated` when it is not written', () => {
    const { article, problems } = parseArticle(articleFile(corrected()), 'piece.md', site)
    expect(problems).toEqual([])
    expect(article!.corrections).toEqual([
      { date: new Date('2019-09-24T21:00:00Z'), text: FIRST },
      { date: new Date('2019-09-26T07:30:00Z'), text: SECOND },
    ])
    expect(article!.updated).toEqual(new Date('2019-09-26T07:30:00Z'))
  })

  it('leave a written `updated` as it is, and a correction on the day of publication never dates a change before it', () => {
    const written = parseArticle(articleFile(corrected({ updated: '2019-09-27T09:00:00+03:00' })), 'piece.md', site)
    expect(written.article!.updated).toEqual(new Date('2019-09-27T06:00:00Z'))
    const sameDay = parseArticle(articleFile(corrected({ corrections: [{ date: '2019-09-23', text: FIRST }] })), 'piece.md', site)
    expect(sameDay.problems).toEqual([])
    expect(sameDay.article!.updated).toEqual(sameDay.article!.date)
  })

  it('name the file, line and field of each bad correction, every one at once', () => {
    const source = articleFile(
      ownReporting({
        corrections: [
          { date: '2020-01-16' },
          { date: 'last Tuesday', text: 'x' },
          { date: '2020-01-14', text: 'Before the article.' },
          { date: '2020-01-16', text: '   ' },
          { date: '2020-01-16', text: 'ok', txet: 'typo' },
        ],
      }),
    )
    const lines = source.split('\n')
    /** The line of the `nth` line that holds `fragment`, from 1, as an editor counts. */
    const at = (fragment: string, nth = 1) => lines.findIndex((l) => l.includes(fragment) && --nth === 0) + 1
    expect(problemsOf(source)).toEqual([
      `piece.md:${at('- date: 2020-01-16')} corrections[0].text: missing, expected what was corrected, as plain text`,
      `piece.md:${at('last Tuesday')} corrections[1].date: got "last Tuesday", expected the day of the correction, e.g. 2023-11-15, or a time such as 2023-11-15 09:30`,
      `piece.md:${at('2020-01-14')} corrections[2].date: is earlier than date, expected the day of publication or later`,
      `piece.md:${at('- date: 2020-01-16', 2) + 1} corrections[3].text: got "", expected what was corrected, as plain text`,
      `piece.md:${at('txet')} corrections[4].txet: is not a known field: did you mean "text"? It is ignored`,
    ])
  })

  it('refuse a list of the wrong shape and an `updated` before the latest correction', () => {
    const lineOf = (source: string, fragment: string) => source.split('\n').findIndex((l) => l.startsWith(fragment)) + 1
    const text = articleFile(ownReporting({ corrections: 'Fixed a name.' }))
    expect(problemsOf(text)).toEqual([
      `piece.md:${lineOf(text, 'corrections:')} corrections: got "Fixed a name.", expected a list of {date, text}`,
    ])
    const strings = articleFile(ownReporting({ corrections: ['Fixed a name.'] }))
    expect(problemsOf(strings)).toEqual([
      `piece.md:${lineOf(strings, '  - Fixed')} corrections[0]: got "Fixed a name.", expected a mapping with date and text`,
    ])
    const late = articleFile(ownReporting({ updated: '2020-01-16 09:00', corrections: [{ date: '2020-01-17', text: 'x' }] }))
    expect(problemsOf(late)).toEqual([
      `piece.md:${lineOf(late, 'updated:')} updated: is earlier than corrections[0].date, expected the latest correction or later (or leave updated out: it is then the latest correction's date)`,
    ])
    // Reported with the other problems, when zod stops at a field that failed.
    const alongside = articleFile(
      ownReporting({ title: '', updated: '2020-01-16 09:00', corrections: [{ date: '2020-01-17', text: 'x' }] }),
    )
    expect(problemsOf(alongside)).toEqual([
      'piece.md:2 title: got "", expected the headline as text',
      `piece.md:${lineOf(alongside, 'updated:')} updated: is earlier than corrections[0].date, expected the latest correction or later (or leave updated out: it is then the latest correction's date)`,
    ])
  })

  it('are read by the quick check exactly as the schema reads them', () => {
    const data = parseFrontMatter(articleFile(corrected()), 'piece.md').data
    const quick = checkCommonShape(data, site.timeZone)
    expect(quick?.corrections).toHaveLength(2)
    expect(quick).toStrictEqual(createFrontMatterSchema(site.timeZone).parse(data))
  })

  it('are written by `new` as a commented example that is valid once filled in', () => {
    const text = scaffoldArticle({ title: 'T', slug: 't', id: 'urn:uuid:x', now: new Date('2026-01-01T10:00:00Z'), site })
    expect(text).toMatch(/^# corrections:$/m)
    const filled =
      text
        .replace(/^# (updated|corrections| {2}- date| {4}text)(:.*?)( {2}#.*)?$/gm, '$1$2')
        .replace('text: ""', 'text: "A name was misspelt."')
        .replace('draft: true\n', '') + 'The body.\n'
    const { article, problems } = parseArticle(filled, 't.md', site)
    expect(problems).toEqual([])
    expect(article!.corrections).toEqual([{ date: new Date('2025-12-31T22:00:00Z'), text: 'A name was misspelt.' }])
  })
})

describe('a corrected item in the feeds', () => {
  it('leads the JSON Feed content with the credit line, then the notice, and is modified at the latest correction', async () => {
    const { body } = await fetchText(corpus().app, '/feed.json')
    const item = parseJsonFeedWithFeedsmith(body).items!.find((i) => i.id === ID)!
    expect(item.content_html).toMatch(
      /^<p class="bylines-credit">Translated from French[^]*?<\/p><aside class="bylines-corrections" role="note" aria-label="Corrections">/,
    )
    expect(noticeTexts(item.content_html!)).toEqual(EXPECTED_NOTICE)
    expect(item.date_modified).toBe('2019-09-26T10:30:00+03:00')
    const own = parseJsonFeedWithFeedsmith(body).items!.find((i) => i.id !== ID)!
    expect(own.content_html).not.toContain('bylines-corrections')
  })

  for (const [path, version] of [
    ['/rss.xml', 'rss20'],
    ['/atom.xml', 'atom10'],
  ] as const) {
    it(`shows the notice in ${path} content, as reader-grade parsers read it`, async () => {
      const { body } = await fetchText(corpus().app, path)
      const item = parseWithFeedParser(body).items.find((i) => i.id === ID)!
      expect(item.content).toMatch(/^<p class="bylines-credit">[^]*?<\/p><aside class="bylines-corrections"/)
      // This parser decodes the content's entities once more than XML does (so `&lt;b&gt;` comes
      // back as a tag, as it would for any article text): the first correction holds none.
      expect(noticeTexts(item.content!)[0]).toBe(EXPECTED_NOTICE[0])

      const parsed = parseWithPythonFeedparser(body)
      expect(parsed.bozo).toBeFalsy()
      expect(parsed.version).toBe(version)
      const entry = parsed.entries.find((e) => e.id === ID)!
      // feedparser sanitises the HTML it hands on; the notice's words and order survive it.
      const content = decode(String(entry.content[0].value).replace(/<[^>]+>/g, ''))
      expect(content).toContain(`Correction, 25 September 2019: ${FIRST}`)
      expect(content).toContain(`Correction, 26 September 2019: ${SECOND}`)
      expect(content.indexOf(FIRST)).toBeGreaterThan(content.indexOf('Translated from French'))
      expect(content.indexOf(SECOND)).toBeGreaterThan(content.indexOf(FIRST))
      expect(content.indexOf('A first paragraph.')).toBeGreaterThan(content.indexOf(SECOND))
      if (version === 'atom10') expect(entry.updated).toBe('2019-09-26T10:30:00+03:00')
    })
  }
})

describe('a corrected article page', () => {
  it('carries each correction as a CorrectionComment in JSON-LD, and dateModified from the latest', async () => {
    const { body } = await fetchText(corpus().app, '/articles/corrected')
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)?.[1]
    const ld = JSON.parse(json!)
    expect(ld.dateModified).toBe('2019-09-26T10:30:00+03:00')
    expect(ld.correction).toEqual([
      { '@type': 'CorrectionComment', text: FIRST, datePublished: '2019-09-25T00:00:00+03:00' },
      { '@type': 'CorrectionComment', text: SECOND, datePublished: '2019-09-26T10:30:00+03:00' },
    ])
    const own = await fetchText(corpus().app, '/articles/desk')
    const ownLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(own.body)![1]!)
    expect(ownLd.correction).toBeUndefined()
    expect(ownLd.dateModified).toBe(ownLd.datePublished)
  })

  it('writes the notice after the credit line, with its markup as text', async () => {
    const { body } = await fetchText(corpus().app, '/articles/corrected')
    expect(body).not.toContain('<b>mistranslated</b>')
    expect(body.indexOf('class="bylines-corrections"')).toBeGreaterThan(body.indexOf('class="bylines-credit"'))
    expect(noticeTexts(body)).toEqual(EXPECTED_NOTICE)
  })
})
