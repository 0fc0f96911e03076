import { mkdtempSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withBuildLock } from '../../src/node/build-lock.ts'

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
    await new Promise((resolve) => setTimeout(resolve, 50))
    const second = withBuildLock(lock, async () => 'second')
    await new Promise((resolve) => setTimeout(resolve, 20))
    const third = withBuildLock(lock, async () => {
      order.push('third runs')
      return 'third'
    })
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
    await expect(withBuildLock(lock, async () => 'never', 300)).rejects.toThrow(`${lock}: another build (process ${process.pid}) is still running after a wait of 300 ms; if it is not, delete this file`)
  })
})
