/**
 * The lines of raw copy that credit the people and the publication behind it: "Author :" and
 * "By …" bylines, "Source :", "Translated from … by …" and "Translation: …", and the "Read the
 * original article at … website" line at the foot. Each form is told from a sentence that starts
 * the same way ("By the end of the week…", "Read the original in full below."), since reading a
 * sentence as a credit would put words of the body into the front matter.
 */

export type Label =
  | { kind: 'authors'; names: string[] }
  | { kind: 'source'; value: string }
  | { kind: 'translated'; language?: string; names: string[] }

const AUTHOR_LABEL = /^(?:authors?|auteure?s?|автор(?:и|ка)?|by|par|від)\s*[:：]\s*(.+)$/iu
/** "By Jean Dupont" without a colon: only in the header, and only when it reads as names. */
const BY_LINE = /^(?:by|par)\s+(.+)$/iu
const SOURCE_LABEL = /^(?:source|sources|джерело|источник|fuente|quelle)\s*[:：]\s*(.+)$/iu
const TRANSLATED_FROM = /^translated from (\p{L}+(?: \p{L}+)?)(?:\s+by\s*:?\s*(.+?))?\.?$/iu
const TRANSLATED_BY =
  /^(?:translated by|translation by|translation|translators?|переклад|перекладач(?:ка|і)?|traduction|traduit par|traducteur|traductrice)\s*[:：]?\s+(.+?)\.?$/iu
const TRANSLATED_BY_COLON = /^(?:translation|translators?|переклад|перекладач(?:ка|і)?|traduction|traducteur|traductrice)\s*[:：]/iu

/** A labelled header line; "By …" without a colon only when `allowBy` (not the title line). */
export function readLabel(line: string, allowBy: boolean): Label | undefined {
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

/**
 * The name or address of a "Source:" line below the header (often at the foot), which counts only
 * when it is nothing else: a sentence there that starts with "Source:" is body text.
 */
export function readFootSource(line: string): string | undefined {
  const value = SOURCE_LABEL.exec(line)?.[1]?.trim().replace(/\.$/, '')
  return value !== undefined && (isHttpUrlText(value) || looksLikeNames(value)) ? value : undefined
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
export function matchReadOriginal(line: string): string | undefined {
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

/** Tags a "Translated from …" line may name, looked up by their English names. */
const LANGUAGE_TAGS = [
  'ar',
  'bg',
  'cs',
  'da',
  'de',
  'el',
  'en',
  'es',
  'et',
  'fa',
  'fi',
  'fr',
  'he',
  'hu',
  'it',
  'ja',
  'ka',
  'ko',
  'lt',
  'lv',
  'nl',
  'no',
  'pl',
  'pt',
  'ro',
  'ru',
  'sk',
  'sl',
  'sr',
  'sv',
  'tr',
  'uk',
  'zh',
]

/** "French" → `fr`; undefined for a name not in the list. */
export function languageTagOf(name: string): string | undefined {
  const names = new Intl.DisplayNames(['en'], { type: 'language' })
  const wanted = name.trim().toLowerCase()
  return LANGUAGE_TAGS.find((tag) => names.of(tag)?.toLowerCase() === wanted)
}

/** An address where a credit line could give a name; the copy's own text, not yet validated as a URL. */
export function isHttpUrlText(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value)
}
