/**
 * The Node server on the Fediverse: the federation over the live view, its store and queue in
 * the data folder, and followers told of every article published, edited or withdrawn, at the
 * moment it happens: an edit, a new file, a scheduled article whose time has come.
 */
import { isAbsolute, join, relative, resolve } from 'node:path'
import { nextScheduled } from '../articles/schedule.ts'
import type { PublishedContent } from '../content/published-content.ts'
import { createAnnouncer } from '../fediverse/delivery.ts'
import { createSiteFederation } from '../fediverse/federation.ts'
import { type FederationHandler, federationHandler } from '../fediverse/handler.ts'
import { openSqlite, SqliteOpenError } from '../fediverse/sqlite.ts'
import { SqliteKvStore } from '../fediverse/sqlite-kv-store.ts'
import { SqliteMessageQueue } from '../fediverse/sqlite-message-queue.ts'
import { loadObjectMaker, viewContent } from '../fediverse/view-content.ts'
import { createViewSource } from '../feed-sets/view.ts'
import { allowsPrivateAddresses } from '../settings/environment.ts'
import { fediverseImpossibility, type SiteSettings } from '../settings/schema.ts'

export interface NodeFediverse {
  handler: FederationHandler
  close(): void
}

/** The store's file in the data folder: followers, keys, what was told, deliveries waiting. */
export const STORE_FILE = 'fediverse.sqlite'

/**
 * The federation, or undefined when its store cannot be used: the site is then served without
 * it, and the log says why (a data folder that cannot be written must not take the site down).
 */
export async function startFediverse(options: {
  content: PublishedContent
  site: () => SiteSettings
  env: NodeJS.ProcessEnv
  log: (line: string) => void
}): Promise<NodeFediverse | undefined> {
  const { content, log } = options
  const site = options.site()
  const { dataDir } = site.fediverse
  const impossible = fediverseImpossibility(site)
  if (impossible) {
    log(`fediverse: off: ${impossible}`)
    return undefined
  }
  const served = [site.publicDir, site.articlesDir].find((folder) => isWithin(resolve(dataDir), resolve(folder)))
  if (served) {
    log(
      `fediverse: off: the data folder "${dataDir}" is inside "${served}", which is published or read as articles; its keys must stay private: set [fediverse] dataDir to a folder of its own, e.g. "data"`,
    )
    return undefined
  }
  // All of the bundle's code a server may need, loaded now rather than at the first follower's
  // request: a bundling of newer sources may have removed this bundle's chunks by then
  // (scripts/bundle.mjs).
  await loadObjectMaker()
  let opened
  try {
    opened = openSqlite(join(dataDir, STORE_FILE))
  } catch (error) {
    if (!(error instanceof SqliteOpenError)) throw error
    log(`fediverse: off: ${error.message}`)
    return undefined
  }
  const { database } = opened
  const stopQueue = new AbortController()
  const store = {
    kv: new SqliteKvStore(database),
    queue: new SqliteMessageQueue(database, {
      onError: (error) =>
        log(`fediverse: a delivery failed and will be tried again: ${error instanceof Error ? error.message : String(error)}`),
    }),
  }
  // Views follow the settings as the site's resources do: new settings (a new title), new views.
  let viewSite = site
  let viewAt = createViewSource(content.current, site)
  const fediverseContent = () => {
    const now = options.site()
    if (now !== viewSite) viewAt = createViewSource(content.current, (viewSite = now))
    return viewContent(viewAt(Date.now()), now)
  }
  const federation = createSiteFederation({
    content: fediverseContent,
    kv: store.kv,
    queue: store.queue,
    allowPrivateAddress: allowsPrivateAddresses(options.env),
    manuallyStartQueue: true,
    log,
  })
  void federation.startQueue(undefined, { signal: stopQueue.signal })
  const announcer = createAnnouncer({ federation, kv: store.kv, content: fediverseContent, log })

  let timer: ReturnType<typeof setTimeout> | undefined
  /** Wakes when the next scheduled article is due, so its followers hear of it on time. */
  const armSchedule = () => {
    clearTimeout(timer)
    const at = new Date()
    const next = nextScheduled(content.articles(), at)
    if (!next) return
    // setTimeout holds at most ~24.8 days; a later article re-arms when this fires.
    timer = setTimeout(() => void announcer.changed().then(armSchedule), Math.min(next.getTime() - at.getTime() + 1, 2 ** 31 - 1))
    timer.unref?.()
  }
  content.onChange(() => {
    void announcer.changed()
    armSchedule()
  })
  void announcer.changed()
  armSchedule()
  log(`fediverse: follow @${site.fediverse.handle}@${new URL(site.url).host}`)
  return {
    handler: federationHandler(federation),
    close: () => {
      clearTimeout(timer)
      stopQueue.abort()
      database.close()
    },
  }
}

function isWithin(path: string, folder: string): boolean {
  const below = relative(folder, path)
  return below === '' || (!below.startsWith('..') && !isAbsolute(below))
}
