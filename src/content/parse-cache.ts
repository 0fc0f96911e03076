/**
 * A store of checked front matter (the costly part of reading an article) and rendered bodies,
 * by file and by a hash of the file's text: an entry is used only for the very text it was made
 * from, under the same code and settings (the store's key). It lets a large archive start in a
 * fraction of the time a full parse takes; a missing, stale or unreadable store only means a
 * full parse, never different content.
 *
 * Each entry also keeps the file's stamp (`file-stamp.ts`) and when it was seen, so that a
 * restart can take an unchanged, settled file's entry without reading the file at all.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import type { CheckedArticle } from '../articles/parse-article.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { codeVersion } from '../files/code-version.ts'
import { cacheDirOf, type Env } from '../settings/environment.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { RenderedBody } from '../text/markdown.ts'
import { type FileStamp, isSettled } from './file-stamp.ts'

/** One version of a file, as it was read: what it hashed to, its stamp, when it was seen. */
export interface FileVersion {
  hash: string
  stamp: FileStamp
  /** `Date.now()` just before the stat that gave `stamp`. */
  seenAt: number
}

export interface ParseCache {
  get(file: string, hash: string): CheckedArticle | undefined
  /**
   * The entry of a file whose stamp is the stored one and was settled when it was stored:
   * the file has not been written since it was read, so it need not be read now.
   */
  trusted(file: string, stamp: FileStamp): { version: FileVersion; checked: CheckedArticle } | undefined
  /** Records the file's version and its checked front matter (a body rendered for it is kept). */
  set(file: string, version: FileVersion, checked: CheckedArticle): void
  /**
   * The body as it was rendered for this very version of the file, if it was: the newest
   * articles, which the first requests after a restart need, are not rendered again.
   */
  rendered(file: string, hash: string): RenderedBody | undefined
  setRendered(file: string, hash: string, rendered: RenderedBody): void
  /** Forgets files that no longer exist. */
  retain(files: ReadonlySet<string>): void
  /** Writes the store within a second, once, however many changes come in the meantime; not when nothing changed. */
  scheduleSave(): void
  /** Writes the store now if anything changed: a process about to exit (a build) cannot wait. */
  saveNow(): Promise<void>
}

/**
 * `renderedFor` is the site URL the body's links were made absolute against. JSON writes the
 * missing rendered body as null.
 */
type Entry = [
  hash: string,
  checked: CheckedArticle,
  stamp: FileStamp,
  seenAt: number,
  rendered?: RenderedBody | null,
  renderedFor?: string | null,
]

interface StoredCache {
  /** Everything the stored results depend on besides the text: code version and settings. */
  key: string
  entries: Record<string, Entry>
}

const SAVE_DELAY_MS = 1000

/**
 * @param key what checked front matter depends on besides the text (code version, time zone)
 * @param siteUrl what rendered bodies also depend on: their links are absolute
 */
export async function openParseCache(path: string, key: string, siteUrl: string, log: (line: string) => void): Promise<ParseCache> {
  let entries = new Map<string, Entry>()
  try {
    const stored = JSON.parse(await readFile(path, 'utf8')) as StoredCache
    if (stored.key === key) entries = new Map(Object.entries(stored.entries).map(([file, e]) => [file, revive(e)]))
  } catch {
    // No store yet, or an unreadable one: start empty.
  }

  // Nothing to write after a restart that found every file as it was stored.
  let dirty = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let saving: Promise<void> = Promise.resolve()
  const save = async () => {
    const stored: StoredCache = { key, entries: Object.fromEntries(entries) }
    try {
      await mkdir(dirname(path), { recursive: true })
      await writeFileAtomic(path, JSON.stringify(stored))
    } catch (error) {
      log(`content: could not save the parse cache ${path}: ${(error as Error).message}`)
    }
  }

  const scheduleSave = () => {
    // A save already due writes whatever the store holds then, changes since included; not
    // putting it off keeps a steady trickle of changes from postponing it for ever.
    if (timer !== undefined || !dirty) return
    // One save at a time: a later one waits for the earlier, and writes the newer state.
    timer = setTimeout(() => {
      timer = undefined
      dirty = false
      saving = saving.then(save)
    }, SAVE_DELAY_MS)
    timer.unref()
  }

  return {
    get(file, hash) {
      const entry = entries.get(file)
      return entry?.[0] === hash ? entry[1] : undefined
    },
    trusted(file, stamp) {
      const entry = entries.get(file)
      if (entry?.[2]?.key !== stamp.key || !isSettled(entry[2], entry[3])) return undefined
      return { version: { hash: entry[0], stamp: entry[2], seenAt: entry[3] }, checked: entry[1] }
    },
    set(file, { hash, stamp, seenAt }, checked) {
      const entry = entries.get(file)
      const rendered: [RenderedBody?, string?] = entry?.[0] === hash && entry[4] ? [entry[4], entry[5] ?? undefined] : []
      entries.set(file, [hash, checked, stamp, seenAt, ...rendered])
      dirty = true
    },
    rendered(file, hash) {
      const entry = entries.get(file)
      return entry?.[0] === hash && entry[5] === siteUrl ? (entry[4] ?? undefined) : undefined
    },
    setRendered(file, hash, rendered) {
      const entry = entries.get(file)
      if (entry?.[0] === hash) {
        entry[4] = rendered
        entry[5] = siteUrl
        dirty = true
        scheduleSave()
      }
    },
    retain(files) {
      for (const file of entries.keys()) if (!files.has(file)) dirty = entries.delete(file) || dirty
    },
    scheduleSave,
    async saveNow() {
      clearTimeout(timer)
      timer = undefined
      if (!dirty) return saving
      dirty = false
      return (saving = saving.then(save))
    },
  }
}

/** Dates come back from JSON as strings; the checked fields hold them as `{ instant: Date }`. */
function revive(entry: Entry): Entry {
  const fields = entry[1].fields as Record<string, unknown> | undefined
  if (fields) {
    reviveDate(fields, 'date')
    reviveDate(fields, 'updated')
    if (fields.original) reviveDate(fields.original as Record<string, unknown>, 'date')
    for (const correction of (fields.corrections as Record<string, unknown>[] | undefined) ?? []) reviveDate(correction, 'date')
  }
  return entry
}

function reviveDate(holder: Record<string, unknown>, key: string): void {
  const value = holder[key] as { instant: string | Date } | undefined
  if (value && typeof value.instant === 'string') value.instant = new Date(value.instant)
}

/**
 * The parse cache of an articles folder in the cache folder (BYLINES_CACHE_DIR), or undefined when
 * that is set empty. Checked front matter depends on the code and the time zone, rendered bodies
 * also on the site's URL. `user` keeps the server's file apart from a build's, since both may run
 * at once on one folder.
 */
export async function openArticlesCache(options: {
  env: Env
  articlesDir: string
  site: Pick<SiteSettings, 'timeZone' | 'url'>
  user: 'server' | 'build'
  log?: (line: string) => void
}): Promise<ParseCache | undefined> {
  const dir = cacheDirOf(options.env)
  if (dir === undefined) return undefined
  const name = createHash('sha256').update(options.articlesDir).digest('hex').slice(0, 16)
  const file = join(resolve(dir), `${options.user === 'server' ? '' : 'build-'}articles-${name}.json`)
  return openParseCache(file, `${codeVersion()} ${options.site.timeZone}`, options.site.url, options.log ?? (() => {}))
}
