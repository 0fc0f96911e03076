/**
 * Preloaded into a command (`node --import <this file's URL> …`) to start its clock at the
 * instant FIXED_CLOCK names (an ISO 8601 time): `new Date()` and `Date.now()` read that instant
 * when the process starts and run on from it at the real pace, so that waits, time limits and
 * lock files still see time pass. Dates given a value (`new Date(x)`, `Date.parse`) are
 * untouched, and every date, the process's own or a library's, is still `instanceof Date`.
 *
 * The golden build (test/golden.test.ts) runs `bylines build` on it: what is published, what is
 * still scheduled and what the news sitemap's two days hold are decided by this clock, not by
 * the day the test runs.
 */
const at = Date.parse(process.env.FIXED_CLOCK ?? '')
if (Number.isNaN(at)) throw new Error(`FIXED_CLOCK must be an ISO 8601 time, not ${JSON.stringify(process.env.FIXED_CLOCK)}`)

const RealDate = Date
const offset = at - RealDate.now()

class FixedClockDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset)
    else super(...args)
  }

  static now() {
    return RealDate.now() + offset
  }

  static [Symbol.hasInstance](value) {
    return value instanceof RealDate
  }
}

// Called as a function, Date gives the time as a string.
const FixedDate = new Proxy(FixedClockDate, {
  apply: () => new FixedClockDate().toString(),
})

globalThis.Date = FixedDate
