/**
 * Fedify's message queue over a Cloudflare Queue: Fedify enqueues each delivery (and each
 * activity that arrives in an inbox); Cloudflare calls the Worker's `queue` handler with them,
 * which hands each to `federation.processQueuedTask` (edge-fediverse.ts). A failed one is
 * retried by the queue itself (`nativeRetrial`), later each time, as `@fedify/cfworkers` does:
 * a Worker has no process in which Fedify could wait to retry.
 */
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify'

/** What this queue uses of a Queue producer binding (workers-types' `Queue`). */
export interface WorkersQueueProducer {
  send(body: unknown, options?: { contentType?: 'json'; delaySeconds?: number }): Promise<void>
  sendBatch(
    messages: Iterable<{ body: unknown; contentType?: 'json'; delaySeconds?: number }>,
    options?: { delaySeconds?: number },
  ): Promise<void>
}

/** Cloudflare's limits on one `sendBatch`, with room for what it adds to each message. */
const BATCH_MESSAGES = 100
const BATCH_BYTES = 240 * 1024

/** Cloudflare Queues delay a message by at most 12 hours. */
export const MAX_DELAY_SECONDS = 43_200

export class WorkersMessageQueue implements MessageQueue {
  readonly nativeRetrial = true
  readonly #queue: WorkersQueueProducer

  constructor(queue: WorkersQueueProducer) {
    this.#queue = queue
  }

  enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    return this.#queue.send(message, { contentType: 'json', delaySeconds: delaySecondsOf(options) })
  }

  /**
   * In batches Cloudflare takes: at most 100 messages and 256 KB each (a delivery carries the
   * whole article, so a few dozen inboxes fill one). A message over the 128 KB a single one may
   * weigh is sent alone, and its refusal reported, so that it does not sink the others.
   */
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delaySeconds = delaySecondsOf(options)
    for (const batch of batchesOf(messages)) {
      if (batch.length === 1) await this.enqueue(batch[0], options)
      else await this.#queue.sendBatch(batch.map((body) => ({ body, contentType: 'json' as const, delaySeconds })))
    }
  }

  /**
   * Nothing to listen to: Cloudflare calls the Worker's `queue` handler. Fedify starts listening
   * on the first request it answers; this waits, idle, until it is told to stop.
   */
  listen(_handler: (message: unknown) => Promise<void> | void, options?: MessageQueueListenOptions): Promise<void> {
    const signal = options?.signal
    return new Promise((resolve) => (signal?.aborted ? resolve() : signal?.addEventListener('abort', () => resolve(), { once: true })))
  }
}

function delaySecondsOf(options?: MessageQueueEnqueueOptions): number {
  const seconds = options?.delay ? Math.ceil(options.delay.total('second')) : 0
  return Math.min(Math.max(seconds, 0), MAX_DELAY_SECONDS)
}

/** How long a failed message waits before its next try: a minute, doubled each time, at most the queue's limit. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(attempts - 1, 0), MAX_DELAY_SECONDS)
}

/** Consecutive runs of messages within one batch's limits, by their JSON's size. */
export function batchesOf(messages: readonly unknown[]): unknown[][] {
  const batches: unknown[][] = []
  let batch: unknown[] = []
  let bytes = 0
  for (const message of messages) {
    const size = new TextEncoder().encode(JSON.stringify(message)).byteLength
    if (batch.length > 0 && (batch.length === BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
      batches.push(batch)
      batch = []
      bytes = 0
    }
    batch.push(message)
    bytes += size
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}
