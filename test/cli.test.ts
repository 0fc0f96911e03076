/** The `bylines` command line as the newsroom runs it: help, new, import, check --format json. */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatRfc3339 } from '../src/articles/dates.ts'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { REPO } from './helpers/built-site.ts'
import { bylines } from './helpers/bylines-cli.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'

const SAMPLE = join(import.meta.dirname, 'fixtures', 'raw-copy-le-monde.txt')
const SAMPLE_FILE = 'ukrainian-war-no-longer-obstacle-to-france-russia-military-alliance.md'

describe('help', () => {
  it.each([
    [['--help'], 'Usage: bylines <command>'],
    [['help'], 'Usage: bylines <command>'],
    [['import', '--help'], 'Usage: bylines import <file|folder>… [options]'],
    [['help', 'import'], '--original-url URL'],
    [['new', '-h'], 'Usage: bylines new "<title>"'],
    [['check', '--help'], 'Usage: bylines check [--strict] [--format text|json]'],
    [['build', '--help'], 'Usage: bylines build [--out DIR] [--prepared FILE] [--config FILE] [--skip-errors]'],
    [['preview', '--help'], 'Usage: bylines preview [--out DIR] [--prepared FILE] [--config FILE]'],
    [['ping', '--help'], 'Usage: bylines ping --record FILE'],
  ])('bylines %j prints its help and succeeds', async (args, expected) => {
    const result = await bylines(args)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(expected)
  })

  it('build names the settings file, the line and the setting that is wrong, every one at once', async () => {
    const missing = await bylines(['build', '--config', 'no-such-settings.toml', '--out', 'unused'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('bylines build: no-such-settings.toml: cannot read the settings file (ENOENT)')
    const dir = mkdtempSync(join(tmpdir(), 'bylines-cli-build-'))
    const file = join(dir, 'settings.toml')
    const run = () => bylines(['build', '--config', file, '--out', join(dir, 'dist'), '--prepared', join(dir, 'p.json')])
    writeFileSync(file, 'title = "Desk"\nitemsPerFeed = "many"\nitemPerFeed = 5\n\n[cache]\nmaxAge = -1\n')
    const bad = await run()
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`${file}:2 itemsPerFeed: "many" is not a positive whole number`)
    expect(bad.stderr).toContain(`${file}:3 itemPerFeed: is not a known field`)
    expect(bad.stderr).toContain(`${file}:6 cache.maxAge: -1 is not a positive whole number`)
    writeFileSync(file, 'title = "Desk\n')
    expect((await run()).stderr).toContain(
      `${file}:1 title: the " that opens this value is not closed on this line; close the quote: title = "Desk"`,
    )
  })

  it('says what to do about an unknown command or option, with exit status 2', async () => {
    const command = await bylines(['publish'])
    expect(command.code).toBe(2)
    expect(command.stderr).toContain(
      'bylines: there is no command "publish"; the commands are import, new, check, build, preview, ping, help.',
    )
    const option = await bylines(['import', '--original-ulr', 'https://example.org/', SAMPLE])
    expect(option.code).toBe(2)
    expect(option.stderr).toBe('bylines import: unknown option --original-ulr\nRun "bylines import --help" for how to use it.\n')
    const value = await bylines(['import', '--original-language', 'French', SAMPLE])
    expect(value.code).toBe(2)
    expect(value.stderr).toContain('--original-language "French": expected a BCP 47 language tag such as fr or pt-BR')
    const format = await bylines(['check', '--format', 'xml'])
    expect(format.code).toBe(2)
    expect(format.stderr).toContain('bylines check: --format xml: expected text or json')
  })
})

describe('new', () => {
  it('scaffolds a draft with today’s date, a fresh id and every field explained; never overwrites', async () => {
    const before = Date.now()
    const result = await bylines(['new', 'The quiet return of the night trains'])
    expect(result.code).toBe(0)
    const file = join(result.articlesDir, 'the-quiet-return-of-the-night-trains.md')
    expect(result.stdout).toContain(`${file}: new draft "The quiet return of the night trains".`)
    const text = readFileSync(file, 'utf8')
    const { data } = parseFrontMatter(text, 'new.md')
    expect(data.title).toBe('The quiet return of the night trains')
    expect(data.draft).toBe(true)
    expect(data.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const today = [before, Date.now()].map((t) => formatRfc3339(new Date(t), 'Europe/Kyiv').slice(0, 10))
    expect(today).toContain(String(data.date).slice(0, 10))
    expect(String(data.date)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/)
    for (const field of ['summary', 'tags', 'translators', 'original', 'publication', 'language', 'image', 'related']) {
      expect(text).toMatch(new RegExp(`^#\\s+${field}:`, 'm'))
    }

    const check = await bylines(['check', '--format', 'json'], result.articlesDir)
    expect(check.code).toBe(0)
    expect(JSON.parse(check.stdout).counts).toMatchObject({ errors: 0, articles: 0 })

    const again = await bylines(['new', 'The quiet return of the night trains'], result.articlesDir)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('the-quiet-return-of-the-night-trains.md already exists; it is left as it is')
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  it('asks for a slug when the title gives none', async () => {
    const result = await bylines(['new', '東京'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('add --slug')
    expect((await bylines(['new', '東京', '--slug', 'tokyo'])).code).toBe(0)
  })
})

describe('import, then check', () => {
  it('imports the sample; with the original URL, title and translator given, check accepts it', async () => {
    const result = await bylines([
      'import',
      SAMPLE,
      '--original-url',
      'https://www.lemonde.fr/international/article/2019/09/23/la-guerre-en-ukraine.html',
      '--original-title',
      'La guerre en Ukraine n’est plus un obstacle',
      '--translator',
      'Jane Doe',
      '--tags',
      'France, Russia, Defence',
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`${SAMPLE} → ${join(result.articlesDir, SAMPLE_FILE)} (written)`)
    expect(result.stdout).not.toContain('missing')
    expect(result.stdout).toContain('1 file: 1 imported, 0 drafts, 0 failed')
    expect(readdirSync(result.articlesDir).sort()).toEqual(['.imports.json', SAMPLE_FILE])
    const { data } = parseFrontMatter(readFileSync(join(result.articlesDir, SAMPLE_FILE), 'utf8'), SAMPLE_FILE)
    expect(data.translators).toEqual(['Jane Doe'])
    expect(data.tags).toEqual(['France', 'Russia', 'Defence'])

    const check = await bylines(['check'], result.articlesDir)
    expect(check.code).toBe(0)
    expect(check.stdout).toMatch(/1 article ready, 0 errors, 0 warnings\n/)
    // The teasers are titles of pieces we do not have: advice, not a failure.
    expect(check.stderr).toContain(
      `advice: ${SAMPLE_FILE}:18 related[0]: "Trump-Zelensky call: where all this is going to?" matches none of our articles`,
    )
    expect(check.stderr).not.toContain('translators')
  })

  it('refuses the Le Monde copy where the bundled article tells that story, naming it; --force imports it anyway', async () => {
    const articlesDir = mkdtempSync(join(tmpdir(), 'bylines-cli-'))
    cpSync(join(REPO, 'articles'), articlesDir, { recursive: true })
    const before = readdirSync(articlesDir).sort()
    const refused = await bylines(['import', SAMPLE, '--translator', 'Jane Doe'], articlesDir)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toContain(
      `${SAMPLE}: failed: is already ${join(articlesDir, 'france-russia-military-dialogue.md')} (same title, date and publication: Le Monde, 23 September 2019), ` +
        'so nothing is written: to import it anyway as another article, re-run with --force\n',
    )
    expect(refused.stdout).toContain('1 file: 0 imported, 0 drafts, 1 failed')
    expect(readdirSync(articlesDir).sort()).toEqual(before)

    const forced = await bylines(['import', SAMPLE, '--translator', 'Jane Doe', '--force'], articlesDir)
    expect(forced.code).toBe(0)
    expect(readdirSync(articlesDir).sort()).toEqual(['.imports.json', ...before, SAMPLE_FILE].sort())
  })

  it('lists what is missing, and says what failed and why, file by file', async () => {
    const raw = mkdtempSync(join(tmpdir(), 'bylines-raw-'))
    writeFileSync(join(raw, 'a.txt'), readFileSync(SAMPLE))
    writeFileSync(join(raw, 'b.txt'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]))
    writeFileSync(
      join(raw, 'c.txt'),
      readFileSync(SAMPLE, 'utf8').replace('22:11, 23 September 2019\n', '').replace('Ukrainian war', 'Undated'),
    )
    const result = await bylines(['import', raw])
    expect(result.code).toBe(1)
    expect(result.stdout).toContain(
      '  missing, recommended: original.url (--original-url); original.title (--original-title); translators (--translator)\n',
    )
    expect(result.stdout).toContain(`[2/3] ${join(raw, 'b.txt')}: failed: is a PNG image, not text`)
    expect(result.stdout).toContain('  missing, required: date (the copy has no date line such as "22:11, 23 September 2019")\n')
    expect(result.stdout).toContain('3 files: 1 imported, 1 draft, 1 failed\nFailed:\n')
    expect(readdirSync(result.articlesDir).sort()).toEqual([
      '.imports.json',
      SAMPLE_FILE,
      'undated-no-longer-obstacle-to-france-russia-military-alliance.md',
    ])

    const again = await bylines(['import', join(raw, 'a.txt')], result.articlesDir)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('(unchanged)')
  })

  it('refuses a FIFO or a device named on the command line at once, naming it, rather than wait on it', async () => {
    const raw = mkdtempSync(join(tmpdir(), 'bylines-raw-'))
    const pipe = join(raw, 'copy.txt')
    execFileSync('mkfifo', [pipe])
    const result = await bylines(['import', pipe, '/dev/null'])
    expect(result.stdout).toContain(`[1/2] ${pipe}: failed: is a FIFO (named pipe), not a plain file\n`)
    expect(result.stdout).toContain('[2/2] /dev/null: failed: is a device, not a plain file\n')
    expect(result.code).toBe(1)

    const boilerplate = await bylines(['import', SAMPLE, '--boilerplate', pipe])
    expect(boilerplate.stderr).toContain(
      `bylines import: cannot read the boilerplate list "${pipe}": is a FIFO (named pipe), not a plain file\n`,
    )
    expect(boilerplate.code).toBe(2)
  })
})

describe('imports run at the same time', () => {
  /** Starts every import at once in one articles folder; what each printed, and the folder after. */
  async function importAtOnce(inputs: string[][]) {
    const articlesDir = mkdtempSync(join(tmpdir(), 'bylines-cli-'))
    const results = await Promise.all(inputs.map((args) => bylines(['import', ...args], articlesDir)))
    const manifest = JSON.parse(readFileSync(join(articlesDir, '.imports.json'), 'utf8')) as {
      articles: Record<string, { file: string; sha256: string }>
    }
    const articles = readdirSync(articlesDir).filter((name) => !name.startsWith('.'))
    return { results, articlesDir, entries: Object.entries(manifest.articles), articles }
  }
  /** The article file each import reports, and how: `file (written)`. */
  const reported = (stdout: string) => /→ .*\/([^/]+) \((written|unchanged)\)/.exec(stdout)?.slice(1, 3).join(' ')
  const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex')

  /** Each entry names an article whose id it is, with the bytes it recorded: nothing looks edited. */
  function expectManifestTrue(articlesDir: string, entries: [string, { file: string; sha256: string }][]) {
    for (const [id, { file, sha256: recorded }] of entries) {
      const text = readFileSync(join(articlesDir, file), 'utf8')
      expect(parseFrontMatter(text, file).data.id).toBe(id)
      expect(recorded).toBe(sha256(text))
    }
  }

  it('gives five copies under one headline five articles, five files and five manifest entries', async () => {
    const raw = mkdtempSync(join(tmpdir(), 'bylines-raw-'))
    const copies = [1, 2, 3, 4, 5].map((n) => {
      const path = join(raw, `copy-${n}.txt`)
      writeFileSync(path, readFileSync(SAMPLE, 'utf8').replace('is still alive.', `is still alive, says source ${n}.`))
      // Five copies of one story are one story: --force writes each as an article of its own.
      return [path, '--force']
    })
    const { results, articlesDir, entries, articles } = await importAtOnce(copies)
    for (const result of results) {
      expect(result.stdout + result.stderr).not.toContain('was edited since')
      expect(result.code).toBe(0)
    }
    const files = results.map((result) => reported(result.stdout))
    expect(new Set(files).size).toBe(5)
    expect(files.every((file) => file?.endsWith(' written'))).toBe(true)
    expect(articles.sort()).toEqual(files.map((file) => file!.split(' ')[0]).sort())
    expect(articles).toContain(SAMPLE_FILE)
    expect(articles.filter((file) => /^ukrainian-war-.*-alliance-[0-9a-f]{8}\.md$/.test(file))).toHaveLength(4)
    expect(entries).toHaveLength(5)
    expectManifestTrue(articlesDir, entries)
  })

  it('imports one copy five times at once, by five translators: each updates the untouched article, none is refused', async () => {
    const translators = ['Ann', 'Bea', 'Cai', 'Dan', 'Eve']
    const { results, articlesDir, entries, articles } = await importAtOnce(translators.map((name) => [SAMPLE, '--translator', name]))
    for (const result of results) {
      expect(result.stdout + result.stderr).not.toContain('was edited since')
      expect(result.code).toBe(0)
    }
    expect(results.map((result) => reported(result.stdout))).toEqual(translators.map(() => `${SAMPLE_FILE} written`))
    expect(articles).toEqual([SAMPLE_FILE])
    expect(entries).toHaveLength(1)
    expectManifestTrue(articlesDir, entries)
  })
})

describe('check --format json', () => {
  it('reports every problem and the advice as one JSON object, with the same exit status', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-cli-'))
    mkdirSync(join(dir, 'nested'))
    writeFileSync(join(dir, 'good.md'), articleFile(ownReporting({ summary: 'A summary.' })))
    writeFileSync(
      join(dir, 'plain.md'),
      articleFile({
        title: 'Plain',
        date: '2020-01-01',
        original: { publication: 'Le Monde', language: 'fr', url: 'http://www.lemonde.fr/a.html' },
      }),
    )
    writeFileSync(join(dir, 'nested', 'bad.md'), '---\ndate: 2019-02-30\n---\n')
    const result = await bylines(['check', '--format', 'json'], dir)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    const report = JSON.parse(result.stdout)
    expect(report).toEqual({
      articlesDir: dir,
      ok: false,
      strict: false,
      counts: { articles: 2, drafts: 0, errors: 2, warnings: 0, draftProblems: 0, advice: 4 },
      drafts: [],
      scheduled: [],
      problems: [
        { severity: 'error', file: 'nested/bad.md', line: 1, field: 'title', message: 'missing, expected the headline as text' },
        { severity: 'error', file: 'nested/bad.md', line: 2, field: 'date', message: expect.stringContaining('got "2019-02-30"') },
        { severity: 'advice', file: 'plain.md', line: 2, field: 'summary', message: expect.stringContaining('is missing') },
        { severity: 'advice', file: 'plain.md', line: 4, field: 'translators', message: expect.stringContaining('none for a translation') },
        { severity: 'advice', file: 'plain.md', line: 4, field: 'original.title', message: expect.stringContaining('is missing') },
        { severity: 'advice', file: 'plain.md', line: 7, field: 'original.url', message: expect.stringContaining('is not https') },
      ],
    })
  })
})
