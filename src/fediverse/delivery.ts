/**
 * Tells followers what changed: an article published is delivered as `Create` (a feed set's
 * actor `Announce`s it), one edited as `Update`, one withdrawn as `Delete`. What each actor has
 * told its followers is kept in the store, so that after a restart, or on a Worker woken by a
 * deploy, only what changed since is sent, and nothing twice. The first time an actor is seen,
 * what it already has is taken as told: a site that turns federation on does not flood anyone.
 *
 * Activities are given ids made from the article's URL and version, so that a server that
 * receives one twice (a delivery retried after a crash) sees the same activity.
 */
import type { Context, Federation, KvStore } from '@fedify/fedify'
import { Delete, PUBLIC_COLLECTION, Tombstone, Update } from '@fedify/vocab'
import type { FediverseContent, OutboxEntry } from './content.ts'
import { activityFor } from './federation.ts'

/** For each article an actor has told its followers of, by URL: the version told. */
type Told = Record<string, string>

export interface Announcer {
  /** The content may have changed: tell followers what did. Resolves when it is queued. */
  changed(): Promise<void>
}

export function createAnnouncer(options: { federation: Federation<void>; kv: KvStore; content: () => FediverseContent; log: (line: string) => void }): Announcer {
  const { federation, kv, log } = options
  let running: Promise<void> | undefined
  let again = false

  const run = async () => {
    const content = options.content()
    const ctx = federation.createContext(new URL(content.siteUrl))
    for (const profile of content.actors().values()) {
      const key = ['bylines', 'told', profile.handle] as const
      const entries = content.articlesOf(profile.handle)
      const now: Told = Object.fromEntries(entries.map((entry) => [entry.url, entry.version]))
      const before = await kv.get<Told>(key)
      if (before) {
        // Oldest first, as they were published.
        for (const entry of [...entries].reverse()) {
          const was = before[entry.url]
          if (was === undefined) await send(ctx, profile.handle, await activityFor(ctx, profile, entry), 'published', entry.url)
          else if (was !== entry.version && profile.kind === 'site') await send(ctx, profile.handle, await updateOf(ctx, profile.handle, entry), 'updated', entry.url)
        }
        if (profile.kind === 'site') {
          for (const url of Object.keys(before)) if (!(url in now)) await send(ctx, profile.handle, deleteOf(ctx, profile.handle, url), 'withdrawn', url)
        }
      }
      await kv.set(key, now)
    }
  }

  const send = async (ctx: Context<void>, handle: string, activity: Parameters<Context<void>['sendActivity']>[2], what: string, url: string) => {
    await ctx.sendActivity({ identifier: handle }, 'followers', activity, { preferSharedInbox: true })
    log(`fediverse: @${handle} tells its followers ${url} is ${what}`)
  }

  const changed = (): Promise<void> => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await run()
        } while (again)
      } catch (error) {
        log(`fediverse: telling followers failed: ${error instanceof Error ? error.message : String(error)}`)
      } finally {
        running = undefined
      }
    })()
    return running
  }
  return { changed }
}

async function updateOf(ctx: Context<void>, handle: string, entry: OutboxEntry): Promise<Update> {
  const actor = ctx.getActorUri(handle)
  return new Update({
    id: new URL(`${entry.url}#update/${encodeURIComponent(entry.version)}`),
    actor,
    object: await entry.object(),
    to: PUBLIC_COLLECTION,
    ccs: [ctx.getFollowersUri(handle)],
  })
}

function deleteOf(ctx: Context<void>, handle: string, url: string): Delete {
  return new Delete({
    id: new URL(`${url}#delete`),
    actor: ctx.getActorUri(handle),
    object: new Tombstone({ id: new URL(url) }),
    to: PUBLIC_COLLECTION,
    ccs: [ctx.getFollowersUri(handle)],
  })
}
