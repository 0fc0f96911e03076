/**
 * The settings file: which one a command reads (`bylines.toml`, or the file BYLINES_CONFIG or
 * `--config` names), and its TOML read, with a syntax error explained at its line.
 */
import { readFile } from 'node:fs/promises'
import { parse as parseToml } from 'smol-toml'
import { configFileOf, type Env } from './environment.ts'
import { SETTING_NAMES } from './schema.ts'
import { explainTomlSyntaxError } from './toml-mistakes.ts'
import { SettingsError } from './values.ts'

export const SETTINGS_FILE = 'bylines.toml'

/** The settings file, as read: its text (for line numbers) and its table. */
export interface SettingsFile {
  name: string
  text: string
  table: Record<string, unknown>
}

/** The settings file a command reads: `file` when given, else BYLINES_CONFIG, else `bylines.toml`. */
export function settingsFileName(env: Env, file?: string): string {
  return file ?? configFileOf(env) ?? SETTINGS_FILE
}

/**
 * Reads the settings file (settingsFileName): `file` must exist; `bylines.toml` in the working
 * folder may not.
 */
export async function readSettingsFile(env: Env, file?: string): Promise<SettingsFile | undefined> {
  const name = settingsFileName(env, file)
  let text: string
  try {
    text = await readFile(name, 'utf8')
  } catch (error) {
    if (name === SETTINGS_FILE && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new SettingsError(`${name}: cannot read the settings file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return parseSettingsFile(name, text)
}

export function parseSettingsFile(name: string, text: string): SettingsFile {
  try {
    return { name, text, table: parseToml(text) }
  } catch (error) {
    const { line, field, message } = explainTomlSyntaxError(text, error as { line?: number; message: string }, SETTING_NAMES)
    throw new SettingsError(`${name}${line ? `:${line}` : ''}${field ? ` ${field}` : ''}: ${message}`)
  }
}
