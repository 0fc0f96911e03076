/**
 * Which Node the suite runs on. CI runs it on one release line by putting that Node first on
 * PATH (scripts/test-node-lines.sh); the tests start `node` children (process.execPath) and `npm
 * run` scripts, whose `node` npm finds on PATH. If either were another Node, the suite would
 * pass for a line it never ran on.
 */
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { REPO } from './helpers/built-site.ts'

describe('the Node the suite runs on', () => {
  const expected = process.env.BYLINES_EXPECT_NODE

  it.runIf(expected)('is the release CI asked for (BYLINES_EXPECT_NODE)', () => {
    expect(
      `${process.versions.node}.`.startsWith(`${expected}.`),
      `the suite runs on Node ${process.versions.node}, not ${expected}: put its bin folder first on PATH`,
    ).toBe(true)
  })

  it('is the Node that npm scripts run', () => {
    // `npm exec -c` runs a command with the PATH of `npm run` scripts (node_modules/.bin first).
    const result = spawnSync('npm', ['exec', '-c', 'node -p process.versions.node'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.trim()).toBe(process.versions.node)
  })
})
