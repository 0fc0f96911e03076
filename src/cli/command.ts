/** What every bylines command shares: options, errors that say what to do, exit statuses. */
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { type ParseArgsConfig, parseArgs } from 'node:util'
import type { Env } from '../settings/environment.ts'

export interface Command {
  /** One line for `bylines --help`. */
  summary: string
  /** The whole `--help` text. */
  help: string
  /** @returns the exit status: 0 done, 1 something failed, 2 the command was used wrongly */
  run(args: string[], env: Env): Promise<number>
}

/** The command line asks for something that cannot be done as asked. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** `node:util` parseArgs with messages in our words; `--help` is always an option. */
export function parseOptions<const O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  allowPositionals: boolean,
) {
  try {
    const withHelp = { ...options, help: { type: 'boolean', short: 'h' } } as const
    return parseArgs({ args, options: withHelp, allowPositionals, strict: true })
  } catch (error) {
    const { code, message } = error as { code?: string; message: string }
    const option = /'(-[^' ]+)/.exec(message)?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? message}`)
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`unexpected argument: ${message.split("'")[1] ?? message}`)
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(option ? `${option} needs a value` : message)
    }
    throw new UsageError(message)
  }
}

/** Runs a command, turning its errors into a message on stderr and an exit status. */
export async function runCommand(name: string, command: Command, args: string[], env: Env): Promise<number> {
  try {
    return await command.run(args, env)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`bylines ${name}: ${error.message}\nRun "bylines ${name} --help" for how to use it.`)
      return 2
    }
    // Settings errors name their variable (SettingsError); others name their file.
    console.error(`bylines ${name}: ${(error as Error)?.message ?? String(error)}`)
    return 1
  }
}

/**
 * True when this module is the script node was started with (`tsx src/cli/check.ts`). Never in a
 * bundle (build/bylines.mjs), where every command has the bundle's URL: its entry runs it (run.ts).
 */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1]
  if (!script || !moduleUrl.endsWith('.ts')) return false
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl))
  } catch {
    return false
  }
}

/** `1 article`, `3 articles`: how the commands count what they report. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`
}
