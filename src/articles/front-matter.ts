/**
 * Splits an article into YAML front matter and Markdown body, parsing only YAML and never
 * evaluating anything. The fences are found here, with gray-matter's rule (docs/decisions.md,
 * "Front matter is split without gray-matter"). The block is read by js-yaml (YAML 1.2 core
 * schema), which is several times faster on a large archive; the `yaml` package reads it again
 * only when a line number is needed for a message, or when the block uses anchors and aliases
 * (found by pattern, or by js-yaml's result sharing an object), whose expansion it bounds.
 */
import { CORE_SCHEMA, load } from 'js-yaml'
import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml'
import { stripXmlIllegal } from '../text/text.ts'
import { ArticleError, formatFieldPath } from './problems.ts'
import { explainNotFields, explainYamlMistake, firstSentence } from './yaml-mistakes.ts'

export interface FrontMatter {
  data: Record<string, unknown>
  body: string
  /** Where `body` starts in the normalised text. */
  bodyStart: number
  /** Line of the file that holds the field at `path`, or of its nearest existing parent. */
  lineOf(path: readonly (string | number)[]): number
}

/**
 * An alias-heavy document can expand exponentially ("billion laughs"); no real article needs
 * more than a handful of aliases.
 */
const MAX_ALIAS_COUNT = 20

/**
 * The text the front matter and body are read from: no byte-order mark, one line-ending
 * convention (so CRLF files leave no "\r" in values). XML-illegal characters are removed from
 * the YAML block here and from the body when it is rendered, not from the whole archive at once.
 */
export function normaliseArticleText(source: string): string {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
}

/**
 * Normalises `source` first (a no-op on text that `normaliseArticleText` already gave).
 * @throws ArticleError naming the file and line when the front matter is missing, not YAML,
 * or not a mapping of fields.
 */
/**
 * The largest front matter read, in characters: a real one is a few KiB even with a long summary
 * and a hundred tags; reading YAML costs time in its size on the server's one thread.
 */
const MAX_FRONT_MATTER_CHARS = 512 * 1024

export function parseFrontMatter(source: string, file: string): FrontMatter {
  const text = normaliseArticleText(source)
  const fail: Fail = (line, message, cause, field) => {
    throw new ArticleError([{ severity: 'error', file, line, message, ...(field ? { field } : {}) }], { cause })
  }

  const split = splitFrontMatter(text)
  if (split.kind !== 'fenced') return fail(1, describeBadFences(split))
  const { bodyStart } = split
  if (split.block.length > MAX_FRONT_MATTER_CHARS) {
    return fail(
      1,
      `front matter is ${Math.round(split.block.length / 1024)} KiB; expected at most ${MAX_FRONT_MATTER_CHARS / 1024} KiB of fields (the body may be longer)`,
    )
  }
  const yamlBlock = stripXmlIllegal(split.block)
  const body = text.slice(bodyStart)

  const fast = readQuickly(yamlBlock)
  if (fast !== undefined) {
    let located: ((path: readonly (string | number)[]) => number) | undefined
    const lineOf = (path: readonly (string | number)[]) => (located ??= readCarefully(yamlBlock, fail).lineOf)(path)
    return { data: fast, body, bodyStart, lineOf }
  }
  const { data, lineOf } = readCarefully(yamlBlock, fail)
  return { data, body, bodyStart, lineOf }
}

/** Where the YAML block and the body are, or why they cannot be found. */
export type Fences =
  | {
      kind: 'fenced'
      /** From the end of the opening `---` to the newline before the closing one. */
      block: string
      bodyStart: number
    }
  | { kind: 'none' }
  | { kind: 'unclosed' }
  /** A language named on the opening line (`---js`): refused, since only YAML is read. */
  | { kind: 'language'; language: string }

/**
 * Finds the fences the way gray-matter 4 did, so that every article splits as it always has:
 * the first line is `---` (trailing blanks allowed), the block ends at the first newline
 * followed by `---`, and the body starts after that `---` and the line break that follows it.
 * @param text as given by `normaliseArticleText`
 */
