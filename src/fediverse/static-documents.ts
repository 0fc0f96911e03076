/**
 * The Fediverse documents a static host can serve as files, so that a search for the site's
 * handle or address finds its profile and latest articles: the WebFinger answer, NodeInfo, each
 * actor and its outbox. They are asked of the federation itself, as a server would ask it, so
 * they say what the Node server and the Worker say, with three differences a host without code
 * forces:
 *
 * - A static host cannot take a follow: the actors have no `inbox`, shared inbox, `followers`
 *   or keys. A server then shows the profile and offers no follow button that would fail
 *   silently; keys without a server to sign with would only be a promise nobody keeps.
 * - It ignores query strings: `/.well-known/webfinger` is one file, the site actor's answer
 *   whatever the resource asked, and an outbox is one document with its newest page inline.
 * - A path cannot be a file and a folder: an actor is `fediverse/{handle}`, so its outbox is
 *   a file of its own (`fediverse-objects/outboxes/{handle}.json`), which the actor links to.
 */
import { MemoryKvStore } from '@fedify/fedify'
import { keyPairsKey } from './actor-keys.ts'
import type { FediverseContent } from './content.ts'
import { createSiteFederation } from './federation.ts'
import { NODEINFO_LINKS_FILE, staticOutboxFileOf, WEBFINGER_FILE } from './prepared-fediverse.ts'
import { ROUTES } from './routes.ts'

export interface StaticDocument {
  /** Relative to the export's folder. */
  file: string
  /** The Content-Type the federation answers it with. */
  type: string
  json: unknown
}

/** What an actor says a server could do only with the code behind it. */
const SERVER_ONLY = ['inbox', 'endpoints', 'followers', 'publicKey', 'assertionMethod'] as const

/** Every document, the site's actor first. */
export async function staticDocuments(content: FediverseContent, siteHandle: string): Promise<StaticDocument[]> {
  const kv = new MemoryKvStore()
  // No keys: a static host has nothing to sign with (see above).
  for (const handle of content.actors().keys()) await kv.set(keyPairsKey(handle), [])
  const federation = createSiteFederation({ content: () => content, kv, log: () => {} })
  const ask = async (path: string, accept: string) => {
    const url = new URL(path.replace(/^\//, ''), content.siteUrl)
    const response = await federation.fetch(new Request(url, { headers: { accept } }), { contextData: undefined })
    if (!response.ok) throw new Error(`the federation answered ${url.href} with ${response.status}`)
    return { type: response.headers.get('content-type') ?? 'application/json', json: (await response.json()) as Record<string, unknown> }
  }
  const activity = 'application/activity+json'
  const host = new URL(content.siteUrl).host
  const webfinger = await ask(`/.well-known/webfinger?resource=${encodeURIComponent(`acct:${siteHandle}@${host}`)}`, 'application/jrd+json')
  const nodeInfoLinks = await ask('/.well-known/nodeinfo', 'application/json')
  const nodeInfo = await ask(ROUTES.nodeInfo, 'application/json')
  const documents: StaticDocument[] = [
    { file: WEBFINGER_FILE, ...webfinger },
    { file: NODEINFO_LINKS_FILE, ...nodeInfoLinks },
    { file: ROUTES.nodeInfo.slice(1), ...nodeInfo },
  ]
  const handles = [siteHandle, ...[...content.actors().keys()].filter((handle) => handle !== siteHandle)]
  for (const handle of handles) {
    const actorPath = ROUTES.actor.replace('{identifier}', handle)
    const outboxPath = ROUTES.outbox.replace('{identifier}', handle)
    const outboxFile = staticOutboxFileOf(handle)
    const actor = await ask(actorPath, activity)
    for (const name of SERVER_ONLY) delete actor.json[name]
    actor.json.outbox = new URL(outboxFile, content.siteUrl).href
    const outbox = await ask(outboxPath, activity)
    const firstPage = await ask(`${outboxPath}?cursor=0`, activity)
    const { first: _first, last: _last, ...collection } = outbox.json
    documents.push(
      { file: actorPath.slice(1), ...actor },
      {
        file: outboxFile,
        type: outbox.type,
        json: { ...collection, id: new URL(outboxFile, content.siteUrl).href, orderedItems: firstPage.json.orderedItems ?? [] },
      },
    )
  }
  return documents
}
