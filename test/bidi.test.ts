/**
 * Direction controls and right-to-left text from articles stay isolated: an unbalanced U+202E
 * (RIGHT-TO-LEFT OVERRIDE) or U+2066 (LEFT-TO-RIGHT ISOLATE) in a title, a name or a tag cannot
 * reorder the text around it, in pages or in the credit line of the feeds. Pages and feed content
 * are parsed with an HTML parser and every text is read as UAX #9 reads it.
 */

import type { AnyNode, Element } from 'domhandler'
import fc from 'fast-check'
import { parseDocument } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { balanceBidi, isolateHtml, isolateText } from '../src/text/bidi.ts'
import { FSI, HOSTILE, hostileArticles, LRE, LRI, LRO, PDF, PDI, RLE, RLI, RLO } from './helpers/bidi.ts'
import { appFor, articleFile, fullTranslation } from './helpers/fixtures.ts'
import { findAll, NS, parseXmlTree } from './helpers/parsers.ts'

// ---------------------------------------------------------------------------------------------
// UAX #9, as far as these checks need it
// ---------------------------------------------------------------------------------------------

const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\u200F\u061C]/u

interface Reading {
  /** Characters that change direction (RTL letters, embedding and override openers) outside any isolate. */
  unisolated: string[]
  /** PDFs and PDIs that match nothing in the text: after an isolate opener of ours they would close it. */
  strayClosers: number
  /** Initiators still open at the end: they would reach whatever follows. */
  leftOpen: number
}

/** The explicit levels of `text` alone (UAX #9 BD9, X1–X7, without depth limits). */
function read(text: string): Reading {
  const stack: ('embedding' | 'isolate')[] = []
  const result: Reading = { unisolated: [], strayClosers: 0, leftOpen: 0 }
  for (const c of text) {
    const inIsolate = stack.includes('isolate')
    if (c === LRE || c === RLE || c === LRO || c === RLO) {
      if (!inIsolate) result.unisolated.push(c)
      stack.push('embedding')
    } else if (c === LRI || c === RLI || c === FSI) stack.push('isolate')
    else if (c === PDF) {
      if (stack.at(-1) === 'embedding') stack.pop()
      else result.strayClosers++
    } else if (c === PDI) {
      const at = stack.lastIndexOf('isolate')
      if (at >= 0) stack.length = at
      else result.strayClosers++
    } else if (!inIsolate && RTL_LETTER.test(c)) result.unisolated.push(c)
  }
  result.leftOpen = stack.length
  return result
}

const show = (text: string) => JSON.stringify(text)

// ---------------------------------------------------------------------------------------------
// HTML, read as a browser lays it out
// ---------------------------------------------------------------------------------------------

