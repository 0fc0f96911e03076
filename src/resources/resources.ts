/**
 * Every resource the site serves, by its canonical path (its "key"): the list of them all, the
 * response at each and what each is made from, all read from the table of kinds (table.ts).
 * The app answers HTTP for a key; the static exporter walks the list; so the two cannot differ
 * on what exists or on a single byte of it.
 */

import { type ContentSnapshot, createViewSource, type SiteView } from '../feed-sets/view.ts'
import type { ItemCache } from '../feeds/formats.ts'
import type { Encoders } from '../http/encoding.ts'
import type { PreparedResponse } from '../http/prepared.ts'
import { type Moved, movedTo, parseKey } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { inputsFor } from './inputs.ts'
import { makeNotFoundPage } from './kinds/fixed-pages.ts'
import { makingFor } from './making.ts'
import { locate, RESOURCE_KINDS } from './table.ts'
import { indexView } from './view-index.ts'

/** The resources of one moment of the site, as the app sees them. */
export interface Resources {
  /** The response at `key`, or undefined when the site has nothing there. */
  get(key: string): Promise<PreparedResponse> | undefined
  /** Whether `key` exists, without preparing it. */
  has(key: string): boolean
  /** The response at `key` if it is prepared already, for callers that must not wait. */
  ready(key: string): PreparedResponse | undefined
  /** The 404 page. */
  notFound(): Promise<PreparedResponse>
  /** Where a path the site used to serve has gone, if anywhere, and whether for good (paths.ts). */
  moved(key: string): Moved | undefined
}

/** The 404 page's key: not a path, so no request can ask for it by name. */
export const NOT_FOUND_KEY = ' 404'

export interface RenderedResourcesOptions {
  content: ContentSnapshot | (() => ContentSnapshot)
  /** The settings, or where to ask for them on each request: the Node server's change while it runs. */
  site: SiteSettings | (() => SiteSettings)
  /** The clock that decides which scheduled articles are out; injectable for tests. */
  now?: () => Date
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
}

/** Resources rendered from the content on first request, once per view (the Node server's). */
export function renderedResources(options: RenderedResourcesOptions): () => Resources {
  const { encoders } = options
  const now: () => Date | number = options.now ?? Date.now
  const getContent = typeof options.content === 'function' ? options.content : () => options.content as ContentSnapshot
  const getSite = typeof options.site === 'function' ? options.site : () => options.site as SiteSettings
  // Views are made for one version of the settings: new settings, new views, every response made again.
  let viewSite: SiteSettings | undefined
  let viewAt: ReturnType<typeof createViewSource> | undefined
  // Asked on every request, by the Node fast path too: the view rarely changes, so remember one.
  let lastView: SiteView | undefined
  let lastResources: Resources | undefined
  return () => {
    const site = getSite()
    if (site !== viewSite || !viewAt) {
      viewSite = site
      viewAt = createViewSource(getContent, site)
    }
    const view = viewAt(now())
    if (view !== lastView || !lastResources) {
      lastView = view
      lastResources = resourcesOfView(view, site, { encoders })
    }
    return lastResources
  }
}

/** Every key the site has at this view, 404 page excluded, kind after kind: what an exporter writes. */
export function listResourceKeys(view: SiteView, site: SiteSettings): string[] {
  const index = indexView(view, site)
  const keys: string[] = []
  for (const kind of RESOURCE_KINDS) for (const key of kind.keys(index)) keys.push(key)
  return keys
}

/**
 * The keys of the files the site serves as they are stored (the kinds marked `stored`). Each
 * keeps its name in the export, and is typed by its extension.
 */
export function publicResourceKeys(view: SiteView, site: SiteSettings): ReadonlySet<string> {
  const index = indexView(view, site)
  return new Set(RESOURCE_KINDS.filter((kind) => kind.stored).flatMap((kind) => [...kind.keys(index)]))
}

export interface ViewOptions {
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
  /**
   * Keep each prepared response for the life of the view (a server); an exporter that visits
   * each resource once passes false, so the archive is never in memory at once.
   */
  remember?: boolean
  /** Serialised items to share between documents (the export's, for the whole build), made for this view. */
  items?: ItemCache
}

export function resourcesOfView(view: SiteView, site: SiteSettings, options: ViewOptions = {}): Resources {
  const { remember = true } = options
  const index = indexView(view, site)
  const making = makingFor(index, options)
  const prepared = remember ? view.prepared : (_key: string, make: () => Promise<PreparedResponse>) => make()
  return {
    get(key) {
      const located = locate(key, index)
      return located && prepared(key, () => located.kind.make(located.found, making))
    },
    has: (key) => locate(key, index) !== undefined,
    ready: (key) => view.ready(key),
    moved: (key) =>
      movedTo(
        key,
        (setPath) => {
          const target = parseKey(`/${setPath}`)
          return target?.type === 'document' ? index.setAt(target.kind, target.slug)?.articles.length : undefined
        },
        site.itemsPerFeed,
      ),
    notFound: () => prepared(NOT_FOUND_KEY, () => makeNotFoundPage(making)),
  }
}

/**
 * What the resource at `key` is made from, written out, without making it (each kind's
 * `inputs`): under the same code and settings, equal inputs make equal bytes. The export leaves
 * alone a file whose inputs are those the last build recorded; undefined, it makes it again.
 *
 * @param digest shortens what an article adds to the inputs of each document that lists it (about
 *   thirty: eight sets, four formats), worked out once per article; the export gives a hash
 */
export function resourceInputs(
  view: SiteView,
  site: SiteSettings,
  digest: (text: string) => string = (text) => text,
): (key: string) => string | undefined {
  const index = indexView(view, site)
  const inputs = inputsFor(index, digest)
  return (key) => {
    const located = locate(key, index)
    return located?.kind.inputs(located.found, inputs)
  }
}
