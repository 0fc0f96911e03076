/**
 * The one failure of a body that is not a fault: what was listed is gone, or is not what was
 * listed, when it is read. Apart from prepared.ts, which hashes with node:crypto, so that the
 * Worker can throw and catch it.
 */

/**
 * A public file deleted, replaced or moved behind a link since its folder was listed, or an asset
 * the store no longer has: there is nothing to serve there now, a 404, not a 500.
 */
export class GoneError extends Error {
  override name = 'GoneError'
}
