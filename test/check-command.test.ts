/** `npm run check` as an editor runs it: every problem printed, exit status for CI. */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { articleFile, ownReporting } from './helpers/fixtures.ts'

const ROOT = join(import.meta.dirname, '..')

async function runCheck(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-check-'))
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    writeFileSync(join(dir, name), source)
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/check.ts')], {
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
    expect(result.stdout).toMatch(/2 articles ready, 3 errors, 1 warning\n/)
  })

  it('passes with warnings only', async () => {
    const result = await runCheck({ 'typo.md': articleFile(ownReporting({ titel: 'x' })) })
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 article ready, 0 errors, 1 warning/)
  })
})
