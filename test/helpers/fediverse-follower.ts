/**
 * A Fediverse follower for end-to-end tests of following: a small ActivityPub actor on 127.0.0.1
 * that follows a site's actor, and verifies everything delivered to its inboxes.
 *
 * Signing and verification are Misskey's, neither ours nor Fedify's (the site is built on Fedify):
 * `@misskey-dev/node-http-message-signatures` signs every request the follower makes and verifies
 * every delivery it gets, with HTTP Signatures draft-cavage-http-signatures-12 (rsa-sha256 over
 * `(request-target) host date digest` for a POST, `(request-target) host date accept` for a GET,
 * as Mastodon does) and the RFC 3230 `Digest` header (the library adds RFC 9530's `Content-Digest`
 * beside it). The library (0.0.10) parses and verifies draft-cavage only (its RFC 9421 parser
 * throws "Not implemented"), so a request that comes with an RFC 9421 `Signature-Input` is
 * answered 401, as Mastodon before RFC 9421 answers it, and the sender is expected to retry with
 * draft-cavage ("double knocking", https://swicg.github.io/activitypub-http-signature/
 * #how-to-upgrade-supported-versions); the refused knock is kept in `rejected`.
 *
 * Independent of the site's code and of Fedify: the signatures, made and checked by Misskey's
 * library over WebCrypto; the key pair (node:crypto); the actor document; the activities the
 * follower sends; and the rules a delivery must pass (a signature over the `Digest`, a digest that
 * matches the body, a key fetched from the signature's `keyId`, a key owner that is the activity's
 * actor). Not independent: what it receives is read as plain JSON in the compacted shape Fedify
 * writes, without JSON-LD expansion, so a delivery valid in another JSON-LD shape (a term under a
 * prefix, a `publicKey` reached through another context) would be refused or misread; and both
 * ends share the Node process, hence its WebCrypto.
 */
import { generateKeyPair } from 'node:crypto'
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import {
  genDigestHeaderBothRFC3230AndRFC9530,
  type ParsedDraftSignature,
  parseRequestSignature,
  type RequestLike,
  signAsDraftToRequest,
  verifyDraftSignature,
  verifyRFC3230DigestHeader,
} from '@misskey-dev/node-http-message-signatures'

export const ACTIVITY_JSON = 'application/activity+json'
const ACTIVITY_STREAMS = 'https://www.w3.org/ns/activitystreams'
export const LD_JSON_ACTIVITY_STREAMS = `application/ld+json; profile="${ACTIVITY_STREAMS}"`
const PUBLIC_KEY_CONTEXT = 'https://w3id.org/security/v1'
const DRAFT_CAVAGE = 'draft-cavage-http-signatures-12'

/** The headers each signature covers (draft-cavage §2.1.6), the set Mastodon signs and requires. */
const SIGNED_POST_HEADERS = ['(request-target)', 'host', 'date', 'digest']
const SIGNED_GET_HEADERS = ['(request-target)', 'host', 'date', 'accept']

/** Larger than any activity a test sends; a bound so a runaway sender cannot fill the memory. */
const MAX_BODY_BYTES = 1024 * 1024
const DEFAULT_WAIT_MS = 20_000

export type SignatureScheme = typeof DRAFT_CAVAGE | 'rfc9421'
export type InboxName = 'inbox' | 'sharedInbox'

/** An activity as JSON: only the members the follower reads are typed. */
export type ActivityJson = Record<string, unknown> & {
  id?: unknown
  type?: unknown
  actor?: unknown
  object?: unknown
}

/** A delivery whose signature and digest verified. */
export interface ReceivedActivity {
  inbox: InboxName
  scheme: SignatureScheme
  keyId: string
  activity: ActivityJson
}

/** A delivery answered 401 (or 400 for a body that is not an activity), and why. */
export interface RejectedDelivery {
  inbox: InboxName
  status: number
  /** The scheme the request was signed with, or `none` when it carried no signature. */
  scheme: SignatureScheme | 'none'
  reason: string
  body: string
}

