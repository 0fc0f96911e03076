/**
 * The header block of raw copy: the title, the credit lines, the standfirst and the date line
 * above the body, and the photo caption right after them. The date line is where the header
 * ends; copy without one has a header of its title and credit lines only, so that a date further
 * down is never taken for the article's and body text never for its standfirst.
 */
import { isCaptionBlock, readCaption } from './body-text.ts'
import { isHttpUrlText, type Label, readLabel } from './credit-lines.ts'
import { type RawDate, readDateLine } from './date-lines.ts'

/** What the header of raw copy says (the credit lines at its foot included). */
export interface CopyHeader {
  title?: string
  /** Names from "Author :" and "By" lines, as written (one that names the publication included). */
  authors: string[]
  /**
   * Named by a "Source :" line (in the header, or a bare "Source: Name" below it), else by
   * "Read the original article at X website".
   */
  publication?: string
  /** When a Source or "Read the original" line gives an address rather than a name. */
  originalUrl?: string
  /** The language the copy says it was translated from, as a BCP 47 tag. */
  originalLanguage?: string
  /** From "Translated by …" or "Translation: …" lines. */
  translators: string[]
  /** The standfirst. */
  summary?: string
  date?: RawDate
  /** Caption and credit of the photo the page carried; its file is not in the copy. */
  image?: { caption?: string; credit?: string }
}

/**
 * How many unlabelled lines (the standfirst) may come before the date line. More, and the
 * copy has no date line in its header: a date further down belongs to the body.
 */
const MAX_STANDFIRST_LINES = 2

interface Line {
  text: string
  /** Index of its block (lines between blank lines). */
  block: number
}

/** Fills the header fields of `copy` and returns the blocks of the body. */
export function readHeader(blocks: string[][], copy: CopyHeader, timeZone: string): string[][] {
  const lines: Line[] = blocks.flatMap((block, b) => block.map((text) => ({ text, block: b })))
  let start = 0
  const first = lines[0]
  if (first && !readLabel(first.text, false) && !readDateLine(first.text, timeZone)) {
    copy.title = first.text
    start = 1
  }

  // The header runs to the date line; without one, over the labelled lines after the title.
  let dateAt = -1
  let unlabelled = 0
  let labelsEnd = start
  for (let i = start; i < lines.length && unlabelled <= MAX_STANDFIRST_LINES; i++) {
    const text = lines[i]!.text
    if (readLabel(text, true)) {
      if (unlabelled === 0) labelsEnd = i + 1
      continue
    }
    if (readDateLine(text, timeZone)) {
      dateAt = i
      break
    }
    unlabelled++
  }
  const headerEnd = dateAt >= 0 ? dateAt + 1 : labelsEnd

  const standfirst: string[] = []
  for (let i = start; i < headerEnd; i++) {
    const text = lines[i]!.text
    const label = readLabel(text, true)
    if (i === dateAt) copy.date = readDateLine(text, timeZone)
    else if (label) applyLabel(label, copy)
    else standfirst.push(text)
  }
  if (standfirst.length > 0) copy.summary = standfirst.join(' ')

  const body: string[][] = []
  lines.slice(headerEnd).forEach((line, i, rest) => {
    if (i === 0 || line.block !== rest[i - 1]!.block) body.push([])
    body.at(-1)!.push(line.text)
  })
  // The photo caption and credit: a short block right after the date line, before the body.
  if (dateAt >= 0 && body.length > 1 && isCaptionBlock(body[0]!)) {
    copy.image = readCaption(body.shift()!)
  }
  return body
}

/** Records a credit line; the first of each kind wins where the copy can name only one. */
export function applyLabel(label: Label, copy: CopyHeader): void {
  if (label.kind === 'authors') copy.authors.push(...label.names)
  else if (label.kind === 'source') {
    if (isHttpUrlText(label.value)) copy.originalUrl ??= label.value
    // The first "Source :" names the publication; it wins over a "Read the original" line.
    else copy.publication ??= label.value
  } else {
    copy.originalLanguage ??= label.language
    copy.translators.push(...label.names)
  }
}
