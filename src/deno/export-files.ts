/**
 * The files of the static export, read with Deno's own file API as the Worker reads its asset
 * store: a body whole, or a large one streamed from its file, a part at a time as the client
 * takes it. (The Node servers' reader checks links through /proc, which Deno grants only with
 * every permission, and which Deno Deploy does not have: the export is the build's own output.)
 */
import { join } from 'node:path'
import type { AssetFetcher, AssetOpener } from '../edge/prepared-resources.ts'
import { GoneError } from '../http/gone.ts'

/** One read: as the Node server's file bodies (node/file-body.ts). */
const PART_BYTES = 64 * 1024

export function exportFiles(exportDir: string): { fetchAsset: AssetFetcher; openAsset: AssetOpener } {
  return {
    async fetchAsset(file) {
      try {
        return new Response(await Deno.readFile(join(exportDir, file)))
      } catch {
        return new Response(null, { status: 404 })
      }
    },
    async openAsset(file, size) {
      let opened: Deno.FsFile
      try {
        opened = await Deno.open(join(exportDir, file))
      } catch (error) {
        throw new GoneError(`${file}: the build's file cannot be opened (${error instanceof Error ? error.message : error}); build again`)
      }
      const handle = opened
      if ((await handle.stat()).size !== size) {
        handle.close()
        throw new GoneError(`${file} is not the file the build wrote; build again`)
      }
      let closed = false
      const close = () => {
        if (closed) return
        closed = true
        handle.close()
      }
      return {
        size,
        close,
        stream(start, end) {
          let position = start
          return new ReadableStream<Uint8Array>(
            {
              async start() {
                await handle.seek(start, Deno.SeekMode.Start)
              },
              async pull(controller) {
                const length = Math.min(PART_BYTES, end + 1 - position)
                if (length <= 0) {
                  close()
                  controller.close()
                  return
                }
                try {
                  const part = new Uint8Array(length)
                  const read = await handle.read(part)
                  // Shorter than when it was opened: the response is cut, rather than another version's bytes sent.
                  if (read === null || read === 0) throw new Error(`${file} shrank to ${position} bytes while it was sent`)
                  position += read
                  controller.enqueue(part.subarray(0, read))
                } catch (error) {
                  close()
                  controller.error(error)
                }
              },
              cancel: close,
            },
            // Pulled only when the writer asks, as the Node server's file bodies are.
            { highWaterMark: 0 },
          )
        },
      }
    },
  }
}
