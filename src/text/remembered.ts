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

/**
 * `make` of each object worked out once, and kept as long as the object lives: an article's
 * version or links, asked for by each of the thirty-odd documents that list it.
 */
export function oncePer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>()
  return (key) => {
    if (made.has(key)) return made.get(key) as V
    const value = make(key)
    made.set(key, value)
    return value
  }
}
