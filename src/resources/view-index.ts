/**
 * A view of the site indexed for finding resources by key: its sets, articles, public files and
 * picture variants, each in a map. Every kind of resource (kind.ts) lists, finds, makes and
 * describes its resources over this one index, so the listing, the server and the build agree
 * on what a key holds.
 */

import type { FeedSet } from '../feed-sets/feed-sets.ts'
import type { SiteView } from '../feed-sets/view.ts'
import type { Article } from '../model/article.ts'
import type { FeedSetKind } from '../model/paths.ts'
import { isSitePath } from '../model/paths.ts'
import { picturesShownBy } from '../model/picture-variants.ts'
import { type PictureVariant, type PublicFile, publicKey } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'

export interface ViewIndex {
  view: SiteView
  site: SiteSettings
  /** The set a key names: the site's, or one of a kind by slug. */
  setAt(kind: FeedSetKind | undefined, slug: string | undefined): FeedSet | undefined
  bySlug: ReadonlyMap<string, Article>
  /** The public folder's files by key; a name the site uses itself (`/rss.xml`) is the site's. */
  publicByKey: ReadonlyMap<string, PublicFile>
  /** The variants of the pictures published articles show, made for this snapshot, by key. */
  variantByKey: ReadonlyMap<string, PictureVariant>
}

type Lookups = Omit<ViewIndex, 'view' | 'site'>

const lookups = new WeakMap<SiteView, Lookups>()

/**
 * The index of a view at these settings. Its maps are made once per view, for the listing, the
 * responses and their inputs alike: a view is made for one version of the settings.
 */
export function indexView(view: SiteView, site: SiteSettings): ViewIndex {
  let found = lookups.get(view)
  if (!found) {
    const { pictures } = view.publicFiles
    const made = pictures ? picturesShownBy(view.published, view.publicFiles, site.url).map((file) => pictures.of(file)) : []
    found = {
      variantByKey: new Map(made.flatMap((picture) => picture?.variants ?? []).map((variant) => [variant.key, variant])),
      setAt: (kind, slug) => (kind === undefined ? view.feedSets.site : view.feedSets.byKind(kind).get(slug!)),
      bySlug: new Map(view.published.map((article) => [article.slug, article])),
      publicByKey: new Map(
        [...view.publicFiles.files.values()].filter((file) => !isSitePath(file.path)).map((file) => [publicKey(file.path), file]),
      ),
    }
    lookups.set(view, found)
  }
  return { view, site, ...found }
}
