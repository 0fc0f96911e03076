/** The lock file that builds and imports take turns with: one holder at a time, left-over locks taken over. */
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LockTimeoutError, withLockFile } from '../src/files/lock-file.ts'

const lockIn = () => join(mkdtempSync(join(tmpdir(), 'bylines-lock-')), '.test.lock')
const options = { holder: 'another test', waitMs: 5_000 }
// Process ids are below 2^22 on Linux: this one cannot be running.
const GONE = `99999999 ${hostname()} gone`

/** Runs `count` holders at once; the most that ever held the lock together, and what each returned. */
async function contend(lock: string, count: number) {
  let holding = 0
  let most = 0
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      withLockFile(
        lock,
        async () => {
          most = Math.max(most, ++holding)
          await new Promise((resolve) => setTimeout(resolve, 20))
          holding--
          return i
        },
        options,
      ),
    ),
  )
  return { most, results }
}

describe('the lock file', () => {
  it('lets one holder in at a time, gives each its own result, and is gone after the last', async () => {
    const lock = lockIn()
    expect(await contend(lock, 5)).toEqual({ most: 1, results: [0, 1, 2, 3, 4] })
    expect(existsSync(lock)).toBe(false)
  })

  it('is let go when the work fails', async () => {
    const lock = lockIn()
    await expect(withLockFile(lock, async () => Promise.reject(new Error('broken')), options)).rejects.toThrow('broken')
    expect(existsSync(lock)).toBe(false)
  })

  it('makes the folder it is kept in', async () => {
    const lock = join(lockIn(), '..', 'not', 'yet', '.test.lock')
    expect(await withLockFile(lock, async () => 'done', options)).toBe('done')
  })

  it('takes over a lock whose process is gone, with every waiter in turn', async () => {
    const lock = lockIn()
    writeFileSync(lock, GONE)
    expect(await contend(lock, 4)).toEqual({ most: 1, results: [0, 1, 2, 3] })
    expect(existsSync(`${lock}.break`)).toBe(false)
  })

  it('takes over a lock that names no holder long after it was made, and a lock folder of an older bylines', async () => {
    const ownerless = lockIn()
    writeFileSync(ownerless, '')
    const longAgo = new Date(Date.now() - 60_000)
    utimesSync(ownerless, longAgo, longAgo)
    expect(await withLockFile(ownerless, async () => 'done', options)).toBe('done')

    const folder = lockIn()
    mkdirSync(folder)
    writeFileSync(join(folder, 'owner'), '12345 old-format')
    utimesSync(folder, longAgo, longAgo)
    expect(await withLockFile(folder, async () => 'done', options)).toBe('done')
    expect(existsSync(folder)).toBe(false)
  })

  it('takes over a breaking lock left by a waiter that died', async () => {
    const lock = lockIn()
    writeFileSync(lock, GONE)
    writeFileSync(`${lock}.break`, GONE)
    expect(await withLockFile(lock, async () => 'done', options)).toBe('done')
  })

  it('waits for a live holder, for one just made, and for one on another machine; then says who holds it', async () => {
    const live = lockIn()
    writeFileSync(live, `${process.pid} ${hostname()} alive`)
    const error = await withLockFile(live, async () => 'never', { ...options, waitMs: 200 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LockTimeoutError)
    expect((error as Error).message).toBe(
      `${live}: another test (process ${process.pid}) is still running after a wait of 200 ms; if it is not, delete this file`,
    )
    expect(existsSync(live)).toBe(true)

    const elsewhere = lockIn()
    writeFileSync(elsewhere, '99999999 another-machine gone?')
    await expect(withLockFile(elsewhere, async () => 'never', { ...options, waitMs: 200 })).rejects.toThrow(
      'another test (process 99999999 on another-machine) is still running',
    )

    const justMade = lockIn()
    writeFileSync(justMade, '')
    await expect(withLockFile(justMade, async () => 'never', { ...options, waitMs: 200 })).rejects.toThrow(
      `${justMade}: another test is still running`,
    )
  })

  it('stops waiting when asked to, without running the work', async () => {
    const lock = lockIn()
    writeFileSync(lock, `${process.pid} ${hostname()} alive`)
    let asked = 0
    const whileWaiting = async () => {
      if (++asked === 3) throw new Error('enough')
    }
    await expect(withLockFile(lock, async () => 'never', { ...options, whileWaiting })).rejects.toThrow('enough')
    expect(asked).toBe(3)
  })
})
