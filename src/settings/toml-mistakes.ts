/**
 * What a mistake in the settings file means to the person editing it, and how to mend it. The
 * TOML parser (smol-toml) gives a line and a sentence of its grammar, no error code; the line
 * itself says which of the usual mistakes it is (text without quotes, a quote left open, `:` for
 * `=`, a key set twice). And the trap TOML sets for everyone once: every key after a `[table]`
 * header belongs to that table, so a top-level setting written below one is read as the table's.
 */
import { parse as parseToml } from 'smol-toml'
import { KEY_LINE, type Path, pathText, type TomlLine, tomlLines } from './toml-lines.ts'

export interface TomlMistake {
  line?: number
  /** The setting the line sets, as messages name it: `cache.maxAge`. */
  field?: string
  message: string
}

/** Curly quotes that word processors put in, which TOML does not read as quotes. */
const CURLY_QUOTES = /^[“”‘’„«»]/

/**
 * @param error as smol-toml throws it: a `line` (from 1) and a message
 * @param settingNames the top-level settings, for a repeated key that is one of them
 */
export function explainTomlSyntaxError(
  text: string,
  error: { line?: number; message: string },
  settingNames: readonly string[],
): TomlMistake {
  const fallback = `not valid TOML: ${error.message.split('\n')[0]}`
  const { line } = error
  if (!line) return { message: fallback }
  const lines = text.split('\n')
  const entries = tomlLines(text)
  const trimmed = (lines[line - 1] ?? '').trim()
  return (
    setTwice(entries, line, settingNames) ??
    unclosedHeader(trimmed, line) ??
    unclosedList(lines, entries, line) ??
    badValue(trimmed, line, entries) ??
    missingEquals(trimmed, line) ?? { line, message: fallback }
  )
}

/**
 * `footer = "…"` below `[[navigation]]` is read as `navigation[0].footer`: when a key a table does
 * not take is a top-level setting, say where the table began and where the setting belongs.
 * @param path where the unknown key is, e.g. `['navigation', 0, 'footer']`
 */
export function explainMisplacedSetting(text: string, path: Path, settingNames: readonly string[]): string | undefined {
  const key = path[path.length - 1]
  if (path.length < 2 || typeof key !== 'string' || !settingNames.includes(key)) return undefined
  const entries = tomlLines(text)
  const entry = entries.find((e) => e.kind === 'key' && samePath(e.path, path))
  if (!entry?.header) return undefined
  return `${key} is inside the ${entry.header.text} table opened on line ${entry.header.line}; ${topLevelAdvice(entries)}`
}

function topLevelAdvice(entries: TomlLine[]): string {
  const first = entries.find((e) => e.kind !== 'key')
  return `top-level settings go above the first [table]${first ? ` (line ${first.line})` : ''} — move it up`
}

/** A key or table given a second time; for a top-level setting inside a table, the likely reason. */
function setTwice(entries: TomlLine[], line: number, settingNames: readonly string[]): TomlMistake | undefined {
  const entry = entries.find((e) => e.line === line)
  const first = entry && entries.find((e) => e.line < line && samePath(e.path, entry.path))
  if (!entry || !first) return undefined
  const field = pathText(entry.path)
  if (entry.kind !== 'key') {
    return {
      line,
      field,
      message: `the [${field}] table is opened twice (first on line ${first.line}); put its settings under one [${field}] header`,
    }
  }
  const key = String(entry.path[entry.path.length - 1])
  const misplaced = entry.header && entry.path.length > 1 && settingNames.includes(key)
  const where = entry.header ? ` in the ${entry.header.text} table opened on line ${entry.header.line}` : ''
  const advice = misplaced ? `; if this one is the site's own ${key}, ${topLevelAdvice(entries)}` : '; keep one'
  return { line, field, message: `${key} is set twice${where} (first on line ${first.line})${advice}` }
}

