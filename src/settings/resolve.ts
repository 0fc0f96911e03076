/**
 * Site settings: everything a deployment may change, in one place. They are read from one file,
 * `bylines.toml` (or the file BYLINES_CONFIG names), by the Node server, `bylines build` (and so
 * the Worker) and the newsroom's tools alike; environment variables override the file, setting by
 * setting (environment.ts). One zod schema checks the result, so every problem is reported at once,
 * each naming where the value came from: `bylines.toml:12 cache.maxAge: …` or `ITEMS_PER_FEED: …`.
 */
import { type Env, overridesOf } from './environment.ts'
import { DEFAULT_SITE, LOCAL_URL, SETTING_NAMES, SETTINGS_SCHEMA, type SiteSettings } from './schema.ts'
import { readSettingsFile, type SettingsFile } from './settings-file.ts'
import { lineOf, type Path, pathText } from './toml-lines.ts'
import { explainMisplacedSetting } from './toml-mistakes.ts'
import { SettingsError } from './values.ts'

/**
 * The settings: `base` (defaults), then the file, then the environment, checked as a whole.
 * @param localUrl the site URL when neither the file nor the environment sets one: the Node
 *   server's own address, so that its links work as they are
 * @throws SettingsError listing every problem, each naming its variable or file and line
 */
export function resolveSettings(options: {
  env?: Env
  file?: SettingsFile
  base?: Partial<SiteSettings>
  localUrl?: string
}): SiteSettings {
  const { env = {}, file, base = {}, localUrl = LOCAL_URL } = options
  const { overrides: fromEnv, variables: envPaths } = overridesOf(env)
  const input = merge(merge(structuredClone(base) as Record<string, unknown>, file?.table ?? {}), fromEnv)
  const result = SETTINGS_SCHEMA.safeParse(input)
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue): { path: PropertyKey[]; message: string; code?: string }[] =>
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, path: [...issue.path, key] })) : [issue],
    )
    const lines = issues.map((issue) => {
      const path = issue.path as Path
      const variable = envPaths.find(([prefix]) => startsWith(path, prefix))
      if (variable) return `${variable[1]}${pathText(path.slice(variable[0].length), true)}: ${issue.message}`
      const where = file && startsWith(path, []) && hasPath(file.table, path) ? `${file.name}:${lineOf(file.text, path)} ` : ''
      const misplaced =
        where && file && issue.code === 'unrecognized_keys' ? explainMisplacedSetting(file.text, path, SETTING_NAMES) : undefined
      return `${where}${pathText(path, false) || 'settings'}: ${misplaced ?? issue.message}`
    })
    throw new SettingsError(lines.join('\n'))
  }
  return { ...result.data, url: result.data.url ?? localUrl }
}

/** Settings for a Node process: the file (if any) and the environment. */
export async function loadSettings(env: Env, options: { file?: string; localUrl?: string } = {}): Promise<SiteSettings> {
  return resolveSettings({ env, file: await readSettingsFile(env, options.file), localUrl: options.localUrl })
}

/** Applies the environment's overrides to `base` alone, with no file. */
export function loadSiteSettings(env: Env, base: SiteSettings = DEFAULT_SITE): SiteSettings {
  return resolveSettings({ env, base, localUrl: base.url })
}

/** Tables merge key by key; anything else (lists too) is replaced. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(over)) {
    const old = base[key]
    base[key] = isTable(old) && isTable(value) ? merge({ ...old }, value) : value
  }
  return base
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

const startsWith = (path: Path, prefix: Path) => prefix.every((key, i) => path[i] === key)

/** Whether the file itself holds the start of `path` (not a default or the base). */
function hasPath(table: Record<string, unknown>, path: Path): boolean {
  return path.length > 0 && Object.hasOwn(table, path[0] as string)
}