const isElement = (node: AnyNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style'

/** An element that isolates its content: `<bdi>`, or any element with `dir` (HTML's rendering: `unicode-bidi: isolate`). */
const isIsolate = (node: Element) => node.name === 'bdi' || node.attribs.dir !== undefined

function textOf(node: AnyNode): string {
  if (node.type === 'text') return node.data
  return isElement(node) ? node.children.map(textOf).join('') : ''
}

/**
 * Every way the document lets text from an article reorder what is around it: a text outside
 * any isolating element that changes direction (unless inside FSI…PDI of its own) or leaves a
 * control open; an isolating element whose text is not balanced (a stray PDI would close the
 * element's own isolate, as Chromium lays it out); an attribute whose value leaves one open.
 */
function bidiProblems(document: string): string[] {
  const problems: string[] = []
  const visit = (node: AnyNode, isolated: boolean) => {
    if (node.type === 'text' && !isolated) {
      const r = read(node.data)
      if (r.unisolated.length || r.strayClosers || r.leftOpen) problems.push(`text ${show(node.data)} ${JSON.stringify(r)}`)
    }
    if (!isElement(node)) return
    if (node.name === 'script' || node.name === 'style') return
    for (const [name, value] of Object.entries(node.attribs)) {
      const r = read(value)
      if (r.strayClosers || r.leftOpen) problems.push(`<${node.name} ${name}=${show(value)}> ${JSON.stringify(r)}`)
    }
    const isolates = isIsolate(node)
    if (isolates) {
      const r = read(textOf(node))
      if (r.strayClosers || r.leftOpen) problems.push(`<${node.name}>${show(textOf(node))}</${node.name}> ${JSON.stringify(r)}`)
    }
    for (const child of node.children) visit(child, isolated || isolates)
  }
  for (const child of parseDocument(document).children) visit(child, false)
  return problems
}

function elements(document: string, predicate: (e: Element) => boolean): Element[] {
  const found: Element[] = []
  const visit = (node: AnyNode) => {
    if (!isElement(node)) return
    if (predicate(node)) found.push(node)
    node.children.forEach(visit)
  }
  parseDocument(document).children.forEach(visit)
  return found
}

const byClass = (name: string) => (e: Element) => (e.attribs.class ?? '').split(' ').includes(name)

/** The texts of the `<bdi>` elements inside the first element matching `predicate`. */
function isolatedIn(document: string, predicate: (e: Element) => boolean): string[] {
  const [container] = elements(document, predicate)
  expect(container, 'container').toBeDefined()
  const found: string[] = []
  const visit = (node: AnyNode) => {
    if (!isElement(node)) return
    if (node.name === 'bdi') found.push(textOf(node))
    else node.children.forEach(visit)
  }
  container!.children.forEach(visit)
  return found
}

async function page(path: string): Promise<string> {
  const response = await hostileArticles().app.request(path)
  expect(response.status, path).toBe(200)
  return response.text()
}

// ---------------------------------------------------------------------------------------------

describe('balancing a text', () => {
  it('closes what the text leaves open, innermost first, and drops closers that match nothing', () => {
    expect(balanceBidi(`a${RLO}b`)).toBe(`a${RLO}b${PDF}`)
    expect(balanceBidi(`a${LRI}b`)).toBe(`a${LRI}b${PDI}`)
    expect(balanceBidi(`a${RLO}b${LRI}c`)).toBe(`a${RLO}b${LRI}c${PDI}${PDF}`)
    expect(balanceBidi(`a${PDI}${RLO}b`)).toBe(`a${RLO}b${PDF}`)
    expect(balanceBidi(`a${PDF}b`)).toBe('ab')
    // X7: a PDF does not close an embedding from outside the isolate it is in; X6a: a PDI closes
    // its isolate and everything opened within it.
    expect(balanceBidi(`${RLE}a${RLI}b${PDF}c${PDI}d${PDF}`)).toBe(`${RLE}a${RLI}bc${PDI}d${PDF}`)
    expect(balanceBidi(`${RLI}${RLO}a${PDI}b`)).toBe(`${RLI}${RLO}a${PDI}b`)
  })

  it('leaves text without direction controls as it is', () => {
    for (const text of ['plain', 'قرية', `marks \u200E\u200F\u061C`, '']) expect(balanceBidi(text)).toBe(text)
  })

  it('gives balanced text that reads the same alone, for any mix of controls', () => {
    const unit = fc.constantFrom(LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, 'a', 'ب', ' ', '1')
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (text) => {
        const balanced = balanceBidi(text)
        const r = read(balanced)
        expect([r.strayClosers, r.leftOpen]).toEqual([0, 0])
        expect(balanceBidi(balanced)).toBe(balanced)
        // Only closers are dropped, only closers added.
        expect(balanced.replace(/[\u202C\u2069]/g, '')).toBe(text.replace(/[\u202C\u2069]/g, ''))
      }),
    )
  })

  it('isolates in markup with <bdi> and in plain text with FSI…PDI, only text that needs it', () => {
    expect(isolateHtml('Le Monde & <co>', 'ltr')).toBe('Le Monde &amp; &lt;co&gt;')
    expect(isolateHtml(`Le ${RLO}Monde`, 'ltr')).toBe(`<bdi>Le ${RLO}Monde${PDF}</bdi>`)
    expect(isolateHtml('قرية', 'ltr')).toBe('<bdi>قرية</bdi>')
    expect(isolateText('Le Monde', 'ltr')).toBe('Le Monde')
    expect(isolateText(`a${PDI}b`, 'ltr')).toBe(`${FSI}ab${PDI}`)
  })
})