export function splitFrontMatter(text: string): Fences {
  if (!text.startsWith('---')) return { kind: 'none' }
  const lineEnd = text.indexOf('\n')
  const firstLine = lineEnd === -1 ? text : text.slice(0, lineEnd)
  const language = firstLine.slice(3).trim()
  if (language !== '') return { kind: 'language', language }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(firstLine.length))) return { kind: 'unclosed' }
  // The block keeps the newline that ends the opening fence, so its line numbers are the file's.
  const close = text.indexOf('\n---', 3)
  let bodyStart = close + 4
  if (text.charCodeAt(bodyStart) === 0x0a) bodyStart++
  return { kind: 'fenced', block: text.slice(3, close), bodyStart }
}

function describeBadFences(fences: Exclude<Fences, { kind: 'fenced' }>): string {
  switch (fences.kind) {
    case 'none':
      return 'no front matter: expected the file to start with a "---" line, then YAML fields'
    case 'language':
      return `front matter in "${fences.language}" is not accepted: expected YAML between "---" lines`
    case 'unclosed':
      return 'front matter is not closed: expected a "---" line after the YAML fields'
  }
}

/**
 * An anchor (`&a`) or alias (`*a`) where a YAML node can start: line start, after `key: `,
 * `- `, `[`, `{` or `,`. Emphasis such as `*grum*` inside a plain scalar is not one.
 */
const ANCHOR_OR_ALIAS = /(^|:[ \t]+|-[ \t]+|[[{,][ \t]*)[&*][^\s,\]}]/m

/**
 * js-yaml on a block without anchors or aliases; undefined when it cannot say, so that the
 * careful reader gives the message. js-yaml refuses unknown tags and duplicate keys itself.
 */
function readQuickly(block: string): Record<string, unknown> | undefined {
  if (ANCHOR_OR_ALIAS.test(block)) return undefined
  let data: unknown
  try {
    data = load(block, { schema: CORE_SCHEMA })
  } catch {
    return undefined
  }
  if (data === undefined || data === null) return {}
  if (typeof data !== 'object' || Array.isArray(data)) return undefined
  // An alias the pattern missed (indented, after a tag, …) shows as a shared object: js-yaml
  // does not copy it, but every walk after this would, exponentially. The careful reader bounds it.
  return hasSharedObjects(data) || isNestedTooDeeply(data) ? undefined : (data as Record<string, unknown>)
}

/**
 * How deep front matter may nest: a field is at most a few levels down (`original.authors[0].name`
 * is four). Every walk of the data after this one (cleaning, checking) may then recurse; an alias
 * that refers to itself (`x: &a [*a]`) nests without end and is refused here.
 */
const MAX_NESTING = 16
const NESTING_ADVICE = 'expected fields at most a few levels deep, and no alias (*name) inside what it names'

/** True past MAX_NESTING levels; walks with a stack of its own and stops there, so it ends on a cycle. */
function isNestedTooDeeply(root: object): boolean {
  const stack: [unknown, number][] = [[root, 0]]
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth > MAX_NESTING) return true
    for (const child of Object.values(value)) stack.push([child, depth + 1])
  }
  return false
}

/** True when some object or array is reachable twice; stops at the first repeat, so it is linear. */
function hasSharedObjects(root: object): boolean {
  const seen = new Set<object>()
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value !== 'object' || value === null) continue
    if (seen.has(value)) return true
    seen.add(value)
    // One push per value: a spread of a 130,000-item list would exceed the call stack.
    for (const child of Object.values(value)) stack.push(child)
  }
  return false
}

type Fail = (line: number, message: string, cause?: unknown, field?: string) => never

