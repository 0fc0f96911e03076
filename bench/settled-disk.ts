/**
 * A benchmark's folders, removed so that no timed build pays for the removal. On a file system
 * without a journal (ext4 so mounted), creating a file within a minute of many being removed
 * costs a walk past each of their inodes (ext4's `recently_deleted`), which fell on whichever
 * build came next, bylines' or Hugo's (docs/performance.md, "Bodies without raw HTML, and runs
 * that wait for the file system", has the profile). So a run sets aside what it is done with,
 * removes everything when it ends, and the next run waits until that removal has settled.
 *
 * The one file left behind is the note of when the last run's removal ended, in the system's
 * temporary folder.
 */

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const REMOVED_AT = join(tmpdir(), 'bylines-edge-bench-removed-at')
/** ext4's `RECENTCY_MIN` (60 s) for inodes whose table is written out, as a sync makes sure, and a margin. */
const REMOVAL_SETTLES_MS = 65_000

/** Waits, when the last run removed its folders less than REMOVAL_SETTLES_MS ago (never longer, whatever the note says). */
export async function waitForLastRemoval(): Promise<void> {
  const noted = Number(readFileSync(REMOVED_AT, { encoding: 'utf8', flag: 'a+' }) || 0)
  const settlesIn = Math.min(noted + REMOVAL_SETTLES_MS - Date.now(), REMOVAL_SETTLES_MS)
  if (!(settlesIn > 0)) return
  console.error(`waiting ${Math.ceil(settlesIn / 1000)} s: the last run removed its files less than a minute ago`)
  await sleep(settlesIn)
}

/**
 * A run's working folder: what it is done with is moved into it (`setAside`), and all of it is
 * removed when the process exits, then synced and noted. Peak disk use is every folder of the
 * run at once.
 */
export function workFolder(prefix: string): { path: string; setAside(path: string): void } {
  const work = mkdtempSync(join(tmpdir(), prefix))
  process.on('exit', () => {
    rmSync(work, { recursive: true, force: true })
    spawnSync('sync')
    writeFileSync(REMOVED_AT, String(Date.now()))
  })
  const spent = join(work, 'spent')
  mkdirSync(spent)
  let count = 0
  return {
    path: work,
    setAside: (path) => {
      if (existsSync(path)) renameSync(path, join(spent, String(count++)))
    },
  }
}
