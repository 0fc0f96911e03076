/**
 * Who can be followed: the site, as `@{handle}@{host}`, and, for each kind of feed set the
 * newsroom names in `[fediverse] actors`, every set of that kind, as `@{kind}.{slug}@{host}`
 * (`@tags.ukraine@…`, `@translators.jane-doe@…`), as WordPress gives each author an account.
 * An actor's articles are its set's: a follower of `@tags.ukraine` gets what its feed gets.
 *
 * The identifier in an actor's URL is its handle, so both are decided here alone.
 */

import type { FeedSet } from '../feed-sets/feed-sets.ts'
import type { SiteView } from '../feed-sets/view.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { FEDIVERSE_HANDLE } from '../settings/values.ts'

export interface FediverseActor {
  /** What comes before `@{host}`, and what the actor's URLs carry. */
  handle: string
  /** The site is the newsroom; a feed set's actor is an automated account (shown as such). */
  kind: 'site' | 'feed-set'
  /** The set whose articles the actor publishes; the site's own for the site. */
  set: FeedSet
}

/** The site's actors at one view, by handle; made once per view. */
export function actorsOf(view: SiteView, site: SiteSettings): ReadonlyMap<string, FediverseActor> {
  let actors = made.get(view)
  if (actors?.site !== site) {
    actors = { site, byHandle: listActors(view, site) }
    made.set(view, actors)
  }
  return actors.byHandle
}

const made = new WeakMap<SiteView, { site: SiteSettings; byHandle: ReadonlyMap<string, FediverseActor> }>()

function listActors(view: SiteView, site: SiteSettings): Map<string, FediverseActor> {
  const { handle, actors: kinds } = site.fediverse
  const byHandle = new Map<string, FediverseActor>([[handle, { handle, kind: 'site', set: view.feedSets.site }]])
  for (const kind of kinds) {
    for (const set of view.feedSets.byKind(kind).values()) {
      const setHandle = `${kind}.${set.slug}`
      // The site's own handle is never taken by a set.
      // Handles are ASCII (settings/values.ts): a slug in another script has no actor of its own.
      if (FEDIVERSE_HANDLE.test(setHandle) && !byHandle.has(setHandle))
        byHandle.set(setHandle, { handle: setHandle, kind: 'feed-set', set })
    }
  }
  return byHandle
}
