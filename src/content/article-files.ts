/**
 * Reading one article file for the live folder: its version (stamp and hash), its checked front
 * matter (from the parse cache when the same text was checked before) and the article. Apart
 * from `live-content.ts`, which decides when to read, so that each can be read on its own.
 *
 * A file the parse cache can vouch for (same stamp, settled) is not read at all: its body is
 * read when it is first rendered. A file read here keeps its body in memory, as the last good
 * version of an article must survive a bad edit on disk.
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import type { ParsedFile } from '../articles/collection.ts'
import { normaliseArticleText, splitFrontMatter } from '../articles/front-matter.ts'
import { articleFromChecked, type BodySource, type CheckedArticle, checkArticle } from '../articles/parse-article.ts'
import { formatProblem } from '../articles/problems.ts'
import type { UnreadableFile } from '../files/regular-file.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { RenderedBody } from '../text/markdown.ts'
import { type FileStamp, isSettled, stampOf, statStamp, statStampAsync } from './file-stamp.ts'
import type { FileVersion, ParseCache } from './parse-cache.ts'
import { readArticleFile, readArticleFileSync } from './read-articles.ts'

export interface FileState {
  version: FileVersion
  parsed: ParsedFile
  /** Absent for a file that could not be read. */
  checked?: CheckedArticle
}

export interface ArticleFiles {
  /** The first read, synchronous (see `live-content.ts`); undefined when the file cannot be read now. */
  loadSync(file: string): FileState | undefined
  /**
   * The file as it is now: `previous` itself when unchanged, a state with the same `parsed` when
   * only its settling was confirmed, 'unsettled' while it is being written, undefined when gone.
   */
  read(file: string, previous: FileState | undefined): Promise<FileState | 'unsettled' | undefined>
  /** True when the file need not be read to know it is as `state` says (stamp equal and settled). */
  isUnchanged(state: FileState, stamp: FileStamp | undefined): stamp is FileStamp
}

/**
 * @param leftOut told of a file that is not read as an article, and why (each time it is found
 *   so; the caller says it once)
 */
export function createArticleFiles(
  dir: string,
  site: SiteSettings,
  cache: ParseCache | undefined,
  log: (line: string) => void,
  leftOut: (file: string, reason: string) => void = (file, reason) => log(`content: ${file} ${reason}; it is left out`),
): ArticleFiles {
  /** `source` as read; `version` already has its hash. */
  const fromSource = (file: string, source: string, version: FileVersion, previous: FileState | undefined): FileState => {
    const text = normaliseArticleText(source)
    const checked = cache?.get(file, version.hash) ?? checkArticle(text, file, site)
    cache?.set(file, version, checked)
    return withArticle(file, version, checked, text.slice(checked.bodyStart), previous)
  }

  /** `isStale` says when the body given was not this version's, so its rendering is not kept. */
  const withArticle = (
    file: string,
    version: FileVersion,
    checked: CheckedArticle,
    body: BodySource,
    previous: FileState | undefined,
    isStale = () => false,
  ): FileState => {
    const memo = cache && {
      rendered: cache.rendered(file, version.hash),
      onRender: (rendered: RenderedBody) => {
        if (!isStale()) cache.setRendered(file, version.hash, rendered)
      },
    }
    const parsed: ParsedFile = { file, ...articleFromChecked(checked, body, file, site, memo) }
    if (!parsed.article && previous?.parsed.article) {
      log(`content: ${file} has errors; still serving its last good version`)
      parsed.article = previous.parsed.article
    }
    for (const problem of parsed.problems) log(`content: ${problem.severity}: ${formatProblem(problem)}`)
    return { version, parsed, checked }
  }

  /** A file the cache vouches for: nothing is read until the body is rendered. */
  const fromCache = (file: string, version: FileVersion, checked: CheckedArticle): FileState => {
    const lazy = lazyBody(dir, file, version.stamp, checked.bodyStart)
    return withArticle(file, version, checked, lazy.read, undefined, lazy.isStale)
  }

  return {
    loadSync(file) {
      const path = join(dir, file)
      const seenAt = Date.now()
      if (cache) {
        const stamp = statStamp(path)
        const known = stamp && cache.trusted(file, stamp)
        if (known) return fromCache(file, known.version, known.checked)
      }
      let read
      try {
        read = readArticleFileSync(dir, file)
      } catch (error) {
        const { code, message } = error as UnreadableFile
        if (code !== 'ENOENT') leftOut(file, message)
        return undefined
      }
      return fromSource(file, read.bytes.toString('utf8'), { hash: hashOf(read.bytes), stamp: stampOf(read.stats), seenAt }, undefined)
    },

    async read(file, previous) {
      const path = join(dir, file)
      const seenAt = Date.now()
      const before = await statStampAsync(path)
      if (before && previous && this.isUnchanged(previous, before)) return previous
      let bytes: Buffer
      try {
        bytes = await readArticleFile(dir, file)
      } catch (error) {
        const { code, message } = error as UnreadableFile
        if (code === 'ENOENT') return undefined
        // Unreadable (permissions, a link, a FIFO swapped in, too big): left out until it changes.
        leftOut(file, message)
        const stamp = before ?? UNREADABLE
        // Still unreadable as it was: the same state, so that nothing is swapped on every full check.
        if (previous && !previous.checked && previous.version.stamp.key === stamp.key) return previous
        return { version: { hash: '', stamp, seenAt }, parsed: { file, problems: [] } }
      }
      const after = await statStampAsync(path)
      // No stamp before the read: it was not a plain file yet, or could not be looked at.
      if (!before || after?.key !== before.key) return 'unsettled'
      const version = { hash: hashOf(bytes), stamp: before, seenAt }
      // Same stamp and same text: the file was only not settled yet; now it may be.
      if (previous?.version.stamp.key === before.key && previous.version.hash === version.hash) {
        if (previous.checked) cache?.set(file, version, previous.checked)
        return { ...previous, version }
      }
      return fromSource(file, bytes.toString('utf8'), version, previous)
    },

    isUnchanged(state, stamp): stamp is FileStamp {
      return stamp !== undefined && stamp.key === state.version.stamp.key && isSettled(stamp, state.version.seenAt)
    },
  }
}

/** The stamp of a file that could not even be looked at: no file's, so it is looked at again on every full check. */
const UNREADABLE: FileStamp = { key: 'unreadable', changedMs: 0 }

/**
 * The body of a file the cache vouched for, read on first use. If the file has changed since
 * (the watcher is about to reload it), the body now on disk is given, marked stale so that its
 * rendering is not stored under the old version's hash.
 */
function lazyBody(dir: string, file: string, stamp: FileStamp, bodyStart: number): { read: () => string; isStale: () => boolean } {
  let stale = false
  const read = () => {
    try {
      const { bytes, stats } = readArticleFileSync(dir, file)
      stale = stampOf(stats).key !== stamp.key
      const text = normaliseArticleText(bytes.toString('utf8'))
      if (!stale) return text.slice(bodyStart)
      const fences = splitFrontMatter(text)
      return fences.kind === 'fenced' ? text.slice(fences.bodyStart) : ''
    } catch {
      // Gone, or no longer an article file: the watcher is about to say so.
      stale = true
      return ''
    }
  }
  return { read, isStale: () => stale }
}

/** Of the bytes, not the decoded text: encoding the text again for the hash cost as much as hashing. */
function hashOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('base64')
}
