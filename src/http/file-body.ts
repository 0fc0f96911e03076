/**
 * An open file as a response body read as it is sent (http/prepared.ts, `OpenedBody`): a part at
 * a time, and only as fast as the client takes it, so a slow client of a large file costs two
 * parts of memory, not the file. Each runtime opens the file its own way (content/open-file-body.ts,
 * deno/export-files.ts) and hands it over as a `FileReader`.
 */
import type { OpenedBody } from './prepared.ts'

/** An open file, as a runtime reads it: bytes at a position, and closing it. */
export interface FileReader {
  /** Reads into `into` from `position`; the number of bytes read, 0 at the end of the file. */
  read(into: Uint8Array, position: number): Promise<number>
  /** Closes the file; never throws. */
  close(): void
}

/** One read: large enough that a fast client is not held back by the calls, small enough for many clients. */
const PART_BYTES = 64 * 1024

/** `file` (`size` bytes long), which the body owns and closes. */
export function fileBody(file: FileReader, size: number): OpenedBody {
  let closed = false
  const close = () => {
    if (closed) return
    closed = true
    file.close()
  }
  return {
    size,
    close,
    stream(start, end) {
      let position = start
      return new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const length = Math.min(PART_BYTES, end + 1 - position)
            if (length <= 0) {
              close()
              controller.close()
              return
            }
            try {
              const part = new Uint8Array(length)
              const bytesRead = await file.read(part, position)
              // Shorter than when it was opened: the client gets fewer bytes than promised and
              // sees the response cut, rather than bytes of another version.
              if (bytesRead === 0) throw new Error(`the file shrank to ${position} bytes while it was sent`)
              position += bytesRead
              controller.enqueue(part.subarray(0, bytesRead))
            } catch (error) {
              close()
              controller.error(error)
            }
          },
          cancel: close,
        },
        // Pulled only when the writer asks: with the socket's buffer, two parts per client at most.
        { highWaterMark: 0 },
      )
    },
  }
}
