/**
 * A small XML serialiser: the only place feed XML is written, so escaping is decided once.
 * Text and attribute values are escaped for their context, XML-illegal characters are removed,
 * and CDATA sections survive any number of `]]>` in their content.
 */
import type { BodyParts } from '../http/body-parts.ts'
import { stripXmlIllegal } from './text.ts'

export interface XmlElement {
  name: string
  attrs: Record<string, string | undefined>
  children: XmlChild[]
}

export type XmlChild = XmlElement | XmlText | XmlCData

interface XmlText {
  text: string
}

interface XmlCData {
  cdata: string
}

/** Absent children (undefined, false) are skipped, so optional elements read naturally. */
type ChildInput = XmlChild | string | undefined | false | readonly ChildInput[]

export function el(name: string, attrs: Record<string, string | undefined> = {}, ...children: ChildInput[]): XmlElement {
  return { name, attrs, children: flatten(children) }
}

export function cdata(value: string): XmlCData {
  return { cdata: value }
}

function flatten(children: readonly ChildInput[]): XmlChild[] {
  const out: XmlChild[] = []
  for (const child of children) {
    if (child === undefined || child === false) continue
    if (typeof child === 'string') out.push({ text: child })
    else if (Array.isArray(child)) out.push(...flatten(child))
    else out.push(child as XmlChild)
  }
  return out
}

/** A bare CR would be read back as LF (XML 1.0 §2.11), so it is written as a reference. */
export function escapeXmlText(value: string): string {
  return stripXmlIllegal(value).replace(/[&<>\r]/g, (c) => XML_ENTITIES[c]!)
}

/**
 * The RSS Best Practices Profile asks for hexadecimal references for `&` and `<` in plain text
 * (the W3C validator warns otherwise); `>` needs no reference there.
 */
export function escapeXmlTextHex(value: string): string {
  return stripXmlIllegal(value).replace(/[&<>\r]/g, (c) => HEX_ENTITIES[c]!)
}

const HEX_ENTITIES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&gt;', '\r': '&#13;' }

/** Attribute values are always double-quoted; tabs and newlines are kept as references. */
export function escapeXmlAttr(value: string): string {
  return stripXmlIllegal(value).replace(/[&<>"\t\n\r]/g, (c) => XML_ENTITIES[c]!)
}

/**
 * An attribute value with `&` and `<` as hexadecimal references, as the RSS Best Practices
 * Profile asks of plain text: the W3C validator holds an attribute that holds text (the `title`
 * of an `atom:link`, an original headline such as "Questions & réponses : <la> nuit") to the
 * same rule, and warns on `&amp;` and `&lt;` there (its CharacterData check).
 */
export function escapeXmlAttrHex(value: string): string {
  return stripXmlIllegal(value).replace(/[&<>"\t\n\r]/g, (c) => HEX_ENTITIES[c] ?? XML_ENTITIES[c]!)
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
}

/** A `]]>` inside the content ends one section and starts the next between `]]` and `>`. */
function renderCData(value: string): string {
  const text = stripXmlIllegal(value)
  // A CR inside CDATA would also be read back as LF; such content is written as escaped text.
  if (text.includes('\r')) return escapeXmlText(text)
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`
}

export interface XmlStyle {
  escapeText: (value: string) => string
  /** How attribute values are escaped; escapeXmlAttr when not given. */
  escapeAttr?: (value: string) => string
}

/**
 * @param stylesheet a CSS stylesheet for browsers that open the document (`<?xml-stylesheet?>`):
 *   readers ignore the instruction
 */
export function renderXmlDocument(root: XmlElement, style: XmlStyle = { escapeText: escapeXmlText }, stylesheet?: string): string {
  const instruction = stylesheet === undefined ? '' : `<?xml-stylesheet type="text/css" href="${escapeXmlAttr(stylesheet)}"?>\n`
  return `<?xml version="1.0" encoding="utf-8"?>\n${instruction}${renderElement(root, '', style)}\n`
}

const ITEMS_LINE = '\u0000items'

/** Where a document's items go: a line of its own, which `assembleDocument` replaces. */
export const ITEMS_MARK: XmlElement = { name: '\u0000items', attrs: {}, children: [] }

/**
 * One element written as it appears at `indent` inside a document: an item, serialised once
 * and placed in every document that lists it.
 */
export function renderXmlFragment(element: XmlElement, indent: string, style: XmlStyle = { escapeText: escapeXmlText }): string {
  return renderElement(element, indent, style)
}

function renderElement(element: XmlElement, indent: string, style: XmlStyle): string {
  if (element === ITEMS_MARK) return ITEMS_LINE
  const attrs = Object.entries(element.attrs)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${(style.escapeAttr ?? escapeXmlAttr)(v)}"`)
    .join('')
  const open = `${indent}<${element.name}${attrs}`
  if (element.children.length === 0) return `${open}/>`
  // Elements holding only text stay on one line, so whitespace never leaks into values.
  const leaves = element.children.filter((c): c is XmlText | XmlCData => !('name' in c))
  if (leaves.length === element.children.length) {
    return `${open}>${leaves.map((l) => renderLeaf(l, style)).join('')}</${element.name}>`
  }
  const inner = element.children
    .map((c) => ('name' in c ? renderElement(c, `${indent}  `, style) : `${indent}  ${renderLeaf(c, style)}`))
    .join('\n')
  return `${open}>\n${inner}\n${indent}</${element.name}>`
}

function renderLeaf(child: XmlText | XmlCData, style: XmlStyle): string {
  return 'cdata' in child ? renderCData(child.cdata) : style.escapeText(child.text)
}

/**
 * A feed document in parts (http/prepared.ts, BodyParts), its items' own bytes in their place:
 * `root` holds ITEMS_MARK where the items go, and each item was serialised once
 * (renderXmlFragment, at the indentation of that place) however many documents list it.
 */
export function renderXmlDocumentWith(root: XmlElement, items: readonly Uint8Array[], style?: XmlStyle, stylesheet?: string): BodyParts {
  const [head, tail] = renderXmlDocument(root, style, stylesheet).split(ITEMS_LINE) as [string, string]
  // With no items, the mark's line goes, and the line break before it.
  if (items.length === 0) return [utf8.encode(head.slice(0, -1) + tail)]
  return documentParts(utf8.encode(head), items, NEWLINE, utf8.encode(tail))
}

const utf8 = new TextEncoder()
const NEWLINE = utf8.encode('\n')

/** `head`, the items with `separator` between them, then `tail`: the parts of one body, not copied. */
export function documentParts(head: Uint8Array, items: readonly Uint8Array[], separator: Uint8Array, tail: Uint8Array): Uint8Array[] {
  const parts = [head]
  items.forEach((item, i) => {
    if (i > 0) parts.push(separator)
    parts.push(item)
  })
  parts.push(tail)
  return parts
}
