/**
 * Every environment variable bylines reads is read in src/settings/ (the settings' overrides and
 * the few variables that are not settings), so each is documented and checked in one place.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildThreadsOf, cacheDirOf, PROCESS_VARIABLES, SETTINGS_VARIABLES } from '../src/settings/environment.ts'
import { SettingsError } from '../src/settings/values.ts'

const REPO = join(import.meta.dirname, '..')
const SRC = join(REPO, 'src')
/** A Worker's bindings arrive in the same object as its variables, but are not variables. */
const WORKER_BINDINGS = new Set(['ASSETS', 'FEDIVERSE_KV', 'FEDIVERSE_QUEUE'])

/** `process.env.X`, `env.X`, `env['X']`, `Deno.env.get('X')`: a variable read by name. */
const READ_BY_NAME = /\b(?:process\.env[.[]|Deno\.env\.get\(|env[.[])\s*['"]?([A-Z][A-Z0-9_]+)/g

function variablesReadOutsideSettings(files: Record<string, string>): string[] {
  const reads: string[] = []
  for (const [file, text] of Object.entries(files)) {
    if (file.startsWith('settings/')) continue
    for (const [, name] of text.matchAll(READ_BY_NAME)) if (!WORKER_BINDINGS.has(name!)) reads.push(`${file}: ${name}`)
  }
  return reads
}

function sources(): Record<string, string> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|mjs)$/.test(file))
  return Object.fromEntries(files.map((file) => [file, readFileSync(join(SRC, file), 'utf8')]))
}

describe('environment variables', () => {
  it('are read only in src/settings/', () => {
    expect(variablesReadOutsideSettings(sources())).toEqual([])
  })

  it('would be found if read elsewhere, in each way a module can read one', () => {
    const planted = {
      'server/a.ts': 'const port = process.env.PORT',
      'cli/b.ts': "const dir = env['BYLINES_CACHE_DIR']",
      'deno/c.ts': "Deno.env.get('BYLINES_PREPARED')",
      'edge/d.ts': 'env.ASSETS.fetch(request); env.BYLINES_FEDIVERSE_ALLOW_PRIVATE',
      'settings/e.ts': 'env.BYLINES_CONFIG',
    }
    expect(variablesReadOutsideSettings(planted)).toEqual([
      'server/a.ts: PORT',
      'cli/b.ts: BYLINES_CACHE_DIR',
      'deno/c.ts: BYLINES_PREPARED',
      'edge/d.ts: BYLINES_FEDIVERSE_ALLOW_PRIVATE',
    ])
  })

  it('that are not settings are documented in docs/settings.md, and no name is both', () => {
    const doc = readFileSync(join(REPO, 'docs', 'settings.md'), 'utf8')
    for (const name of PROCESS_VARIABLES) expect(doc, name).toContain(`| \`${name}\` |`)
    expect(PROCESS_VARIABLES.filter((name) => SETTINGS_VARIABLES.includes(name))).toEqual([])
  })

  it('are read as documented', () => {
    expect(cacheDirOf({})).toBe('node_modules/.cache/bylines')
    expect(cacheDirOf({ BYLINES_CACHE_DIR: '' })).toBeUndefined()
    expect(buildThreadsOf({ BYLINES_BUILD_THREADS: '2' })).toBe(2)
    expect(buildThreadsOf({})).toBe('auto')
    expect(() => buildThreadsOf({ BYLINES_BUILD_THREADS: 'three' })).toThrow(SettingsError)
  })
})
