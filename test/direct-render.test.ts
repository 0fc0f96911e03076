/**
 * A body without raw HTML is written straight from markdown-it's tokens (src/text/direct-render.ts)
 * instead of through the sanitiser's parse. The promise is the same bytes: every case here is
 * rendered both ways and compared, from single constructs to thousands of random mixes of them,
 * the bundled articles and a generated archive. The cases the direct renderer must leave to the
 * sanitiser are checked to be left to it.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DomUtils, parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { splitFrontMatter } from '../src/articles/front-matter.ts'
import { renderDirectly } from '../src/text/direct-render.ts'
import { parseBody, renderMarkdown, sanitise } from '../src/text/markdown.ts'
import { TooDeep } from '../src/text/nesting.ts'

const ARTICLE_URL = 'https://news.example.org/desk/2024/05/a-piece/'
const SITE_URL = 'https://news.example.org/desk/'

/** Both renderings of `body`; `direct` is undefined when the body is left to the sanitiser. */
function bothWays(body: string): { direct: string | undefined; sanitised: string } {
  const tokens = parseBody(body)
  return { direct: renderDirectly(tokens, ARTICLE_URL, SITE_URL), sanitised: sanitise(tokens, ARTICLE_URL, SITE_URL) }
}

/** Each construct the direct renderer writes itself, with the characters that need care in it. */
const WRITTEN_DIRECTLY: Record<string, string> = {
  'quotes and ampersands in text': 'He said "yes" & she said \'no\' < > — « » „“',
  'entities and numeric references': '&copy; &amp; &lt;b&gt; &quot; &#34; &#x3C;script&#x3E; &nbsp;x &bogus; &#0;',
  'backslash escapes': '\\*not emphasis\\* \\<not a tag\\> \\& \\" \\[x\\](y)',
  'level-one headings demoted': '# Title with *emphasis* & "quotes"\n\nSetext one\n===\n\n## Two\n\nSetext two\n---\n\n###### Six',
  'emphasis nested': '*a **b _c_ d** e* __strong__ ***both***',
  'code spans': 'Use `a < b && "c" > d` and `` ` `` and `<script>`',
  'indented code': '    if (a < b && c > "d") {\n      return \'&amp;\'\n    }',
  'fenced code with a language': '```js\nconst a = "<b>" && 1 > 0\n```',
  'fenced code with words after the language': '```python title="x" {1,2}\nprint("&")\n```',
  'fenced code without a language': '```\nplain < text\n```\n\n~~~\ntilde & fence\n~~~',
  'fenced code with a hyphenated language': '```objective-c\n@"x"\n```',
  'links, relative and absolute': '[a](other/) [b](../up) [c](/media/x.jpg) [d](https://example.org/a?b=1&c=2#h) [e](#frag) [f](?q=1)',
  'a link with an empty destination': '[here]()',
  'links with titles': '[a](https://example.org/ "A \\"title\\" & more") [b](x \'single\') [c](y (paren))',
  'mail links': '[write](mailto:desk@example.org) <desk@example.org>',
  autolinks: '<https://example.org/a b> <http://EXAMPLE.org/Path?x=1&y=2>',
  'links with spaces and Unicode': '[a](<a b.html>) [b](https://пример.рф/путь) [c](https://example.org/%7Euser/ä)',
  'reference links': '[a][one] [b][] [one]\n\n[one]: https://example.org/one "One"\n[b]: /b',
  pictures: '![A *fine* `view` & "more"](/media/a.jpg "Title") ![](b.png) ![x ![inner](c.png) y](d.png)',
  'a picture whose text holds an entity, an escape or code': '![AT&amp;T \\* `x` &quot;y&quot;](x.png)',
  'a picture inside a link': '[![alt](/media/a.jpg)](https://example.org/)',
  'lists, tight and loose': '- a\n- b\n\n1. one\n2. two\n\n3) three\n\n* loose\n\n* list\n\n  with two paragraphs',
  'an ordered list from seven': '7. seven\n8. eight',
  'lists and quotes nested': '> quote\n> > inner *quote*\n>\n> - item\n>   1. sub\n\n- a\n  - b\n    - c\n      > q',
  breaks: 'hard  \nbreak\\\nbackslash break\nsoft break',
  rules: 'a\n\n---\n\n***\n\n___',
  'an empty body': '',
  'only blank lines': '\n\n   \n',
  'Windows line endings': 'a\r\nb\r\n\r\n# c\r\n',
  'characters XML does not allow': 'a\u0000b\u0001c\uFFFEd\u000Be',
  'right-to-left text': 'مرحبا بالعالم "quoted" & ‏more‎',
  'astral characters': 'emoji 🗞️ and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
}

/** What only the sanitiser can decide: raw HTML, URLs it drops, a class it refuses. */
const LEFT_TO_THE_SANITISER: Record<string, string> = {
  'a block of raw HTML': '<div>block</div>',
  'inline raw HTML': 'a <b>bold</b> word',
  'a comment': 'a <!-- hidden --> b',
  'raw HTML in a picture text': '![a <b>b</b>](x.png)',
  'a link with a scheme it drops': '[ftp](ftp://example.org/file)',
  'a data picture': '![x](data:image/png;base64,iVBORw0KGgo=)',
  'a link that cannot be resolved': '[x](https://example.org:99999/)',
  'a language the class allowlist refuses': '```c++\nint a;\n```',
}

