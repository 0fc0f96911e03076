/** The server's log: request lines gathered into few writes, other lines out at once, order kept. */
import { Writable } from 'node:stream'
import { expect, it, vi } from 'vitest'
import { createLineLogger } from '../src/http/line-logger.ts'

function collected() {
  const writes: string[] = []
  const stream = new Writable({
    write(chunk, _encoding, done) {
      writes.push(String(chunk))
      done()
    },
  })
  return { writes, log: createLineLogger(stream) }
}

it('writes request lines together after 100 ms, in one write', () => {
  vi.useFakeTimers()
  try {
    const { writes, log } = collected()
    for (let i = 0; i < 50; i++) log.request(`GET /${i} 304`)
    vi.advanceTimersByTime(99)
    expect(writes).toEqual([])
    vi.advanceTimersByTime(1)
    expect(writes).toHaveLength(1)
    expect(writes[0]!.split('\n').slice(0, -1)).toEqual(Array.from({ length: 50 }, (_, i) => `GET /${i} 304`))
  } finally {
    vi.useRealTimers()
  }
})

it('writes any other line on the next turn, with the request lines before it, in order', async () => {
  const { writes, log } = collected()
  log.request('GET /a 200')
  log('content: reloaded 1 file')
  log.request('GET /b 200')
  await new Promise((resolve) => setImmediate(resolve))
  expect(writes).toEqual(['GET /a 200\ncontent: reloaded 1 file\nGET /b 200\n'])
})

it('does not hold more than 64 KiB', () => {
  const { writes, log } = collected()
  const line = `GET /${'x'.repeat(1000)} 200`
  for (let i = 0; i < 70; i++) log.request(line)
  expect(writes).toHaveLength(1)
  expect(writes[0]!.split('\n')).toHaveLength(66)
})

it('writes what it holds when asked to flush, and says when it is written', async () => {
  const { writes, log } = collected()
  log.request('GET /last 304')
  await new Promise<void>((resolve) => log.flush(resolve))
  expect(writes).toEqual(['GET /last 304\n'])
})
