/** `bylines import`: raw translated copy to article files (the sample field by field, its variants, files). */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { listArticleFiles } from '../src/content/read-articles.ts'
import { writeFileAtomic } from '../src/files/atomic-write.ts'
import { withLockFile } from '../src/files/lock-file.ts'
import { buildArticleDraft, ImportError, type ImportOptions } from '../src/import/article-draft.ts'
import { readDateLine } from '../src/import/date-lines.ts'
import { importIdFor } from '../src/import/identity.ts'
import { importRawCopy, LOCK_FILE } from '../src/import/import-files.ts'
import { MANIFEST_FILE } from '../src/import/import-manifest.ts'
import type { ImportOutcome } from '../src/import/import-outcome.ts'
import type { ImportSettings } from '../src/import/import-settings.ts'
import { parseRawCopy } from '../src/import/raw-copy.ts'
import { decodeRawCopy, normaliseRawText, RawCopyError } from '../src/import/raw-text.ts'
import { escapeMarkdown, writeArticle } from '../src/import/write-article.ts'
import { DEFAULT_PUBLICATIONS } from '../src/settings/schema.ts'
import { renderMarkdown } from '../src/text/markdown.ts'
import { articleFile, makeSite } from './helpers/fixtures.ts'

const SAMPLE = readFileSync(join(import.meta.dirname, 'fixtures', 'raw-copy-le-monde.txt'), 'utf8')
const HAND_MADE = readFileSync(join(import.meta.dirname, '..', 'articles', 'france-russia-military-dialogue.md'), 'utf8')
const site = makeSite({ publications: DEFAULT_PUBLICATIONS })
const ZONE = site.timeZone

const TITLE = 'Ukrainian war no longer obstacle to France-Russia military alliance?'
const SAMPLE_FILE = 'ukrainian-war-no-longer-obstacle-to-france-russia-military-alliance.md'
const STANDFIRST =
  'French generals are aware of the risks associated with the ambiguity of Russian position in military sphere, but recognize the importance of such relations when the armies are next to each other on the same territory'
const RECOMMENDED = ['original.url', 'original.title', 'translators']

/** Raw copy in, article file text and its parts out, as import writes it (no files). */
function importText(raw: string, options: ImportOptions = {}, slugs: Record<string, string> = {}) {
  const normalised = normaliseRawText(raw)
  const copy = parseRawCopy(normalised, { timeZone: ZONE })
  const draft = buildArticleDraft(copy, options, {
    site,
    id: importIdFor(normalised),
    slugForTitle: (title) => slugs[title],
  })
  const text = writeArticle(draft)
  const { data, body } = parseFrontMatter(text, 'imported.md')
  const parsed = parseArticle(text, 'imported.md', site)
  return {
    copy,
    draft,
    text,
    data,
    body,
    parsed,
    missing: (level: string) => draft.missing.filter((m) => m.level === level).map((m) => m.field),
  }
}

