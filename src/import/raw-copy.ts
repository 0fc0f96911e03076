/**
 * Raw translated copy, as pasted from a translator's document or a web page, to a structured
 * draft: title, byline, source, standfirst, date, photo caption, body, "Related:" teasers.
 * Pure and runtime-agnostic: text in, data out; nothing here reads files or the clock.
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
import { formatRfc3339, parseDate } from '../articles/dates.ts'
import { DEFAULT_BOILERPLATE, isBoilerplate } from './boilerplate.ts'

export interface RawCopy {
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
  /** Titles of the "Related: …" teasers, in order. */
  related: string[]
  /** Body paragraphs as plain text (not Markdown). */
  paragraphs: string[]
  /** Lines dropped as site boilerplate, for the import report. */
  boilerplate: string[]
}

export interface RawDate {
  /** The value to write: RFC 3339 with the site zone's offset, or `YYYY-MM-DD` when no time was given. */
  value: string
  instant: Date
  dateOnly: boolean
  /** The line as written in the copy. */
  line: string
}

export interface RawCopyOptions {
  /** The site's zone: a date line without an offset is wall-clock time there. */
  timeZone: string
  /** Whole-line patterns of site boilerplate; DEFAULT_BOILERPLATE when absent. */
  boilerplate?: readonly RegExp[]
}

/** A file that cannot be raw copy at all: empty, binary, not UTF-8. */
export class RawCopyError extends Error {
  override name = 'RawCopyError'
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a Word/OpenDocument file or a zip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Word (.doc) file' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
]

const SAVE_AS_TEXT = 'expected the translation as plain text: save it as "Plain text (.txt)", UTF-8'

/**
 * Bytes of a file to text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (what Windows
 * Notepad calls "Unicode").
 * @throws RawCopyError for an empty file, a known binary format, NUL bytes or invalid UTF-8
 */
export function decodeRawCopy(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new RawCopyError('is empty: expected the translated text')
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))
  if (signature) throw new RawCopyError(`is ${signature.what}, not text; ${SAVE_AS_TEXT}`)

  let text: string
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes)
  } else {
    if (bytes.includes(0)) throw new RawCopyError(`holds NUL bytes: it is binary, not text; ${SAVE_AS_TEXT}`)
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    } catch (cause) {
      throw new RawCopyError(
        'is not UTF-8 text (perhaps Windows-1251 or Latin-1): save it again with the encoding UTF-8',
        { cause },
      )
    }
  }
  text = text.replace(/^\uFEFF/, '')
  // A few stray controls come with pasted text; many mean the file is not text at all.
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0
  if (controls > 0 && controls * 100 > text.length) {
    throw new RawCopyError(`is mostly control characters: it is binary, not text; ${SAVE_AS_TEXT}`)
  }
  if (!/\S/.test(text)) throw new RawCopyError('is empty: expected the translated text')
  return text
}

/**
 * One form of the same text whatever the editor it passed through: no BOM, LF line ends
 * (Word's manual line break and form feed are line breaks too), NFC, no trailing spaces, no
 * stray controls or zero-width spaces. The import id is derived from it.
 */
