/**
 * The Node server on the Fediverse: the federation over the live view, its store and queue in
 * the data folder, and followers told of every article published, edited or withdrawn, at the
 * moment it happens: an edit, a new file, a scheduled article whose time has come.
 */
import { InProcessMessageQueue, MemoryKvStore, type KvStore, type MessageQueue } from '@fedify/fedify'
import { nextScheduled } from '../articles/schedule.ts'
import { createAnnouncer } from '../fediverse/delivery.ts'
import { createSiteFederation } from '../fediverse/federation.ts'
import { federationHandler, type FederationHandler } from '../fediverse/handler.ts'
import { viewContent } from '../fediverse/view-content.ts'
import type { SiteSettings } from '../settings.ts'
import { createViewSource } from '../site/view.ts'
import type { PublishedContent } from './published-content.ts'

/**
 * Fedify reads `navigator.userAgent` (to tell a Worker) where it reads keys back, and Node has a
 * `navigator` only from 21: on Node 20 it is given the one Node 21 has.
 */
const runtime = globalThis as { navigator?: { userAgent: string } }
runtime.navigator ??= { userAgent: `Node.js/${process.versions.node.split('.')[0]}` }

/** Lets the federation fetch from and deliver to private addresses: for tests on one machine. */
export const ALLOW_PRIVATE_VARIABLE = 'BYLINES_FEDIVERSE_ALLOW_PRIVATE'

export interface NodeFediverse {
  handler: FederationHandler
  close(): void
}

export function startFediverse(options: {
  content: PublishedContent
  site: () => SiteSettings
  env: NodeJS.ProcessEnv
  log: (line: string) => void
}): NodeFediverse {
  const { content, log } = options
  const site = options.site()
  const store = openStore(site.fediverse.dataDir)
  const viewAt = createViewSource(content.current, site)
  const fediverseContent = () => {
    const now = options.site()
    return viewContent(viewAt(Date.now()), { ...now, fediverse: site.fediverse })
  }
  const federation = createSiteFederation({
    content: fediverseContent,
    kv: store.kv,
    queue: store.queue,
    allowPrivateAddress: options.env[ALLOW_PRIVATE_VARIABLE] === '1',
    log,
  })
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
      store.close()
    },
  }
}

function openStore(_dataDir: string): { kv: KvStore; queue: MessageQueue; close(): void } {
  return { kv: new MemoryKvStore(), queue: new InProcessMessageQueue(), close: () => {} }
}
