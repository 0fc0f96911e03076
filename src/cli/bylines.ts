/** `bylines <command>`: the newsroom's command line; one table of commands, each in its own module. */

import type { Env } from '../settings/environment.ts'
import { buildCommand } from './build.ts'
import { checkCommand } from './check.ts'
import { type Command, isMainModule, runCommand } from './command.ts'
import { importCommand } from './import.ts'
import { newCommand } from './new.ts'
import { pingCommand } from './ping.ts'
import { previewCommand } from './preview.ts'

const COMMANDS: Record<string, Command> = {
  import: importCommand,
  new: newCommand,
  check: checkCommand,
  build: buildCommand,
  preview: previewCommand,
  ping: pingCommand,
}

const USAGE = `Usage: bylines <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, command]) => `  ${name.padEnd(10)}${command.summary}`)
  .join('\n')}
  help      this help, or "bylines help <command>"

Run "bylines <command> --help" for a command's options. Also as npm scripts:
npm run import -- <file>…, npm run new -- "<title>", npm run check, npm run build:static,
npm run preview, npm run ping -- --record FILE | --changed FILE.`

export async function main(args: string[], env: Env): Promise<number> {
  const [name, ...rest] = args
  if (name === undefined) {
    console.error(USAGE)
    return 2
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    console.log(USAGE)
    return 0
  }
  if (name === 'help') return main([rest[0]!, '--help'], env)
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!command) {
    const names = [...Object.keys(COMMANDS), 'help'].join(', ')
    console.error(`bylines: there is no command "${name}"; the commands are ${names}.`)
    return 2
  }
  return runCommand(name, command, rest, env)
}

if (isMainModule(import.meta.url)) process.exitCode = await main(process.argv.slice(2), process.env)