function readCarefully(
  block: string,
  fail: Fail,
): { data: Record<string, unknown>; lineOf: (path: readonly (string | number)[]) => number } {
  const lineCounter = new LineCounter()
  // Keys are checked for repeats below, in one pass: the parser's own check compares each key with
  // every other, and a made-up front matter of a hundred thousand keys took minutes.
  const doc = parseDocument(block, { lineCounter, schema: 'core', uniqueKeys: false, prettyErrors: false })
  // The block starts with the newline that ends the opening fence: its lines are the file's.
  const lineAt = (offset: number) => lineCounter.linePos(offset).line

  // Warnings include unresolved tags such as `!!js/function`: refuse them rather than guess.
  const syntax = doc.errors[0] ?? doc.warnings[0]
  if (syntax && /call stack/.test(syntax.message)) fail(lineAt(syntax.pos[0]), `YAML: nested too deeply to read; ${NESTING_ADVICE}`)
  if (syntax) {
    const mistake = explainYamlMistake(block, doc, syntax, lineAt)
    fail(mistake.line, mistake.message, syntax, mistake.path && formatFieldPath(mistake.path))
  }
  if (doc.contents !== null && !isMap(doc.contents)) {
    const mistake = explainNotFields(block)
    fail(mistake.line, mistake.message, undefined, mistake.path && formatFieldPath(mistake.path))
  }
  const repeated = repeatedKeyOffset(doc)
  if (repeated !== undefined) fail(lineAt(repeated), duplicateKeyMessage(block, repeated, lineAt))

  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {}
  } catch (cause) {
    fail(2, `YAML could not be read: ${firstSentence(String((cause as Error).message))}`, cause)
  }

  if (typeof data === 'object' && data !== null && isNestedTooDeeply(data))
    fail(2, `front matter nests more than ${MAX_NESTING} levels deep; ${NESTING_ADVICE}`)

  const lineOf = (path: readonly (string | number)[]): number => {
    for (let depth = path.length; depth > 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true)
      const range = (node as { range?: [number, number, number] } | undefined)?.range
      if (range) return lineAt(findKeyOffset(doc, path.slice(0, depth)) ?? range[0])
    }
    return 1
  }

  return { data: data as Record<string, unknown>, lineOf }
}

/**
 * Where the first key given twice in one mapping is (in document order), if any: each mapping's
 * keys go into a set, so it is linear. Walks with a stack of its own, as the nesting is the file's.
 */
function repeatedKeyOffset(doc: Document): number | undefined {
  const stack: unknown[] = [doc.contents]
  while (stack.length > 0) {
    const node = stack.pop()
    const children: unknown[] = []
    if (isMap(node)) {
      const keys = new Set<unknown>()
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (keys.has(pair.key.value)) return pair.key.range?.[0]
          keys.add(pair.key.value)
        }
        children.push(pair.value)
      }
    } else if (isSeq(node)) {
      for (const item of node.items) children.push(item)
    }
    // Reversed onto the stack, so that the first child is looked at first.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
  }
  return undefined
}

/** "title" is given twice: names the key and the line it was first given on. */
function duplicateKeyMessage(block: string, offset: number, lineAt: (offset: number) => number): string {
  const lineStart = block.lastIndexOf('\n', offset - 1) + 1
  const line = block.slice(lineStart, block.indexOf('\n', offset) === -1 ? undefined : block.indexOf('\n', offset))
  const key = /^(\s*(?:-\s+)?)("[^"]*"|'[^']*'|[^:#\s][^:#]*?)\s*:/.exec(line)
  if (!key) return 'YAML: a key is given twice in one mapping; keep one'
  const [, indent, name] = key as unknown as [string, string, string]
  // The first time the same key is given at the same indentation, above this one.
  const before = block.slice(0, lineStart).split('\n')
  const first = before.findIndex(
    (text) =>
      (text.startsWith(indent.replace(/-/, ' ')) && text.slice(indent.length).startsWith(`${name}:`)) ||
      text.startsWith(`${indent}${name}:`),
  )
  const where = first === -1 ? '' : ` (first on line ${lineAt(before.slice(0, first).join('\n').length + (first > 0 ? 1 : 0))})`
  return `${name.replace(/^["']|["']$/g, '')}: is given twice${where}; keep one`
}

/** The offset of a key (rather than its value), so a multi-line value reports its field's line. */
function findKeyOffset(doc: Document, path: readonly (string | number)[]): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true)
  if (!isMap(parent)) return undefined
  const key = path[path.length - 1]
  const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === key)
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined
}
