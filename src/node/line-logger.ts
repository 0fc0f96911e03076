/**
 * Log lines to standard output, in as few writes as keep them timely. A line about the content
 * or the server goes out with the others of its turn of the event loop. Request lines, a
 * thousand a second under load, wait up to REQUEST_DELAY_MS or until FLUSH_BYTES have gathered:
 * a write per turn cost a busy server a system call every few requests, and whoever reads the
 * log (a pipe, the journal) a wake-up each. Order is kept: one buffer holds both kinds. What is
 * still buffered when the process exits is written then.
 */
export interface LineLogger {
  (line: string): void
  /** A request's line: may wait up to REQUEST_DELAY_MS. */
  request(line: string): void
}

const REQUEST_DELAY_MS = 100
const FLUSH_BYTES = 64 * 1024

export function createLineLogger(stream: NodeJS.WritableStream = process.stdout): LineLogger {
  let buffer: string[] = []
  let bytes = 0
  let soon = false
  let later: ReturnType<typeof setTimeout> | undefined
  const flush = () => {
    soon = false
    clearTimeout(later)
    later = undefined
    if (buffer.length === 0) return
    const lines = buffer
    buffer = []
    bytes = 0
    stream.write(`${lines.join('\n')}\n`)
  }
  // Writes to a pipe or a file are synchronous on exit's turn (Node's stdout on POSIX).
  process.on('exit', flush)
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
  return log
}
