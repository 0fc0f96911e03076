/**
 * The files of the static export, read with Deno's own file API as the Worker reads its asset
 * store: a body whole, or a large one streamed from its file, a part at a time as the client
 * takes it. (The Node servers' reader checks links through /proc, which Deno grants only with
 * every permission, and which Deno Deploy does not have: the export is the build's own output.)
 */
import { join } from 'node:path'
import type { AssetFetcher, AssetOpener } from '../edge/prepared-resources.ts'
import { fileBody } from '../http/file-body.ts'
import { GoneError } from '../http/gone.ts'

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
      // Deno's files read from where they were left: each part is read from its own position.
      return fileBody(
        {
          read: async (into, position) => {
            await handle.seek(position, Deno.SeekMode.Start)
            return (await handle.read(into)) ?? 0
          },
          close: () => {
            try {
              handle.close()
            } catch {
              // Nothing more can be done: the body is finished with it either way.
            }
          },
        },
        size,
      )
    },
  }
}
