/**
 * What `bylines build` says last, run as the newsroom runs it: the address the site is for and
 * what to run next; for a build for this machine, how to give it its public address; and
 * nothing of the sort from `bylines preview`, which builds for this machine on purpose.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { STATIC_HOSTS_SECTION } from '../src/export/next-steps.ts'
import { REPO } from './helpers/built-site.ts'
import { bylines } from './helpers/bylines-cli.ts'
import { pollUntil } from './helpers/node-server.ts'

const root = mkdtempSync(join(tmpdir(), 'bylines-next-steps-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** `bylines build` of the bundled articles with a settings file of `url`; its output after the summary line. */
async function buildFor(url: string, name: string) {
  const settings = join(root, `${name}.toml`)
  writeFileSync(settings, `url = "${url}"\n`)
  const out = join(root, name)
  const result = await bylines(
    ['build', '--config', settings, '--out', out, '--prepared', join(root, `${name}.json`)],
    join(REPO, 'articles'),
  )
  expect(result.code, result.stderr).toBe(0)
  const lines = result.stdout.trimEnd().split('\n')
  const summary = lines.findIndex((line) => line.startsWith('bylines build: ') && line.includes(` for ${url},`))
  expect(summary, result.stdout).toBeGreaterThanOrEqual(0)
  return { after: lines.slice(summary + 1), stderr: result.stderr, settings, out }
}

describe('the end of bylines build', () => {
  it('says where the site is and what to run next, for a public address', async () => {
    const { after, stderr } = await buildFor('https://news.example.org/', 'public')
    expect(after[0]).toBe('next:')
    const steps = after.slice(1).map((line) => line.trim())
    expect(steps).toHaveLength(3)
    expect(steps[0]).toMatch(/^\S*public\/ is ready for https:\/\/news\.example\.org\/$/)
    expect(steps[1]).toBe('to look at it as deployed: npm run preview')
    expect(steps[2]).toMatch(/^to deploy: npx wrangler deploy, or upload \S*public\/ to a static host/)
    expect(steps[2]).toContain(`README: "${STATIC_HOSTS_SECTION}"`)
    expect(stderr).not.toContain('set url')
  })

  it('says a build for localhost is for this machine, and how to set the public address in the file it read', async () => {
    const { after, settings, stderr } = await buildFor('http://localhost:4321/', 'local')
    expect(after[0]).toBe('next:')
    const steps = after.slice(1).map((line) => line.trim())
    expect(steps[0]).toMatch(/^\S*local\/ is built for this machine: its links and feed addresses lead to http:\/\/localhost:4321\/$/)
    expect(steps[1]).toContain(`set url in ${settings} (or SITE_URL) to the public address`)
    expect(steps.join('\n')).not.toContain('to deploy:')
    // Said once, in the block, not as a warning besides.
    expect(stderr).not.toContain('localhost')
  })

  it('the README has the section the build points to', () => {
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain(`### ${STATIC_HOSTS_SECTION}\n`)
  })
})

describe('bylines preview', () => {
  it('builds for this machine without telling the user to set the public address', async () => {
    const out = join(root, 'preview')
    // PORT=0: any free port; the build is for localhost whatever the port.
    const child = spawn(process.execPath, [join(REPO, 'bin', 'bylines.mjs'), 'preview', '--out', out, '--prepared', `${out}.json`], {
      cwd: REPO,
      env: { ...process.env, ARTICLES_DIR: join(REPO, 'articles'), PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    try {
      await pollUntil(async () => (/serving the build at http:\/\/localhost:\d+\//.test(output) ? true : undefined), {
        timeoutMs: 60_000,
        message: `preview never served:\n${output}`,
      })
    } finally {
      child.kill('SIGTERM')
    }
    expect(output).toMatch(/bylines build: \d+ articles → /)
    expect(output).not.toContain('next:')
    expect(output).not.toContain('set url')
  })
})