// markdown-it writes a picture's alt from its description's text tokens alone, and lost an
// entity, an escape or a code span from it (src/text/commonmark.ts): read back by an HTML parser,
// the alt is the description's plain text, as CommonMark has it, whichever way it is rendered.
describe("a picture's alt", () => {
  const cases: [string, string][] = [
    ['![AT&amp;T \\* x](x.png)', 'AT&T * x'],
    ['![*em* and `code` &copy; &#12;](x.png)', 'em and code © '],
    ['![a &quot;q&quot; &lt;b&gt; ![inner `c`](i.png)](x.png)', 'a "q" <b> inner c'],
  ]
  for (const [body, alt] of cases) {
    it(`reads ${JSON.stringify(alt)} from ${body}`, () => {
      for (const html of [renderMarkdown(body, ARTICLE_URL, SITE_URL).html, bothWays(`${body} <b>raw</b>`).sanitised]) {
        const img = DomUtils.findOne((element) => element.name === 'img', parseDocument(html).children)
        expect(img?.attribs.alt, html).toBe(alt)
      }
    })
  }

  it('is in a summary taken from the first paragraph', () => {
    expect(renderMarkdown('![AT&amp;T `x`](x.png) rest', ARTICLE_URL, SITE_URL).firstParagraph).toBe('AT&T x rest')
  })
})

describe('a body without raw HTML, rendered without the sanitiser', () => {
  for (const [name, body] of Object.entries(WRITTEN_DIRECTLY)) {
    it(`writes ${name} as the sanitiser does`, () => {
      const { direct, sanitised } = bothWays(body)
      expect(direct).toBeDefined()
      expect(direct).toBe(sanitised)
    })
  }

  for (const [name, body] of Object.entries(LEFT_TO_THE_SANITISER)) {
    it(`leaves ${name} to the sanitiser`, () => {
      expect(bothWays(body).direct).toBeUndefined()
      expect(renderMarkdown(body, ARTICLE_URL, SITE_URL).html).toBe(bothWays(body).sanitised)
    })
  }

  it('leaves to the sanitiser what it may refuse as nested too deep, and writes the rest as it does', () => {
    let refused = 0
    let direct = 0
    for (let depth = 180; depth <= 230; depth++) {
      for (const body of ['_'.repeat(depth) + 'a' + '_'.repeat(depth), `${'> '.repeat(depth / 10)}${'*a '.repeat(depth / 3)}b`]) {
        const tokens = parseBody(body)
        const written = renderDirectly(tokens, ARTICLE_URL, SITE_URL)
        let sanitised: string | undefined
        try {
          sanitised = sanitise(tokens, ARTICLE_URL, SITE_URL)
        } catch (error) {
          expect(error).toBeInstanceOf(TooDeep)
          expect(written, body).toBeUndefined()
          refused++
          continue
        }
        if (written === undefined) continue
        direct++
        expect(written, body).toBe(sanitised)
      }
    }
    // The depths span the limit: some bodies the sanitiser refuses, some are written directly.
    expect(refused).toBeGreaterThan(10)
    expect(direct).toBeGreaterThan(10)
  })

  it('writes thousands of random mixes of the constructs as the sanitiser does', () => {
    const pieces = [...Object.values(WRITTEN_DIRECTLY), ...Object.values(LEFT_TO_THE_SANITISER)]
    const separators = ['\n\n', '\n', ' ', '', '\n> ', '\n- ', '\n1. ', '\n    ', '*', '_', '`', '[', '](', ')']
    const random = seededRandom(20261206)
    const pick = <T>(from: T[]) => from[Math.floor(random() * from.length)]!
    let direct = 0
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(pieces) + pick(separators))
      const body = parts.join('')
      const both = bothWays(body)
      if (both.direct === undefined) continue
      direct++
      expect(both.direct, body).toBe(both.sanitised)
    }
    // Most mixes hold no raw HTML: the comparison covers the direct renderer, not only the way around it.
    expect(direct).toBeGreaterThan(1000)
  })

  it('writes the bundled articles and a generated archive as the sanitiser does', () => {
    const archive = mkdtempSync(join(tmpdir(), 'bylines-direct-render-'))
    execFileSync(process.execPath, [join('bench', 'gen-corpus.mjs'), '300', archive], { stdio: 'ignore' })
    const files = [
      ...readdirSync('articles').map((name) => join('articles', name)),
      ...readdirSync(archive).map((name) => join(archive, name)),
    ].filter((file) => file.endsWith('.md'))
    expect(files.length).toBeGreaterThan(300)
    let direct = 0
    for (const file of files) {
      const text = readFileSync(file, 'utf8')
      const fences = splitFrontMatter(text)
      if (fences.kind !== 'fenced') throw new Error(`${file}: no front matter`)
      const both = bothWays(text.slice(fences.bodyStart))
      if (both.direct === undefined) continue
      direct++
      expect(both.direct, file).toBe(both.sanitised)
    }
    // The generated articles hold no raw HTML: nearly all are written directly, so compared.
    expect(direct).toBeGreaterThan(300)
  })
})

/** A small deterministic generator (mulberry32), so a failing mix can be found again. */
function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
