/** `npm run check` as an editor runs it: every problem printed, exit status for CI. */
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { loadSite } from '../src/content/load-site.ts'
import { articleFile, FIXED_NOW, fetchText, fullTranslation, ownReporting, renderedApp } from './helpers/fixtures.ts'

const ROOT = join(import.meta.dirname, '..')

/** @param prepare adds to the folder what `files` cannot hold (links, FIFOs) */
async function runCheck(files: Record<string, string>, args: string[] = [], prepare?: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-check-'))
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), source)
  }
  prepare?.(dir)
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/check.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ARTICLES_DIR: dir },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('check', () => {
  it('prints every problem in every file and fails when any is an error', async () => {
    const result = await runCheck({
      'good.md': articleFile(ownReporting()),
      'typo.md': articleFile(ownReporting({ titel: 'x' })),
      'nested/bad.md': '---\ndate: 2019-02-30\n---\n',
      'evil.md': '---js\n{ title: "x" }\n---\n',
    })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: evil.md:1: front matter in "js" is not accepted')
    expect(result.stderr).toContain('error: nested/bad.md:1 title: missing, expected the headline as text')
    expect(result.stderr).toContain('error: nested/bad.md:2 date: got "2019-02-30", expected a date')
    expect(result.stderr).toContain('warning: typo.md:7 titel: is not a known field')
    expect(result.stdout).toMatch(/2 articles ready, 3 errors, 1 warning \(published as they are\)\n/)
  })

  it('names the file, line and field of a correction without text or with a bad date', async () => {
    const source = articleFile(
      ownReporting({ corrections: [{ date: '2020-01-16' }, { date: '2020-13-01', text: 'A name was misspelt.' }] }),
    )
    const lines = source.split('\n')
    const result = await runCheck({ 'corrected.md': source })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `error: corrected.md:${lines.indexOf('  - date: 2020-01-16') + 1} corrections[0].text: missing, expected what was corrected, as plain text`,
    )
    expect(result.stderr).toContain(
      `error: corrected.md:${lines.indexOf('  - date: 2020-13-01') + 1} corrections[1].date: got "2020-13-01", expected the day of the correction`,
    )
  })

  it('passes with warnings only', async () => {
    const result = await runCheck({ 'typo.md': articleFile(ownReporting({ titel: 'x' })) })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 article ready, 0 errors, 1 warning/)
  })
})

describe('check, on a folder with what is not an article', () => {
  it('names a link, a FIFO and a file over the limit as errors, and checks the rest', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'bylines-outside-'))
    writeFileSync(join(outside, 'secret.md'), articleFile(ownReporting({ title: 'From outside' })))
    const result = await runCheck(
      { 'good.md': articleFile(ownReporting()), 'huge.md': articleFile(ownReporting(), 'x'.repeat(5 * 1024 * 1024)) },
      [],
      (dir) => {
        symlinkSync(join(outside, 'secret.md'), join(dir, 'linked.md'))
        execFileSync('mkfifo', [join(dir, 'pipe.md')])
      },
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: linked.md:1: is a symbolic link, which is not followed; it is left out')
    expect(result.stderr).toContain('error: pipe.md:1: is a FIFO (named pipe), not a plain file; it is left out')
    expect(result.stderr).toContain('error: huge.md:1: is 5.0 MiB; an article may be at most 4 MiB; it is left out')
    expect(result.stdout).toMatch(/1 article ready, 3 errors/)
  })
})

