import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withBuildLock } from '../../src/files/build-lock.ts'

/** Polls `done` until it holds (the suite's time limit tells a hang). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5))
}

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'bylines-lock-')), 'dist.lock')

describe('the build lock', () => {
  it('lets the newest waiting build do the work, and the one running finish first', async () => {
    const lock = lockIn()
    const order: string[] = []
    let release!: () => void
    const running = withBuildLock(lock, async () => {
      order.push('first starts')
      await new Promise<void>((resolve) => (release = resolve))
      order.push('first ends')
      return 'first'
    })
    // Each next build starts once the one before has queued: by the queue file, not by a pause,
    // which a busy machine can outlast.
    await until(() => order.length === 1)
    // The queue file names the newest build by a UUID; a read mid-write may find it empty.
    const queued = () => readFileSync(`${lock}.next`, 'utf8')
    const queuedAfter = (before: string) => until(() => queued() !== before && queued().length === 36)
    const firstInQueue = queued()
    const second = withBuildLock(lock, async () => 'second')
    await queuedAfter(firstInQueue)
    const secondInQueue = queued()
    const third = withBuildLock(lock, async () => {
      order.push('third runs')
      return 'third'
    })
    await queuedAfter(secondInQueue)
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect(order).toEqual(['first starts'])
    release()
    expect(await Promise.all([running, second, third])).toEqual(['first', 'superseded', 'third'])
    expect(order).toEqual(['first starts', 'first ends', 'third runs'])
  })

  it('makes the folder it is kept in, for an output folder not made yet', async () => {
    const lock = join(lockIn(), '..', 'not', 'yet', 'dist.lock')
    expect(await withBuildLock(lock, async () => 'done')).toBe('done')
  })

  it('takes over a lock left by a build that is no longer running', async () => {
    const lock = lockIn()
    // Process ids are below 2^22 on Linux: this one cannot be running.
    writeFileSync(lock, `99999999 ${hostname()} gone`)
    expect(await withBuildLock(lock, async () => 'done')).toBe('done')
  })

  it('waits for a live build’s lock, and says so when it waits too long', async () => {
    const lock = lockIn()
    writeFileSync(lock, `${process.pid} ${hostname()} alive`)
    await expect(withBuildLock(lock, async () => 'never', 300)).rejects.toThrow(
      `${lock}: another build (process ${process.pid}) is still running after a wait of 300 ms; if it is not, delete this file`,
    )
  })
})
