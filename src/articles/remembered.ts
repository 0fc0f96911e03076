/**
 * What a pure function gave for a key, kept for the life of the process: a build writes the same
 * dates and language names again and again (an article's date on every page and in every feed
 * format that lists it), and Intl works each out anew in microseconds. Emptied when it holds
 * `limit` values, so that a server that runs for months cannot grow it without end.
 */
export class Remembered<K, V> {
  readonly #values = new Map<K, V>()
  readonly #limit: number

  constructor(limit = 100_000) {
    this.#limit = limit
  }

  get(key: K, make: (key: K) => V): V {
    let value = this.#values.get(key)
    if (value === undefined) {
      if (this.#values.size >= this.#limit) this.#values.clear()
      this.#values.set(key, (value = make(key)))
    }
    return value
  }
}
