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
import { type Activity, Delete, PUBLIC_COLLECTION, type Recipient, Tombstone, Update } from '@fedify/vocab'
import type { FediverseContent, OutboxEntry } from './content.ts'
import { activityFor } from './federation.ts'
import { followersOf } from './followers.ts'

/** For each article an actor has told its followers of, by URL: the version told. */
type Told = Record<string, string>

export interface Announcer {
  /**
   * The content may have changed: tell followers what did. Resolves when it is queued: true, or
   * false when it failed (said in the log; the next call tries again from what was told).
   */
  changed(): Promise<boolean>
}

export function createAnnouncer(options: {
  federation: Federation<void>
  kv: KvStore
  content: () => FediverseContent
  log: (line: string) => void
}): Announcer {
  const { federation, kv, log } = options
  const followers = followersOf(kv)
  let running: Promise<boolean> | undefined
  let again = false

  const run = async () => {
    const content = options.content()
    const ctx = federation.createContext(new URL(content.siteUrl))
    const actors = [...content.actors().values()]
    const site = actors.find((profile) => profile.kind === 'site')!
    const onSite = new Set(content.articlesOf(site.handle).map((entry) => entry.url))
    for (const profile of actors) {
      const key = ['bylines', 'told', profile.handle] as const
      const entries = content.articlesOf(profile.handle)
      const now: Told = Object.fromEntries(entries.map((entry) => [entry.url, entry.version]))
      const before = await kv.get<Told>(key)
      if (before) {
        // An edit or a withdrawal is the site's to say, being its article: to its own followers,
        // and, for a feed set's account, to that account's followers too.
        const tell = async (activity: Activity, what: string, url: string) => {
          if (profile.kind === 'site')
            return send(ctx, { identifier: site.handle }, 'followers', activity, `@${site.handle} tells its followers ${url} is ${what}`)
          const recipients = await followers.list(profile.handle)
          if (recipients.length > 0)
            await send(
              ctx,
              { identifier: site.handle },
              recipients,
              activity,
              `@${site.handle} tells @${profile.handle}'s followers ${url} is ${what}`,
            )
        }
        // Oldest first, as they were published.
        for (const entry of [...entries].reverse()) {
          const was = before[entry.url]
          if (was === undefined)
            await send(
              ctx,
              { identifier: profile.handle },
              'followers',
              await activityFor(ctx, profile, entry),
              `@${profile.handle} tells its followers ${entry.url} is published`,
            )
          else if (was !== entry.version) await tell(await updateOf(ctx, site.handle, entry), 'updated', entry.url)
        }
        // Gone from a feed set but still on the site (a tag taken off) is not a withdrawal.
        for (const url of Object.keys(before))
          if (!(url in now) && !onSite.has(url)) await tell(deleteOf(ctx, site.handle, url), 'withdrawn', url)
      }
      // Written only when it changed: a Worker's cron asks every quarter of an hour, and KV writes are counted.
      if (!before || !sameTold(before, now)) await kv.set(key, now)
    }
  }

  const send = async (
    ctx: Context<void>,
    sender: { identifier: string },
    recipients: 'followers' | Recipient[],
    activity: Activity,
    line: string,
  ) => {
    if (recipients === 'followers') await ctx.sendActivity(sender, 'followers', activity, { preferSharedInbox: true })
    else await ctx.sendActivity(sender, recipients, activity, { preferSharedInbox: true })
    log(`fediverse: ${line}`)
  }

  const changed = (): Promise<boolean> => {
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
        return true
      } catch (error) {
        log(`fediverse: telling followers failed: ${error instanceof Error ? error.message : String(error)}`)
        return false
      } finally {
        running = undefined
      }
    })()
    return running
  }
  return { changed }
}

function sameTold(a: Told, b: Told): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((url) => a[url] === b[url])
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
