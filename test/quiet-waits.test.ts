/** Each key's own quiet wait, on a fake clock: one that keeps changing neither waits for ever nor holds up another. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { createQuietWaits } from '../src/content/quiet-waits.ts'

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }))
afterEach(() => void vi.useRealTimers())

function recorder() {
  const taken: { at: number; keys: string[] }[] = []
  const waits = createQuietWaits<string>((due) => taken.push({ at: performance.now(), keys: [...due.keys()] }), {
    quietMs: 75,
    maxMs: 1000,
  })
  return { taken, waits }
}

it('takes a key once it has been quiet, however often another keeps changing', () => {
  const { taken, waits } = recorder()
  const start = performance.now()
  waits.touch('log')
  vi.advanceTimersByTime(20)
  waits.touch('edit.md')
  for (let i = 0; i < 10; i++) {
    vi.advanceTimersByTime(20)
    waits.touch('log')
  }
  expect(taken[0]).toEqual({ at: start + 95, keys: ['edit.md'] })
  expect(waits.has('log')).toBe(true)
})

it('takes a key that never stops changing at the bound, and again a bound later', () => {
  const { taken, waits } = recorder()
  const start = performance.now()
  for (let i = 0; i < 120; i++) {
    waits.touch('upload.jpg')
    vi.advanceTimersByTime(20)
  }
  expect(taken.map((t) => t.at - start)).toEqual([1000, 2000])
})

it('reports the oldest change still waiting, kept across a new wait, until it is taken', () => {
  const { waits } = recorder()
  expect(waits.oldest()).toBeUndefined()
  const seen = performance.now() - 5000
  waits.touch('a.md', seen)
  waits.touch('b.md')
  expect(waits.oldest()).toBe(seen)
  waits.flush()
  expect(waits.oldest()).toBeUndefined()
})
