/**
 * Which way a language is written: the one place that decides it, for `dir` on a page and on
 * any element in another language, and for which text is isolated where it meets ours (bidi.ts).
 * Decided by script, because a language can be written in more than one (`ku` in Latin, `ckb`
 * and `ku-Arab` in Arabic; `pa` and `pa-Arab`), from the tag's own script subtag or else the
 * script CLDR gives it as likely (`Intl.Locale.prototype.maximize`, UTS #35 likely subtags).
 */

import { escapeHtml } from './escape-html.ts'
import { Remembered } from './remembered.ts'

export type Direction = 'ltr' | 'rtl'

/**
 * ISO 15924 codes of the scripts written right to left: those whose letters are R or AL in
 * Unicode's DerivedBidiClass.txt (Arabic and its Nastaliq variant, Hebrew, Syriac and its
 * variants, Thaana, N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic, Mende Kikakui, Yezidi,
 * Garay, and the historic scripts). Every other script is left to right.
 */
const RIGHT_TO_LEFT_SCRIPTS = new Set([
  'Adlm',
  'Arab',
  'Aran',
  'Armi',
  'Avst',
  'Chrs',
  'Cprt',
  'Elym',
  'Gara',
  'Hatr',
  'Hebr',
  'Hung',
  'Khar',
  'Lydi',
  'Mand',
  'Mani',
  'Mend',
  'Merc',
  'Mero',
  'Narb',
  'Nbat',
  'Nkoo',
  'Orkh',
  'Ougr',
  'Palm',
  'Phli',
  'Phlp',
  'Phnx',
  'Prti',
  'Rohg',
  'Samr',
  'Sarb',
  'Sogd',
  'Sogo',
  'Syrc',
  'Syre',
  'Syrj',
  'Syrn',
  'Thaa',
  'Yezi',
])

/** Intl.Locale's text info: a getter in older engines (Node 20), a method in newer ones. */
interface WithTextInfo {
  getTextInfo?(): { direction?: string }
  textInfo?: { direction?: string }
}

/**
 * The direction of the language `tag` (BCP 47). The script decides; ICU's own text info
 * (`getTextInfo()`, or `textInfo` where that is a getter) only for a language whose script CLDR
 * does not know, because it answers from locale data alone: in Node 20 it gives `ltr` for `dv`
 * (Thaana), `rhg` (Hanifi Rohingya) and `ku-Arab`. A tag Intl cannot read is left to right.
 */
export function languageDirection(tag: string): Direction {
  return directions.get(tag, () => {
    try {
      const locale = new Intl.Locale(tag)
      const script = locale.script ?? locale.maximize().script
      if (script !== undefined) return RIGHT_TO_LEFT_SCRIPTS.has(script) ? 'rtl' : 'ltr'
      const info = locale as unknown as WithTextInfo
      return (info.getTextInfo?.() ?? info.textInfo)?.direction === 'rtl' ? 'rtl' : 'ltr'
    } catch {
      return 'ltr'
    }
  })
}

const directions = new Remembered<string, Direction>()

/**
 * `lang` for an element in the language `tag`, and `dir` when its direction is not that of what
 * surrounds it (`around`): as an attribute string, with a leading space, for markup.
 */
export function languageAttributes(tag: string, around: Direction): string {
  const direction = languageDirection(tag)
  return ` lang="${escapeHtml(tag)}"${direction === around ? '' : ` dir="${direction}"`}`
}
