/**
 * The files of the static export, read with Bun's own file API as the Worker reads its asset
 * store. Each body is read whole, the largest too: Bun.serve sends a stream without the
 * Content-Length we give it (chunked), and a file's own body with a Content-Disposition of its
 * name, where the Node server sends neither (the parity suite compares every header).
 */
import { join } from 'node:path'
import type { AssetFetcher } from '../edge/prepared-resources.ts'

export function exportFiles(exportDir: string): { fetchAsset: AssetFetcher } {
  return {
    async fetchAsset(file) {
      const found = Bun.file(join(exportDir, file))
      return (await found.exists()) ? new Response(await found.arrayBuffer()) : new Response(null, { status: 404 })
    },
  }
}