describe('an article whose fields carry direction controls they never close', () => {
  /** The article, the listings, and the pages of the sets its names make (slugs leave the controls out). */
  async function pagesToCheck(): Promise<string[]> {
    const feeds = await page('/feeds')
    const sets = elements(
      feeds,
      (e) =>
        e.name === 'a' && /^https:\/\/news\.example\.org\/(tags|publications|translators|authors)\/[^/]+\/$/.test(e.attribs.href ?? ''),
    )
      .map((e) => new URL(e.attribs.href!).pathname)
      .filter((path) => !['/tags/russia/', '/tags/water/', '/authors/olena-kovalenko/'].includes(path))
    expect(sets.sort()).toEqual(['/authors/jean-dupont/', '/publications/le-monde/', '/tags/fr-ance/', '/translators/jane-doe/'])
    return ['/articles/hostile', '/articles/cisterns', '/', '/feeds', ...sets]
  }

  it('isolates every such text on every page, and leaves nothing open for the text after it', async () => {
    for (const path of await pagesToCheck()) expect([path, bidiProblems(await page(path))]).toEqual([path, []])
  })

  it('puts the title, the names, the publication and the tags each in a <bdi> on the article page', async () => {
    const html = await page('/articles/hostile')
    expect(isolatedIn(html, (e) => e.name === 'h1')).toEqual([balanceBidi(HOSTILE.title)])
    expect(isolatedIn(html, byClass('bylines-credit'))).toEqual(
      [HOSTILE.translator, HOSTILE.originalTitle, HOSTILE.author, HOSTILE.publication].map(balanceBidi),
    )
    // The sentence around them is ours, and free of controls: nothing of theirs reaches it.
    const [credit] = elements(html, byClass('bylines-credit'))
    const ours = (node: AnyNode): string[] =>
      node.type === 'text' ? [node.data] : isElement(node) && node.name !== 'bdi' ? node.children.flatMap(ours) : []
    expect(credit!.children.flatMap(ours).join('')).toBe('Translated from French by . Original: “” by , , 22 September 2019.')
    // Named once, in the credit line; after the text, links to the tag's and the publication's sets.
    expect(isolatedIn(html, (e) => e.name === 'nav' && byClass('more')(e))).toEqual([HOSTILE.tag, HOSTILE.publication].map(balanceBidi))
    expect(isolatedIn(html, (e) => e.name === 'figcaption')).toEqual([HOSTILE.caption, HOSTILE.credit].map(balanceBidi))
    expect(isolatedIn(html, (e) => e.name === 'aside')).toEqual([balanceBidi(HOSTILE.related)])
    // In <title> the article's title sits between FSI and PDI, before the site's name.
    const [title] = elements(html, (e) => e.name === 'title')
    expect(textOf(title!)).toBe(`${FSI}${balanceBidi(HOSTILE.title)}${PDI} · Bylines Test Desk`)
  })

  it('puts each listed title, name and summary in a <bdi> on the home page', async () => {
    const html = await page('/')
    const listed = (e: Element) => e.name === 'li' && textOf(e).includes('Title')
    expect(isolatedIn(html, listed)).toEqual([HOSTILE.title, HOSTILE.publication, HOSTILE.translator, HOSTILE.summary].map(balanceBidi))
    expect(isolatedIn(html, (e) => e.name === 'li' && textOf(e).includes('قرية'))).toEqual(['قرية تُحيي صهاريجها'])
  })

  it('isolates the name inside a set title with FSI…PDI, wherever it shows', async () => {
    const html = await page('/publications/le-monde/')
    const [title] = elements(html, (e) => e.name === 'title')
    expect(textOf(title!)).toBe(`Bylines Test Desk: ${FSI}${balanceBidi(HOSTILE.publication)}${PDI} in translation`)
    // The page's heading is the name alone, in a <bdi>.
    expect(isolatedIn(html, (e) => e.name === 'h1')).toEqual([balanceBidi(HOSTILE.publication)])
    const { app } = hostileArticles()
    const rss = await (await app.request('/publications/le-monde/rss.xml')).text()
    const [channelTitle] = findAll(parseXmlTree(rss), (n) => n.local === 'title')
    expect(channelTitle!.text).toBe(`Bylines Test Desk: ${FSI}${balanceBidi(HOSTILE.publication)}${PDI} in translation`)
  })

  it('isolates the credit line and the caption in the feeds’ content too', async () => {
    const { app } = hostileArticles()
    const rss = await (await app.request('/rss.xml')).text()
    const atom = await (await app.request('/atom.xml')).text()
    const json = (await (await app.request('/feed.json')).json()) as { items: { title: string; content_html: string }[] }
    const contents = [
      ...findAll(parseXmlTree(rss), (n) => n.uri === NS.content && n.local === 'encoded').map((n) => n.text),
      ...findAll(parseXmlTree(atom), (n) => n.uri === NS.atom && n.local === 'content').map((n) => n.text),
      ...json.items.map((item) => item.content_html),
    ]
    expect(contents).toHaveLength(6)
    for (const content of contents) expect(bidiProblems(content)).toEqual([])
    const hostile = json.items.find((item) => item.title === HOSTILE.title)!
    expect(isolatedIn(hostile.content_html, byClass('bylines-credit'))).toEqual(
      [HOSTILE.translator, HOSTILE.originalTitle, HOSTILE.author, HOSTILE.publication].map(balanceBidi),
    )
    expect(isolatedIn(hostile.content_html, (e) => e.name === 'figcaption')).toEqual([HOSTILE.caption, HOSTILE.credit].map(balanceBidi))
  })

  it('leaves a plain credit line as it was: no isolate where none is needed', async () => {
    const { app } = appFor([{ file: 'plain.md', source: articleFile(fullTranslation()) }])
    const html = await (await app.request('/articles/plain')).text()
    expect(html).not.toContain('<bdi>')
    expect(html).toContain(
      '<p class="bylines-credit">Translated from French by <a href="https://example.org/people/jane-doe">Jane Doe</a>. Original: <a href="https://www.lemonde.fr/international/article/2019/09/22/guerre.html" hreflang="fr">“La guerre en Ukraine n’est plus un obstacle”</a> by Jean Dupont, Le Monde, 22 September 2019.</p>',
    )
  })
})
