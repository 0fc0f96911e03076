/**
 * The date line of raw copy: a line that is a date and nothing else, in the forms the sites the
 * newsroom translates from print it (ISO 8601, "22:11, 23 September 2019", "September 23, 2019",
 * "23.09.2019 22:11"), with English, French, Ukrainian or Russian month names. A date without an
 * offset is wall-clock time in the site's zone. Telling a date line from a sentence matters: the
 * date line is where the copy's header ends.
 */
import { formatRfc3339, parseDate } from '../articles/dates.ts'

export interface RawDate {
  /** The value to write: RFC 3339 with the site zone's offset, or `YYYY-MM-DD` when no time was given. */
  value: string
  instant: Date
  dateOnly: boolean
  /** The line as written in the copy. */
  line: string
}

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
