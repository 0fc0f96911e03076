/**
 * One process at a time: a lock file, created only if it does not exist (O_EXCL), that names its
 * holder. Builds take one per output folder, imports one per articles folder. A lock left by a
 * process that died is taken over; one whose holder runs is waited for, up to a limit.
 */
import { randomUUID } from 'node:crypto'
import { mkdir, open, rm, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { readRegularFile } from './regular-file.ts'

/** A lock with no holder written in it this long after it was made is left over. */
const OWNERLESS_AFTER_MS = 10_000
const POLL_MS = 50

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError'
}

export interface LockOptions {
  /** Who else would hold it, for the message when the wait is too long: "another build". */
  holder: string
  waitMs: number
  /** Called between tries while another holds the lock; what it throws ends the wait. */
  whileWaiting?: () => Promise<void>
}

/**
 * Runs `work` holding the lock file `path` (its folder is made if need be), and removes the file
 * after.
 * @throws LockTimeoutError when another holder keeps it longer than `options.waitMs`
 */
export async function withLockFile<T>(path: string, work: () => Promise<T>, options: LockOptions): Promise<T> {
  const me = `${process.pid} ${hostname()} ${randomUUID()}`
  await mkdir(dirname(path), { recursive: true })
  const deadline = Date.now() + options.waitMs
  while (!(await tryCreate(path, me))) {
    await options.whileWaiting?.()
    await removeIfLeftOver(path, me)
    if (Date.now() > deadline) throw new LockTimeoutError(await busyMessage(path, options))
    await sleep(POLL_MS)
  }
  try {
    return await work()
  } finally {
    if ((await readLock(path)) === me) await rm(path, { force: true })
  }
}

/** True when this call made the file, and wrote `owner` in it. */
async function tryCreate(path: string, owner: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
  try {
    await handle.writeFile(owner)
  } catch (error) {
    await handle.close()
    await rm(path, { force: true })
    throw error
  }
  await handle.close()
  return true
}

interface Holder {
  pid?: number
  host?: string
}

/**
 * The holder written in the lock; `undefined` when there is no lock (any more), `{}` when it names
 * none (made an instant ago, or by a process killed right then; or a lock folder of an older
 * bylines build, which is removed the same way).
 */
async function readHolder(path: string): Promise<(Holder & { madeAt: number }) | undefined> {
  const madeAt = await stat(path).then(
    (s) => s.mtimeMs,
    () => undefined,
  )
  if (madeAt === undefined) return undefined
  const text = (await readLock(path)) ?? ''
  const [pid, host] = text.split(' ')
  return Number(pid) > 0 && host ? { pid: Number(pid), host, madeAt } : { madeAt }
}

/** Only a holder on this machine can be known to be gone. */
function isLeftOver(holder: Holder & { madeAt: number }): boolean {
  if (holder.pid === undefined) return Date.now() - holder.madeAt > OWNERLESS_AFTER_MS
  return holder.host === hostname() && !isRunning(holder.pid)
}

/**
 * Removes the lock if its holder is gone. Waiters take a second lock, `<path>.break`, to do so,
 * and judge the holder again once they have it: two waiters never both remove it (the second
 * would remove the lock the first one's successor just made), and a live holder's lock is never
 * touched. Under that lock the file cannot change: its holder is gone, and a new one cannot be
 * made while it exists.
 */
async function removeIfLeftOver(path: string, me: string): Promise<void> {
  const holder = await readHolder(path)
  if (!holder || !isLeftOver(holder)) return
  const breaker = `${path}.break`
  if (!(await tryCreate(breaker, me))) {
    // The breaker lock is held for an instant; one left over is from a waiter that died then.
    const breakerHolder = await readHolder(breaker)
    if (breakerHolder && isLeftOver(breakerHolder)) await rm(breaker, { force: true })
    return
  }
  try {
    const again = await readHolder(path)
    if (again && isLeftOver(again)) await rm(path, { recursive: true, force: true })
  } finally {
    await rm(breaker, { force: true })
  }
}

async function busyMessage(path: string, { holder, waitMs }: LockOptions): Promise<string> {
  const found = await readHolder(path)
  const who = found?.pid === undefined ? '' : ` (process ${found.pid}${found.host === hostname() ? '' : ` on ${found.host}`})`
  const waited = waitMs < 1000 ? `${waitMs} ms` : `${Math.round(waitMs / 1000)} s`
  return `${path}: ${holder}${who} is still running after a wait of ${waited}; if it is not, delete this file`
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** What a lock file says; undefined when it cannot be read (gone, or swapped for a FIFO: never waited on). */
async function readLock(path: string): Promise<string | undefined> {
  return readRegularFile(path, { maxBytes: 4096, what: 'a lock file' }).then(
    (bytes) => bytes.toString('utf8'),
    () => undefined,
  )
}
