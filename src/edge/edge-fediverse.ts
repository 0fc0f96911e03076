/**
 * The Worker on the Fediverse: the federation over what the build prepared
 * (prepared-content.ts), its followers and keys in Workers KV, its deliveries through a
 * Cloudflare Queue. Followers are told what a deploy changed by the first request an isolate
 * answers after it (once per build, remembered in KV) and by the cron trigger, in the
 * background of either: nobody waits for a delivery.
 */
import type { Federation, Message } from '@fedify/fedify'
import { type Announcer, createAnnouncer } from '../fediverse/delivery.ts'
import { createSiteFederation } from '../fediverse/federation.ts'
import { type FederationHandler, federationHandler } from '../fediverse/handler.ts'
import { type ObjectFetcher, preparedFediverseContent } from '../fediverse/prepared-content.ts'
import type { PreparedFediverse } from '../fediverse/prepared-fediverse.ts'
import { allowsPrivateAddresses } from '../settings/environment.ts'
import { type WorkersKvNamespace, WorkersKvStore } from './workers-kv-store.ts'
import { retryDelaySeconds, WorkersMessageQueue, type WorkersQueueProducer } from './workers-message-queue.ts'

/** The bindings of wrangler.toml the Fediverse needs, and the switch tests set. */
export interface FediverseBindings {
  FEDIVERSE_KV?: WorkersKvNamespace
  FEDIVERSE_QUEUE?: WorkersQueueProducer
  /** "1": fetch from and deliver to private addresses (127.0.0.1): local tests only. */
  BYLINES_FEDIVERSE_ALLOW_PRIVATE?: string
}

/** One message of a queue batch, as the `queue` handler receives it (workers-types' `Message`). */
export interface QueuedMessage {
  body: unknown
  attempts: number
  ack(): void
  retry(options?: { delaySeconds?: number }): void
}

/** What this build is, as told to followers: a new value is told once, by one request. */
const ANNOUNCED_KEY = ['bylines', 'announced-build'] as const

export interface EdgeFediverse {
  handler: FederationHandler
  /** Tells followers what changed, if this build has not been told yet. */
  announceOnce(): Promise<void>
  /** Tells followers what changed (the announcer knows what was told). */
  announce(): Promise<void>
  process(messages: readonly QueuedMessage[]): Promise<void>
}

/** Why the Worker is not on the Fediverse although the build says it is, or undefined when it is. */
export function missingBindings(env: FediverseBindings): string | undefined {
  const missing = [
    !env.FEDIVERSE_KV && 'FEDIVERSE_KV (a KV namespace)',
    !env.FEDIVERSE_QUEUE && 'FEDIVERSE_QUEUE (a queue producer)',
  ].filter(Boolean)
  return missing.length > 0 ? `wrangler.toml binds no ${missing.join(' and no ')}: the site is served, but not on the Fediverse` : undefined
}

export function createEdgeFediverse(
  manifest: PreparedFediverse,
  env: Required<Pick<FediverseBindings, 'FEDIVERSE_KV' | 'FEDIVERSE_QUEUE'>> & FediverseBindings,
  fetchObject: ObjectFetcher,
): EdgeFediverse {
  const kv = new WorkersKvStore(env.FEDIVERSE_KV)
  const content = preparedFediverseContent(manifest, fetchObject)
  const log = (line: string) => console.log(line)
  const federation: Federation<void> = createSiteFederation({
    content: () => content,
    kv,
    queue: new WorkersMessageQueue(env.FEDIVERSE_QUEUE),
    allowPrivateAddress: allowsPrivateAddresses(env),
    log,
  })
  const announcer: Announcer = createAnnouncer({ federation, kv, content: () => content, log })
  let checked: Promise<void> | undefined
  return {
    handler: federationHandler(federation),
    announceOnce() {
      checked ??= (async () => {
        if ((await kv.get<string>(ANNOUNCED_KEY)) === manifest.buildId) return
        if (!(await announcer.changed())) throw new Error('followers were not told (the line before says why)')
        await kv.set(ANNOUNCED_KEY, manifest.buildId)
      })().catch((error: unknown) => {
        // The next request of this isolate tries again.
        checked = undefined
        log(`fediverse: telling followers of this build failed: ${error instanceof Error ? error.message : String(error)}`)
      })
      return checked
    },
    announce: async () => void (await announcer.changed()),
    async process(messages) {
      for (const message of messages) {
        try {
          await federation.processQueuedTask(undefined, message.body as Message)
          message.ack()
        } catch (error) {
          log(
            `fediverse: a queued task failed (attempt ${message.attempts}), retried later: ${error instanceof Error ? error.message : String(error)}`,
          )
          message.retry({ delaySeconds: retryDelaySeconds(message.attempts) })
        }
      }
    },
  }
}