describe('importing the sample (Le Monde, 23 September 2019)', () => {
  const result = importText(SAMPLE)
  const { data, body, parsed } = result

  it('reads the title, the date in the site’s zone with its offset, and the standfirst as summary', () => {
    expect(data.title).toBe(TITLE)
    expect(data.date).toBe('2019-09-23T22:11:00+03:00')
    expect(parsed.article?.date.toISOString()).toBe('2019-09-23T19:11:00.000Z')
    expect(data.summary).toBe(STANDFIRST)
  })

  it('credits Le Monde in French; the Author line names the paper, not a person, so no author is invented', () => {
    expect(data.original).toEqual({ publication: 'Le Monde', language: 'fr' })
    expect(result.copy.authors).toEqual(['French newspaper Le Monde'])
    expect(data.translators).toBeUndefined()
    expect(parsed.article?.original?.publication).toEqual({
      name: 'Le Monde',
      url: 'https://www.lemonde.fr/',
      feed: 'https://www.lemonde.fr/rss/une.xml',
    })
  })

  it('moves the Related teasers into related, as titles, when we have no such article', () => {
    expect(data.related).toEqual([
      { title: 'Trump-Zelensky call: where all this is going to?' },
      { title: 'Ukraine officially refuses from participation in PACE autumn session' },
    ])
  })

  it('keeps the photo caption and credit out of the body, in a comment of the front matter', () => {
    expect(result.copy.image).toEqual({ caption: 'Vladimir Putin and Emmanuel Macron', credit: 'Le Monde' })
    expect(data.image).toBeUndefined()
    expect(result.text).toContain('#   caption: Vladimir Putin and Emmanuel Macron\n#   credit: Le Monde\n')
  })

  it('keeps the body as the hand-made article has it, without boilerplate, caption, header or teasers', () => {
    const handMadeBody = parseFrontMatter(HAND_MADE, 'hand-made.md').body
    expect(renderMarkdown(body, 'https://news.example.org/a', 'https://news.example.org/').html).toBe(
      renderMarkdown(handMadeBody, 'https://news.example.org/a', 'https://news.example.org/').html,
    )
    for (const gone of [
      'Related:',
      'Read the original article',
      'Orphus',
      'If you find an error',
      'see more',
      'Vladimir Putin and Emmanuel Macron',
      'Author :',
      'Source :',
      '22:11',
      'French generals are aware of the risks associated with the ambiguity of Russian position in military sphere',
    ]) {
      expect(body, gone).not.toContain(gone)
    }
    expect(result.copy.boilerplate).toEqual([
      'Система Orphus',
      'If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it',
      'see more',
    ])
  })

  it('writes a stable urn:uuid id, is not a draft, and lists exactly what is recommended but missing', () => {
    expect(data.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(importText(SAMPLE).text).toBe(result.text)
    expect(data.draft).toBeUndefined()
    expect(result.missing('required')).toEqual([])
    expect(result.missing('recommended')).toEqual(RECOMMENDED)
    expect(result.text).toContain('  # url: recommended, not given: --original-url\n')
  })

  it('is a valid article with no problem at all', () => {
    expect(parsed.problems.map(formatProblem)).toEqual([])
    expect(parsed.article?.draft).toBe(false)
  })

  it('takes what the text cannot say from the options', () => {
    const withOptions = importText(SAMPLE, {
      originalUrl: 'https://www.lemonde.fr/international/article/2019/09/23/la-guerre-en-ukraine.html',
      originalTitle: 'La guerre en Ukraine n’est plus un obstacle',
      translators: ['Jane Doe'],
      tags: ['France', 'Russia'],
      language: 'en-GB',
    })
    expect(withOptions.data.original).toEqual({
      publication: 'Le Monde',
      url: 'https://www.lemonde.fr/international/article/2019/09/23/la-guerre-en-ukraine.html',
      title: 'La guerre en Ukraine n’est plus un obstacle',
      language: 'fr',
    })
    expect(withOptions.data.translators).toEqual(['Jane Doe'])
    expect(withOptions.data.tags).toEqual(['France', 'Russia'])
    expect(withOptions.data.language).toBe('en-GB')
    expect(withOptions.draft.missing).toEqual([])
    expect(withOptions.data.id).toBe(data.id)
    expect(withOptions.parsed.problems).toEqual([])
  })

  it('points a teaser at our article when one has that title', () => {
    const linked = importText(SAMPLE, {}, { 'Trump-Zelensky call: where all this is going to?': 'trump-zelensky-call' })
    expect(linked.data.related).toEqual([
      'trump-zelensky-call',
      { title: 'Ukraine officially refuses from participation in PACE autumn session' },
    ])
  })
})

describe('variants of the sample', () => {
  it.each([
    ['22:11, 23 September 2019', '2019-09-23T22:11:00+03:00'],
    ['2019-09-23T22:11', '2019-09-23T22:11:00+03:00'],
    ['2019-09-23 22:11', '2019-09-23T22:11:00+03:00'],
    ['2019-09-23T19:11:00Z', '2019-09-23T22:11:00+03:00'],
    ['23.09.2019 22:11', '2019-09-23T22:11:00+03:00'],
    ['23.09.2019, 22:11', '2019-09-23T22:11:00+03:00'],
    ['22:11 23.09.2019', '2019-09-23T22:11:00+03:00'],
    ['23 September 2019, 22:11', '2019-09-23T22:11:00+03:00'],
    ['September 23, 2019 10:11 pm', '2019-09-23T22:11:00+03:00'],
    ['Published: 23 Sep 2019 22:11', '2019-09-23T22:11:00+03:00'],
    ['23 вересня 2019, 22:11', '2019-09-23T22:11:00+03:00'],
    ['23 septembre 2019 à 22h11', '2019-09-23T22:11:00+03:00'],
    ['Monday, 23 September 2019', '2019-09-23'],
    ['15:30, 12 January 2020', '2020-01-12T15:30:00+02:00'],
  ])('reads the date line "%s" in the site’s zone as %s', (line, expected) => {
    const { data, parsed } = importText(SAMPLE.replace('22:11, 23 September 2019', line))
    expect(data.date).toBe(expected)
    expect(data.summary).toBe(STANDFIRST)
    expect(parsed.problems).toEqual([])
  })

  it('does not take an impossible date or a sentence for a date line', () => {
    expect(readDateLine('30.02.2019 10:00', ZONE)).toBeUndefined()
    expect(readDateLine('23 Septembre 2019 was a Monday.', ZONE)).toBeUndefined()
    expect(readDateLine('25:00, 23 September 2019', ZONE)).toBeUndefined()
  })

  it('without a date line, is a draft that says the date is required', () => {
    const { data, draft, text, parsed, missing } = importText(SAMPLE.replace('22:11, 23 September 2019\n', ''))
    expect(draft.draft).toBe(true)
    expect(missing('required')).toEqual(['date'])
    expect(missing('recommended')).toEqual(RECOMMENDED)
    expect(data.draft).toBe(true)
    expect(data.date).toBeUndefined()
    expect(text).toContain('# Draft: fill in date, then delete "draft: true".\ndraft: true\n')
    expect(text).toContain('# date: required, not given: the copy has no date line')
    // Never served: check names the field to fill in.
    expect(parsed.problems.map(formatProblem)).toEqual([
      'imported.md:1 date: missing, expected a date such as 2019-09-23T22:11:00+03:00 or 2019-09-23 22:11',
    ])
    // The rest is still read: the standfirst is then the body's first paragraph.
    expect(data.title).toBe(TITLE)
    expect(data.original).toEqual({ publication: 'Le Monde', language: 'fr' })
  })

  it('without an Author line, gives the same article', () => {
    const without = importText(SAMPLE.replace('Author : French newspaper Le Monde\n\n', ''))
    const sample = importText(SAMPLE)
    expect(without.data).toEqual({ ...sample.data, id: without.data.id })
    expect(without.body).toBe(sample.body)
  })

  it('credits named authors from Author and By lines', () => {
    expect(importText(SAMPLE.replace('Author : French newspaper Le Monde', 'Author : Isabelle Mandraud')).data.original).toEqual({
      publication: 'Le Monde',
      language: 'fr',
      authors: ['Isabelle Mandraud'],
    })
    expect(
      importText(SAMPLE.replace('Author : French newspaper Le Monde', 'By Isabelle Mandraud and Élise Vincent')).data.original,
    ).toEqual({ publication: 'Le Monde', language: 'fr', authors: ['Isabelle Mandraud', 'Élise Vincent'] })
  })

  it('reads the publication from the "Read the original" line, or an Author line, when there is no Source line', () => {
    const { data } = importText(SAMPLE.replace('Source : Le Monde\n\n', ''))
    expect(data.original).toEqual({ publication: 'Le Monde', language: 'fr' })
    const atTheFoot = importText(
      SAMPLE.replace('Source : Le Monde\n\n', '').replace('Read the original article at Le Monde website', 'Source: Le Monde'),
    )
    expect(atTheFoot.data.original).toEqual({ publication: 'Le Monde', language: 'fr' })
    expect(atTheFoot.body).toBe(importText(SAMPLE).body)
    const byAuthor = importText(SAMPLE.replace('Source : Le Monde\n\n', '').replace('Read the original article at Le Monde website\n', ''))
    expect(byAuthor.data.original).toEqual({ publication: 'Le Monde', language: 'fr' })
  })

  it('without any publication, is a draft: a translation is never passed off as our own reporting', () => {
    const raw = SAMPLE.replace('Author : French newspaper Le Monde\n\n', '')
      .replace('Source : Le Monde\n\n', '')
      .replace('Read the original article at Le Monde website\n', '')
    const { draft, missing, data } = importText(raw)
    expect(draft.draft).toBe(true)
    expect(missing('required')).toEqual(['original.publication', 'original.language'])
    expect(data.original).toBeNull()
  })

  it('needs the language of a publication it does not know, and takes it from the options', () => {
    const raw = SAMPLE.replace('Source : Le Monde', 'Source : Gazeta Przykładowa').replace(
      'at Le Monde website',
      'at Gazeta Przykładowa website',
    )
    const unknown = importText(raw)
    expect(unknown.missing('required')).toEqual(['original.language'])
    expect(unknown.draft.missing[0]?.hint).toContain('SITE_PUBLICATIONS')
    const given = importText(raw, { originalLanguage: 'pl' })
    expect(given.data.original).toEqual({ publication: 'Gazeta Przykładowa', language: 'pl', authors: ['French newspaper Le Monde'] })
    expect(given.draft.draft).toBe(false)
  })

  it('reads "Translated from French by …" and a Source that is the original’s address', () => {
    const raw = SAMPLE.replace(
      'Source : Le Monde',
      'Source : https://www.lemonde.fr/international/article/2019/09/23/x.html\nTranslated from French by Jane Doe',
    ).replace('Read the original article at Le Monde website\n', '')
    const { data } = importText(raw)
    expect(data.translators).toEqual(['Jane Doe'])
    expect(data.original).toEqual({
      publication: 'Le Monde',
      url: 'https://www.lemonde.fr/international/article/2019/09/23/x.html',
      language: 'fr',
    })
  })

  it('drops boilerplate in Ukrainian and French, and reads their teasers', () => {
    const ukrainian = SAMPLE.replace(
      'If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it',
      'Якщо ви помітили помилку, виділіть необхідний текст і натисніть Ctrl + Enter, щоб повідомити про це',
    )
      .replace('see more', 'Читати далі')
      .replace('Related: Trump', 'Читайте також: Trump')
    const french = SAMPLE.replace('Система Orphus', 'Système Orphus')
      .replace(
        'If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it',
        'Si vous trouvez une erreur, sélectionnez le texte et appuyez sur Ctrl + Entrée',
      )
      .replace('see more', 'Lire la suite')
      .replace('Related: Ukraine', 'Lire aussi : Ukraine')
    const sample = importText(SAMPLE)
    for (const raw of [ukrainian, french]) {
      const { body, data } = importText(raw)
      expect(body).toBe(sample.body)
      expect(data.related).toEqual(sample.data.related)
      for (const gone of ['Orphus', 'Ctrl', 'Читати далі', 'Lire la suite']) expect(body).not.toContain(gone)
    }
  })

  it('drops the newsroom’s own boilerplate patterns', async () => {
    const { parseBoilerplateList, DEFAULT_BOILERPLATE } = await import('../src/import/boilerplate.ts')
    const patterns = [
      ...DEFAULT_BOILERPLATE,
      ...parseBoilerplateList('# ours\nFollow us on Mastodon\n/^Photo gallery \\(\\d+\\)$/\n', 'list.txt'),
    ]
    const raw = SAMPLE.replace('Related: Trump', 'Follow us on Mastodon\n\nPHOTO GALLERY (12)\n\nRelated: Trump')
    const copy = parseRawCopy(raw, { timeZone: ZONE, boilerplate: patterns })
    expect(copy.boilerplate).toEqual(expect.arrayContaining(['Follow us on Mastodon', 'PHOTO GALLERY (12)']))
    expect(copy.paragraphs).toHaveLength(19)
    expect(() => parseBoilerplateList('/(/\n', 'list.txt')).toThrow(/list\.txt:1: "\/\(\/" is not a valid regular expression/)
  })

  it('gives the same article, byte for byte, from Windows line endings and a BOM', () => {
    const windows = `\uFEFF${SAMPLE.replace(/\n/g, '\r\n')}`
    const decoded = decodeRawCopy(new TextEncoder().encode(windows))
    expect(importText(decoded).text).toBe(importText(SAMPLE).text)
    const utf16 = Buffer.from(`\uFEFF${SAMPLE.replace(/\n/g, '\r\n')}`, 'utf16le')
    expect(importText(decodeRawCopy(utf16)).text).toBe(importText(SAMPLE).text)
  })

  it.each([
    ['an empty file', new Uint8Array(), /^is empty/],
    ['blank lines only', new TextEncoder().encode('\uFEFF \r\n\t\n'), /^is empty/],
    [
      'a PNG image',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      /^is a PNG image, not text; expected the translation as plain text/,
    ],
    ['a Word document', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]), /^is a Word\/OpenDocument file/],
    ['NUL bytes', new TextEncoder().encode('Title\n\0\0\0binary'), /^holds NUL bytes: it is binary/],
    [
      'Windows-1251 text',
      new Uint8Array([0xcf, 0xf0, 0xe8, 0xe2, 0xb3, 0xf2]),
      /^is not UTF-8 text .*save it again with the encoding UTF-8/,
    ],
  ])('refuses %s with a message that says what to do', (_, bytes, message) => {
    expect(() => decodeRawCopy(bytes)).toThrow(RawCopyError)
    expect(() => decodeRawCopy(bytes)).toThrow(message)
  })

  it('refuses copy with a title and no body', () => {
    expect(() => importText('Just a title\n\nSource : Le Monde\n')).toThrow(ImportError)
    expect(() => importText('Just a title\n\nSource : Le Monde\n')).toThrow(/has a title but no body/)
  })

  it('writes body text that renders as the same text, whatever Markdown it looks like', () => {
    const paragraphs = [
      '1. Not a list, *not emphasis*, _nor this_, `nor code`.',
      '# Not a heading <b>not bold</b> &amp; [not a link](https://example.org)',
      '- not a bullet',
      '> not a quote \\ backslash',
      '---',
    ]
    const html = renderMarkdown(paragraphs.map(escapeMarkdown).join('\n\n'), 'https://news.example.org/a', 'https://news.example.org/').html
    expect(html).toBe(
      paragraphs.map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`).join('\n') + '\n',
    )
  })

  it('keeps body sentences that only look like header or teaser lines', () => {
    const lines = ['Read the original in full at the link below.', 'By the end of 2019, talks had resumed.', 'Par ailleurs, Paris espère.']
    const copy = parseRawCopy(SAMPLE.replace('Related: Trump', `${lines.join('\n\n')}\n\nRelated: Trump`), { timeZone: ZONE })
    expect(copy.paragraphs).toEqual(expect.arrayContaining(lines))
    expect(copy.publication).toBe('Le Monde')
    expect(copy.authors).toEqual(['French newspaper Le Monde'])
  })

  it('joins hard-wrapped lines and keeps one-paragraph-a-line copy apart', () => {
    const copy = parseRawCopy(
      `${TITLE}\n\nSource : Le Monde\n\nThe first paragraph was wrapped\nby the translator's editor.\nA second paragraph on its own line.\n`,
      { timeZone: ZONE },
    )
    expect(copy.paragraphs).toEqual(["The first paragraph was wrapped by the translator's editor.", 'A second paragraph on its own line.'])
  })
})