function unclosedHeader(trimmed: string, line: number): TomlMistake | undefined {
  if (!trimmed.startsWith('[') || trimmed.includes(']')) return undefined
  const double = trimmed.startsWith('[[')
  const name = trimmed.replace(/^\[+/, '').replace(/#.*$/, '').trim()
  return {
    line,
    message: `the ${double ? '[[' : '['} that opens this table's name is not closed; write ${double ? `[[${name}]]` : `[${name}]`}`,
  }
}

/**
 * A list or inline table opened on a line above and not closed: the parser stops at the next
 * setting or header, which cannot be inside a list.
 */
function unclosedList(lines: string[], entries: TomlLine[], line: number): TomlMistake | undefined {
  const here = lines[line - 1]!.trim()
  if (!KEY_LINE.test(here) && !here.startsWith('[')) return undefined
  for (const entry of [...entries].reverse()) {
    if (entry.kind !== 'key' || entry.line >= line) continue
    const value = KEY_LINE.exec(lines[entry.line - 1]!.trim())?.[2] ?? ''
    const opening = value.charAt(0)
    if (opening !== '[' && opening !== '{') continue
    const closing = opening === '[' ? ']' : '}'
    const span = [value, ...lines.slice(entry.line, line - 1)].join('\n').replace(/"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|#.*$/gm, '')
    if (span.split(opening).length <= span.split(closing).length) return undefined
    const what = opening === '[' ? 'list' : 'table'
    return {
      line: entry.line,
      field: pathText(entry.path),
      message: `the ${opening} that opens this ${what} is not closed; end the ${what} with ${closing}`,
    }
  }
  return undefined
}

/** `title = My news`, `title = "My news`, `title = "The "Daily" news"`, `title = “My news”`. */
function badValue(trimmed: string, line: number, entries: TomlLine[]): TomlMistake | undefined {
  const assignment = KEY_LINE.exec(trimmed)
  if (!assignment) return undefined
  const [, key, value] = assignment as unknown as [string, string, string]
  const field = pathText(entries.find((e) => e.line === line)?.path ?? [key])
  const triple = /^("""|''')/.exec(value)?.[1]
  if (triple) return { line, field, message: `the ${triple} that opens this text is never closed; end the text with ${triple}` }
  const quote = value.charAt(0)
  if (quote === '"' || quote === "'") {
    const closed = (quote === '"' ? /^"(?:[^"\\]|\\.)*"/ : /^'[^']*'/).exec(value)?.[0]
    if (!closed) {
      // "My news: the quote was left open; 'Twas: the quote was an apostrophe.
      const fix =
        quote === '"'
          ? `close the quote: ${key} = ${value}"`
          : `close the quote, or if it is an apostrophe, put the whole value in double quotes: ${key} = ${quoted(value)}`
      return { line, field, message: `the ${quote} that opens this value is not closed on this line; ${fix}` }
    }
    if (/^\s*(#|$)/.test(value.slice(closed.length))) return undefined
    // In TOML text is always quoted, so the outer quotes were meant to hold all of it.
    const text = withoutComment(value, /\s#[^"']*$/)
    const inner = text.endsWith(quote) ? text.slice(1, -1) : text
    return { line, field, message: `text follows the closing quote; put the whole value in one pair of quotes: ${key} = ${quoted(inner)}` }
  }
  if (CURLY_QUOTES.test(value)) {
    return {
      line,
      field,
      message: `curly quotes are not quotes to TOML; use straight ones: ${key} = ${quoted(value.replace(/^[“”‘’„«»]|[“”‘’„«»]$/g, ''))}`,
    }
  }
  if (/^[[{]/.test(value) || !/[\p{L}\s]/u.test(value) || isTomlValue(value)) return undefined
  const text = withoutComment(value, /\s#/)
  return { line, field, message: `the value is text without quotes; put text in quotes: ${key} = ${quoted(text)}` }
}

/** `title: "My news"`, `title "My news"`, `title`: a line with no `=`. */
function missingEquals(trimmed: string, line: number): TomlMistake | undefined {
  if (/^(#|\[|$)/.test(trimmed) || KEY_LINE.test(trimmed)) return undefined
  const parts = /^([A-Za-z0-9_.-]+)\s*(:?)\s*(.*)$/.exec(trimmed)
  if (!parts) return undefined
  const [, key, colon, value] = parts as unknown as [string, string, string, string]
  const example = `${key} = ${value === '' ? '"…"' : /^["'[{\d]/.test(value) || isTomlValue(value) ? value : quoted(value)}`
  const what = colon
    ? 'TOML sets a value with "=", not ":"'
    : value
      ? 'there is no "=" between the name and its value'
      : `${key} has no "=" and no value`
  return { line, field: key, message: `${what}; write ${example}` }
}

function isTomlValue(value: string): boolean {
  try {
    parseToml(`x = ${value}`)
    return true
  } catch {
    return false
  }
}

/** A TOML string of `text`: basic quotes, or literal ones when it holds `"` or `\`, escaped only when it holds both kinds. */
function quoted(text: string): string {
  if (!/["\\]/.test(text)) return `"${text}"`
  if (!text.includes("'")) return `'${text}'`
  return JSON.stringify(text)
}

const samePath = (a: Path, b: Path) => a.length === b.length && a.every((key, i) => key === b[i])

/**
 * `value` without the comment `comment` finds (its first character being the blank before the
 * `#`): a search and a trim, where one pattern taking the run of blanks as well would try every
 * blank of a long run in turn.
 */
function withoutComment(value: string, comment: RegExp): string {
  const at = value.search(comment)
  return at === -1 ? value : value.slice(0, at).trimEnd()
}