export interface WaitOptions {
  timeoutMs?: number
}

/** A signing key other than the follower's own, to prove that the receiver checks signatures. */
export interface SigningOverride {
  keyId?: string
  privateKeyPem?: string
}

/**
 * The `id` of a JSON-LD node given either as its IRI or as an embedded object
 * (ActivityStreams 2.0 allows both for `actor` and `object`).
 */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') {
    return (value as { id: string }).id
  }
  return undefined
}

/** A follower with a fresh RSA 2048 key pair, listening on a free port of 127.0.0.1. */
export function startFollower(): Promise<Follower> {
  return Follower.start()
}

type Waiter = {
  predicate: (received: ReceivedActivity) => boolean
  resolve: (received: ReceivedActivity) => void
}

export class Follower {
  readonly received: ReceivedActivity[] = []
  readonly rejected: RejectedDelivery[] = []
  private readonly server: Server
  private origin = ''
  /** What the follower sent, by id, so that a receiver may dereference it. */
  private readonly sent = new Map<string, ActivityJson>()
  private readonly waiters = new Set<Waiter>()
  private lastFollow: { activity: ActivityJson; inbox: string } | undefined
  private sequence = 0

  static async start(): Promise<Follower> {
    const keys = await promisify(generateKeyPair)('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    const follower = new Follower(keys.publicKey, keys.privateKey)
    await follower.listen()
    return follower
  }

  private constructor(
    readonly publicKeyPem: string,
    private readonly privateKeyPem: string,
  ) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(error))
      })
    })
  }

  private async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(0, '127.0.0.1', () => resolve())
    })
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  get actorId(): string {
    return `${this.origin}/users/reader`
  }
  get keyId(): string {
    return `${this.actorId}#main-key`
  }
  get inbox(): string {
    return `${this.actorId}/inbox`
  }
  get sharedInbox(): string {
    return `${this.origin}/inbox`
  }

  /** The actor document (ActivityPub §4.1, with Mastodon's `publicKey` from the security vocabulary). */
  actorDocument(): ActivityJson {
    return {
      '@context': [ACTIVITY_STREAMS, PUBLIC_KEY_CONTEXT],
      id: this.actorId,
      type: 'Person',
      preferredUsername: 'reader',
      name: 'A reader',
      inbox: this.inbox,
      outbox: `${this.actorId}/outbox`,
      followers: `${this.actorId}/followers`,
      following: `${this.actorId}/following`,
      endpoints: { sharedInbox: this.sharedInbox },
      publicKey: { id: this.keyId, owner: this.actorId, publicKeyPem: this.publicKeyPem },
    }
  }

  /**
   * Fetches the site's actor (signed GET), POSTs a signed `Follow` of it to its inbox, and
   * returns the Follow's id. Throws when the site does not answer 2xx.
   */
  async follow(siteActorUrl: string, signing?: SigningOverride): Promise<string> {
    const siteActor = await this.fetchActor(siteActorUrl)
    const siteActorId = idOf(siteActor) ?? siteActorUrl
    const inbox = idOf(siteActor.inbox)
    if (!inbox) throw new Error(`the actor at ${siteActorUrl} has no inbox: ${JSON.stringify(siteActor)}`)
    const follow = this.newActivity('Follow', siteActorId)
    await this.deliver(inbox, follow, signing)
    this.lastFollow = { activity: follow, inbox }
    return follow.id as string
  }

  /** Undoes the last Follow with a signed `Undo(Follow)` to the same inbox; returns the Undo's id. */
  async unfollow(signing?: SigningOverride): Promise<string> {
    if (!this.lastFollow) throw new Error('unfollow() before any follow()')
    const undo = this.newActivity('Undo', this.lastFollow.activity)
    await this.deliver(this.lastFollow.inbox, undo, signing)
    this.lastFollow = undefined
    return undo.id as string
  }

  /** POSTs a signed activity; throws with the status and body when the answer is not 2xx. */
  async deliver(inboxUrl: string, activity: ActivityJson, signing?: SigningOverride): Promise<Response> {
    const response = await this.post(inboxUrl, JSON.stringify(activity), signing)
    if (!response.ok) {
      throw new Error(`${inboxUrl} answered ${response.status} to ${String(activity.type)}: ${await response.text()}`)
    }
    return response
  }

  /** POSTs a body signed as the follower (or with `signing`), whatever the answer. */
  async post(url: string, body: string, signing?: SigningOverride): Promise<Response> {
    const target = new URL(url)
    const request = this.requestToSign('POST', target, {
      Accept: ACTIVITY_JSON,
      'Content-Type': ACTIVITY_JSON,
    })
    request.body = body
    await genDigestHeaderBothRFC3230AndRFC9530(request, body, 'SHA-256')
    await signAsDraftToRequest(request, this.signingKey(signing), SIGNED_POST_HEADERS)
    return send('POST', target, request.headers, body)
  }

  /** A signed GET (what Mastodon calls authorized fetch), asking for ActivityStreams JSON. */
  async fetchSigned(url: string, accept = ACTIVITY_JSON): Promise<Response> {
    const target = new URL(url)
    const request = this.requestToSign('GET', target, { Accept: accept })
    await signAsDraftToRequest(request, this.signingKey(), SIGNED_GET_HEADERS)
    return send('GET', target, request.headers)
  }

  /**
   * The first verified activity that matches, already received or still to come. On time-out,
   * rejects with what was received and rejected, which is what one needs to see why.
   */
  waitFor(predicate: (received: ReceivedActivity) => boolean, options: WaitOptions = {}): Promise<ReceivedActivity> {
    const already = this.received.find(predicate)
    if (already) return Promise.resolve(already)
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve: (received) => {
          clearTimeout(timer)
          this.waiters.delete(waiter)
          resolve(received)
        },
      }
      const timer = setTimeout(() => {
        this.waiters.delete(waiter)
        reject(new Error(`no matching activity within ${timeoutMs} ms\n${this.describe()}`))
      }, timeoutMs)
      this.waiters.add(waiter)
    })
  }

  /** What the follower has seen, one line per delivery, for failure messages. */
  describe(): string {
    const received = this.received.map((r) => `  ${r.inbox} ${String(r.activity.type)} ${String(r.activity.id)} (${r.scheme}, ${r.keyId})`)
    const rejected = this.rejected.map((r) => `  ${r.inbox} ${r.status} ${r.scheme}: ${r.reason}`)
    return [`received (${received.length}):`, ...received, `rejected (${rejected.length}):`, ...rejected].join('\n')
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private newActivity(type: string, object: unknown): ActivityJson {
    this.sequence += 1
    const activity: ActivityJson = {
      '@context': ACTIVITY_STREAMS,
      id: `${this.origin}/activities/${type.toLowerCase()}-${this.sequence}`,
      type,
      actor: this.actorId,
      object,
    }
    this.sent.set(activity.id as string, activity)
    return activity
  }

  private signingKey(signing?: SigningOverride): { keyId: string; privateKeyPem: string } {
    return {
      keyId: signing?.keyId ?? this.keyId,
      privateKeyPem: signing?.privateKeyPem ?? this.privateKeyPem,
    }
  }

  /**
   * The request as the library signs it. Its `url` is the path with the query: the library takes
   * a URL that starts with `/` as the request target as is, but cuts the query from an absolute
   * one, while draft-cavage §2.3 signs both.
   */
  private requestToSign(method: string, target: URL, headers: Record<string, string>): RequestLike {
    return {
      method,
      url: `${target.pathname}${target.search}`,
      headers: { ...headers, Date: new Date().toUTCString(), Host: target.host },
    }
  }

  private async fetchActor(url: string): Promise<ActivityJson> {
    const response = await this.fetchSigned(url)
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`)
    return (await response.json()) as ActivityJson
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.origin).pathname
    if (req.method === 'POST' && (path === new URL(this.inbox).pathname || path === new URL(this.sharedInbox).pathname)) {
      const inbox: InboxName = path === new URL(this.inbox).pathname ? 'inbox' : 'sharedInbox'
      return this.receive(inbox, req, res)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 405, 'method not allowed')
    const document = path === new URL(this.actorId).pathname ? this.actorDocument() : this.sent.get(`${this.origin}${path}`)
    if (!document) return answer(res, 404, 'not found')
    const type = activityStreamsTypeAccepted(req.headers.accept)
    if (!type) return answer(res, 406, `ask for ${ACTIVITY_JSON} or ${LD_JSON_ACTIVITY_STREAMS}`)
    res.writeHead(200, { 'content-type': type, vary: 'Accept' })
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(document))
  }

  private async receive(inbox: InboxName, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    const verdict = await this.verify(req, body)
    if (!verdict.ok) {
      this.rejected.push({
        inbox,
        status: verdict.status,
        scheme: verdict.scheme,
        reason: verdict.reason,
        body,
      })
      return answer(res, verdict.status, verdict.reason)
    }
    const received: ReceivedActivity = {
      inbox,
      scheme: DRAFT_CAVAGE,
      keyId: verdict.keyId,
      activity: verdict.activity,
    }
    this.received.push(received)
    answer(res, 202, 'accepted')
    for (const waiter of [...this.waiters]) if (waiter.predicate(received)) waiter.resolve(received)
  }

  /** The checks Mastodon makes of an inbox POST, each with Misskey's library where it is a signature's. */
  private async verify(req: IncomingMessage, body: string): Promise<Verdict> {
    if (req.headers['signature-input'] !== undefined) {
      return reject('rfc9421', 'RFC 9421 signatures are not verified here; sign with draft-cavage')
    }
    if (req.headers.signature === undefined && req.headers.authorization === undefined) {
      return reject('none', 'no Signature header')
    }
    let parsed: ParsedDraftSignature
    try {
      const signature = parseRequestSignature(req, {
        requiredComponents: { draft: SIGNED_POST_HEADERS },
      })
      if (signature.version !== 'draft') return reject('rfc9421', 'not a draft-cavage signature')
      parsed = signature
    } catch (error) {
      return reject(DRAFT_CAVAGE, `unusable signature: ${describeError(error)}`)
    }
    // The RFC 3230 `Digest` is the one the signature covers; a `Content-Digest` beside it is not.
    const digestErrors: unknown[] = []
    const digestOptions = {
      failOnNoDigest: true,
      algorithms: ['SHA-256' as const, 'SHA-512' as const],
    }
    if (!(await verifyRFC3230DigestHeader(req, body, digestOptions, (e) => digestErrors.push(e)))) {
      return reject(DRAFT_CAVAGE, `digest does not match the body: ${digestErrors.map(describeError).join('; ')}`)
    }
    const keyId = parsed.value.keyId
    let key: PublishedKey
    try {
      key = await this.fetchPublicKey(keyId)
    } catch (error) {
      return reject(DRAFT_CAVAGE, `no key at ${keyId}: ${describeError(error)}`)
    }
    const signatureErrors: unknown[] = []
    if (!(await verifyDraftSignature(parsed.value, key.publicKeyPem, (e) => signatureErrors.push(e)))) {
      return reject(DRAFT_CAVAGE, `signature does not verify with ${keyId}: ${signatureErrors.map(describeError).join('; ')}`)
    }
    let activity: ActivityJson
    try {
      activity = JSON.parse(body) as ActivityJson
    } catch {
      return reject(DRAFT_CAVAGE, 'body is not JSON', 400)
    }
    if (!activity || typeof activity !== 'object' || Array.isArray(activity)) {
      return reject(DRAFT_CAVAGE, 'body is not a JSON object', 400)
    }
    // A valid signature proves who sent the request, not who the activity claims as its actor.
    if (idOf(activity.actor) !== key.owner) {
      return reject(DRAFT_CAVAGE, `signed by ${key.owner}, but the actor is ${String(idOf(activity.actor))}`)
    }
    return { ok: true, keyId, activity }
  }

  /**
   * The key named by a `keyId`: the document at its URL without the fragment is either the key
   * itself (as some servers publish it) or its owner, whose `publicKey` (one or several) has it.
   */
  private async fetchPublicKey(keyId: string): Promise<PublishedKey> {
    const url = new URL(keyId)
    url.hash = ''
    const response = await this.fetchSigned(url.href)
    if (!response.ok) throw new Error(`GET ${url.href} answered ${response.status}`)
    const document = (await response.json()) as ActivityJson
    const candidates = [document, ...[document.publicKey].flat()]
    for (const candidate of candidates) {
      if (!candidate || typeof candidate !== 'object') continue
      const key = candidate as { id?: unknown; owner?: unknown; publicKeyPem?: unknown }
      if (key.id === keyId && typeof key.publicKeyPem === 'string') {
        const owner = idOf(key.owner) ?? idOf(document)
        if (!owner) throw new Error(`the key ${keyId} names no owner`)
        return { owner, publicKeyPem: key.publicKeyPem }
      }
    }
    throw new Error(`${url.href} publishes no key with the id ${keyId}`)
  }
}

type PublishedKey = { owner: string; publicKeyPem: string }
type Verdict =
  | { ok: true; keyId: string; activity: ActivityJson }
  | { ok: false; status: number; scheme: SignatureScheme | 'none'; reason: string }

function reject(scheme: SignatureScheme | 'none', reason: string, status = 401): Verdict {
  return { ok: false, status, scheme, reason }
}

/**
 * The ActivityStreams type the client accepts (ActivityPub §3.2: `application/ld+json` only with
 * the ActivityStreams profile), or undefined. Quality values are not weighed: either is served.
 */
function activityStreamsTypeAccepted(accept: string | undefined): string | undefined {
  for (const range of (accept ?? '').split(',')) {
    const [mediaType = '', ...parameters] = range.split(';').map((part) => part.trim())
    if (mediaType.toLowerCase() === ACTIVITY_JSON) return ACTIVITY_JSON
    const profile = parameters.find((p) => p.toLowerCase().startsWith('profile='))
    if (mediaType.toLowerCase() === 'application/ld+json' && profile?.includes(ACTIVITY_STREAMS)) {
      return LD_JSON_ACTIVITY_STREAMS
    }
  }
  return undefined
}

function answer(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' })
  res.end(text)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) req.destroy(new Error(`body over ${MAX_BODY_BYTES} bytes`))
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * Sends with node:http rather than fetch, so that the headers that were signed (`Host` among
 * them, which fetch sets itself) are the headers that go out, byte for byte.
 */
function send(method: string, target: URL, headers: RequestLike['headers'], body?: string): Promise<Response> {
  const outgoing: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) if (value != null) outgoing[name] = String(value)
  if (body !== undefined) outgoing['Content-Length'] = String(Buffer.byteLength(body))
  const requestFn = target.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = requestFn(target, { method, headers: outgoing }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const responseHeaders = new Headers()
        for (const [name, value] of Object.entries(res.headers)) {
          for (const one of [value ?? []].flat()) responseHeaders.append(name, one)
        }
        const status = res.statusCode ?? 0
        const hasBody = status !== 204 && status !== 304 && method !== 'HEAD'
        resolve(
          new Response(hasBody ? Buffer.concat(chunks) : null, {
            status,
            headers: responseHeaders,
          }),
        )
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
