/**
 * The follower used by the end-to-end tests of following, tested against a minimal Fedify server
 * written here: what it receives verified, what it refuses, and what Fedify refuses of it. The
 * server is deliberately the smallest that follows Fedify's documented pattern, so that a failure
 * here is the follower's, not the site's.
 */
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createFederation, type Federation, generateCryptoKeyPair, MemoryKvStore, signRequest } from '@fedify/fedify'
import { Accept, Create, Endpoints, Follow, Note, PUBLIC_COLLECTION, type Recipient, Service, Undo } from '@fedify/vocab'
import { getRequestListener } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { type Follower, idOf, startFollower } from '../helpers/fediverse-follower.ts'

const ACTOR = 'news'
const TIMEOUT_MS = 60_000

interface MinimalSite {
  origin: string
  actorUrl: string
  federation: Federation<void>
  /** Followers by actor id, as the inbox listener keeps them. */
  followers: Map<string, Recipient>
  /** The RSA key Fedify signs draft-cavage requests with, to sign a request by hand. */
  rsaKeyId: URL
  rsaPrivateKey: Awaited<ReturnType<typeof generateCryptoKeyPair>>['privateKey']
  close(): Promise<void>
}

/** A Fedify server with one actor: RSA and Ed25519 keys, Accept for Follow, forgetting on Undo. */
async function startMinimalSite(): Promise<MinimalSite> {
  const rsa = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')
  const ed25519 = await generateCryptoKeyPair('Ed25519')
  const followers = new Map<string, Recipient>()
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true })

  federation
    .setActorDispatcher('/users/{identifier}', async (ctx, identifier) => {
      if (identifier !== ACTOR) return null
      const keys = await ctx.getActorKeyPairs(identifier)
      return new Service({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: 'The newsroom',
        inbox: ctx.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        followers: ctx.getFollowersUri(identifier),
        publicKeys: keys.map((key) => key.cryptographicKey),
        assertionMethods: keys.map((key) => key.multikey),
      })
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === ACTOR ? [rsa, ed25519] : []))

  federation.setFollowersDispatcher('/users/{identifier}/followers', (_ctx, identifier) =>
    identifier === ACTOR ? { items: [...followers.values()] } : null,
  )

  federation
    .setInboxListeners('/users/{identifier}/inbox', '/inbox')
    .on(Follow, async (ctx, follow) => {
      if (follow.id == null || follow.objectId?.href !== ctx.getActorUri(ACTOR).href) return
      const follower = await follow.getActor(ctx)
      if (follower?.id == null || follower.inboxId == null) return
      followers.set(follower.id.href, follower)
      await ctx.sendActivity(
        { identifier: ACTOR },
        follower,
        new Accept({
          id: new URL(`#accept/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(ACTOR)),
          actor: ctx.getActorUri(ACTOR),
          object: follow,
        }),
      )
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx)
      if (object instanceof Follow && undo.actorId != null && object.actorId?.href === undo.actorId.href) {
        followers.delete(undo.actorId.href)
      }
    })

  const server: Server = createServer(getRequestListener((request) => federation.fetch(request, { contextData: undefined })))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const ctx = federation.createContext(new URL(origin), undefined)
  const [firstKey] = await ctx.getActorKeyPairs(ACTOR)
  if (!firstKey) throw new Error('the actor has no key pairs')
  return {
    origin,
    actorUrl: ctx.getActorUri(ACTOR).href,
    federation,
    followers,
    rsaKeyId: firstKey.keyId,
    rsaPrivateKey: rsa.privateKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A Note in a Create, from the site's actor to its followers and the public. */
function newsCreate(site: MinimalSite, slug: string): Create {
  const actor = new URL(site.actorUrl)
  const note = new Note({
    id: new URL(`/notes/${slug}`, site.origin),
    attribution: actor,
    content: `<p>${slug}</p>`,
    to: PUBLIC_COLLECTION,
  })
  return new Create({
    id: new URL(`/notes/${slug}#create`, site.origin),
    actor,
    object: note,
    tos: [PUBLIC_COLLECTION, new URL(`${site.actorUrl}/followers`)],
  })
}

describe('the Fediverse follower against a minimal Fedify server', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function setUp(): Promise<{ site: MinimalSite; follower: Follower }> {
    const site = await startMinimalSite()
    cleanups.push(site.close)
    const follower = await startFollower()
    cleanups.push(() => follower.close())
    return { site, follower }
  }

  it('serves its actor document for both ActivityStreams media types, and nothing else', { timeout: TIMEOUT_MS }, async () => {
    const { follower } = await setUp()
    for (const accept of ['application/activity+json', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"']) {
      const response = await fetch(follower.actorId, { headers: { accept } })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe(accept)
      const actor = (await response.json()) as Record<string, unknown>
      expect(actor).toMatchObject({
        id: follower.actorId,
        type: 'Person',
        preferredUsername: 'reader',
        inbox: follower.inbox,
        endpoints: { sharedInbox: follower.sharedInbox },
        publicKey: {
          id: follower.keyId,
          owner: follower.actorId,
          publicKeyPem: follower.publicKeyPem,
        },
      })
    }
    expect((await fetch(follower.actorId, { headers: { accept: 'text/html' } })).status).toBe(406)
    expect((await fetch(follower.actorId, { headers: { accept: 'application/ld+json' } })).status).toBe(406)
  })

  it('follows: Fedify accepts the signed Follow, and the Accept arrives verified, after a refused RFC 9421 knock', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const { site, follower } = await setUp()

    const followId = await follower.follow(site.actorUrl)

    expect([...site.followers.keys()]).toEqual([follower.actorId])
    const accept = await follower.waitFor((r) => r.activity.type === 'Accept', {
      timeoutMs: 20_000,
    })
    expect(idOf(accept.activity.object)).toBe(followId)
    expect(idOf(accept.activity.actor)).toBe(site.actorUrl)
    expect(accept).toMatchObject({
      inbox: 'inbox',
      scheme: 'draft-cavage-http-signatures-12',
      keyId: site.rsaKeyId.href,
    })
    // Fedify knocks first with RFC 9421, which this follower refuses, then with draft-cavage.
    expect(follower.rejected.length).toBeGreaterThan(0)
    expect(follower.rejected.every((r) => r.scheme === 'rfc9421' && r.status === 401)).toBe(true)
  })

  it('receives a Create(Note) sent to followers through its shared inbox, verified', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    await follower.follow(site.actorUrl)
    await follower.waitFor((r) => r.activity.type === 'Accept', { timeoutMs: 20_000 })

    const ctx = site.federation.createContext(new URL(site.origin), undefined)
    await ctx.sendActivity({ identifier: ACTOR }, 'followers', newsCreate(site, 'night-trains'), {
      preferSharedInbox: true,
    })

    const create = await follower.waitFor((r) => r.activity.type === 'Create', {
      timeoutMs: 20_000,
    })
    expect(create).toMatchObject({
      inbox: 'sharedInbox',
      scheme: 'draft-cavage-http-signatures-12',
      keyId: site.rsaKeyId.href,
    })
    expect(idOf(create.activity.object)).toBe(`${site.origin}/notes/night-trains`)
    expect(create.activity.object).toMatchObject({ type: 'Note', content: '<p>night-trains</p>' })
  })

  it('unfollows: Fedify takes the signed Undo(Follow) and forgets the follower', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    await follower.follow(site.actorUrl)
    expect(site.followers.size).toBe(1)

    await follower.unfollow()

    expect(site.followers.size).toBe(0)
  })

  it('refuses with 401 a request whose body was changed after signing, and one with no signature', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    const body = JSON.stringify(await newsCreate(site, 'signed').toJsonLd())
    const signed = await signRequest(
      new Request(follower.inbox, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/activity+json' },
      }),
      site.rsaPrivateKey,
      site.rsaKeyId,
      { spec: 'draft-cavage-http-signatures-12' },
    )

    // The same signed headers with the body they were made for: accepted, so what follows is
    // refused for its body alone.
    const intact = await fetch(follower.inbox, { method: 'POST', headers: signed.headers, body })
    expect(intact.status).toBe(202)
    const tamperedBody = body.replace('<p>signed</p>', '<p>forged</p>')
    expect(tamperedBody).not.toBe(body)
    const tampered = await fetch(follower.inbox, {
      method: 'POST',
      headers: signed.headers,
      body: tamperedBody,
    })
    expect(tampered.status).toBe(401)
    const unsigned = await fetch(follower.sharedInbox, {
      method: 'POST',
      headers: { 'content-type': 'application/activity+json' },
      body,
    })
    expect(unsigned.status).toBe(401)

    expect(follower.received.map((r) => r.activity.object)).toEqual([expect.objectContaining({ content: '<p>signed</p>' })])
    expect(follower.rejected).toEqual([
      expect.objectContaining({
        inbox: 'inbox',
        status: 401,
        scheme: 'draft-cavage-http-signatures-12',
        reason: expect.stringMatching(/digest/),
        body: tamperedBody,
      }),
      expect.objectContaining({ inbox: 'sharedInbox', status: 401, scheme: 'none' }),
    ])
  })

  it('refuses a signature its keyId does not verify, and an activity whose actor is not the signer', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    const signAndPost = async (activity: Record<string, unknown>, privateKey: MinimalSite['rsaPrivateKey']) => {
      const body = JSON.stringify(activity)
      const init = {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/activity+json' },
      }
      const signed = await signRequest(new Request(follower.inbox, init), privateKey, site.rsaKeyId, {
        spec: 'draft-cavage-http-signatures-12',
      })
      return fetch(follower.inbox, { method: 'POST', headers: signed.headers, body })
    }
    const create = (await newsCreate(site, 'claimed').toJsonLd()) as Record<string, unknown>
    const otherKey = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5')

    expect((await signAndPost(create, otherKey.privateKey)).status).toBe(401)
    expect((await signAndPost({ ...create, actor: follower.actorId }, site.rsaPrivateKey)).status).toBe(401)

    expect(follower.received).toEqual([])
    expect(follower.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining(`signature does not verify with ${site.rsaKeyId.href}`),
      `signed by ${site.actorUrl}, but the actor is ${follower.actorId}`,
    ])
  })

  it('is refused by Fedify when it signs its Follow with a key its actor does not publish', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const wrongKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

    await expect(follower.follow(site.actorUrl, { privateKeyPem: wrongKeyPem })).rejects.toThrow(/answered 401/)

    expect(site.followers.size).toBe(0)
    // The right key still works, so the refusal was the key's.
    await follower.follow(site.actorUrl)
    expect([...site.followers.keys()]).toEqual([follower.actorId])
  })

  it('times out with a list of what it received', { timeout: TIMEOUT_MS }, async () => {
    const { site, follower } = await setUp()
    await follower.follow(site.actorUrl)
    await follower.waitFor((r) => r.activity.type === 'Accept')

    await expect(follower.waitFor((r) => r.activity.type === 'Delete', { timeoutMs: 200 })).rejects.toThrow(
      /no matching activity within 200 ms\nreceived \(1\):\n {2}inbox Accept .*draft-cavage/,
    )
  })
})
