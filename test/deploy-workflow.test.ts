/** The CI workflow a newsroom copies (deploy/github-actions.yml): its triggers and its steps, in order. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { DEPLOY_CRON } from '../src/export/deploy-schedule.ts'

const ROOT = join(import.meta.dirname, '..')
const text = readFileSync(join(ROOT, 'deploy', 'github-actions.yml'), 'utf8')
const workflow = parse(text) as {
  on: { push: { branches: string[] }; schedule: { cron: string }[]; workflow_dispatch: unknown }
  concurrency: { group: string; 'cancel-in-progress': boolean }
  env: Record<string, string>
  jobs: Record<
    string,
    { steps: { uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string>; 'continue-on-error'?: unknown }[] }
  >
}
const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
const steps = workflow.jobs.deploy!.steps
const named = steps.map((step) => step.run ?? step.uses!)

describe('the deploy workflow', () => {
  it('runs on every push to main, about every 15 minutes, and by hand', () => {
    expect(workflow.on.push.branches).toEqual(['main'])
    // The schedule `bylines build` counts on when it says when a scheduled article goes out.
    expect(workflow.on.schedule).toEqual([{ cron: DEPLOY_CRON }])
    expect('workflow_dispatch' in workflow.on).toBe(true)
  })

  it('never runs two deploys at once, nor cancels one', () => {
    expect(workflow.concurrency).toEqual({ group: 'bylines-deploy', 'cancel-in-progress': false })
  })

  it('installs, restores the last build, checks, builds, records, deploys, pings and wakes the Worker, in that order', () => {
    expect(named).toEqual([
      'actions/checkout@v4',
      'actions/setup-node@v4',
      'npm ci',
      'actions/cache@v4',
      'npm run check',
      'npm run build:static',
      'npm run ping -- --record "$RUNNER_TEMP/bylines-changed.json"',
      'npx wrangler deploy',
      'npm run ping -- --changed "$RUNNER_TEMP/bylines-changed.json"',
      `curl -fsS -o /dev/null "$(node -p "require('./build/prepared-site.json').siteUrl")"`,
    ])
    // The cache comes after npm ci, which would empty node_modules/.cache.
    expect(steps[3]!.with!.path!.trim().split('\n')).toEqual(['node_modules/.cache/bylines', 'dist', 'build'])
    expect(text).toContain('# - run: npm test')
  })

  it('gives wrangler its secrets, and every step the site url and hub (wrangler builds again)', () => {
    expect(steps.find((step) => step.run === 'npx wrangler deploy')!.env).toEqual({
      CLOUDFLARE_API_TOKEN: '${{ secrets.CLOUDFLARE_API_TOKEN }}',
      CLOUDFLARE_ACCOUNT_ID: '${{ secrets.CLOUDFLARE_ACCOUNT_ID }}',
      NODE_OPTIONS: '--disable-warning=DEP0190',
    })
    expect(workflow.env).toEqual({ SITE_URL: '${{ vars.SITE_URL }}', WEBSUB_HUB: '${{ vars.WEBSUB_HUB }}' })
  })

  it('lets no step fail quietly', () => {
    expect(steps.filter((step) => 'continue-on-error' in step)).toEqual([])
    expect(text).not.toMatch(/\|\| true/)
  })

  it('uses only npm scripts that exist', () => {
    const used = [...text.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((match) => match[1]!)
    expect(used.length).toBeGreaterThan(0)
    for (const name of used) expect(scripts, name).toHaveProperty([name])
  })
})
