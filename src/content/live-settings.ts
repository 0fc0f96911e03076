/**
 * The settings file, kept live for the Node server: a save is read again once the file has been
 * quiet for a moment, checked whole, and swapped in, so that an editor sees a new title or footer
 * without a restart, and the log says what changed. A file that does not load keeps the last good
 * settings served, and the log says why, with the file and line. The environment still overrides
 * the file, as at start.
 *
 * Settings that decide what the articles are (their URLs and ids, their dates, their language,
 * the publications they are credited to) or what the server set up at start (the folders it
 * watches, the WebSub hub it tells) are not swapped: RESTART_SETTINGS.
 */
import { type FSWatcher, watch } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { loadSettings, resolveSettings } from '../settings/resolve.ts'
import { SETTINGS_SCHEMA, type SiteSettings } from '../settings/schema.ts'
import { readSettingsFile, settingsFileName } from '../settings/settings-file.ts'
import { SettingsError } from '../settings/values.ts'
import { createQuietWaits } from './quiet-waits.ts'

/**
 * Applied by a restart alone, each for what depends on it in the running server:
 * - `url`, `timeZone`, `language`, `publications`: read into every article when it is parsed
 *   (its URL and default id, its dates, its default language, its publication's home and feed),
 *   and the parse cache is kept for one URL and time zone; the URL is also what the Host check
 *   and redirects use;
 * - `articlesDir`, `publicDir`: the folders watched since the start;
 * - `websubHub`: the hub told of changes, or none, decided at the start; feeds must not name a
 *   hub the server does not tell;
 * - `fediverse`: the actors, their store and the delivery of articles, set up at the start.
 */
export const RESTART_SETTINGS = [
  'url',
  'language',
  'timeZone',
  'publications',
  'articlesDir',
  'publicDir',
  'websubHub',
  'fediverse',
] as const satisfies readonly (keyof SiteSettings)[]

/** How long the file must be unchanged before it is read: an editor's save is often two writes. */
const QUIET_MS = 100
/** A file that keeps changing is read at least this often. */
const MAX_WAIT_MS = 1000

export interface LiveSettings {
  /** The settings now served: those of the start, with the last good file's live settings. */
  current(): SiteSettings
  /** Reads the file again now (what a change to it does, once it is quiet). */
  reload(): Promise<void>
  close(): void
}

export interface LiveSettingsOptions {
  /** The site URL when neither the file nor the environment gives one (loadSettings). */
  localUrl: string
  log: (line: string) => void
  watch?: boolean
}

/**
 * Loads the settings, as `loadSettings` does, and watches the file it read (or would read:
 * `bylines.toml` made after the start is read too).
 * @throws SettingsError when the settings do not load at start
 */
export async function loadLiveSettings(env: Record<string, string | undefined>, options: LiveSettingsOptions): Promise<LiveSettings> {
  const { localUrl, log } = options
  const name = settingsFileName(env)
  const started = await loadSettings(env, { localUrl })
  let served = started
  // A file read at the start that is gone is a file being replaced, or removed by mistake: its
  // settings stay until it is back, rather than the defaults taking over the site.
  let fileRead = (await readSettingsFile(env)) !== undefined

  const reload = async () => {
    let loaded: SiteSettings
    try {
      const file = await readSettingsFile(env)
      if (file === undefined && fileRead) {
        log(`settings: ${name} is gone; still serving the last good settings`)
        return
      }
      fileRead ||= file !== undefined
      loaded = resolveSettings({ env, file, localUrl })
    } catch (error) {
      const lines =
        error instanceof SettingsError ? error.message.split('\n') : [`${name}: could not be read (${(error as Error).message})`]
      for (const line of lines) log(`settings: ${line}`)
      log(`settings: ${name} not applied; still serving the last good settings`)
      return
    }
    const changed = changedSettings(served, loaded)
    const held = changed.filter((key) => isRestartSetting(key))
    const applied = changed.filter((key) => !isRestartSetting(key))
    for (const key of held) log(`settings: ${key} changed in ${name}; restart the server to apply it`)
    if (applied.length > 0) {
      served = { ...loaded, ...pick(started, RESTART_SETTINGS) }
      log(`settings: reloaded ${name} (changed: ${applied.join(', ')})`)
    } else if (held.length === 0) {
      log(`settings: reloaded ${name} (no setting changed)`)
    }
  }

  // One reload at a time, in the order the changes came.
  let running = Promise.resolve()
  const queue = () => (running = running.then(reload))
  const waits = createQuietWaits<typeof name>(() => void queue(), { quietMs: QUIET_MS, maxMs: MAX_WAIT_MS })

  let watcher: FSWatcher | undefined
  if (options.watch !== false) {
    // The folder, not the file: an editor that saves by writing a new file and renaming it over
    // the old one would leave a watch on the file watching nothing, and a file made after the
    // start has nothing to watch yet.
    const path = resolve(name)
    try {
      watcher = watch(dirname(path), (_event, changed) => {
        if (changed === null || changed === basename(path)) waits.touch(name)
      })
      watcher.on('error', (error) =>
        log(`settings: watching ${name} failed (${error.message}); changes to it are not seen until a restart`),
      )
    } catch (error) {
      log(`settings: cannot watch ${name} (${(error as Error).message}); changes to it are not seen until a restart`)
    }
  }

  return {
    current: () => served,
    reload: () => queue(),
    close() {
      waits.close()
      watcher?.close()
    },
  }
}

type SettingName = keyof SiteSettings

function isRestartSetting(key: SettingName): boolean {
  return (RESTART_SETTINGS as readonly SettingName[]).includes(key)
}

/** Every setting, in the order of the schema (and of `bylines.toml`). */
const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA.in.shape) as SettingName[]

/** The top-level settings whose values differ. */
function changedSettings(before: SiteSettings, after: SiteSettings): SettingName[] {
  return SETTING_NAMES.filter((key) => !isDeepStrictEqual(before[key], after[key]))
}

function pick<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, from[key]])) as Pick<T, K>
}
