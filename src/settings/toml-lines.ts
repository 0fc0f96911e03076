/**
 * A settings file read line by line, as people write one: `[table]` and `[[list]]` headers and
 * `key = value` lines. The TOML parser gives values, not lines; this gives each setting's line,
 * and the header a key falls under, for messages (`bylines.toml:12 cache.maxAge: …`).
 */

export type Path = (string | number)[]

export interface TomlLine {
  /** From 1. */
  line: number
  kind: 'table' | 'list' | 'key'
  /** Where the line puts its value: `['cache', 'maxAge']`, `['publications', 1]` for a second `[[publications]]`. */
  path: Path
  /** The `[table]` or `[[list]]` header that a key line falls under, if any. */
  header?: { line: number; text: string }
}

const LIST_HEADER = /^\[\[\s*([^\]]+?)\s*\]\]/
const TABLE_HEADER = /^\[\s*([^\]]+?)\s*\]/
/** A key as settings write it: bare, quoted, or dotted, before `=`. */
export const KEY_LINE = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/

/** The headers and key lines of `text`, in order; anything else (comments, values over several lines) is left out. */
export function tomlLines(text: string): TomlLine[] {
  const found: TomlLine[] = []
  const lists = new Map<string, number>()
  let table: Path = []
  let header: TomlLine['header']
  text.split('\n').forEach((raw, index) => {
    const line = index + 1
    const trimmed = raw.trim()
    const list = LIST_HEADER.exec(trimmed)
    const named = list ? undefined : TABLE_HEADER.exec(trimmed)
    if (list) {
      const key = list[1]!
      const n = lists.get(key) ?? 0
      lists.set(key, n + 1)
      table = [...keyPath(key), n]
      header = { line, text: `[[${key}]]` }
      found.push({ line, kind: 'list', path: table })
    } else if (named) {
      table = keyPath(named[1]!)
      header = { line, text: `[${named[1]}]` }
      found.push({ line, kind: 'table', path: table })
    } else {
      const assignment = KEY_LINE.exec(trimmed)
      if (assignment) found.push({ line, kind: 'key', path: [...table, ...keyPath(assignment[1]!)], ...(header ? { header } : {}) })
    }
  })
  return found
}

/**
 * The line of a TOML file that sets `path`, or that opens its table: the nearest it can find.
 * A value it cannot place gets line 1.
 */
export function lineOf(text: string, path: Path): number {
  let best = { depth: 0, line: 1 }
  for (const { path: full, line } of tomlLines(text)) {
    let depth = 0
    while (depth < full.length && depth < path.length && full[depth] === path[depth]) depth++
    if (depth === full.length && depth > best.depth) best = { depth, line }
  }
  return best.line
}

/** A setting's path as messages name it: `cache.maxAge`, `publications[1].feed`; `[0].feed` when `below` a prefix. */
export function pathText(path: Path, below = false): string {
  const text = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${key}`)).join('')
  return below ? text : text.replace(/^\./, '')
}

function keyPath(key: string): Path {
  return key.split('.').map((part) => part.trim().replace(/^["']|["']$/g, ''))
}
