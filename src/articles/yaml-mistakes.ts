/**
 * What a YAML error in front matter means to the editor who wrote it, and how to mend it: the
 * `yaml` package's error code says what the parser met, the document it built before giving up
 * says where a value starts (an unclosed quote is found where it opens, not where the parser
 * gave up), and the line itself says which of an editor's usual mistakes it is.
 */
import { type Document, isMap, isScalar, isSeq, type YAMLError } from 'yaml'

export interface YamlMistake {
  line: number
  /** The field the line sets, when the parser got as far as reading its key. */
  path?: (string | number)[]
  message: string
}

/** One line of front matter as an editor writes it: `key: value`, `- key: value` or `- value`. */
interface LineParts {
  indent: number
  dash: boolean
  key?: string
  value: string
}

/**
 * A key is text without `:` before the first `: ` (or a final `:`); `title:France` has none, and
 * is all value. Tabs count as indentation here so that a tab-indented line still shows its key.
 */
// Linear on any line: no two parts can both take a run of blanks (the key's and the value's
// trailing blanks are trimmed in code), so a line of a hundred thousand spaces costs one pass.
const LINE_PARTS = /^([ \t]*)(-[ \t]+)?(?:((?:"[^"\n]*"|'[^'\n]*')[ \t]*|[^\s"'#:[\]{}][^:\n]*):(?=[ \t]|$)[ \t]*)?(.*)$/

/** What YAML makes of a character at the start of a value, where an editor meant text. */
const VALUE_STARTS: Record<string, string> = {
  '@': 'a value cannot start with "@" in YAML',
  '`': 'a value cannot start with "`" in YAML',
  '%': 'a value cannot start with "%" in YAML',
  '*': 'YAML reads "*" at the start of a value as a reference to another value (an alias)',
  '&': 'YAML reads "&" at the start of a value as a name given to it (an anchor)',
  '!': 'YAML reads "!" at the start of a value as a type tag, which front matter does not accept',
  '|': 'YAML reads "|" at the start of a value as the start of a block of text on the lines below',
  '>': 'YAML reads ">" at the start of a value as the start of a block of text on the lines below',
  '[': 'YAML reads "[" at the start of a value as the start of a list, and text follows its "]"',
  '{': 'YAML reads "{" at the start of a value as the start of a group of fields, and text follows its "}"',
  '"': 'the value starts with a quote, and text follows its closing quote',
  "'": 'the value starts with a quote, and text follows its closing quote',
}

/** Codes under which a value's first character is the likely cause. */
const VALUE_START_CODES = new Set(['BAD_SCALAR_START', 'BAD_ALIAS', 'UNEXPECTED_TOKEN', 'TAG_RESOLVE_FAILED', 'MISSING_CHAR'])

/** A suggestion is given in full up to this length; past it, a long title would hide the advice. */
const MAX_SUGGESTION = 120

/**
 * @param block the front matter as parsed, starting with the newline of the opening fence, so
 *   that its line numbers are the file's
 * @param doc what the parser built, as far as it got
 * @param lineAt the line (from 1) of an offset in `block`
 */
export function explainYamlMistake(block: string, doc: Document, error: YAMLError, lineAt: (offset: number) => number): YamlMistake {
  const context = new Context(block, doc, error, lineAt)
  return (
    unclosedQuote(context) ??
    unclosedFlow(context) ??
    tabIndent(context) ??
    colonInValue(context) ??
    reservedStart(context) ??
    misaligned(context) ??
    lineWithoutField(context) ?? {
      line: context.line,
      path: context.fieldOn(context.line),
      message: `this line is not YAML that can be read (${firstSentence(error.message)}); check its indentation, and put a value with ":", "#" or quotes in it inside quotes`,
    }
  )
}

/** Everything the diagnoses share: the lines, the parser's partial document and the error. */
class Context {
  readonly lines: string[]
  readonly block: string
  readonly code: string
  readonly offset: number
  readonly line: number
  #entries: Entry[] | undefined

  constructor(
    block: string,
    readonly doc: Document,
    error: YAMLError,
    readonly lineAt: (offset: number) => number,
  ) {
    this.block = block
    this.lines = block.split('\n')
    this.code = error.code
    this.offset = error.pos[0]
    this.line = lineAt(this.offset)
  }

  text(line: number): string {
    return this.lines[line - 1] ?? ''
  }

  parts(line: number): LineParts {
    const [, indent = '', dash, key, value = ''] = LINE_PARTS.exec(this.text(line)) ?? []
    return { indent: indent.length, dash: dash !== undefined, key: key?.trimEnd().replace(/^(["'])(.*)\1$/, '$2'), value: value.trimEnd() }
  }

  /** The nearest line above `line` that holds a field or list item (not blank, not a comment). */
  lineAbove(line: number, accept: (parts: LineParts) => boolean = () => true): number | undefined {
    for (let above = line - 1; above >= 2; above--) {
      if (!/^\s*(#|$)/.test(this.text(above)) && accept(this.parts(above))) return above
    }
    return undefined
  }

  lineBelow(line: number): number | undefined {
    for (let below = line + 1; below <= this.lines.length; below++) if (!/^\s*(#|$)/.test(this.text(below))) return below
    return undefined
  }

  get entries(): Entry[] {
    return (this.#entries ??= entriesOf(this.doc))
  }

  /** The outermost field whose key (or list item) starts on `line`. */
  fieldOn(line: number): (string | number)[] | undefined {
    let found: Entry | undefined
    for (const entry of this.entries) {
      const start = entry.keyStart ?? rangeOf(entry.value)?.[0]
      if (start !== undefined && this.lineAt(start) === line && (!found || entry.path.length < found.path.length)) found = entry
    }
    return found?.path
  }

  /** The innermost value of the kind asked for that spans the error's offset. */
  valueAtError(accept: (node: unknown) => boolean): Entry | undefined {
    let found: Entry | undefined
    for (const entry of this.entries) {
      const range = rangeOf(entry.value)
      if (
        range &&
        accept(entry.value) &&
        range[0] <= this.offset &&
        this.offset <= range[2] &&
        (!found || entry.path.length > found.path.length)
      )
        found = entry
    }
    return found
  }
}

interface Entry {
  path: (string | number)[]
  /** Where the key starts, for a field; a list item has none. */
  keyStart?: number
  value: unknown
}

/** Every field and list item of the partial document, with its path; walks with a stack of its own. */
function entriesOf(doc: Document): Entry[] {
  const entries: Entry[] = []
  const stack: [unknown, (string | number)[]][] = [[doc.contents, []]]
  while (stack.length > 0) {
    const [node, path] = stack.pop()!
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue
        const entry = { path: [...path, String(pair.key.value)], keyStart: pair.key.range?.[0], value: pair.value }
        entries.push(entry)
        stack.push([pair.value, entry.path])
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        entries.push({ path: [...path, index], value: item })
        stack.push([item, [...path, index]])
      })
    }
  }
  return entries
}

const rangeOf = (node: unknown) => (node as { range?: [number, number, number] } | null | undefined)?.range

/** `"title" never closed` is found where its quote opens: the parser only notices at the end. */
function unclosedQuote(context: Context): YamlMistake | undefined {
  if (context.code !== 'MISSING_CHAR') return undefined
  const entry = context.valueAtError((node) => isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE'))
  if (!entry) return undefined
  const line = context.lineAt(rangeOf(entry.value)![0])
  const { key, value } = context.parts(line)
  const quote = (entry.value as { type: string }).type === 'QUOTE_DOUBLE' ? '"' : "'"
  // The value stops short of the end: a line below, not indented under the field, ended it.
  const next = context.lineBelow(line)
  if (context.block.slice(rangeOf(entry.value)![1]).trim() !== '' && next !== undefined) {
    return {
      line,
      path: entry.path,
      message: `the ${quote} that opens this value is not closed on this line, and line ${next} is not indented under the field, so YAML ends the value there; close the quote on this line, or indent the lines that continue the value with spaces`,
    }
  }
  // "France and Russia: the quote was left open; 'Twas: the quote was an apostrophe.
  const example = !value.startsWith(quote) || value.length < 2 || value.endsWith(quote) ? '' : quote === '"' ? `${value}"` : quoted(value)
  return {
    line,
    path: entry.path,
    message: `the ${quote} that opens this value is never closed, so YAML reads on to the end of the front matter; close the quote or put the whole value in quotes${example && `, e.g. ${suggest(key, example)}`}`,
  }
}

/** A value starting with `[` or `{` that is never closed: a list, or text that needs quotes. */
function unclosedFlow(context: Context): YamlMistake | undefined {
  if (context.code !== 'BAD_INDENT' && context.code !== 'MISSING_CHAR') return undefined
  const entry = context.valueAtError((node) => (isSeq(node) || isMap(node)) && node.flow === true)
  const range = rangeOf(entry?.value)
  if (!entry || !range) return undefined
  const opening = context.block.charAt(range[0])
  const closing = opening === '[' ? ']' : '}'
  if (context.block.slice(range[0], range[1]).trimEnd().endsWith(closing)) return undefined
  const line = context.lineAt(range[0])
  const { key, value } = context.parts(line)
  const what = opening === '[' ? 'a list' : 'a group of fields'
  return {
    line,
    path: entry.path,
    message: `YAML reads "${opening}" at the start of a value as the start of ${what}, and this one is never closed; if it is ${what}, end it with "${closing}", and if it is text, ${inQuotes(key, value)}`,
  }
}

function tabIndent(context: Context): YamlMistake | undefined {
  if (context.code !== 'TAB_AS_INDENT') return undefined
  // No field named: with a tab in its indentation, the parser's idea of where the line belongs is not the editor's.
  const { key } = context.parts(context.line)
  return {
    line: context.line,
    message: `${key ? `"${key}:" is` : 'this line is'} indented with a tab, and YAML indents with spaces only; replace the tab with spaces (two for each level)`,
  }
}

/** `title: France: the talks resume`: the second `: ` starts a field inside the value. */
function colonInValue(context: Context): YamlMistake | undefined {
  if (context.code !== 'BLOCK_AS_IMPLICIT_KEY') return undefined
  const { key, value } = context.parts(context.line)
  if (!/^[^"'[{]/.test(value) || !/:([ \t]|$)/.test(value)) return undefined
  return {
    line: context.line,
    path: context.fieldOn(context.line),
    message: `the value ${/:[ \t]/.test(value) ? 'has a ": " in it' : 'ends with ":"'}, which YAML reads as the start of another field; ${inQuotes(key, value)}`,
  }
}

/** `title: @lemonde says`, `title: [Exclusive] talks`, `title: "Reset" is the word`, `tags: - a`. */
function reservedStart(context: Context): YamlMistake | undefined {
  if (!VALUE_START_CODES.has(context.code)) return undefined
  const { key, value } = context.parts(context.line)
  const path = context.fieldOn(context.line)
  if (/^-[ \t]/.test(value)) {
    return {
      line: context.line,
      path,
      message: `a list cannot start on the line of its field; put each "- item" on a line of its own below${key ? ` ${key}:` : ''}, indented by two spaces, or, if it is text, ${inQuotes(key, value)}`,
    }
  }
  const meaning = VALUE_STARTS[value.charAt(0)]
  if (!meaning) return undefined
  // 'L'Europe': quotes around text that holds the same quote once (or thrice) were meant to
  // enclose it; "France" and "Russia", with an even count inside, is text with quotes in it.
  const inner = value.slice(1, -1)
  const wrapped = /^(["']).*\1$/.test(value) && inner.split(value.charAt(0)).length % 2 === 0
  const text = wrapped ? inner : value
  return { line: context.line, path, message: `${meaning}; ${inQuotes(key, text)}` }
}

/** A field or list item whose indentation does not match the one above it. */
function misaligned(context: Context): YamlMistake | undefined {
  if (!['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'UNEXPECTED_TOKEN'].includes(context.code)) return undefined
  // A block as a key: the line below, indented further, was read as continuing this one.
  const here = context.parts(context.line)
  const line = context.code === 'BLOCK_AS_IMPLICIT_KEY' && !here.dash ? context.lineBelow(context.line) : context.line
  if (line === undefined) return undefined
  const parts = context.parts(line)
  if (parts.dash) {
    const above = context.lineAbove(line, (p) => p.dash || p.indent < parts.indent)
    const sibling = above === undefined ? undefined : context.parts(above)
    if (above === undefined || !sibling?.dash || sibling.indent === parts.indent) return undefined
    // No field named: the parser read the misaligned line into the wrong list or field.
    return {
      line,
      message: `this "- " is ${indentation(parts.indent)}, the one above it (line ${above}) is ${indentation(sibling.indent)}; put every "- " of one list at the same column`,
    }
  }
  if (parts.key === undefined) return undefined
  const above = context.lineAbove(line, (p) => p.key !== undefined && !p.dash)
  const sibling = above === undefined ? undefined : context.parts(above)
  if (above === undefined || sibling?.key === undefined || sibling.indent === parts.indent) return undefined
  return {
    line,
    message: `"${parts.key}:" is ${indentation(parts.indent)}, "${sibling.key}:" above it (line ${above}) is ${indentation(sibling.indent)}; the fields of one group start at the same column: line them up`,
  }
}

/** `title:France`, or a line of text with no field: YAML reads on into the next line for a key. */
function lineWithoutField(context: Context): YamlMistake | undefined {
  if (context.code !== 'MULTILINE_IMPLICIT_KEY' && context.code !== 'MISSING_CHAR') return undefined
  return (
    noSpaceAfterColon(context.text(context.line), context.line) ?? {
      line: context.line,
      message:
        'this line is not a "field: value" line; if it continues the value above, indent it under that field or join the two lines, and otherwise write the field\'s name and a colon before the text',
    }
  )
}

function noSpaceAfterColon(text: string, line: number): YamlMistake | undefined {
  const squeezed = /^([ \t]*)(-[ \t]+)?([^\s:"'#]+):(?!\/\/)(\S.*)$/.exec(text)
  if (!squeezed) return undefined
  const [, indent, dash, key, value] = squeezed as unknown as [string, string, string | undefined, string, string]
  return {
    line,
    path: indent === '' && dash === undefined ? [key] : undefined,
    message: `"${key}:${value}" has no space after the colon, so YAML does not read it as a field; write ${key}: ${value}`,
  }
}

/** Front matter that YAML reads as one value rather than fields: `title:France` alone, or a line of text. */
export function explainNotFields(block: string): YamlMistake {
  const lines = block.split('\n')
  const index = lines.findIndex((text, i) => i > 0 && !/^\s*(#|$)/.test(text))
  const line = index === -1 ? 2 : index + 1
  return noSpaceAfterColon(lines[index] ?? '', line) ?? { line, message: 'front matter must be YAML "field: value" lines' }
}

/** `put the whole value in quotes: title: "France: the talks resume"`. */
function inQuotes(key: string | undefined, value: string): string {
  const advice = 'put the whole value in quotes'
  if (value === '' || value.length > MAX_SUGGESTION) return advice
  return `${advice}: ${suggest(key, quoted(value))}`
}

function suggest(key: string | undefined, value: string): string {
  return key === undefined ? value : `${key}: ${value}`
}

/** Double quotes, unless the text holds `"` or `\` (escapes there); single quotes take it as it is. */
function quoted(text: string): string {
  return /["\\]/.test(text) ? `'${text.replaceAll("'", "''")}'` : `"${text}"`
}

const indentation = (n: number) => (n === 0 ? 'not indented' : n === 1 ? 'indented 1 space' : `indented ${n} spaces`)

/** The parser's own first sentence, for the mistakes this module has no words for. */
export function firstSentence(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
