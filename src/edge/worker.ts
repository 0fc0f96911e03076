/**
 * Cloudflare Workers entry: the same app as the Node server, answering from the site prepared by
 * `npm run build:static` (wrangler's [build] command) — the index is bundled in, the bodies are
 * the static export deployed as the Worker's assets. Nothing is parsed or rendered here. On the
 * Fediverse when the build says so (edge-fediverse.ts): its queue's deliveries come to `queue`,
 * and `scheduled` (the cron trigger) tells followers what a deploy changed.
 */

import preparedFediverse from 'bylines:prepared-fediverse'
import prepared from 'bylines:prepared-site'
import { createApp } from '../app.ts'
import { PREPARED_FEDIVERSE_VERSION } from '../fediverse/prepared-fediverse.ts'
import { GoneError } from '../http/gone.ts'
import type { OpenedBody } from '../http/prepared.ts'
import { PREPARED_SITE_VERSION, type PreparedSite } from '../resources/prepared-site.ts'
import { createEdgeFediverse, type EdgeFediverse, type FediverseBindings, missingBindings, type QueuedMessage } from './edge-fediverse.ts'
import { preparedResources } from './prepared-resources.ts'

/** Settings are not read here: they were baked into every response by the build. */
interface Env extends FediverseBindings {
  ASSETS: { fetch(request: Request | string): Promise<Response> }
}

/** What the runtime gives each event to keep working after the response (workers-types' `ExecutionContext`). */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

const site = prepared as PreparedSite
/** Any origin will do: the ASSETS binding looks at the path only. */
const ASSET_ORIGIN = 'https://assets.invalid/'
// The binding arrives with each request; responses are prepared once per isolate.
let assets: Env['ASSETS'] | undefined
const fetchAsset = (file: string) => assets!.fetch(new Request(new URL(assetPath(file), ASSET_ORIGIN)))
const resources = preparedResources(site, fetchAsset, openAsset)
// Made on the first event, which brings the bindings; undefined when the build or the bindings leave it off.
let fediverse: EdgeFediverse | undefined
const app = createApp({
  resources: () => resources,
  siteUrl: site.siteUrl,
  logError: (error) => console.error('bylines: request failed:', error),
  federation: preparedFediverse.enabled ? (request, next) => (fediverse ? fediverse.handler(request, next) : next()) : undefined,
})

let fediverseChecked = false
function fediverseOf(env: Env): EdgeFediverse | undefined {
  if (fediverseChecked) return fediverse
  fediverseChecked = true
  if (!preparedFediverse.enabled) return undefined
  const missing = missingBindings(env)
  if (missing) {
    console.error(`bylines: ${missing}`)
    return undefined
  }
  const fetchObject = async (file: string) => {
    const response = await fetchAsset(file)
    if (!response.ok) throw new Error(`${file}: the static export answered ${response.status}; was it deployed with this build?`)
    return response.json()
  }
  return (fediverse = createEdgeFediverse(
    preparedFediverse,
    { ...env, FEDIVERSE_KV: env.FEDIVERSE_KV!, FEDIVERSE_QUEUE: env.FEDIVERSE_QUEUE! },
    fetchObject,
  ))
}

/** Why this Worker cannot answer from what it bundles, or undefined when it can. */
function staleBuild(): string | undefined {
  if (site.version !== PREPARED_SITE_VERSION)
    return `The prepared site is version ${site.version}; this Worker reads ${PREPARED_SITE_VERSION}. Run the build again.\n`
  if (preparedFediverse.version !== PREPARED_FEDIVERSE_VERSION)
    return `The prepared Fediverse is version ${preparedFediverse.version}; this Worker reads ${PREPARED_FEDIVERSE_VERSION}. Run the build again.\n`
  return undefined
}

/**
 * A large file of the export, passed on as the asset store sends it rather than held whole: an
 * isolate has 128 MB, and a few clients of a 24 MiB picture would exceed it. A range is cut from
 * the stream, and sent through a FixedLengthStream so that it keeps its Content-Length.
 */
async function openAsset(file: string, size: number): Promise<OpenedBody> {
  const asset = await fetchAsset(file)
  if (!asset.ok || !asset.body) throw new GoneError(`${file}: the static export answered ${asset.status}; was it deployed with this index?`)
  const body = asset.body
  return {
    size,
    close: () => void body.cancel().catch(() => {}),
    stream(start, end) {
      if (start === 0 && end === size - 1) return body
      const { readable, writable } = new FixedLengthStream(end - start + 1)
      void body
        .pipeThrough(byteRange(start, end))
        .pipeTo(writable)
        .catch(() => {})
      return readable
    },
  }
}

/** Passes on bytes `start` to `end` (inclusive) of what goes through it, and stops there. */
function byteRange(start: number, end: number): TransformStream<Uint8Array, Uint8Array> {
  let at = 0
  return new TransformStream({
    transform(part, controller) {
      const from = Math.max(start - at, 0)
      const to = Math.min(end + 1 - at, part.byteLength)
      at += part.byteLength
      if (from < to) controller.enqueue(part.subarray(from, to))
      if (at > end) controller.terminate()
    },
  })
}

/** workerd's stream of a declared length (not in the Fetch standard's types). */
declare class FixedLengthStream extends TransformStream<Uint8Array, Uint8Array> {
  constructor(length: number)
}

/** A file name of the export as a URL path: every segment encoded, so `#` or `?` stay names. */
function assetPath(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/')
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const stale = staleBuild()
    if (stale) return new Response(stale, { status: 500 })
    assets = env.ASSETS
    // A deploy's new articles reach followers after its first request, which does not wait for it.
    const federation = fediverseOf(env)
    if (federation) ctx.waitUntil(federation.announceOnce())
    return app.fetch(request)
  },

  /** Deliveries and the activities inboxes took, as Fedify queued them. */
  async queue(batch: { messages: readonly QueuedMessage[] }, env: Env): Promise<void> {
    if (staleBuild()) return batch.messages.forEach((message) => message.retry())
    assets = env.ASSETS
    const federation = fediverseOf(env)
    if (!federation) return batch.messages.forEach((message) => message.ack())
    await federation.process(batch.messages)
  },

  /** The cron trigger: tells followers what a deploy changed if no request has yet. */
  scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): void {
    if (staleBuild()) return
    assets = env.ASSETS
    const federation = fediverseOf(env)
    if (federation) ctx.waitUntil(federation.announce())
  },
}