export function normaliseRawText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\u000B\u000C\u2028\u2029]/g, '\n')
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u200B\uFEFF]/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
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
      const value = SOURCE_LABEL.exec(block[i]!)?.[1]?.trim().replace(/\.$/, '')
      if (value === undefined || !(isHttpUrlText(value) || looksLikeNames(value))) continue
      applyLabel({ kind: 'source', value }, copy)
      block.splice(i, 1)
    }
  }
  copy.publication ??= readOriginal
  copy.paragraphs = body.flatMap(toParagraphs)
  return copy
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
function readHeader(blocks: string[][], copy: RawCopy, timeZone: string): string[][] {
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

type Label =
  | { kind: 'authors'; names: string[] }
  | { kind: 'source'; value: string }
  | { kind: 'translated'; language?: string; names: string[] }

function applyLabel(label: Label, copy: RawCopy): void {
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

const AUTHOR_LABEL = /^(?:authors?|auteure?s?|автор(?:и|ка)?|by|par|від)\s*[:：]\s*(.+)$/iu
/** "By Jean Dupont" without a colon: only in the header, and only when it reads as names. */
const BY_LINE = /^(?:by|par)\s+(.+)$/iu
const SOURCE_LABEL = /^(?:source|sources|джерело|источник|fuente|quelle)\s*[:：]\s*(.+)$/iu
const TRANSLATED_FROM = /^translated from (\p{L}+(?: \p{L}+)?)(?:\s+by\s*:?\s*(.+?))?\.?$/iu
const TRANSLATED_BY =
  /^(?:translated by|translation by|translation|translators?|переклад|перекладач(?:ка|і)?|traduction|traduit par|traducteur|traductrice)\s*[:：]?\s+(.+?)\.?$/iu
const TRANSLATED_BY_COLON = /^(?:translation|translators?|переклад|перекладач(?:ка|і)?|traduction|traducteur|traductrice)\s*[:：]/iu

/** A labelled header line; "By …" without a colon only when `allowBy` (not the title line). */
function readLabel(line: string, allowBy: boolean): Label | undefined {
  let m = AUTHOR_LABEL.exec(line)
  if (m) return { kind: 'authors', names: splitNames(m[1]!) }
  m = BY_LINE.exec(line)
  if (m && allowBy && looksLikeNames(m[1]!)) return { kind: 'authors', names: splitNames(m[1]!) }
  m = SOURCE_LABEL.exec(line)
  if (m) return { kind: 'source', value: m[1]!.trim().replace(/\.$/, '') }
  m = TRANSLATED_FROM.exec(line)
  if (m) {
    const language = languageTagOf(m[1]!)
    if (language) return { kind: 'translated', language, names: m[2] ? splitNames(m[2]) : [] }
  }
  m = TRANSLATED_BY.exec(line)
  // "Translation X" without a colon is too close to a sentence; labels without "by" need one.
  if (m && (/\bby\b|par\b/iu.test(line.slice(0, 16)) || TRANSLATED_BY_COLON.test(line))) {
    return { kind: 'translated', names: splitNames(m[1]!) }
  }
  return undefined
}

/** "Jean Dupont, Marie Curie and Anne Roe" → three names. */
function splitNames(text: string): string[] {
  return text
    .split(/\s*[,;]\s*|\s+(?:and|&|et|і|та|и|y|und)\s+/u)
    .map((name) => name.trim().replace(/\.$/, ''))
    .filter((name) => name !== '')
}

/** Names, not a sentence: no digits, few words, each name word capitalised. */
function looksLikeNames(text: string): boolean {
  if (/\d/.test(text) || text.length > 120) return false
  const words = text.replace(/[,;&]/g, ' ').split(/\s+/).filter(Boolean)
  const connectors = /^(?:and|et|і|та|и|y|und|de|du|des|la|le|van|von|der|den|di|da|al|el|bin|ibn)$/iu
  return words.length <= 12 && words.every((w) => connectors.test(w) || /^\p{Lu}/u.test(w))
}

const RELATED =
  /^(?:related|see also|read also|also read|read more|lire aussi|à lire aussi|voir aussi|читайте також|дивіться також|читайте также|смотрите также)\s*[:：]\s*(.+)$/iu

function matchRelated(line: string): string | undefined {
  return RELATED.exec(line)?.[1]?.trim()
}

const MAX_READ_ORIGINAL_LENGTH = 300

const READ_ORIGINAL = [
  // "Read the original article at Le Monde website", "Read the original at https://…"
  /^read (?:the )?original(?: article| text| story)?(?: in full)?(?:\s+(?:at|on|in|from))?\s+(?:the\s+)?(.+?)(?:['’]s)?(?:\s+(?:website|web site|site))?\s*\.?$/iu,
  // "Lire l'article original sur le site du Monde" is left to Source; with a name or address:
  /^lire l['’]article original(?:\s+sur)?(?:\s+le site(?:\s+de|\s+du)?)?\s+(.+?)\s*\.?$/iu,
  /^(?:читайте )?оригінал(?: статті)?(?:\s+(?:на сайті|на))?\s*[:：]?\s+(.+?)\s*\.?$/iu,
]

/**
 * The publication or address of a "Read the original …" line. A sentence that merely starts
 * that way ("Read the original in full below.") is body text: the line must name a website, or
 * give an address or a capitalised name.
 */
function matchReadOriginal(line: string): string | undefined {
  // Such a line is short; a long one is body text, and the patterns need not look at it.
  if (line.length > MAX_READ_ORIGINAL_LENGTH) return undefined
  for (const pattern of READ_ORIGINAL) {
    const value = pattern.exec(line)?.[1]?.trim()
    if (!value) continue
    const namesWebsite = /website|web site|\bsite\b|сайті/iu.test(line)
    if (isHttpUrlText(value) || namesWebsite || looksLikeNames(value)) return value
  }
  return undefined
}

const SENTENCE_END = /[.!?…:;]["»”’')]*$/u
const CREDIT_LABEL = /^(?:photo|photos|фото|credit|crédit|image)\s*[:：]\s*|^©\s*/iu

/** One or two short lines without a full stop: a caption and its credit, not a paragraph. */
function isCaptionBlock(block: string[]): boolean {
  if (block.length > 2) return false
  return block.every((line) => line.length <= 160 && (CREDIT_LABEL.test(line) || !SENTENCE_END.test(line)))
}

function readCaption(block: string[]): { caption?: string; credit?: string } {
  const [first, second] = block
  if (second !== undefined) return { caption: first!, credit: second.replace(CREDIT_LABEL, '') }
  if (CREDIT_LABEL.test(first!)) return { credit: first!.replace(CREDIT_LABEL, '') }
  return { caption: first! }
}

/**
 * A block's paragraphs. A line is a paragraph of its own (pasted web text puts one paragraph
 * a line), unless it stops mid-sentence and the next line goes on in lower case: a hard wrap.
 */
function toParagraphs(block: string[]): string[] {
  const paragraphs: string[] = []
  for (const line of block) {
    const previous = paragraphs.at(-1)
    if (previous !== undefined && !SENTENCE_END.test(previous) && /^\p{Ll}/u.test(line)) {
      paragraphs[paragraphs.length - 1] = `${previous} ${line}`
    } else {
      paragraphs.push(line)
    }
  }
  return paragraphs
}

// Dates ----------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {}
const MONTH_NAMES: readonly string[][] = [
  // English, French, Ukrainian (genitive and nominative), Russian (genitive)
  ['january', 'jan', 'janvier', 'janv', 'січня', 'січень', 'января'],
  ['february', 'feb', 'février', 'fevrier', 'févr', 'fevr', 'лютого', 'лютий', 'февраля'],
  ['march', 'mar', 'mars', 'березня', 'березень', 'марта'],
  ['april', 'apr', 'avril', 'avr', 'квітня', 'квітень', 'апреля'],
  ['may', 'mai', 'травня', 'травень', 'мая'],
  ['june', 'jun', 'juin', 'червня', 'червень', 'июня'],
  ['july', 'jul', 'juillet', 'juil', 'липня', 'липень', 'июля'],
  ['august', 'aug', 'août', 'aout', 'серпня', 'серпень', 'августа'],
  ['september', 'sep', 'sept', 'septembre', 'вересня', 'вересень', 'сентября'],
  ['october', 'oct', 'octobre', 'жовтня', 'жовтень', 'октября'],
  ['november', 'nov', 'novembre', 'листопада', 'листопад', 'ноября'],
  ['december', 'dec', 'décembre', 'decembre', 'déc', 'грудня', 'грудень', 'декабря'],
]
MONTH_NAMES.forEach((names, i) => names.forEach((name) => (MONTHS[name] = i + 1)))

const WEEKDAY =
  /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+|^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+|^(?:понеділок|вівторок|середа|четвер|п['’]ятниця|субота|неділя),?\s+/iu
const DATE_LABEL = /^(?:published|posted|date|publié le|publié|опубліковано|дата)\s*[:：]?\s+/iu
const TIME = String.raw`(\d{1,2})[:h](\d{2})(?::(\d{2}))?(?:\s*([ap])\.?m\.?)?`
const DAY_MONTH_YEAR = String.raw`(\d{1,2})(?:er|st|nd|rd|th)?\s+(\p{L}+)\.?,?\s+(\d{4})(?:\s*(?:р\.|року|г\.|года))?`
const MONTH_DAY_YEAR = String.raw`(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})`
const NUMERIC = String.raw`(\d{1,2})\.(\d{1,2})\.(\d{4})`
const SEPARATOR = String.raw`\s*(?:,|\s|\bat\b|à|о|в|\|)\s*`

interface DateForm {
  pattern: RegExp
  read(m: RegExpExecArray): { year: number; month: number; day: number; time?: string[] } | undefined
}

const DATE_FORMS: DateForm[] = (() => {
  const month = (name: string) => MONTHS[name.toLowerCase()] ?? 0
  const dmy = (d: string, mo: string, y: string) => ({ year: +y, month: month(mo), day: +d })
  const mdy = (mo: string, d: string, y: string) => ({ year: +y, month: month(mo), day: +d })
  const num = (d: string, mo: string, y: string) => ({ year: +y, month: +mo, day: +d })
  const forms: DateForm[] = []
  for (const [date, toDate] of [
    [DAY_MONTH_YEAR, dmy],
    [MONTH_DAY_YEAR, mdy],
    [NUMERIC, num],
  ] as const) {
    // time first ("22:11, 23 September 2019"), time last, date alone
    forms.push({
      pattern: new RegExp(`^${TIME}${SEPARATOR}${date}$`, 'iu'),
      read: (m) => ({ ...toDate(m[5]!, m[6]!, m[7]!), time: m.slice(1, 5) as string[] }),
    })
    forms.push({
      pattern: new RegExp(`^${date}${SEPARATOR}${TIME}$`, 'iu'),
      read: (m) => ({ ...toDate(m[1]!, m[2]!, m[3]!), time: m.slice(4, 8) as string[] }),
    })
    forms.push({ pattern: new RegExp(`^${date}$`, 'iu'), read: (m) => toDate(m[1]!, m[2]!, m[3]!) })
  }
  return forms
})()

/**
 * A line that is a date and nothing else: ISO 8601 (`2019-09-23T22:11`, with or without an
 * offset), `22:11, 23 September 2019`, `23 September 2019, 22:11`, `September 23, 2019`,
 * `23.09.2019 22:11`, with English, French, Ukrainian or Russian month names. A date without
 * an offset is read in `timeZone`; an impossible date (30 February) is not a date.
 */
export function readDateLine(line: string, timeZone: string): RawDate | undefined {
  const text = line.trim().replace(DATE_LABEL, '').replace(WEEKDAY, '').replace(/\s+/g, ' ')
  const iso = parseDate(text, timeZone)
  if (iso) return toRawDate(iso.instant, iso.dateOnly, text.slice(0, 10), line, timeZone)
  for (const form of DATE_FORMS) {
    const m = form.pattern.exec(text)
    const parts = m && form.read(m)
    if (!parts || parts.month < 1) continue
    const ymd = `${parts.year}-${pad(parts.month)}-${pad(parts.day)}`
    if (!parts.time) {
      const parsed = parseDate(ymd, timeZone)
      return parsed && toRawDate(parsed.instant, true, ymd, line, timeZone)
    }
    const [h, mi, s = '0', meridiem] = parts.time
    let hour = Number(h)
    if (meridiem) {
      if (hour < 1 || hour > 12) return undefined
      hour = (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0)
    }
    const parsed = parseDate(`${ymd} ${pad(hour)}:${mi}:${pad(Number(s))}`, timeZone)
    return parsed && toRawDate(parsed.instant, false, ymd, line, timeZone)
  }
  return undefined
}

function toRawDate(instant: Date, dateOnly: boolean, ymd: string, line: string, timeZone: string): RawDate {
  return { value: dateOnly ? ymd : formatRfc3339(instant, timeZone), instant, dateOnly, line }
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

// Languages ------------------------------------------------------------------------------------

/** Tags a "Translated from …" line may name, looked up by their English names. */
const LANGUAGE_TAGS = [
  'ar', 'bg', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'fa', 'fi', 'fr', 'he', 'hu', 'it', 'ja',
  'ka', 'ko', 'lt', 'lv', 'nl', 'no', 'pl', 'pt', 'ro', 'ru', 'sk', 'sl', 'sr', 'sv', 'tr', 'uk', 'zh',
]

/** "French" → `fr`; undefined for a name not in the list. */
export function languageTagOf(name: string): string | undefined {
  const names = new Intl.DisplayNames(['en'], { type: 'language' })
  const wanted = name.trim().toLowerCase()
  return LANGUAGE_TAGS.find((tag) => names.of(tag)?.toLowerCase() === wanted)
}

function isHttpUrlText(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value)
}
