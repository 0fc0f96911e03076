/**
 * Log lines to standard output, in as few writes as keep them timely. A line about the content
 * or the server goes out with the others of its turn of the event loop. Request lines, a
 * thousand a second under load, wait up to REQUEST_DELAY_MS or until FLUSH_BYTES have gathered:
 * a write per turn cost a busy server a system call every few requests, and whoever reads the
 * log (a pipe, the journal) a wake-up each. Order is kept: one buffer holds both kinds. Before
 * the server exits it waits for `flush`; on any other exit what is buffered is written then, as
 * far as the system takes it at once (a pipe to standard output does not wait on POSIX).
 */
import { writeSync } from 'node:fs'

export interface LineLogger {
  (line: string): void
  /** A request's line: may wait up to REQUEST_DELAY_MS. */
  request(line: string): void
  /** Writes what is buffered now; `done` once the system has it. */
  flush(done: () => void): void
}

const REQUEST_DELAY_MS = 100
const FLUSH_BYTES = 64 * 1024

export function createLineLogger(stream: NodeJS.WritableStream = process.stdout): LineLogger {
  let buffer: string[] = []
  let bytes = 0
  let soon = false
  let later: ReturnType<typeof setTimeout> | undefined
  /** The buffered lines as one text, taken out of the buffer; undefined when there are none. */
  const take = (): string | undefined => {
    soon = false
    clearTimeout(later)
    later = undefined
    if (buffer.length === 0) return undefined
    const text = `${buffer.join('\n')}\n`
    buffer = []
    bytes = 0
    return text
  }
  const flush = () => {
    const text = take()
    if (text !== undefined) stream.write(text)
  }
  process.on('exit', () => {
    const text = take()
    if (text === undefined) return
    if (stream !== process.stdout) return void stream.write(text)
    try {
      writeSync(1, text)
    } catch {
      // A pipe that is full: the reader has stopped reading, and nothing more can be done.
    }
  })
  const add = (line: string) => {
    buffer.push(line)
    bytes += line.length
    if (bytes >= FLUSH_BYTES) flush()
  }
  const log = (line: string) => {
    add(line)
    if (!soon) {
      soon = true
      setImmediate(flush)
    }
  }
  log.request = (line: string) => {
    add(line)
    if (!soon && later === undefined && buffer.length > 0) {
      later = setTimeout(flush, REQUEST_DELAY_MS)
      // Not a reason to stay alive: the exit handler writes what is left.
      later.unref()
    }
  }
  log.flush = (done: () => void) => {
    const text = take()
    if (text === undefined) done()
    else stream.write(text, () => done())
  }
  return log
}
