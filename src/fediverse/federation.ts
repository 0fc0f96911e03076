/**
 * The site on the Fediverse, with Fedify: WebFinger and NodeInfo, each actor (its profile, keys,
 * inbox, outbox and followers), every article as an object at its page's URL, and the inbox that
 * takes follows and unfollows. Fedify signs what it sends (RFC 9421, falling back to the
 * draft-cavage signatures Mastodon uses) and verifies what arrives; what is kept (keys,
 * followers, deliveries waiting) is in the store and queue given, so that a restart loses none.
 */
import { createFederation, type Federation, type KvStore, type MessageQueue } from '@fedify/fedify'
import {
  Accept,
  type Actor,
  Announce,
  Article,
  Create,
  Delete,
  Endpoints,
  Follow,
  Image,
  Organization,
  PUBLIC_COLLECTION,
  type Recipient,
  Service,
  Undo,
} from '@fedify/vocab'
import type { Picture } from '../articles/picture.ts'
import { articlePath } from '../model/paths.ts'
import { escapeHtml } from '../text/escape-html.ts'
import { keyPairsOf } from './actor-keys.ts'
import { temporalInstant } from './article-object.ts'
import type { ActorProfile, FediverseContent, OutboxEntry } from './content.ts'
import { FOLLOWERS_PAGE_SIZE, followersOf } from './followers.ts'
import { ROUTES } from './routes.ts'

export interface SiteFederationOptions {
  content: () => FediverseContent
  kv: KvStore
  queue?: MessageQueue
  /** Fetch and deliver to private addresses (127.0.0.1, 10.…): local tests only. */
  allowPrivateAddress?: boolean
  /** Deliveries start when `startQueue` is called (so that a server can stop them), not at once. */
  manuallyStartQueue?: boolean
  /** Where a follow, an unfollow or a delivery that failed is said. */
  log: (line: string) => void
}

/**
 * Fedify reads `navigator.userAgent` (to tell a Worker) where it reads keys back, and Node has a
 * `navigator` only from 21: on Node 20 it is given one that says Node, as Node 21's does.
 */
const runtime = globalThis as { navigator?: { userAgent: string } }
runtime.navigator ??= { userAgent: 'Node.js' }

/** Items on one page of an outbox. */
const OUTBOX_PAGE_SIZE = 20

