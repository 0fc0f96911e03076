/**
 * The environment a process reads: the variables that override a setting (each goes where the
 * table says, read as the table says), and the few that are not settings but say where a process
 * keeps things or how it runs. Every variable bylines reads is read here; a test checks that no
 * other module reads one itself.
 */
import { SettingsError } from './values.ts'
import type { Path } from './toml-lines.ts'

/** The process's environment, or a test's stand-in for it: every setting's variable is read from one. */
export type Env = Record<string, string | undefined>

/** Environment variables that override a setting: where each goes, and how its text is read. */
const ENV_OVERRIDES: Record<string, { path: Path; read?: (value: string, name: string) => unknown }> = {
  SITE_TITLE: { path: ['title'] },
  SITE_DESCRIPTION: { path: ['description'] },
  SITE_URL: { path: ['url'] },
  SITE_LANGUAGE: { path: ['language'] },
  SITE_TIME_ZONE: { path: ['timeZone'] },
  SITE_AUTHOR: { path: ['defaultAuthor', 'name'] },
  SITE_AUTHOR_URL: { path: ['defaultAuthor', 'url'] },
  SITE_RIGHTS: { path: ['rights'] },
  SITE_CREDIT_WORDING: { path: ['credit'], read: readJson },
  SITE_MESSAGES: { path: ['messages'], read: readJson },
  ITEMS_PER_FEED: { path: ['itemsPerFeed'] },
  ARTICLES_DIR: { path: ['articlesDir'] },
  PUBLIC_DIR: { path: ['publicDir'] },
  SITE_ICON: { path: ['icon'] },
  SITE_FAVICON: { path: ['favicon'] },
  SITE_LOGO: { path: ['logo'] },
  SITE_NAVIGATION: { path: ['navigation'], read: readJson },
  SITE_FOOTER: { path: ['footer'] },
  SITE_STYLESHEET: { path: ['stylesheet'] },
  SITE_HEAD_HTML: { path: ['head', 'html'] },
  CACHE_MAX_AGE: { path: ['cache', 'maxAge'] },
  CACHE_SHARED_MAX_AGE: { path: ['cache', 'sharedMaxAge'] },
  CACHE_STALE_WHILE_REVALIDATE: { path: ['cache', 'staleWhileRevalidate'] },
  CACHE_ARCHIVE_MAX_AGE: { path: ['cache', 'archiveMaxAge'] },
  CACHE_PUBLIC_MAX_AGE: { path: ['cache', 'publicMaxAge'] },
  WEBSUB_HUB: { path: ['websubHub'] },
  FEDIVERSE_ENABLED: { path: ['fediverse', 'enabled'], read: readYesOrNo },
  FEDIVERSE_HANDLE: { path: ['fediverse', 'handle'] },
  FEDIVERSE_DATA_DIR: { path: ['fediverse', 'dataDir'] },
  SITE_PUBLICATIONS: { path: ['publications'], read: readJson },
  FEED_SETS: { path: ['feedSets'], read: (value) => (value === 'none' ? [] : value.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '')) },
}

/** The environment variables that override settings, for documentation and checks. */
export const SETTINGS_VARIABLES = Object.keys(ENV_OVERRIDES)

function readYesOrNo(value: string, name: string): boolean {
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new SettingsError(`${name}: expected true or false, not "${value}"`)
}

function readJson(value: string, name: string): unknown {
  try {
    return JSON.parse(value)
  } catch (cause) {
    throw new SettingsError(`${name}: expected JSON`, { cause })
  }
}

/** The overrides `env` sets: each value where it goes, and which variable set what. */
export function overridesOf(env: Env): { overrides: Record<string, unknown>; variables: [Path, string][] } {
  const overrides: Record<string, unknown> = {}
  const variables: [Path, string][] = []
  for (const [name, { path, read }] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name]?.trim()
    if (value === undefined || value === '') continue
    setAt(overrides, path, read ? read(value, name) : value)
    variables.push([path, name])
  }
  return { overrides, variables }
}

function setAt(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>
  node[path.at(-1)!] = value
}

