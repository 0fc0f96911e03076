/**
 * Resources answered from a prepared site: headers from the build's index, bodies from the
 * static export, fetched only when a full response is due. Nothing is rendered here: a 304 is
 * decided from the index alone, and a 200 sends the file the Node build wrote.
 */
import { codingEtag } from '../http/etag.ts'
import type { OpenedBody, PreparedResponse } from '../http/prepared.ts'
import { movedTo } from '../model/paths.ts'
import { HELD_PUBLIC_BYTES } from '../model/public-files.ts'
import type { PreparedEntry, PreparedSite } from '../resources/prepared-site.ts'
import type { Resources } from '../resources/resources.ts'

/** Fetches one file of the static export (the Worker's ASSETS binding). */
export type AssetFetcher = (file: string) => Promise<Response>
/**
 * Opens one file of the static export to be read as it is sent, where the runtime has files (the
 * preview, on Node): a large file is then never held whole, however many clients it has.
 */
export type AssetOpener = (file: string, size: number) => Promise<OpenedBody>

export function preparedResources(site: PreparedSite, fetchAsset: AssetFetcher, openAsset?: AssetOpener): Resources {
  const made = new Map<string, PreparedResponse>()
  const responseFor = (key: string, entry: PreparedEntry, status: number): PreparedResponse => {
    let response = made.get(key)
    if (!response) made.set(key, (response = preparedResponse(site, entry, status, fetchAsset, openAsset)))
    return response
  }
  const notFound = Promise.resolve(preparedResponse(site, site.notFound, 404, fetchAsset))
  return {
    get(key) {
      const entry = Object.hasOwn(site.resources, key) ? site.resources[key] : undefined
      return entry && Promise.resolve(responseFor(key, entry, 200))
    },
    has: (key) => Object.hasOwn(site.resources, key),
    ready: (key) => made.get(key),
    moved: (key) =>
      movedTo(key, (setPath) => (Object.hasOwn(site.setSizes, setPath) ? site.setSizes[setPath] : undefined), site.itemsPerFeed),
    notFound: () => notFound,
  }
}

function preparedResponse(
  site: PreparedSite,
  entry: PreparedEntry,
  status: number,
  fetchAsset: AssetFetcher,
  openAsset?: AssetOpener,
): PreparedResponse {
  const headers = { ...site.headerSets[entry.shared], ...entry.own }
  const { 'content-length': _length, ...notModified } = headers
  const etag = entry.own.etag!
  const lastModified = entry.own['last-modified']
  return {
    status,
    lastModified: lastModified === undefined ? undefined : new Date(lastModified),
    // The platform compresses what it sends; the Worker always answers in identity.
    codings: ['identity'],
    // A client that was served by the Node server may hold the tag of a compressed variant.
    etags: site.codings.map((coding) => codingEtag(etag, coding)),
    notModifiedHeaders: () => notModified,
    async variant() {
      const size = Number(headers['content-length'])
      if (openAsset && size > HELD_PUBLIC_BYTES) return { opened: await openAsset(entry.file, size), headers }
      const asset = await fetchAsset(entry.file)
      if (!asset.ok) {
        throw new Error(`${entry.file}: the static export answered ${asset.status}; was it deployed with this index?`)
      }
      // Read whole, not streamed: workerd drops Content-Length from a passed-on stream, and our
      // bodies are a few hundred KiB at most.
      return { body: new Uint8Array(await asset.arrayBuffer()), headers }
    },
    readyVariant: () => undefined,
  }
}
