/**
 * A fresh `npm ci` says nothing a newcomer could take for a failure: every dependency whose
 * install script runs is approved in package.json's `allowScripts` (npm 11.16 and later warn of
 * the others, and npm 12 skips them), so no package is left unreviewed.
 *
 * An install without dev dependencies (`npm ci --omit=dev`, after the bundles were made) runs
 * `bylines` from its bundle with neither tsx nor esbuild installed, and says what to do when the
 * bundle is not of its sources; `prepare` only warns there (docs/decisions.md, "Nothing at run
 * time needs tsx or esbuild").
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

  it('has tsx and esbuild as dev dependencies only, and bundles on install', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>
      devDependencies: Record<string, string>
      scripts: Record<string, string>
    }
    expect(Object.keys(manifest.dependencies)).not.toContain('tsx')
    expect(Object.keys(manifest.dependencies)).not.toContain('esbuild')
    expect(manifest.devDependencies).toHaveProperty('tsx')
    expect(manifest.devDependencies).toHaveProperty('esbuild')
    expect(manifest.scripts.prepare).toBe('node scripts/bundle.mjs --optional')
  })
})

/** Dev dependencies an install without them lacks; .cache is this checkout's own. */
const LEFT_OUT = new Set(['tsx', 'esbuild', '@esbuild', '.bin', '.cache', '.package-lock.json'])

describe('an install without dev dependencies', () => {
  let root: string

  beforeAll(() => {
    // The bundles, made as `npm ci` (its `prepare`) makes them.
    execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: REPO, stdio: 'ignore' })
    root = mkdtempSync(join(tmpdir(), 'bylines-install-'))
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'bin',
      'src',
      'articles',
      'public',
      join('scripts', 'bundle.mjs'),
    ]) {
      cpSync(join(REPO, path), join(root, path), { recursive: true })
    }
    // The bundles as `npm ci` made them: the stamp and the files it lists (scripts/bundle.mjs).
    const stamp = readFileSync(join(REPO, 'build', '.bundle-stamp'), 'utf8')
    for (const file of ['.bundle-stamp', ...stamp.split('\n').slice(3).filter(Boolean)]) {
      mkdirSync(dirname(join(root, 'build', file)), { recursive: true })
      cpSync(join(REPO, 'build', file), join(root, 'build', file))
    }
    // Every installed package but the dev dependencies that make and run the TypeScript.
    mkdirSync(join(root, 'node_modules'))
    for (const name of readdirSync(join(REPO, 'node_modules'))) {
      if (!LEFT_OUT.has(name)) symlinkSync(join(REPO, 'node_modules', name), join(root, 'node_modules', name))
    }
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  const node = (args: string[]) =>
    spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        ARTICLES_DIR: 'articles',
        PUBLIC_DIR: 'public',
        BYLINES_CACHE_DIR: join(root, 'cache'),
        SITE_TIME_ZONE: 'Europe/Kyiv',
      },
      timeout: 60_000,
    })

  it('has neither tsx nor esbuild to load', () => {
    for (const name of ['tsx', 'esbuild']) {
      const result = node(['--input-type=module', '-e', `await import('${name}')`])
      expect(result.stderr).toMatch(/ERR_MODULE_NOT_FOUND/)
    }
  })

  it('runs bylines from its bundle', () => {
    const help = node(['bin/bylines.mjs', '--help'])
    expect(help.stderr).toBe('')
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Usage: bylines <command>/)
    const check = node(['bin/bylines.mjs', 'check'])
    expect(check.stdout + check.stderr).toMatch(/\b\d+ articles ready, 0 errors\b/)
    expect(check.status).toBe(0)
  })

  it('says what to do when the bundle is not of its sources; prepare only warns', () => {
    appendFileSync(join(root, 'src', 'app.ts'), '\n// edited\n')
    const run = node(['bin/bylines.mjs', '--help'])
    expect(run.status).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(
      /^bylines: build\/ holds bundles of other sources, and esbuild, .* is a dev dependency that is not installed: run `npm ci`/,
    )
    const prepare = node(['scripts/bundle.mjs', '--optional'])
    expect(prepare.status).toBe(0)
    expect(prepare.stderr).toMatch(/^bylines: no bundle made: /)
    rmSync(join(root, 'build'), { recursive: true })
    expect(node(['scripts/bundle.mjs']).stderr).toMatch(/^bylines: build\/ holds no bundles, /)
  })
})
