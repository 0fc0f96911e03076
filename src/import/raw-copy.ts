/**
 * Raw translated copy, as pasted from a translator's document or a web page, to a structured
 * draft: title, byline, source, standfirst, date, photo caption, body, "Related:" teasers.
 * Pure and runtime-agnostic: text in, data out; nothing here reads files or the clock. This
 * module reads the lines recognised wherever they are and puts the parts together; the header,
 * the credit lines, the date line and the body text each have a module of their own.
 *
 * The copy's layout, as the newsroom receives it (see docs/newsroom-tools.md):
 *
 *     Title
 *     Author : …            (or "By …")
 *     Source : …
 *     Standfirst
 *     22:11, 23 September 2019
 *     Photo caption
 *     Photo credit
 *     Body paragraphs, with "Related: …" teasers between them
 *     Read the original article at … website
 *     Site boilerplate
 */

import { matchRelated, toParagraphs } from './body-text.ts'
import { DEFAULT_BOILERPLATE, isBoilerplate } from './boilerplate.ts'
import { applyLabel, type CopyHeader, readHeader } from './copy-header.ts'
import { isHttpUrlText, matchReadOriginal, readFootSource } from './credit-lines.ts'
import { normaliseRawText } from './raw-text.ts'

export interface RawCopy extends CopyHeader {
  /** Titles of the "Related: …" teasers, in order. */
  related: string[]
  /** Body paragraphs as plain text (not Markdown). */
  paragraphs: string[]
  /** Lines dropped as site boilerplate, for the import report. */
  boilerplate: string[]
}

export interface RawCopyOptions {
  /** The site's zone: a date line without an offset is wall-clock time there. */
  timeZone: string
  /** Whole-line patterns of site boilerplate; DEFAULT_BOILERPLATE when absent. */
  boilerplate?: readonly RegExp[]
}

/** Parses normalised or raw text; see the module comment for the layout it reads. */
export function parseRawCopy(text: string, options: RawCopyOptions): RawCopy {
  const patterns = options.boilerplate ?? DEFAULT_BOILERPLATE
  const copy: RawCopy = { authors: [], translators: [], related: [], paragraphs: [], boilerplate: [] }

  // Lines that are recognised wherever they are: boilerplate, teasers, the original's credit.
  let readOriginal: string | undefined
  const blocks: string[][] = [[]]
  for (const raw of normaliseRawText(text).split('\n')) {
    const line = raw.trim()
    if (line === '') {
      if (blocks.at(-1)!.length > 0) blocks.push([])
      continue
    }
    if (isBoilerplate(line, patterns)) {
      copy.boilerplate.push(line)
      continue
    }
    const related = matchRelated(line)
    if (related) {
      copy.related.push(related)
      continue
    }
    const original = matchReadOriginal(line)
    if (original) {
      if (isHttpUrlText(original)) copy.originalUrl ??= original
      else readOriginal ??= original
      continue
    }
    blocks.at(-1)!.push(line)
  }
  if (blocks.at(-1)!.length === 0) blocks.pop()

  const body = readHeader(blocks, copy, options.timeZone)
  // Below the header (often at the foot), a "Source:" line counts when it is only a name or an address.
  for (const block of body) {
    for (let i = block.length - 1; i >= 0; i--) {
      const value = readFootSource(block[i]!)
      if (value === undefined) continue
      applyLabel({ kind: 'source', value }, copy)
      block.splice(i, 1)
    }
  }
  copy.publication ??= readOriginal
  copy.paragraphs = body.flatMap(toParagraphs)
  return copy
}
