/**
 * What `bylines build` says last: which address the site it wrote is for, and what to run next
 * (look at it, deploy it). A build for localhost is a build for this machine, every link in it
 * leading there, so it says how to give the site its public address instead.
 */

/** Who asked for the build: a deploy (`bylines build`) or `bylines preview`, which says its own next step. */
export type BuildAudience = 'deploy' | 'preview'

/** The README section that tells each static host's template and command. */
export const STATIC_HOSTS_SECTION = 'Static files, on any host'

/** Names of this machine: a site built for one of them works only here. */
const THIS_MACHINE = new Set(['localhost', '127.0.0.1', '[::1]'])

export function isBuiltForThisMachine(siteUrl: string): boolean {
  const host = new URL(siteUrl).hostname
  return THIS_MACHINE.has(host) || host.endsWith('.localhost')
}

export interface NextStepsInput {
  /** The export folder as the user names it (`dist`). */
  outDir: string
  siteUrl: string
  /** The settings file the build read, as the user names it (`bylines.toml`). */
  settingsFile: string
  audience: BuildAudience
}

/** The lines to print after the build's summary; none for a preview, which serves what it built. */
export function nextSteps({ outDir, siteUrl, settingsFile, audience }: NextStepsInput): string[] {
  if (audience === 'preview') return []
  const folder = `${outDir.replace(/\/+$/, '') || '.'}/`
  const look = 'to look at it as deployed: npm run preview'
  if (isBuiltForThisMachine(siteUrl)) {
    return [
      'next:',
      `  ${folder} is built for this machine: its links and feed addresses lead to ${siteUrl}`,
      `  to build it for the public site: set url in ${settingsFile} (or SITE_URL) to the public address, e.g. url = "https://news.example.org/", and build again`,
      `  ${look}`,
    ]
  }
  return [
    'next:',
    `  ${folder} is ready for ${siteUrl}`,
    `  ${look}`,
    `  to deploy: npx wrangler deploy, or upload ${folder} to a static host (templates in deploy/; README: "${STATIC_HOSTS_SECTION}")`,
  ]
}
