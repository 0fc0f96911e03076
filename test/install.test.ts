/**
 * A fresh `npm ci` says nothing a newcomer could take for a failure: every dependency whose
 * install script runs is approved in package.json's `allowScripts` (npm 11.16 and later warn of
 * the others, and npm 12 skips them), so no package is left unreviewed.
 */
import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { REPO } from './helpers/built-site.ts'

/** What `npm install-scripts ls` says of the installed tree, or undefined where npm has no such command. */
function unreviewedScripts(): string | undefined {
  try {
    return execFileSync('npm', ['install-scripts', 'ls'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`
    if (/Unknown command|not a valid npm command/i.test(output)) return undefined
    throw error
  }
}

describe('installing', () => {
  const listed = unreviewedScripts()

  it.runIf(listed !== undefined)('leaves no install script unreviewed', () => {
    expect(listed).not.toMatch(/not yet covered/)
  })
})
