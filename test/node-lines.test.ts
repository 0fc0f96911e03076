/**
 * The Node lines CI tests (.ci/node-lines.json: the suite on one, the smoke run on the others)
 * against what the project tells others: package.json "engines" admits each of them, and the
 * deploy templates set up the line the suite runs on, so a newsroom deploys on a tested Node.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { REPO } from './helpers/built-site.ts'

const VERSION = z.string().regex(/^\d+\.\d+\.\d+$/, 'a full version, e.g. 24.21.0')
const lines = z
  .object({ suite: VERSION, smoke: z.array(VERSION).min(1) })
  .strict()
  .parse(JSON.parse(readFileSync(join(REPO, '.ci', 'node-lines.json'), 'utf8')))
const major = (version: string) => Number(version.split('.')[0])

describe('.ci/node-lines.json', () => {
  it('pins one release of each line, the suite on one of them and the smoke run on the others', () => {
    const majors = [lines.suite, ...lines.smoke].map(major)
    expect(new Set(majors).size, `one release per line: ${majors.join(', ')}`).toBe(majors.length)
    // Even majors are Node's long-term support lines; odd ones live six months.
    for (const line of majors) expect(line % 2, `Node ${line} is not a long-term support line`).toBe(0)
  })

  it('names only lines that package.json "engines" admits', () => {
    const engines = z
      .object({ engines: z.object({ node: z.string() }) })
      .parse(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'))).engines.node
    const oldest = /^>=(\d+)\.(\d+)$/.exec(engines)
    expect(oldest, `engines.node is "${engines}"; this test reads the form ">=20.12"`).not.toBeNull()
    const [, oldestMajor, oldestMinor] = oldest!.map(Number)
    for (const version of [lines.suite, ...lines.smoke]) {
      const [versionMajor, versionMinor] = version.split('.').map(Number)
      expect(
        versionMajor! > oldestMajor! || (versionMajor === oldestMajor && versionMinor! >= oldestMinor!),
        `${version} is older than engines "${engines}"`,
      ).toBe(true)
    }
  })

  it('the deploy templates set up the line the suite runs on', () => {
    const setupNode = (file: string) => {
      const workflow = parseYaml(readFileSync(join(REPO, 'deploy', file), 'utf8')) as {
        jobs: Record<string, { steps: { uses?: string; with?: { 'node-version'?: unknown } }[] }>
      }
      return Object.values(workflow.jobs).flatMap((job) =>
        job.steps.filter((step) => step.uses?.startsWith('actions/setup-node@')).map((step) => step.with?.['node-version']),
      )
    }
    expect(setupNode('github-actions.yml')).toEqual([major(lines.suite)])
    expect(setupNode('github-pages.yml')).toEqual([major(lines.suite)])
    const netlify = parseToml(readFileSync(join(REPO, 'deploy', 'netlify.toml'), 'utf8')) as {
      build: { environment: { NODE_VERSION: string } }
    }
    expect(netlify.build.environment.NODE_VERSION).toBe(String(major(lines.suite)))
  })
})
