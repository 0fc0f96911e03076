/**
 * Independent parsers for our output: a strict XML parser, a reader-grade feed parser from npm,
 * Python's feedparser, jing with the RFC 4287 RELAX NG schema, and a strict JSON Feed 1.1 schema.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseFeed } from '@rowanmanning/feed-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parseFeed as parseWithFeedsmith } from 'feedsmith'
import { SaxesParser } from 'saxes'

const SCHEMAS = join(import.meta.dirname, '..', 'schemas')

/** Throws on anything that is not well-formed, namespace-correct XML 1.0. */
export function assertWellFormedXml(xml: string): void {
  const parser = new SaxesParser({ xmlns: true })
  let error: Error | undefined
  parser.on('error', (e) => {
    error ??= e
  })
  parser.write(xml).close()
  if (error) throw new Error(`not well-formed XML: ${error.message}`)
}

/** The element names and attributes of an XML document, for structural assertions. */
export interface XmlNode {
  name: string
  uri: string
  local: string
  attributes: Record<string, string>
  text: string
  children: XmlNode[]
}

export function parseXmlTree(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true })
  const stack: XmlNode[] = []
  let root: XmlNode | undefined
  parser.on('error', (e) => {
    throw e
  })
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {}
    for (const [name, attr] of Object.entries(tag.attributes)) {
      attributes[name] = typeof attr === 'string' ? attr : attr.value
    }
    const node: XmlNode = { name: tag.name, uri: tag.uri ?? '', local: tag.local ?? tag.name, attributes, text: '', children: [] }
    stack.at(-1)?.children.push(node)
    root ??= node
    stack.push(node)
  })
  const addText = (text: string) => {
    const top = stack.at(-1)
    if (top) top.text += text
  }
  parser.on('text', addText)
  parser.on('cdata', addText)
  parser.on('closetag', () => {
    stack.pop()
  })
  parser.write(xml).close()
  if (!root) throw new Error('empty document')
  return root
}

export function findAll(node: XmlNode, predicate: (n: XmlNode) => boolean): XmlNode[] {
  const found: XmlNode[] = []
  const visit = (n: XmlNode) => {
    if (predicate(n)) found.push(n)
    n.children.forEach(visit)
  }
  visit(node)
  return found
}

export function childrenNamed(node: XmlNode, uri: string, local: string): XmlNode[] {
  return node.children.filter((c) => c.uri === uri && c.local === local)
}

export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xml: 'http://www.w3.org/XML/1998/namespace',
}

/** @rowanmanning/feed-parser: the parser the Financial Times' feed tooling uses. */
export function parseWithFeedParser(xml: string) {
  return parseFeed(xml)
}

/** feedsmith: reads JSON Feed as well as RSS and Atom; the JSON Feed reader in these tests. */
export function parseJsonFeedWithFeedsmith(body: string) {
  const result = parseWithFeedsmith(body)
  if (result.format !== 'json') throw new Error(`feedsmith read this as ${result.format}, not JSON Feed`)
  return result.feed
}

/**
 * Python's feedparser (Debian python3-feedparser), as a reader would see the feed. It tells
 * JSON Feed from XML by the Content-Type, as it would over HTTP (Debian's 6.0 reads no JSON Feed).
 */
export function parseWithPythonFeedparser(body: string, contentType = 'application/xml'): PythonParsed {
  const script = `
import sys, json, feedparser
d = feedparser.parse(sys.stdin.buffer.read(), response_headers={"content-type": sys.argv[1]})
def clean(o):
    if isinstance(o, dict): return {k: clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)): return [clean(v) for v in o]
    if isinstance(o, (str, int, float, bool)) or o is None: return o
    return str(o)
print(json.dumps({"bozo": d.bozo, "bozo_exception": str(d.get("bozo_exception", "")),
  "version": d.version, "feed": clean(d.feed), "entries": clean(d.entries)}))
`
  const out = execFileSync(PYTHON, ['-c', script, contentType], { input: body, maxBuffer: 64 * 1024 * 1024 })
  return JSON.parse(out.toString('utf8')) as PythonParsed
}

/** Debian's interpreter, where python3-feedparser is installed (not a virtualenv's). */
const PYTHON = process.env.BYLINES_TEST_PYTHON ?? '/usr/bin/python3'

export interface PythonParsed {
  bozo: boolean | number
  bozo_exception: string
  version: string
  feed: Record<string, any>
  entries: Record<string, any>[]
}

/** jing with the RFC 4287 RELAX NG (compact) schema; returns jing's messages, empty when valid. */
export function validateAtomWithJing(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-atom-'))
  const file = join(dir, 'feed.xml')
  writeFileSync(file, xml)
  try {
    execFileSync('jing', ['-c', join(SCHEMAS, 'atom.rnc'), file], { stdio: 'pipe' })
    return ''
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string }
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` || e.message
  }
}

const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats.default(ajv)
const validateJsonFeedSchema = ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, 'jsonfeed-1.1.schema.json'), 'utf8')))

/** Errors against the strict JSON Feed 1.1 schema, as readable lines; empty when valid. */
export function jsonFeedSchemaErrors(feed: unknown): string[] {
  if (validateJsonFeedSchema(feed)) return []
  return (validateJsonFeedSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
}