export function createSiteFederation(options: SiteFederationOptions): Federation<void> {
  const { kv, log } = options
  const content = options.content
  const siteUrl = content().siteUrl
  const followers = followersOf(kv)
  const federation = createFederation<void>({
    kv,
    queue: options.queue,
    manuallyStartQueue: options.manuallyStartQueue ?? false,
    // Every id is under the site's public URL, whatever address a request came in by.
    origin: siteUrl.replace(/\/$/, ''),
    allowPrivateAddress: options.allowPrivateAddress ?? false,
    userAgent: { software: 'bylines', url: new URL(siteUrl) },
    onOutboxError: (error, activity) => log(`fediverse: delivery of ${activity?.id?.href ?? 'an activity'} failed: ${error.message}`),
  })

  federation
    .setActorDispatcher(ROUTES.actor, async (ctx, handle) => {
      const profile = content().actors().get(handle)
      if (!profile) return null
      const keys = await ctx.getActorKeyPairs(handle)
      const Kind = profile.kind === 'site' ? Organization : Service
      return new Kind({
        id: ctx.getActorUri(handle),
        preferredUsername: handle,
        name: profile.name,
        summary: profile.summary === '' ? null : `<p>${escapeHtml(profile.summary)}</p>`,
        url: new URL(profile.url),
        icon: imageOf(profile.icon),
        image: imageOf(profile.image),
        inbox: ctx.getInboxUri(handle),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        outbox: ctx.getOutboxUri(handle),
        followers: ctx.getFollowersUri(handle),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((pair) => pair.multikey),
        manuallyApprovesFollowers: false,
        discoverable: true,
        indexable: true,
      })
    })
    .setKeyPairsDispatcher((_ctx, handle) => keyPairsOf(kv, handle))

  federation
    .setOutboxDispatcher(ROUTES.outbox, async (ctx, handle, cursor) => {
      const profile = content().actors().get(handle)
      if (!profile || cursor === null) return null
      const start = Number(cursor)
      const entries = content().articlesOf(handle)
      const page = entries.slice(start, start + OUTBOX_PAGE_SIZE)
      const items = await Promise.all(page.map((entry) => activityFor(ctx, profile, entry)))
      return { items, nextCursor: start + OUTBOX_PAGE_SIZE < entries.length ? String(start + OUTBOX_PAGE_SIZE) : null }
    })
    .setCounter((_ctx, handle) => (content().actors().has(handle) ? content().articlesOf(handle).length : null))
    .setFirstCursor(() => '0')

  federation
    .setFollowersDispatcher(ROUTES.followers, async (_ctx, handle, cursor) => {
      if (!content().actors().has(handle)) return null
      const all = await followers.list(handle)
      // Fedify asks for the whole collection (no cursor) when it delivers to followers.
      if (cursor === null) return { items: all }
      const start = Number(cursor)
      const items = all.slice(start, start + FOLLOWERS_PAGE_SIZE)
      return { items, nextCursor: start + FOLLOWERS_PAGE_SIZE < all.length ? String(start + FOLLOWERS_PAGE_SIZE) : null }
    })
    .setCounter(async (_ctx, handle) => (content().actors().has(handle) ? (await followers.list(handle)).length : null))
    .setFirstCursor(() => '0')

  federation
    .setInboxListeners(ROUTES.inbox, ROUTES.sharedInbox)
    .on(Follow, async (ctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return
      const target = ctx.parseUri(follow.objectId)
      if (target?.type !== 'actor' || !content().actors().has(target.identifier)) return
      const follower = await follow.getActor(ctx)
      if (!follower?.id || !follower.inboxId) return
      await followers.add(target.identifier, recipientOf(follower))
      log(`fediverse: ${follower.id.href} follows @${target.identifier}`)
      await ctx.sendActivity(
        { identifier: target.identifier },
        follower,
        new Accept({
          id: new URL(`#accept/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(target.identifier)),
          actor: ctx.getActorUri(target.identifier),
          object: follow,
        }),
      )
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx)
      if (!(object instanceof Follow) || !object.objectId || !undo.actorId) return
      // Only the follower may take its follow back.
      if (object.actorId?.href !== undo.actorId.href) return
      const target = ctx.parseUri(object.objectId)
      if (target?.type !== 'actor') return
      if (await followers.remove(target.identifier, undo.actorId))
        log(`fediverse: ${undo.actorId.href} no longer follows @${target.identifier}`)
    })
    .on(Delete, async (_ctx, deletion) => {
      // An account deleted: it follows nothing any more.
      if (!deletion.actorId || deletion.objectId?.href !== deletion.actorId.href) return
      for (const handle of content().actors().keys()) await followers.remove(handle, deletion.actorId)
    })

  federation.setObjectDispatcher(Article, ROUTES.article, async (_ctx, { slug }) => {
    const entry = content().articleAt(articlePath(slug))
    return entry ? entry.object() : null
  })

  federation.setNodeInfoDispatcher(ROUTES.nodeInfo, () => ({
    software: { name: 'bylines', version: '0.1.0', homepage: new URL(siteUrl) },
    protocols: ['activitypub'],
    usage: { users: { total: content().actors().size }, localPosts: content().articleCount(), localComments: 0 },
    openRegistrations: false,
  }))

  return federation
}

/**
 * What an outbox lists for an article: the site creates it; a feed set's actor shares (Announces)
 * the site's article, so that a follower of both sees it once, as a boost.
 */
export async function activityFor(
  ctx: { getActorUri(handle: string): URL; getFollowersUri(handle: string): URL },
  profile: ActorProfile,
  entry: OutboxEntry,
) {
  const actor = ctx.getActorUri(profile.handle)
  const addressed = { to: PUBLIC_COLLECTION, ccs: [ctx.getFollowersUri(profile.handle)], published: temporalInstant(entry.published) }
  if (profile.kind === 'site') return new Create({ id: new URL(`${entry.url}#create`), actor, object: await entry.object(), ...addressed })
  return new Announce({
    id: new URL(`${entry.url}#announce/${encodeURIComponent(profile.handle)}`),
    actor,
    object: new URL(entry.url),
    ...addressed,
  })
}

function recipientOf(actor: Actor): Recipient {
  return {
    id: actor.id,
    inboxId: actor.inboxId,
    endpoints: actor.endpoints?.sharedInbox ? { sharedInbox: actor.endpoints.sharedInbox } : null,
  }
}

function imageOf(picture: Picture | undefined): Image | null {
  if (!picture) return null
  return new Image({
    url: new URL(picture.url),
    mediaType: picture.type ?? null,
    width: picture.width ?? null,
    height: picture.height ?? null,
  })
}