describe('check, as a gate', () => {
  const draft =
    '---\ntitle: "Half done"\ndraft: true\ndate: 2021-01-01\nupdated: 2020-01-01\noriginal:\n  publication: Le Monde\n---\nBody\n'

  it('lists what a draft still misses, every problem at once, and passes unless --strict', async () => {
    const files = { 'good.md': articleFile(ownReporting()), 'half.md': draft }
    const result = await runCheck(files)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('draft: half.md:5 updated: is earlier than date, expected the same time or later')
    expect(result.stdout).toContain('draft: half.md:6 original.language: missing, expected a BCP 47 language tag')
    expect(result.stdout).toMatch(/1 article ready, 1 draft \(not published\), 0 errors, 0 warnings/)
    expect(result.stderr).not.toMatch(/^error/m)
    const strict = await runCheck(files, ['--strict'])
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain('error: half.md:6 original.language: missing')
  })

  it('reports a rule across fields with the other errors of the file, not after them', async () => {
    const result = await runCheck({ 'two.md': '---\ntitle: ""\ndate: 2021-01-01\nupdated: 2020-01-01\n---\nBody\n' })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: two.md:2 title: ')
    expect(result.stderr).toContain('error: two.md:4 updated: is earlier than date')
  })

  it('names a key given twice and where it was first given', async () => {
    const result = await runCheck({ 'dup.md': '---\ntitle: "A"\ndate: 2021-01-01\ntitle: "B"\n---\nBody\n' })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('error: dup.md:4: title: is given twice (first on line 2); keep one')
  })

  it('carries drafts and their problems in --format json', async () => {
    const result = await runCheck({ 'good.md': articleFile(ownReporting()), 'half.md': draft }, ['--format', 'json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.counts).toMatchObject({ articles: 1, drafts: 1, errors: 0 })
    expect(report.drafts).toEqual(['half.md'])
    expect(report.problems).toContainEqual(
      expect.objectContaining({ file: 'half.md', field: 'original.language', severity: 'error', draft: true }),
    )
  })

  it('gives the advice import gives on a translation without its original’s address or title', async () => {
    const result = await runCheck({ 't.md': articleFile(fullTranslation({ original: { publication: 'Le Monde', language: 'fr' } })) })
    expect(result.stderr).toMatch(/advice: t\.md:\d+ original\.url: is missing: the credit line cannot link the original/)
    expect(result.stderr).toMatch(/advice: t\.md:\d+ original\.title: is missing/)
  })
})

describe('check, on a body that cannot be rendered whole', () => {
  it('names the file, the line and the body, fails, and keeps the good article', async () => {
    const good = articleFile(ownReporting())
    const deep = articleFile(ownReporting({ title: 'Deep' }), 'A first paragraph.\n\n' + '_'.repeat(2000) + 'a' + '_'.repeat(2000) + '\n')
    const lost = articleFile(ownReporting({ title: 'Lost' }), '- '.repeat(10) + 'deep\n')
    const bodyLine = (source: string) => source.split('\n').indexOf('---', 1) + 2
    const result = await runCheck({ 'good.md': good, 'deep.md': deep, 'lost.md': lost })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `error: deep.md:${bodyLine(deep) + 2} body: elements are nested more than 100 deep (emphasis, links, lists, quotes or HTML); at most 100 levels are accepted`,
    )
    expect(result.stderr).toContain(
      `error: lost.md:${bodyLine(lost)} body: lists and quotes are nested 20 levels deep (a list and its item count as two); at most 19 are rendered, and what is inside the rest would be lost`,
    )
    expect(result.stdout).toMatch(/1 article ready, 2 errors/)
  })
})

describe('check, on two published translations of one original', () => {
  const ORIGINAL_URL = 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html'
  const translation = (title: string, date: string, fields: Record<string, unknown> = {}, url = ORIGINAL_URL) => {
    const base = fullTranslation({ title, date, updated: undefined, ...fields })
    return articleFile({ ...base, original: { ...(base.original as object), url } })
  }
  /** The line of `original.url` in an article file (`  url:` under `original:`). */
  const urlLine = (source: string) => source.split('\n').findIndex((line) => line.startsWith('  url: ')) + 1

  it('fails on a second one in the same language, names both files, and leaves the later one out of the feeds', async () => {
    const first = translation('First translation', '2019-09-23T22:11:00+03:00')
    // The same address, its host spelled otherwise; published a day later.
    const again = translation(
      'Second translation',
      '2019-09-24T10:00:00+03:00',
      {},
      ORIGINAL_URL.replace('www.lemonde.fr', 'WWW.LeMonde.FR'),
    )
    const ukrainian = translation('Український переклад', '2019-09-25T10:00:00+03:00', { language: 'uk' })
    let dir = ''
    const result = await runCheck({ 'a-first.md': first, 'b-again.md': again, 'c-ukrainian.md': ukrainian }, [], (made) => (dir = made))
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `error: b-again.md:${urlLine(again)} original.url: names the original of a-first.md, published first, in the same language (en); ` +
        'this article is left out: if it replaces a-first.md, edit a-first.md instead; if it translates another original, correct original.url, or give it a translationKey of its own',
    )
    expect(result.stderr.match(/^error: /gm)).toHaveLength(1)
    expect(result.stdout).toMatch(/2 articles ready, 1 error/)

    // What the server, the build and the feeds publish: the first, and the translation into Ukrainian.
    const { collection, site } = await loadSite(
      { ARTICLES_DIR: dir, SITE_URL: 'https://news.example.org/' },
      { file: join(ROOT, 'bylines.toml') },
    )
    const app = renderedApp({ content: collection, site, now: FIXED_NOW })
    const feed = JSON.parse((await fetchText(app, '/feed.json')).body) as { items: { url: string }[] }
    expect(feed.items.map((item) => item.url)).toEqual([`${site.url}articles/c-ukrainian`, `${site.url}articles/a-first`])
  })
})
