/** Runs `bin/bylines.mjs` (what `npx bylines` runs) as the newsroom does, on an articles folder of the test's. */
import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO } from './built-site.ts'

export async function bylines(args: string[], articlesDir = mkdtempSync(join(tmpdir(), 'bylines-cli-'))) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'bylines.mjs'), ...args], {
      cwd: REPO,
      env: { ...process.env, ARTICLES_DIR: articlesDir, SITE_TIME_ZONE: 'Europe/Kyiv' },
      // A command that hangs fails its test with what it printed, before the test's own limit.
      timeout: 120_000,
    })
    return { code: 0, stdout, stderr, articlesDir }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, articlesDir }
  }
}
