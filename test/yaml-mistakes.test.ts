/**
 * The YAML mistakes an editor makes in front matter, each reported at the line the editor must
 * change, naming the field when the parser read its key, and saying the fix in words.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { bylines } from './helpers/bylines-cli.ts'
import { makeSite } from './helpers/fixtures.ts'

const site = makeSite()

/** The front matter's lines after the opening `---` (line 1), so the first is line 2. */
const article = (...lines: string[]) => `---\n${lines.join('\n')}\n---\nBody.\n`

function problemsOf(source: string) {
  return parseArticle(source, 'piece.md', site).problems
}

describe('a YAML mistake is reported at its line, with the fix in plain words', () => {
  it.each([
    {
      mistake: 'an unquoted ": " inside a title',
      lines: ['title: France: the talks resume', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/": "/, /put the whole value in quotes: title: "France: the talks resume"/],
    },
    {
      mistake: 'a title ending with ":"',
      lines: ['title: Breaking:', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/ends with ":"/, /title: "Breaking:"/],
    },
    {
      mistake: 'an unquoted ": " inside a nested value, on the last line',
      lines: ['title: Talks', 'date: 2020-01-01', 'authors:', '  - name: Le Monde: desk'],
      line: 5,
      field: 'authors[0]',
      says: [/": "/, /name: "Le Monde: desk"/],
    },
    {
      mistake: 'a double quote left open',
      lines: ['title: "France and Russia', 'date: 2020-01-01', 'summary: Talks.', 'tags: [france]'],
      line: 2,
      field: 'title',
      says: [/never closed/, /close the quote or put the whole value in quotes/, /title: "France and Russia"/],
    },
    {
      mistake: 'a single quote left open, an apostrophe',
      lines: ['title: Talks', 'date: 2020-01-01', "summary: 'Twas the night", 'tags: [france]'],
      line: 4,
      field: 'summary',
      says: [/never closed/, /summary: "'Twas the night"/],
    },
    {
      mistake: 'a quote left open in a nested field',
      lines: ['title: Talks', 'date: 2020-01-01', 'original:', '  publication: "Le Monde', '  language: fr'],
      line: 5,
      field: 'original.publication',
      says: [/never closed/, /publication: "Le Monde"/],
    },
    {
      // js-yaml reads this one; the stricter reader, which locates the unknown field, does not.
      mistake: 'a quoted value continued on a line that is not indented',
      lines: ['title: "A headline', '\tacross two lines"', 'date: 2020-01-01', 'sumary: x'],
      line: 2,
      field: 'title',
      says: [/not closed on this line/, /line 3 is not indented/, /keep the value on one line|indent the lines/],
    },
    {
      mistake: 'text after a closing quote',
      lines: ['title: "Reset" is the word', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/text follows its closing quote/, /title: '"Reset" is the word'/],
    },
    {
      mistake: 'an apostrophe inside single quotes',
      lines: ["title: 'L'Europe'", 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/closing quote/, /title: "L'Europe"/],
    },
    {
      mistake: 'a tab used for indentation',
      lines: ['title: Talks', 'date: 2020-01-01', 'original:', '\tpublication: Le Monde'],
      line: 5,
      field: undefined,
      says: [/"publication:" is indented with a tab/, /replace the tab with spaces/],
    },
    {
      mistake: 'a nested field indented further than the one above it',
      lines: ['title: Talks', 'date: 2020-01-01', 'original:', '  publication: Le Monde', '   language: fr'],
      line: 6,
      field: undefined,
      says: [/"language:" is indented 3 spaces/, /"publication:" above it \(line 5\) is indented 2 spaces/, /line them up/],
    },
    {
      mistake: 'a nested field indented less than the one above it',
      lines: ['title: Talks', 'date: 2020-01-01', 'original:', '    publication: Le Monde', '  language: fr'],
      line: 6,
      field: undefined,
      says: [/"language:" is indented 2 spaces/, /indented 4 spaces/, /same column/],
    },
    {
      mistake: 'a list item whose dash is not under the one above',
      lines: ['title: Talks', 'date: 2020-01-01', 'authors:', '  - Anne', ' - Bea'],
      line: 6,
      field: undefined,
      says: [/indented 1 space/, /\(line 5\) is indented 2 spaces/, /every "- " of one list at the same column/],
    },
    {
      mistake: 'a list of fields whose second dash is indented further',
      lines: ['title: Talks', 'date: 2020-01-01', 'authors:', '  - name: Anne', '   - name: Bea'],
      line: 6,
      field: undefined,
      says: [/indented 3 spaces/, /same column/],
    },
    {
      mistake: 'a first field indented and the next one not',
      lines: [' title: Talks', 'date: 2020-01-01'],
      line: 3,
      field: undefined,
      says: [/"date:" is not indented/, /"title:" above it \(line 2\) is indented 1 space/],
    },
    ...[
      ['@', 'title: @lemonde says', /cannot start with "@"/, /title: "@lemonde says"/],
      ['`', 'title: `grep` explained', /cannot start with "`"/, /title: "`grep` explained"/],
      ['%', 'title: %50 of voters', /cannot start with "%"/, /title: "%50 of voters"/],
      ['*', 'title: *Grand* news', /alias/, /title: "\*Grand\* news"/],
      ['&', 'title: & more', /anchor/, /title: "& more"/],
      ['!', 'title: !Breaking news', /type tag/, /title: "!Breaking news"/],
      ['|', 'title: | Talks', /block of text/, /title: "\| Talks"/],
      ['>', 'title: > Talks', /block of text/, /title: "> Talks"/],
      ['[ closed, then text', 'title: [Exclusive] France talks', /list, and text follows its "]"/, /title: "\[Exclusive\] France talks"/],
    ].map(([start, line, meaning, fix]) => ({
      mistake: `a title starting with ${start as string}`,
      lines: [line as string, 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [meaning as RegExp, /put the whole value in quotes/, fix as RegExp],
    })),
    {
      mistake: 'a title starting with [ that is never closed',
      lines: ['title: [Exclusive France talks', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/never closed/, /end it with "]"/, /if it is text, put the whole value in quotes: title: "\[Exclusive France talks"/],
    },
    {
      mistake: 'a list of tags left open',
      lines: ['title: Talks', 'date: 2020-01-01', 'tags: [france, russia', 'summary: Talks.'],
      line: 4,
      field: 'tags',
      says: [/never closed/, /end it with "]"/],
    },
    {
      mistake: 'a title starting with { that is never closed',
      lines: ['title: {Exclusive France talks', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/never closed/, /end it with "}"/],
    },
    {
      mistake: 'a list started on the line of its field',
      lines: ['title: Talks', 'date: 2020-01-01', 'tags: - france'],
      line: 4,
      field: 'tags',
      says: [/a list cannot start on the line of its field/, /on a line of its own below tags:/],
    },
    {
      mistake: 'no space after the colon, on the first line',
      lines: ['title:France', 'date: 2020-01-01'],
      line: 2,
      field: 'title',
      says: [/no space after the colon/, /write title: France/],
    },
    {
      mistake: 'no space after the colon, on the last line',
      lines: ['date: 2020-01-01', 'title:France'],
      line: 3,
      field: 'title',
      says: [/no space after the colon/, /write title: France/],
    },
    {
      mistake: 'no space after the colon, the only line',
      lines: ['title:France'],
      line: 2,
      field: 'title',
      says: [/no space after the colon/, /write title: France/],
    },
    {
      mistake: 'a line with no colon, between fields',
      lines: ['title: Talks', 'France and Russia resume talks', 'date: 2020-01-01'],
      line: 3,
      field: undefined,
      says: [/not a "field: value" line/, /indent it under that field or join the two lines/],
    },
    {
      mistake: 'a summary wrapped onto a line of its own, last',
      lines: ['title: Talks', 'date: 2020-01-01', 'summary: The talks resume', 'in Paris today'],
      line: 5,
      field: undefined,
      says: [/not a "field: value" line/, /continues the value above/],
    },
  ])('$mistake', ({ lines, line, field, says }) => {
    const problems = problemsOf(article(...lines))
    expect(problems).toHaveLength(1)
    const [problem] = problems
    expect(problem).toMatchObject({ severity: 'error', file: 'piece.md', line })
    expect(problem!.field).toBe(field)
    for (const words of says) expect(problem!.message).toMatch(words)
    // The parser's own words are left out: they name its grammar, not the editor's mistake.
    expect(problem!.message).not.toMatch(/implicit|compact mapping|scalar|flow|token/i)
  })

  it('refuses a type tag such as !!js/function, naming the tag', () => {
    const problems = problemsOf(article('title: !!js/function "function () {}"', 'date: 2020-01-01'))
    expect(problems).toEqual([
      expect.objectContaining({ line: 2, field: 'title', message: expect.stringMatching(/type tag, which front matter does not accept/) }),
    ])
  })
})

describe('YAML that reads, but not as the editor meant', () => {
  it('names the fields of original: written without indentation as fields of original', () => {
    const source = article(
      'title: Talks',
      'date: 2020-01-01',
      'original:',
      'publication: Le Monde',
      'url: https://www.lemonde.fr/a',
      'language: fr',
    )
    const problems = problemsOf(source).map(({ line, field, message }) => ({ line, field, message }))
    expect(problems).toContainEqual({
      line: 5,
      field: 'publication',
      message: expect.stringMatching(
        /^is a field of original, not of the article itself; if it belongs under original:, indent it by two spaces/,
      ),
    })
    expect(problems).toContainEqual({
      line: 6,
      field: 'url',
      message: expect.stringMatching(
        /^is a field of original or image, not of the article itself; if it belongs under original: or image:, indent it/,
      ),
    })
    // language is the article's own field too: YAML read it as that, and it is not reported.
    expect(problems.map((p) => p.field)).not.toContain('language')
  })
})

describe('bylines check on a title with an unquoted colon', () => {
  it('names the file, line and field, and says to put the title in quotes', async () => {
    const result = await bylines(['check'])
    expect(result.code).toBe(0)
    writeFileSync(join(result.articlesDir, 'talks.md'), article('title: France: the talks resume', 'date: 2020-01-01'))
    const bad = await bylines(['check'], result.articlesDir)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(
      'error: talks.md:2 title: the value has a ": " in it, which YAML reads as the start of another field; put the whole value in quotes: title: "France: the talks resume"',
    )
    expect(bad.stdout).toMatch(/0 articles ready, 1 error/)
  })
})

describe('a line of front matter built to make the explanation slow', () => {
  it('is explained in time linear in its length, bounded against reading a plain file of the same size', () => {
    const blanks = ' '.repeat(400_000)
    const timed = (source: string) => {
      const started = performance.now()
      let message = ''
      try {
        parseFrontMatter(source, 'slow.md')
      } catch (error) {
        message = (error as Error).message
      }
      return { message, ms: performance.now() - started }
    }
    const plain = timed(`---\ntitle: "a${blanks}b"\n---\n`)
    expect(plain.message).toBe('')
    // Runs of blanks where the old line pattern tried each blank against the rest: minutes.
    for (const line of [`title: @a${blanks}b`, `title: a${blanks}b: c`, `"k"${blanks}x`, `title${blanks}`]) {
      const { message, ms } = timed(`---\n${line}\n---\n`)
      expect(message, line.slice(0, 20)).toMatch(/^slow\.md:2/)
      expect(ms, line.slice(0, 20)).toBeLessThan(2000 + 100 * plain.ms)
    }
  })
})
