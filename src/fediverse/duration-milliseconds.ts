/**
 * Fedify passes times to live and delays as `Temporal.Duration` (its polyfill's, until Node has
 * Temporal); the SQLite store and queue keep instants as milliseconds since the epoch.
 */

/**
 * The part of `Temporal.Duration` used here. Fedify's declarations name the global `Temporal`,
 * which TypeScript's libraries do not declare yet, so its type reaches us as `any`: this says
 * what we rely on.
 */
export interface DurationLike {
  total(options: { unit: 'millisecond' }): number
}

/**
 * A duration in milliseconds. Days count as 24 hours (Temporal's rule without a reference
 * date); years, months and weeks have no fixed length and are refused by Temporal itself.
 */
export function durationToMilliseconds(duration: DurationLike): number {
  const milliseconds = duration.total({ unit: 'millisecond' })
  if (!Number.isFinite(milliseconds) || milliseconds < 0)
    throw new RangeError(`A duration must be zero or more, and finite; got ${String(duration)}.`)
  return milliseconds
}
