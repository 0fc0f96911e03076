/**
 * Zone offsets, looked up by the week (articles/dates.ts), agree with Intl's for the instant
 * itself: at random instants from 1900 to 2100, at every transition of the years around now,
 * and in zones with half-hour shifts, four changes a year, or a day skipped.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatRfc3339, zoneOffsetMs } from '../src/articles/dates.ts'

const ZONES = [
  'Europe/Kyiv',
  'Europe/Paris',
  'America/St_Johns', // half-hour offset and DST
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Africa/Casablanca', // DST suspended for Ramadan: four transitions some years
  'Pacific/Apia', // skipped 30 December 2011
  'Asia/Kathmandu',
  'America/Santiago',
  'UTC',
]

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The offset as Intl gives it for this very instant. */
function intlOffset(epoch: number, timeZone: string): number {
  let formatter = formatters.get(timeZone)
  if (!formatter) formatters.set(timeZone, (formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })))
  const name = formatter.formatToParts(epoch).find((p) => p.type === 'timeZoneName')!.value
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0
}

describe('zoneOffsetMs', () => {
  it('gives the instant’s own offset at random instants, in every zone Node knows', () => {
    const zones = [...new Set([...ZONES, ...Intl.supportedValuesOf('timeZone')])]
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, epoch) => {
        expect(zoneOffsetMs(epoch, zone)).toBe(intlOffset(epoch, zone))
      }),
      { numRuns: 5000 },
    )
  })

  it('gives each side of every transition from 2010 to 2030 its own offset', () => {
    const DAY = 86_400_000
    for (const zone of ZONES) {
      let transitions = 0
      for (let day = Date.UTC(2010, 0, 1); day < Date.UTC(2030, 0, 1); day += DAY) {
        if (intlOffset(day, zone) === intlOffset(day + DAY, zone)) continue
        transitions++
        // The first millisecond of the new offset, by halving the day.
        let [before, after] = [day, day + DAY]
        while (after - before > 1) {
          const middle = Math.floor((before + after) / 2)
          if (intlOffset(middle, zone) === intlOffset(day, zone)) before = middle
          else after = middle
        }
        for (const delta of [-3_600_000, -60_000, -1, 0, 1, 60_000, 3_600_000]) {
          const instant = after + delta
          expect(zoneOffsetMs(instant, zone), `${zone} ${new Date(instant).toISOString()}`).toBe(intlOffset(instant, zone))
        }
      }
      if (zone !== 'UTC' && zone !== 'Asia/Kathmandu') expect(transitions, zone).toBeGreaterThan(10)
    }
  })

  it('formats RFC 3339 with the offset of the instant', () => {
    expect(formatRfc3339(new Date('2019-03-31T00:59:59Z'), 'Europe/Paris')).toBe('2019-03-31T01:59:59+01:00')
    expect(formatRfc3339(new Date('2019-03-31T01:00:00Z'), 'Europe/Paris')).toBe('2019-03-31T03:00:00+02:00')
    expect(formatRfc3339(new Date('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31T00:00:00+14:00')
  })
})
