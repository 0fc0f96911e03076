/**
 * Bidirectional text from articles, isolated from ours: a name, a title or a tag may be written
 * in the other direction from the text around it (an Arabic title on an English page, a Latin
 * name on an Arabic one), or carry direction controls (U+202E RIGHT-TO-LEFT OVERRIDE) that would
 * otherwise reorder the words around it. The one place that decides which text is isolated, and
 * how: `<bdi>` in markup, FSI…PDI in plain text (UAX #9 §2.7), the text itself balanced first.
 * What surrounds it is the direction of the language of our text there (direction.ts).
 */
import type { Direction } from './direction.ts'
import { languageAttributes } from './direction.ts'
import { escapeHtml } from './escape-html.ts'

/**
 * Text that can reorder what is around it, by the direction of that: in left-to-right text, a
 * character of a right-to-left script (the blocks whose code points are R or AL, or default to
 * them, in DerivedBidiClass.txt); in right-to-left text, a letter of any other script (strong L
 * but for a few symbols). In both, one of the Bidi_Control characters (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069). Text with none of these is only strong in the direction around
 * it, weak or neutral there, and keeps its place without an isolate.
 */
const NEEDS_ISOLATE: Record<Direction, RegExp> = {
  ltr: /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u200E\u200F\u202A-\u202E\u2066-\u2069\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u,
  rtl: /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|(?![\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}])\p{L}/u,
}

const EXPLICIT = /[\u202A-\u202E\u2066-\u2069]/
const PDF = '\u202C'
const PDI = '\u2069'
const FSI = '\u2068'

/**
 * The text with its explicit embeddings, overrides and isolates matched, as UAX #9 matches them
 * within the text alone (BD9, X6a, X7): a PDF or PDI that closes nothing is dropped (alone it does
 * nothing, but after our own isolate opener it would close that), and whatever the text leaves
 * open is closed at its end. CSS makes an isolating element (`<bdi>`, `dir=auto`) the same as FSI
 * and PDI around its text (CSS Writing Modes 3, `unicode-bidi: isolate`), so without this
 * `x\u2069\u202E` inside a `<bdi>` still reversed the words after it (checked in Chromium).
 */
export function balanceBidi(text: string): string {
  if (!EXPLICIT.test(text)) return text
  // The closer each open initiator needs, innermost last.
  const open: string[] = []
  let out = ''
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if ((c >= 0x202a && c <= 0x202b) || (c >= 0x202d && c <= 0x202e)) open.push(PDF)
    else if (c >= 0x2066 && c <= 0x2068) open.push(PDI)
    else if (c === 0x202c || c === 0x2069) {
      // X7: a PDF closes an embedding or override opened within the current isolate, if any.
      // X6a: a PDI closes the innermost open isolate, and everything opened within it.
      const at = c === 0x202c ? (open.at(-1) === PDF ? open.length - 1 : -1) : open.lastIndexOf(PDI)
      if (at >= 0) open.length = at
      else {
        out += text.slice(from, i)
        from = i + 1
      }
    }
  }
  return out + text.slice(from) + open.reverse().join('')
}

/** Whether the text needs isolating from text of the direction `around`. */
export function needsIsolation(text: string, around: Direction): boolean {
  return NEEDS_ISOLATE[around].test(text)
}

/**
 * Article text as HTML inside our own markup: escaped, and in a `<bdi>` when it needs isolating
 * (HTML: "a span of text that is to be isolated from its surroundings for the purposes of
 * bidirectional text formatting", its direction from its own first strong character), so it
 * neither takes direction from its neighbours nor lends them any. When the text's language is
 * known (an original's title), the `<bdi>` says it, and takes its direction from it rather than
 * from a first letter that may be a Latin acronym in an Arabic title.
 */
export function isolateHtml(text: string, around: Direction, language?: string): string {
  if (!needsIsolation(text, around)) return escapeHtml(text)
  return `<bdi${language === undefined ? '' : languageAttributes(language, around)}>${escapeHtml(balanceBidi(text))}</bdi>`
}

/**
 * The same for plain text joined to ours in one value that holds no markup (a page's `<title>`,
 * a set's title): between FSI and PDI, the characters a `<bdi>` stands for.
 */
export function isolateText(text: string, around: Direction): string {
  return needsIsolation(text, around) ? `${FSI}${balanceBidi(text)}${PDI}` : text
}
