/** The Worker's queue hands Cloudflare batches it takes: at most 100 messages and 256 KB each. */
import { describe, expect, it } from 'vitest'
import { batchesOf, WorkersMessageQueue, type WorkersQueueProducer } from '../../src/edge/workers-message-queue.ts'

const sizeOf = (batch: unknown[]) => batch.reduce<number>((sum, message) => sum + Buffer.byteLength(JSON.stringify(message)), 0)

describe('the Worker’s queue', () => {
  it('splits many small deliveries by count and large ones by size, in order', () => {
    const small = Array.from({ length: 250 }, (_, i) => ({ i }))
    expect(batchesOf(small).map((batch) => batch.length)).toEqual([100, 100, 50])
    const large = Array.from({ length: 10 }, (_, i) => ({ i, html: 'x'.repeat(60 * 1024) }))
    const batches = batchesOf(large)
    expect(batches.flat()).toEqual(large)
    for (const batch of batches) expect(sizeOf(batch)).toBeLessThanOrEqual(240 * 1024)
    expect(batches.length).toBeGreaterThan(2)
  })

  it('sends a batch of one as a single message, and the rest with sendBatch', async () => {
    const sent: string[] = []
    const producer: WorkersQueueProducer = {
      send: async () => void sent.push('send'),
      sendBatch: async (messages) => void sent.push(`batch of ${[...messages].length}`),
    }
    await new WorkersMessageQueue(producer).enqueueMany([
      { html: 'x'.repeat(200 * 1024) },
      { html: 'y'.repeat(200 * 1024) },
      { a: 1 },
      { b: 2 },
    ])
    expect(sent).toEqual(['send', 'batch of 3'])
  })
})
