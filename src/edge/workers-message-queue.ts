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
  sendBatch(messages: Iterable<{ body: unknown; contentType?: 'json'; delaySeconds?: number }>, options?: { delaySeconds?: number }): Promise<void>
}

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

  enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delaySeconds = delaySecondsOf(options)
    return this.#queue.sendBatch(messages.map((body) => ({ body, contentType: 'json' as const, delaySeconds })))
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
