/**
 * One build at a time per output folder, and only the newest of those waiting. `wrangler dev`
 * starts a build for every change it sees, without waiting for the one before; two builds
 * writing at once could leave the files of one and the index of the other. A build that starts
 * while another runs waits for it; if a newer build starts meanwhile, the older waiter leaves
 * the work to it (the newer one reads the articles later, so it sees at least as much).
 */
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { withLockFile } from './lock-file.ts'

class Superseded extends Error {}

/**
 * @param lockFile the lock file, beside the output folder; `<lockFile>.next` names the newest build
 * @returns what `work` returned, or `superseded` when a newer build took over before this one's
 *   turn came.
 */
export async function withBuildLock<T>(lockFile: string, work: () => Promise<T>, waitMs = 15 * 60_000): Promise<T | 'superseded'> {
  const me = randomUUID()
  const queue = `${lockFile}.next`
  await mkdir(dirname(lockFile), { recursive: true })
  await writeFile(queue, me)
  const isSuperseded = async () => (await readFile(queue, 'utf8').catch(() => me)) !== me
  try {
    return await withLockFile(lockFile, async () => ((await isSuperseded()) ? 'superseded' : work()), {
      holder: 'another build',
      waitMs,
      // A newer build queued behind this one: no need to wait for a turn that would be skipped.
      whileWaiting: async () => {
        if (await isSuperseded()) throw new Superseded()
      },
    })
  } catch (error) {
    if (error instanceof Superseded) return 'superseded'
    throw error
  } finally {
    if ((await readFile(queue, 'utf8').catch(() => undefined)) === me) await rm(queue, { force: true })
  }
}
