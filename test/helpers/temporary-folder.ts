/**
 * Vitest's global set-up: every temporary file or folder a test makes (anything under
 * `os.tmpdir()`, theirs and the processes they start) goes into one folder of this run, removed
 * when the run ends, so that a test that leaves something behind fills no disk over many runs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  // Each project of the run (vitest.config.ts) runs this: the first makes the folder, the others
  // use it (one inside another would make paths too long for Chromium's socket).
  if (process.env.BYLINES_TEST_FOLDER) return () => {}
  const folder = mkdtempSync(join(tmpdir(), 'bylines-test-'))
  process.env.TMPDIR = process.env.BYLINES_TEST_FOLDER = folder
  return () => rmSync(folder, { recursive: true, force: true, maxRetries: 3 })
}
