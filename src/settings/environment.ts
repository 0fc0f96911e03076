/**
 * The environment a process reads: the variables that override a setting (each goes where the
 * table says, read as the table says), and the few that are not settings but say where a process
 * keeps things or how it runs. Every variable bylines reads is read here; a test checks that no
 * other module reads one itself.
 */

import type { Path } from './toml-lines.ts'
import { SettingsError } from './values.ts'

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
  FEED_SETS: {
    path: ['feedSets'],
    read: (value) =>
      value === 'none'
        ? []
        : value
            .split(',')
            .map((kind) => kind.trim())
            .filter((kind) => kind !== ''),
  },
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

/**
 * The variables that are not settings: where a process keeps things and how it runs, each read by
 * one function below. docs/settings.md says what each does (a test checks it names them all).
 */
export const PROCESS_VARIABLES = [
  'PORT',
  'BYLINES_CONFIG',
  'BYLINES_CACHE_DIR',
  'BYLINES_BUILD_THREADS',
  'BYLINES_PREPARED',
  'BYLINES_FEDIVERSE_ALLOW_PRIVATE',
  'IMPORT_BOILERPLATE',
] as const

export const DEFAULT_CACHE_DIR = 'node_modules/.cache/bylines'

/** PORT as written, for the caller to check (server/listen.ts). */
export function portOf(env: Env): string | undefined {
  return env.PORT
}

/** The settings file BYLINES_CONFIG names, if any. */
export function configFileOf(env: Env): string | undefined {
  return env.BYLINES_CONFIG || undefined
}

/** The cache folder, or undefined when BYLINES_CACHE_DIR is set empty: nothing is kept between runs. */
export function cacheDirOf(env: Env): string | undefined {
  const dir = env.BYLINES_CACHE_DIR ?? DEFAULT_CACHE_DIR
  return dir === '' ? undefined : dir
}

/** BYLINES_BUILD_THREADS: 1 or 2 threads, or `auto`, the default (two when there is enough to make). */
export function buildThreadsOf(env: Env): 'auto' | 1 | 2 {
  const value = env.BYLINES_BUILD_THREADS ?? ''
  if (value === '' || value === 'auto') return 'auto'
  if (value === '1' || value === '2') return Number(value) as 1 | 2
  throw new SettingsError(`BYLINES_BUILD_THREADS is "${value}"; expected 1, 2 or auto`)
}

/** BYLINES_PREPARED: the index Bun and Deno serve, when not the default one. */
export function preparedFileOf(env: Env): string | undefined {
  return env.BYLINES_PREPARED || undefined
}

/**
 * BYLINES_FEDIVERSE_ALLOW_PRIVATE=1: the federation fetches from and delivers to private addresses,
 * for tests on one machine. A Worker's variables come with its bindings, so this asks only for
 * the one it reads.
 */
export function allowsPrivateAddresses(env: { BYLINES_FEDIVERSE_ALLOW_PRIVATE?: string }): boolean {
  return env.BYLINES_FEDIVERSE_ALLOW_PRIVATE === '1'
}

/** IMPORT_BOILERPLATE: a file of lines `bylines import` removes from raw copy. */
export function boilerplateFileOf(env: Env): string | undefined {
  return env.IMPORT_BOILERPLATE || undefined
}
