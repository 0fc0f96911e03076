/** A file opened with node:fs as a response body read as it is sent (http/file-body.ts). */
import type { FileHandle } from 'node:fs/promises'
import { fileBody } from '../http/file-body.ts'
import type { OpenedBody } from '../http/prepared.ts'

/** `handle` (of a file `size` bytes long), which the body owns and closes. */
export function nodeFileBody(handle: FileHandle, size: number): OpenedBody {
  return fileBody(
    {
      read: async (into, position) => (await handle.read(into, 0, into.length, position)).bytesRead,
      close: () => void handle.close().catch(() => {}),
    },
    size,
  )
}
