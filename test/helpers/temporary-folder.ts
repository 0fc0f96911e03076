/**
 * Vitest's global set-up: every temporary file or folder a test makes (anything under
 * `os.tmpdir()`, theirs and the processes they start) goes into one folder of this run, removed
 * when the run ends, so that a test that leaves something behind fills no disk over many runs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const folder = mkdtempSync(join(tmpdir(), 'bylines-test-'))
  process.env.TMPDIR = folder
  return () => rmSync(folder, { recursive: true, force: true, maxRetries: 3 })
}
