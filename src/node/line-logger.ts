/**
 * Log lines to standard output, written together once per turn of the event loop: one write
 * for many requests under load, instead of one blocking write each.
 */
export function createLineLogger(stream: NodeJS.WritableStream = process.stdout): (line: string) => void {
  let buffer: string[] = []
  const flush = () => {
    const lines = buffer
    buffer = []
    stream.write(`${lines.join('\n')}\n`)
  }
  return (line) => {
    if (buffer.length === 0) setImmediate(flush)
    buffer.push(line)
  }
}
