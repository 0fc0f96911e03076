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

/**
 * A variable read by name: `process.env.X`, `env.X`, `env?.X`, `env['X']`, `Deno.env.get('X')`,
 * `const { X } = process.env`; and `process.env[name]`, a read this test cannot follow.
 */
const READS = [
  /\b(?:process\.env|env)(?:\?\.|\.)([A-Z][A-Z0-9_]+)/g,
  /\b(?:process\.env|env)(?:\?\.)?\[\s*['"`]([A-Z][A-Z0-9_]+)['"`]\s*\]/g,
  /\bDeno\.env\.get\(\s*['"`]([A-Z][A-Z0-9_]+)/g,
]
const DESTRUCTURED = /\{([^{}]*)\}\s*=\s*(?:process\.env|env)\b/g
const UNFOLLOWABLE = /\bprocess\.env\[\s*(?!['"`])/g

function variablesReadIn(text: string): string[] {
  const names = READS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!))
  for (const [, inside] of text.matchAll(DESTRUCTURED)) names.push(...(inside!.match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []))
  if (UNFOLLOWABLE.test(text)) names.push('process.env[…]')
  UNFOLLOWABLE.lastIndex = 0
  return names
}

function variablesReadOutsideSettings(files: Record<string, string>): string[] {
  const reads: string[] = []
  for (const [file, text] of Object.entries(files)) {
    if (file.startsWith('settings/')) continue
    for (const name of variablesReadIn(text)) if (!WORKER_BINDINGS.has(name)) reads.push(`${file}: ${name}`)
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
      'server/f.ts': 'const { PORT: port, HOME } = process.env; env?.NODE_ENV; process.env[name]',
    }
    expect(variablesReadOutsideSettings(planted)).toEqual([
      'server/a.ts: PORT',
      'cli/b.ts: BYLINES_CACHE_DIR',
      'deno/c.ts: BYLINES_PREPARED',
      'edge/d.ts: BYLINES_FEDIVERSE_ALLOW_PRIVATE',
      'server/f.ts: NODE_ENV',
      'server/f.ts: PORT',
      'server/f.ts: HOME',
      'server/f.ts: process.env[…]',
    ])
  })

  it("read in src/settings/ are each a setting's or one of the listed others", () => {
    const known = new Set<string>([...SETTINGS_VARIABLES, ...PROCESS_VARIABLES])
    const inSettings = Object.entries(sources()).filter(([file]) => file.startsWith('settings/'))
    const read = inSettings.flatMap(([, text]) => variablesReadIn(text))
    expect(read.length).toBeGreaterThan(5)
    expect(read.filter((name) => !known.has(name))).toEqual([])
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
