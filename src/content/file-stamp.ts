/**
 * What tells one version of a file from another without reading it: size, modification and
 * change times (ns) and inode. A restart trusts an unchanged stamp instead of reading and hashing
 * 65 MiB again; live reloading compares the same stamp, so an edit that keeps the size and the
 * modification time (`rsync -a`, `tar x`, `touch -r`) still shows in the change time.
 *
 * Equal stamps prove nothing about a file that was written in the same clock tick as it was
 * looked at: a second write in that tick leaves every time as it was (git's "racy clean" entries).
 * So a stamp is trusted only for a file that had not changed for a margin before it was seen.
 */
import { type BigIntStats, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'

export interface FileStamp {
  /** Size, mtime and ctime in nanoseconds, inode. */
  key: string
  /** ctime in ms: the last change of content or metadata, which `utimes` cannot set back. */
  changedMs: number
  /** Both times are whole seconds: a file system that keeps no finer time. */
  coarse?: true
}

/**
 * Covers the kernel's coarse file clock (a tick of up to 10 ms, behind `Date.now()`) with room
 * to spare; file systems that keep whole seconds (ext3, HFS+, some network mounts) and FAT's
 * two seconds need the longer one. Clocks skewed between a file server and this machine by more
 * than this are not covered.
 */
const FINE_MARGIN_MS = 1000
const COARSE_MARGIN_MS = 3000
const SECOND_NS = 1_000_000_000n

export function stampOf(stats: BigIntStats): FileStamp {
  return {
    key: `${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}:${stats.ino}`,
    changedMs: Number(stats.ctimeNs / 1_000_000n),
    ...(stats.ctimeNs % SECOND_NS === 0n && stats.mtimeNs % SECOND_NS === 0n && { coarse: true }),
  }
}

/**
 * The stamp of a regular file, or undefined when there is none there or it cannot be looked at
 * (a folder on the way that may not be entered, a loop of links): reading it says which.
 */
export function statStamp(path: string): FileStamp | undefined {
  let stats
  try {
    stats = statSync(path, { bigint: true, throwIfNoEntry: false })
  } catch {
    return undefined
  }
  return stats?.isFile() ? stampOf(stats) : undefined
}

export async function statStampAsync(path: string): Promise<FileStamp | undefined> {
  const stats = await stat(path, { bigint: true }).catch(() => undefined)
  return stats?.isFile() ? stampOf(stats) : undefined
}

/**
 * True when a file with this stamp, seen at `seenAtMs` (`Date.now()` taken before the stat),
 * had stopped changing long enough before that any later write must change its stamp.
 */
export function isSettled(stamp: FileStamp, seenAtMs: number): boolean {
  return stamp.changedMs < seenAtMs - marginOf(stamp)
}

/** How long after `stamp` was made it becomes settled, from now; 0 when it already is. */
export function settlesIn(stamp: FileStamp, nowMs: number): number {
  return Math.max(0, stamp.changedMs + marginOf(stamp) + 1 - nowMs)
}

function marginOf(stamp: FileStamp): number {
  return stamp.coarse ? COARSE_MARGIN_MS : FINE_MARGIN_MS
}
