/**
 * One build at a time per output folder. `wrangler dev` starts a build for every change it
 * sees, without waiting for the one before; two builds writing at once could leave the
 * static export from one and the Worker's index from the other. A build that starts while
 * another runs waits for it, then reads the articles afresh, so the last one to finish has the
 * newest articles.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

export async function withBuildLock<T>(lockDir: string, work: () => Promise<T>, waitMs = 10 * 60_000): Promise<T> {
  const deadline = Date.now() + waitMs
  for (;;) {
    try {
      await mkdir(lockDir)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = Number(await readFile(join(lockDir, 'pid'), 'utf8').catch(() => ''))
    // A build that was killed leaves its lock behind: its process is gone.
    if (owner > 0 && !isRunning(owner)) {
      await rm(lockDir, { recursive: true, force: true })
      continue
    }
    if (Date.now() > deadline) throw new Error(`${lockDir}: another build (process ${owner || '?'}) is still running; remove the folder if it is not`)
    await sleep(100)
  }
  try {
    await writeFile(join(lockDir, 'pid'), String(process.pid))
    return await work()
  } finally {
    await rm(lockDir, { recursive: true, force: true })
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
