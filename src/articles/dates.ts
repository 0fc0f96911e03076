/** Reading front-matter dates in the site's time zone, and writing RFC 3339 / RFC 822 dates. */
import { Remembered } from '../text/remembered.ts'

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?$/i

export interface ParsedDate {
  instant: Date
  /** True when only a calendar date was written (no time of day). */
  dateOnly: boolean
}

/**
 * Reads `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]`, or the same with `T` and an optional offset.
 * A value without an offset is wall-clock time in `timeZone`, not the machine's zone.
 * Returns undefined for anything else, including impossible dates such as 2019-02-30.
 */
export function parseDate(text: string, timeZone: string): ParsedDate | undefined {
  const m = DATE_PATTERN.exec(text.trim())
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m
  const fields = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number]
  const [year, month, day, hour, minute, second] = fields
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  if (hour > 23 || minute > 59 || second > 59) return undefined
  const ms = Math.floor(Number(`0.${frac}`) * 1000)
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const dateOnly = m[4] === undefined
  if (zone) {
    const offset = zone.toUpperCase() === 'Z' ? 0 : parseOffset(zone)
    if (offset === undefined) return undefined
    return { instant: new Date(wall - offset), dateOnly }
  }
  return { instant: new Date(zonedWallTimeToEpoch(wall, timeZone)), dateOnly }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

function parseOffset(zone: string): number | undefined {
  const digits = zone.replace(':', '')
  const hours = Number(digits.slice(1, 3))
  const minutes = Number(digits.slice(3, 5))
  if (hours > 23 || minutes > 59) return undefined
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000
}

/**
 * Converts a wall-clock time (expressed as if it were UTC) in `timeZone` to epoch milliseconds.
 * Two passes settle the offset on either side of a DST change; a wall time that falls in a
 * spring-forward gap resolves to the later offset, as most calendars do.
 */
function zonedWallTimeToEpoch(wall: number, timeZone: string): number {
  let epoch = wall - zoneOffsetMs(wall, timeZone)
  epoch = wall - zoneOffsetMs(epoch, timeZone)
  return epoch
}

const offsetsByZone = new Map<string, { formatter: Intl.DateTimeFormat; offsets: Remembered<number, number> }>()

/**
 * Offsets are looked up by the week: a zone's offset changes only at its transitions, and in the
 * time-zone data Node ships no zone's offset changes and changes back within seven days, so
 * where the offset is the same at both ends of a week it is that all week. (The full tz data has
 * one such week, Freetown's in September 1939; Node's ICU treats Freetown as Abidjan.) A site's
 * dates then cost Intl two lookups a week, not one each (docs/performance.md, "Figures behind the
 * code").
 */
const WEEK_MS = 7 * 86_400_000

/** Offset of `timeZone` from UTC at `epoch`, in milliseconds. */
export function zoneOffsetMs(epoch: number, timeZone: string): number {
  let zone = offsetsByZone.get(timeZone)
  if (!zone) {
    zone = { formatter: new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }), offsets: new Remembered() }
    offsetsByZone.set(timeZone, zone)
  }
  const { formatter, offsets } = zone
  const start = epoch - (((epoch % WEEK_MS) + WEEK_MS) % WEEK_MS)
  const atStart = offsets.get(start, () => offsetAt(formatter, start))
  const atEnd = offsets.get(start + WEEK_MS, () => offsetAt(formatter, start + WEEK_MS))
  // A week with a transition in it: this instant's own.
  return atStart === atEnd ? atStart : offsets.get(epoch, () => offsetAt(formatter, epoch))
}

function offsetAt(formatter: Intl.DateTimeFormat, epoch: number): number {
  const name = formatter.formatToParts(epoch).find((p) => p.type === 'timeZoneName')?.value ?? ''
  // "GMT" alone means UTC; otherwise "GMT+03:00" or "GMT-09:30".
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  if (!m) return 0
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
}

/** RFC 3339 date-time with the offset of `timeZone` at that instant, e.g. 2019-09-23T22:11:00+03:00. */
export function formatRfc3339(date: Date, timeZone: string): string {
  const offset = zoneOffsetMs(date.getTime(), timeZone)
  const local = new Date(date.getTime() + offset)
    .toISOString()
    .replace(/\.000Z$/, '')
    .replace('Z', '')
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset) / 60_000
  const hh = String(Math.floor(abs / 60)).padStart(2, '0')
  const mm = String(abs % 60).padStart(2, '0')
  return `${local}${sign}${hh}:${mm}`
}

/** RSS 2.0 requires RFC 822 dates; `toUTCString` gives exactly that form with "GMT". */
export function formatRfc822(date: Date): string {
  return date.toUTCString()
}