/** A folder of raw copy and an articles folder beside it, and import run on them. */
function setUp(files: Record<string, string | Uint8Array> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'bylines-import-'))
  const articlesDir = join(root, 'articles')
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true })
    writeFileSync(join(root, name), content)
  }
  const events: string[] = []
  const run = (inputs: string[], overrides: Partial<ImportSettings> = {}) =>
    importRawCopy(
      inputs.map((i) => join(root, i)),
      {
        site: { ...site, articlesDir: 'articles' },
        articlesDir,
        options: {},
        onProgress: (o, i, total) => events.push(`${i + 1}/${total} ${o.status}`),
        ...overrides,
      },
    )
  const read = (file: string) => readFileSync(join(articlesDir, file), 'utf8')
  return { root, articlesDir, run, read, events }
}
const statuses = (outcomes: ImportOutcome[]) =>
  outcomes.map((o) => (o.status === 'failed' ? `failed: ${o.reason}` : `${o.status}${o.draft ? ' draft' : ''}`))

describe('importing files and folders', () => {
  it('imports a folder: one bad file never stops the rest, and each file gets its outcome', async () => {
    const { run, events, read } = setUp({
      'raw/a-sample.txt': SAMPLE,
      'raw/b-photo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'raw/c-empty.txt': '',
      'raw/d-undated.txt': SAMPLE.replace('22:11, 23 September 2019\n', '').replace(TITLE, 'Another piece'),
      'raw/.hidden.txt': 'ignored',
    })
    const outcomes = await run(['raw'])
    expect(statuses(outcomes)).toEqual([
      'written',
      'failed: is a PNG image, not text; expected the translation as plain text: save it as "Plain text (.txt)", UTF-8',
      'failed: is empty: expected the translated text',
      'written draft',
    ])
    expect(outcomes.map((o) => o.input.split('/').slice(-2).join('/'))).toEqual([
      'raw/a-sample.txt',
      'raw/b-photo.png',
      'raw/c-empty.txt',
      'raw/d-undated.txt',
    ])
    expect(events).toEqual(['1/4 written', '2/4 failed', '3/4 failed', '4/4 written'])
    expect(parseFrontMatter(read(SAMPLE_FILE), SAMPLE_FILE).data.title).toBe(TITLE)
    expect(parseFrontMatter(read('another-piece.md'), 'another-piece.md').data.draft).toBe(true)
  })

  it('gives the same file when the same text is imported again, even with other line endings', async () => {
    const { run, read, articlesDir } = setUp({ 'sample.txt': SAMPLE, 'windows.txt': SAMPLE.replace(/\n/g, '\r\n') })
    expect(statuses(await run(['sample.txt']))).toEqual(['written'])
    const first = read(SAMPLE_FILE)
    const manifest = readFileSync(join(articlesDir, MANIFEST_FILE), 'utf8')
    expect(statuses(await run(['sample.txt']))).toEqual(['unchanged'])
    expect(statuses(await run(['windows.txt']))).toEqual(['unchanged'])
    expect(read(SAMPLE_FILE)).toBe(first)
    expect(readFileSync(join(articlesDir, MANIFEST_FILE), 'utf8')).toBe(manifest)
    expect(JSON.parse(manifest).articles[parseFrontMatter(first, 'x.md').data.id as string].file).toBe(SAMPLE_FILE)
  })

  it('updates an untouched import with new options, but never an edited one without --force', async () => {
    const { run, read, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    const updated = await run(['sample.txt'], { options: { translators: ['Jane Doe'] } })
    expect(statuses(updated)).toEqual(['written'])
    expect(read(SAMPLE_FILE)).toContain('translators:\n  - Jane Doe\n')

    const edited = read(SAMPLE_FILE).replace('title: Ukrainian', 'title: Edited, Ukrainian')
    writeFileSync(join(articlesDir, SAMPLE_FILE), edited)
    const refused = await run(['sample.txt'])
    expect(statuses(refused)).toEqual([
      `failed: articles/${SAMPLE_FILE} was edited since it was imported (or was not written by import), so it is left as it is: re-run with --force to replace it`,
    ])
    expect(read(SAMPLE_FILE)).toBe(edited)
    expect(statuses(await run(['sample.txt'], { force: true }))).toEqual(['written'])
    expect(read(SAMPLE_FILE)).not.toContain('Edited, ')
  })

  it('keeps the corrections and updated date an editor added when --force imports the copy again', async () => {
    const { run, read, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    const corrections = 'corrections:\n  - date: 2019-09-25\n    text: "An earlier version misnamed the general."\n'
    const edited = read(SAMPLE_FILE).replace(/^---\n/, `---\nupdated: 2019-09-25 10:00\n${corrections}`)
    writeFileSync(join(articlesDir, SAMPLE_FILE), edited)
    expect(statuses(await run(['sample.txt'], { force: true, options: { translators: ['Jane Doe'] } }))).toEqual(['written'])
    const again = read(SAMPLE_FILE)
    expect(again).toContain('translators:\n  - Jane Doe\n')
    const { article, problems } = parseArticle(again, SAMPLE_FILE, makeSite())
    expect(problems.filter((p) => p.severity === 'error')).toEqual([])
    expect(article!.corrections).toEqual([{ date: new Date('2019-09-24T21:00:00Z'), text: 'An earlier version misnamed the general.' }])
    expect(article!.updated).toEqual(new Date('2019-09-25T07:00:00Z'))
    // What it wrote is what it would write again: a second import leaves it as it is.
    expect(statuses(await run(['sample.txt'], { options: { translators: ['Jane Doe'] } }))).toEqual(['unchanged'])
  })

  it('finds an imported article that was renamed, by its id, and protects it', async () => {
    const { run, read, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    const text = read(SAMPLE_FILE)
    writeFileSync(join(articlesDir, 'renamed.md'), text)
    const { unlinkSync } = await import('node:fs')
    unlinkSync(join(articlesDir, SAMPLE_FILE))
    const outcomes = await run(['sample.txt'])
    expect(outcomes[0]).toMatchObject({ status: 'unchanged', file: 'renamed.md' })
  })

  it('without its manifest, still knows an identical file, and protects a changed one', async () => {
    const { run, read, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    const { rmSync } = await import('node:fs')
    rmSync(join(articlesDir, MANIFEST_FILE))
    expect(statuses(await run(['sample.txt']))).toEqual(['unchanged'])
    expect(readFileSync(join(articlesDir, MANIFEST_FILE), 'utf8')).toContain(SAMPLE_FILE)
    rmSync(join(articlesDir, MANIFEST_FILE))
    expect(statuses(await run(['sample.txt'], { options: { tags: ['France'] } }))[0]).toMatch(/was edited since it was imported/)
    expect(read(SAMPLE_FILE)).not.toContain('tags')
  })

  it('links teasers to existing articles and to articles of the same run, by title', async () => {
    const teaser = 'Trump-Zelensky call: where all this is going to?'
    const { run, read, articlesDir } = setUp({
      'raw/1.txt': SAMPLE,
      'raw/2.txt': SAMPLE.replace(TITLE, 'Ukraine officially refuses from participation in PACE autumn session').replace(
        'Related: Ukraine officially',
        'Related: Elsewhere',
      ),
    })
    mkdirSync(articlesDir, { recursive: true })
    writeFileSync(join(articlesDir, 'trump-call.md'), articleFile({ title: teaser, date: '2019-09-25' }))
    await run(['raw'])
    expect(parseFrontMatter(read(SAMPLE_FILE), 'x.md').data.related).toEqual([
      'trump-call',
      'ukraine-officially-refuses-from-participation-in-pace-autumn-session',
    ])
  })

  it('never overwrites another article with the same title: the id tells the file name apart', async () => {
    const { run, articlesDir, read } = setUp({ 'sample.txt': SAMPLE })
    mkdirSync(articlesDir, { recursive: true })
    const other = articleFile({ title: TITLE, date: '2019-09-23' })
    writeFileSync(join(articlesDir, SAMPLE_FILE), other)
    const [outcome] = await run(['sample.txt'])
    expect(outcome).toMatchObject({ status: 'written', file: expect.stringMatching(/^ukrainian-war-.*-alliance-[0-9a-f]{8}\.md$/) })
    expect(read(SAMPLE_FILE)).toBe(other)
  })

  it('reports a missing input, the same text twice, and copy inside the articles folder', async () => {
    const { run } = setUp({ 'a.txt': SAMPLE, 'b.txt': `${SAMPLE}\n\n`, 'articles/raw.txt': SAMPLE })
    const outcomes = await run(['nowhere.txt', 'a.txt', 'b.txt', 'articles/raw.txt'])
    expect(statuses(outcomes)).toEqual([
      'failed: does not exist',
      'written',
      expect.stringMatching(/^failed: is the same text as .*a\.txt$/),
      'failed: is inside the articles folder: raw copy is imported from elsewhere',
    ])
  })

  it('writes nothing on a dry run', async () => {
    const { run, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    const [outcome] = await run(['sample.txt'], { dryRun: true })
    expect(outcome).toMatchObject({ status: 'written', file: SAMPLE_FILE })
    const { existsSync } = await import('node:fs')
    expect(existsSync(articlesDir)).toBe(false)
  })
})

describe('a story we already have', () => {
  /** The files of the articles folder, the hidden manifest and lock included. */
  const folder = (articlesDir: string) => readdirSync(articlesDir).sort()
  const refusal = (file: string, why: string) =>
    `failed: is already ${file} (${why}), so nothing is written: to import it anyway as another article, re-run with --force`

  it('is refused: the Le Monde copy is the bundled article, which has no original url or title; --force writes it anyway', async () => {
    const { run, articlesDir, read } = setUp({ 'sample.txt': SAMPLE })
    cpSync(join(import.meta.dirname, '..', 'articles'), articlesDir, { recursive: true })
    const before = folder(articlesDir)
    const refused = await run(['sample.txt'], { options: { translators: ['Jane Doe'] } })
    expect(statuses(refused)).toEqual([
      refusal('articles/france-russia-military-dialogue.md', 'same title, date and publication: Le Monde, 23 September 2019'),
    ])
    expect(folder(articlesDir)).toEqual(before)
    expect(read('france-russia-military-dialogue.md')).toBe(HAND_MADE)

    const forced = await run(['sample.txt'], { options: { translators: ['Jane Doe'] }, force: true })
    expect(statuses(forced)).toEqual(['written'])
    expect(folder(articlesDir)).toEqual([MANIFEST_FILE, ...before, SAMPLE_FILE].sort())
  })

  it('is refused when an article has its original.url, however spelled, and names a draft as a draft', async () => {
    const url = 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html'
    const { run, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    mkdirSync(articlesDir)
    // Another headline and day: only the original's address says it is the same story.
    const original = { publication: 'Le Monde', language: 'fr', url: url.replace('www.lemonde.fr', 'WWW.LeMonde.FR') }
    writeFileSync(
      join(articlesDir, 'talks.md'),
      articleFile({ draft: true, title: 'France and Russia talk again', date: '2019-09-25', original }),
    )
    const refused = await run(['sample.txt'], { options: { originalUrl: url } })
    expect(statuses(refused)).toEqual([refusal('the draft articles/talks.md', `same original.url: ${url}`)])
    expect(folder(articlesDir)).toEqual(['talks.md'])
    // Another original's address is another story.
    expect(statuses(await run(['sample.txt'], { options: { originalUrl: `${url}?page=2` } }))).toEqual(['written'])
  })

  it('is not refused by a translation of the same original into another language: the two are a set', async () => {
    const url = 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html'
    const { run, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    mkdirSync(articlesDir)
    const original = { publication: 'Le Monde', language: 'fr', url }
    writeFileSync(
      join(articlesDir, 'gespraeche.md'),
      articleFile({ title: 'Frankreich und Russland sprechen wieder', date: '2019-09-23 22:11', language: 'de', original }),
    )
    expect(statuses(await run(['sample.txt'], { options: { originalUrl: url } }))).toEqual(['written'])
    // The same copy again, now in English as the one just written: refused.
    writeFileSync(join(articlesDir, '..', 'again.txt'), SAMPLE.replace('Ukrainian war', 'The Ukrainian war'))
    const again = await run(['again.txt'], { options: { originalUrl: url } })
    expect(statuses(again)).toEqual([refusal(`articles/${SAMPLE_FILE}`, `same original.url: ${url}`)])
  })

  it('is refused when an article has its original title, publication and day, quotes and case aside', async () => {
    const { run, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    mkdirSync(articlesDir)
    const original = { publication: 'le monde', language: 'fr', title: 'La guerre en Ukraine n’est plus un obstacle' }
    writeFileSync(join(articlesDir, 'talks.md'), articleFile({ title: 'France and Russia talk again', date: '2019-09-23 08:00', original }))
    const refused = await run(['sample.txt'], { options: { originalTitle: "La guerre en Ukraine n'est plus un obstacle." } })
    expect(statuses(refused)).toEqual([
      refusal('articles/talks.md', 'same original title, publication and date: Le Monde, 23 September 2019'),
    ])
    // The same original title on another day is another piece.
    writeFileSync(join(articlesDir, 'talks.md'), articleFile({ title: 'France and Russia talk again', date: '2019-09-24 08:00', original }))
    expect(statuses(await run(['sample.txt'], { options: { originalTitle: "La guerre en Ukraine n'est plus un obstacle." } }))).toEqual([
      'written',
    ])
  })

  it('is found by its import id under another file name, and updated there, never written twice', async () => {
    const { run, articlesDir, read } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    writeFileSync(join(articlesDir, 'paris-moscow.md'), read(SAMPLE_FILE))
    unlinkSync(join(articlesDir, SAMPLE_FILE))
    // The renamed file has the copy's id: it is that article, to update, not a story to refuse.
    expect(await run(['sample.txt'])).toMatchObject([{ status: 'unchanged', file: 'paris-moscow.md' }])
    // With a new headline too, neither the file name nor the title says it is the same story.
    const edited = read('paris-moscow.md').replace(`title: ${TITLE}`, 'title: Paris and Moscow talk again')
    writeFileSync(join(articlesDir, 'paris-moscow.md'), edited)
    expect(statuses(await run(['sample.txt']))).toEqual([
      'failed: articles/paris-moscow.md was edited since it was imported (or was not written by import), so it is left as it is: re-run with --force to replace it',
    ])
    expect(folder(articlesDir)).toEqual([MANIFEST_FILE, 'paris-moscow.md'])
    // --force replaces it in place: an update of that article, not a second one.
    expect(await run(['sample.txt'], { force: true })).toMatchObject([{ status: 'written', file: 'paris-moscow.md' }])
    expect(folder(articlesDir)).toEqual([MANIFEST_FILE, 'paris-moscow.md'])
  })

  it('is found by the manifest in the file import wrote, even once that file has another id and headline', async () => {
    const { run, articlesDir, read } = setUp({ 'sample.txt': SAMPLE })
    await run(['sample.txt'])
    const edited = read(SAMPLE_FILE)
      .replace(/^id: .*$/m, 'id: tag:news.example.org,2019-09-23:dialogue')
      .replace(`title: ${TITLE}`, 'title: Paris and Moscow talk again')
    writeFileSync(join(articlesDir, SAMPLE_FILE), edited)
    expect(statuses(await run(['sample.txt']))).toEqual([refusal(`articles/${SAMPLE_FILE}`, 'imported from this same text')])
    expect(folder(articlesDir)).toEqual([MANIFEST_FILE, SAMPLE_FILE])
    expect(read(SAMPLE_FILE)).toBe(edited)
  })

  it('is refused in the same import: two copies of one story give one article', async () => {
    const { run, articlesDir } = setUp({ 'raw/a.txt': SAMPLE, 'raw/b.txt': SAMPLE.replace('According to our information, ', '') })
    const outcomes = await run(['raw'])
    expect(statuses(outcomes)).toEqual([
      'written',
      expect.stringMatching(
        /^failed: is already .*raw\/a\.txt, imported above as articles\/ukrainian-war-[a-z-]+\.md \(same title, date and publication: Le Monde, 23 September 2019\), so nothing is written/,
      ),
    ])
    expect(folder(articlesDir)).toEqual([MANIFEST_FILE, SAMPLE_FILE])
  })

  it('is not a story of our own reporting, nor one from the same publication with another headline', async () => {
    const { run, articlesDir } = setUp({ 'sample.txt': SAMPLE })
    mkdirSync(articlesDir)
    writeFileSync(join(articlesDir, 'ours.md'), articleFile({ title: TITLE, date: '2019-09-23 10:00' }))
    writeFileSync(
      join(articlesDir, 'other.md'),
      articleFile({ title: 'Another piece', date: '2019-09-23 10:00', original: { publication: 'Le Monde', language: 'fr' } }),
    )
    expect(statuses(await run(['sample.txt']))).toEqual(['written'])
  })
})

describe('imports that overlap', () => {
  function setUp() {
    const root = mkdtempSync(join(tmpdir(), 'bylines-import-'))
    const articlesDir = join(root, 'articles')
    mkdirSync(articlesDir)
    writeFileSync(join(root, 'sample.txt'), SAMPLE)
    const run = () => importRawCopy([join(root, 'sample.txt')], { site: { ...site, articlesDir: 'articles' }, articlesDir, options: {} })
    return { root, articlesDir, run, lock: join(articlesDir, LOCK_FILE) }
  }

  it('takes turns: an import touches the articles folder only once the one before is done', async () => {
    const { articlesDir, run, lock } = setUp()
    writeFileSync(join(articlesDir, 'earlier.md'), articleFile({ title: 'Earlier', date: '2019-09-20' }))
    let release!: () => void
    const holding = withLockFile(lock, () => new Promise<void>((resolve) => (release = resolve)), { holder: 'an import', waitMs: 5_000 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    const waiting = run()
    await new Promise((resolve) => setTimeout(resolve, 300))
    // Hidden: the lock is never taken for an article.
    expect(await listArticleFiles(articlesDir)).toEqual(['earlier.md'])
    expect(existsSync(join(articlesDir, MANIFEST_FILE))).toBe(false)
    release()
    await holding
    expect((await waiting).map((o) => o.status)).toEqual(['written'])
    expect(readdirSync(articlesDir).sort()).toEqual([MANIFEST_FILE, 'earlier.md', SAMPLE_FILE])
  })

  it('takes over the lock of an import whose process is gone', async () => {
    const { articlesDir, run, lock } = setUp()
    writeFileSync(lock, `99999999 ${hostname()} gone`)
    expect((await run()).map((o) => o.status)).toEqual(['written'])
    expect(readdirSync(articlesDir).sort()).toEqual([MANIFEST_FILE, SAMPLE_FILE])
  })

  it('never writes through a link at the article’s name, nor waits on a FIFO there', async () => {
    const { root, articlesDir, run } = setUp()
    // A dangling link is not an article, so the name looks free; the file it points to is not made.
    symlinkSync(join(root, 'elsewhere.md'), join(articlesDir, SAMPLE_FILE))
    expect(await run()).toMatchObject([
      { status: 'failed', reason: `articles/${SAMPLE_FILE} is a symbolic link, which is not followed, so it is left as it is` },
    ])
    expect(existsSync(join(root, 'elsewhere.md'))).toBe(false)
    expect(readdirSync(articlesDir)).toEqual([SAMPLE_FILE])
    unlinkSync(join(articlesDir, SAMPLE_FILE))
    execFileSync('mkfifo', [join(articlesDir, SAMPLE_FILE)])
    expect(await run()).toMatchObject([
      { status: 'failed', reason: `articles/${SAMPLE_FILE} is a FIFO (named pipe), not a plain file, so it is left as it is` },
    ])
  })

  it('claims a new article file exclusively: a file made after the check is never replaced', async () => {
    const { articlesDir } = setUp()
    const target = join(articlesDir, 'raced.md')
    writeFileSync(target, 'an editor got there first')
    await expect(writeFileAtomic(target, 'the import', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' })
    expect(readFileSync(target, 'utf8')).toBe('an editor got there first')
    expect(readdirSync(articlesDir)).toEqual(['raced.md'])
  })

  it('refuses a FIFO at once, named or in a folder, rather than wait for a writer', async () => {
    const { root, articlesDir } = setUp()
    mkdirSync(join(root, 'raw'))
    execFileSync('mkfifo', [join(root, 'pipe.txt'), join(root, 'raw', 'pipe.txt')])
    writeFileSync(join(root, 'raw', 'sample.txt'), SAMPLE)
    const outcomes = await importRawCopy([join(root, 'pipe.txt'), join(root, 'raw')], { site, articlesDir, options: {} })
    expect(outcomes.map((o) => `${o.input.slice(root.length)} ${o.status === 'failed' ? o.reason : o.status}`)).toEqual([
      '/pipe.txt is a FIFO (named pipe), not a plain file',
      '/raw/sample.txt written',
    ])
  })
})

describe('what import must not read into the copy', () => {
  const copyWith = (header: string, tail = '') =>
    `A piece\n${header}\nThe standfirst of the piece.\n22:11, 23 September 2019\n\nThe body.\n${tail}`

  it('does not take a Source that merely contains a known name for that publication', () => {
    const { data } = importText(copyWith('Source : Le Monde diplomatique'))
    expect((data.original as { publication: unknown }).publication).toBe('Le Monde diplomatique')
    expect((data.original as { language?: unknown }).language).toBeUndefined()
  })

  it('reads "Read the original in full at the X website" as X', () => {
    const { copy } = importText(copyWith('Author : Jean Dupont', '\nRead the original in full at the Guardian website\n'))
    expect(copy.publication).toBe('Guardian')
  })

  it('stays fast on lines built to make regular expressions backtrack', () => {
    const started = Date.now()
    importText(
      copyWith(
        'Source : Le Monde',
        `\nRead the original article at ${'x '.repeat(20_000)}\n${'word '.repeat(8_000)}${' '.repeat(40_000)}x\n`,
      ),
    )
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})

describe('a tampered import manifest', () => {
  it('never makes import write outside the articles folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bylines-manifest-'))
    const articlesDir = join(root, 'articles')
    mkdirSync(articlesDir)
    const raw = join(root, 'raw.txt')
    writeFileSync(raw, SAMPLE)
    const id = importIdFor(normaliseRawText(SAMPLE))
    writeFileSync(
      join(articlesDir, MANIFEST_FILE),
      JSON.stringify({ version: 1, articles: { [id]: { file: '../escaped.md', sha256: 'x' } } }),
    )
    const outcome = await importRawCopy([raw], { site, articlesDir, options: {} })
    expect(JSON.stringify(outcome)).not.toContain('escaped')
    expect(() => readFileSync(join(root, 'escaped.md'))).toThrow()
  })
})
