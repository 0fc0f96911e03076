/**
 * What every kind of resource makes its response with: the headers the site's responses share
 * (caching, content type, the page policy), worked out once per view and settings, so that no
 * kind writes them its own way.
 */

import { siblingsOf } from '../feed-sets/translations.ts'
import { ItemCache } from '../feeds/formats.ts'
import type { BodyParts } from '../http/body-parts.ts'
import type { Encoders } from '../http/encoding.ts'
import { type PreparedResponse, prepareResponse } from '../http/prepared.ts'
import { CURRENT, type DocumentNumber } from '../model/archives.ts'
import type { PublicFiles } from '../model/public-files.ts'
import { pagePolicy, REFERRER_POLICY } from '../pages/policy.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { ViewIndex } from './view-index.ts'

export const HTML_TYPE = 'text/html; charset=utf-8'

/**
 * Cache-Control for everything but 404s. `s-maxage` is for shared caches (a CDN in front of the
 * server or the Worker); stale-while-revalidate lets them answer at once while they refresh.
 */
export function cacheControl(site: SiteSettings): string {
  const { maxAge, sharedMaxAge, staleWhileRevalidate } = site.cache
  return `public, max-age=${maxAge}, s-maxage=${sharedMaxAge ?? maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

/**
 * Cache-Control of an archive (RFC 8246 `immutable`): its articles stay as they are once it is
 * sealed, so caches keep it without asking again. An edit, or a back-dated article, reaches a
 * cached copy only when it expires: hence a setting of its own, not a year.
 */
export function archiveCacheControl(site: SiteSettings): string {
  return `public, max-age=${site.cache.archiveMaxAge}, immutable`
}

/**
 * Cache-Control of a public file. Not `immutable`: a picture keeps its URL when an editor
 * replaces it (feed items that show it keep theirs), so caches must ask again, which the ETag
 * makes cheap.
 */
export function publicCacheControl(site: SiteSettings): string {
  return `public, max-age=${site.cache.publicMaxAge}`
}

export interface MakingOptions {
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
  /** Serialised items to share between documents (the export's, for the whole build), made for this view. */
  items?: ItemCache
}

/** The view's index, with what its resources are made with. */
export interface Making extends ViewIndex {
  files: PublicFiles
  encoders: Encoders | undefined
  items: ItemCache
  /** A rendered response with the site's caching and `nosniff`; `extra` headers win. */
  prepare(
    body: string | Uint8Array | BodyParts,
    contentType: string,
    lastModified: Date | undefined,
    extra?: Record<string, string>,
    status?: number,
  ): Promise<PreparedResponse>
  /** A page's: never framed (clickjacking), and telling other sites no more than our origin. */
  htmlHeaders: Record<string, string>
  /** A document's caching: an archive's is for good. */
  cachingOf(document: DocumentNumber): Record<string, string>
  publicCache: string
}

export function makingFor(index: ViewIndex, options: MakingOptions = {}): Making {
  const { view, site } = index
  const { encoders, items = new ItemCache(site, view.publicFiles, siblingsOf(view)) } = options
  const cache = cacheControl(site)
  const archiveCache = archiveCacheControl(site)
  return {
    ...index,
    files: view.publicFiles,
    encoders,
    items,
    prepare: (body, contentType, lastModified, extra = {}, status = 200) =>
      prepareResponse({
        status,
        body,
        lastModified,
        encoders,
        headers: { 'content-type': contentType, 'cache-control': cache, 'x-content-type-options': 'nosniff', ...extra },
      }),
    htmlHeaders: { 'content-security-policy': pagePolicy(site), 'referrer-policy': REFERRER_POLICY },
    cachingOf: (document): Record<string, string> => (document === CURRENT ? {} : { 'cache-control': archiveCache }),
    publicCache: publicCacheControl(site),
  }
}
