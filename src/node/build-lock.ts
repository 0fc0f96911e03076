/**
 * One build at a time per output folder, and only the newest of those waiting. `wrangler dev`
 * starts a build for every change it sees, without waiting for the one before; two builds
 * writing at once could leave the files of one and the index of the other. A build that starts
 * while another runs waits for it; if a newer build starts meanwhile, the older waiter leaves
 * the work to it (the newer one reads the articles later, so it sees at least as much).
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/** A lock folder with no owner written in it this long after it was made is left over. */
const OWNERLESS_AFTER_MS = 10_000

/**
 * @returns what `work` returned, or `superseded` when a newer build took over before this one's
 *   turn came.
 */
export async function withBuildLock<T>(lockDir: string, work: () => Promise<T>, waitMs = 15 * 60_000): Promise<T | 'superseded'> {
  const me = `${process.pid} ${randomUUID()}`
  const queue = `${lockDir}.next`
  await mkdir(dirname(lockDir), { recursive: true })
  await writeFile(queue, me)
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      await mkdir(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    // A newer build queued behind this one: no need to wait for a turn that would be skipped.
    if ((await readFile(queue, 'utf8').catch(() => me)) !== me) return 'superseded'
    await removeIfLeftOver(lockDir)
    if (Date.now() > deadline) throw new Error(`${lockDir}: another build is still running; remove the folder if it is not`)
    await sleep(100)
  }
  try {
    await writeFile(join(lockDir, 'owner'), me)
    if ((await readFile(queue, 'utf8').catch(() => me)) !== me) return 'superseded'
    return await work()
  } finally {
    if ((await readFile(queue, 'utf8').catch(() => undefined)) === me) await rm(queue, { force: true })
    await rm(lockDir, { recursive: true, force: true })
  }
}

/**
 * A build that was killed leaves its lock behind. It is moved aside under a name of our own
 * before it is looked at, so two waiters cannot both take it over, and put back if its owner
 * turns out to be alive.
 */
async function removeIfLeftOver(lockDir: string): Promise<void> {
  const owner = await readFile(join(lockDir, 'owner'), 'utf8').catch(() => undefined)
  const made = await stat(lockDir).then((s) => s.mtimeMs, () => undefined)
  if (made === undefined) return
  const pid = owner === undefined ? undefined : Number(owner.split(' ')[0])
  const leftOver = pid === undefined ? Date.now() - made > OWNERLESS_AFTER_MS : !isRunning(pid)
  if (!leftOver) return
  const aside = `${lockDir}.left-over-${randomUUID()}`
  try {
    await rename(lockDir, aside)
  } catch {
    return // someone else moved it first
  }
  const movedOwner = await readFile(join(aside, 'owner'), 'utf8').catch(() => undefined)
  if (movedOwner !== owner) {
    // Not the lock we judged: a live build's. Give it back, or leave it be if a newer lock exists.
    await rename(aside, lockDir).catch(() => undefined)
    return
  }
  await rm(aside, { recursive: true, force: true })
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
