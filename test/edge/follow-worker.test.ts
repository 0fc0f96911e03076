/**
 * Following the Worker from the Fediverse, end to end, under `wrangler dev` (real workerd, its
 * local KV and Queues), with the follower whose signatures are Misskey's library
 * (helpers/fediverse-follower.ts): WebFinger → actor → outbox with the bundled article; Follow
 * → a signed Accept, delivered through the queue; a new article file, which wrangler's watcher
 * builds again → a signed Create(Article) with its credit line; Undo → no longer a follower.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { unstable_startWorker } from 'wrangler'
import { REPO } from '../helpers/built-site.ts'
import { ACTIVITY_JSON, type Follower, idOf, type ReceivedActivity, startFollower } from '../helpers/fediverse-follower.ts'
import { articleFile, fullTranslation } from '../helpers/fixtures.ts'
import { projectConfig } from '../helpers/workerd.ts'

const BUNDLED = 'france-russia-military-dialogue.md'
/** Builds, reloads and queue batches all take their time on a busy machine. */
const WAIT = { timeoutMs: 90_000 }

let stop: (() => Promise<void>) | undefined
let follower: Follower | undefined
let root: string | undefined
afterAll(async () => {
  await stop?.()
  await follower?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

/** A port nobody listens on now: the site's URL must be known before the build that bakes it in. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Asks until `accept` takes the answer (a build or a reload may be under way), then returns it. */
async function waitForJson(
  url: string,
  accept: (json: Record<string, any>) => boolean,
  mediaType = ACTIVITY_JSON,
): Promise<Record<string, any>> {
  const deadline = Date.now() + WAIT.timeoutMs
  let last = ''
  for (;;) {
    try {
      const response = await fetch(url, { headers: { accept: mediaType } })
      last = `${response.status}`
      if (response.ok) {
        const json = (await response.json()) as Record<string, any>
        if (accept(json)) return json
        last = JSON.stringify(json).slice(0, 200)
      }
    } catch (error) {
      last = String(error)
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer as expected: ${last}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
}

const objectOf = (received: ReceivedActivity) => received.activity.object as Record<string, any>

it('answers WebFinger, the actor and the outbox; takes a follow; delivers a new article after the rebuild; takes an unfollow', async () => {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  process.env.WRANGLER_SEND_METRICS = 'false'
  root = mkdtempSync(join(tmpdir(), 'bylines-follow-worker-'))
  const articles = join(root, 'articles')
  mkdirSync(articles)
  cpSync(join(REPO, 'articles', BUNDLED), join(articles, BUNDLED))
  mkdirSync(join(root, 'dist'))
  const prepared = join(root, 'prepared-site.json')
  const port = await freePort()
  const siteUrl = `http://127.0.0.1:${port}/`

  const project = projectConfig({ outDir: join(root, 'dist'), preparedFile: prepared, vars: { BYLINES_FEDIVERSE_ALLOW_PRIVATE: '1' } })
  const config = {
    ...project,
    build: {
      command: `npx tsx src/cli/bylines.ts build --out ${join(root, 'dist')} --prepared ${prepared}`,
      cwd: REPO,
      watch_dir: [articles],
    },
  }
  const configFile = join(root, 'wrangler.json')
  writeFileSync(configFile, JSON.stringify(config))
  // Read by the build that wrangler runs.
  process.env.ARTICLES_DIR = articles
  process.env.SITE_URL = siteUrl
  try {
    const worker = await unstable_startWorker({
      config: configFile,
      dev: { server: { hostname: '127.0.0.1', port }, inspector: false, watch: true, logLevel: 'error', persist: join(root, 'state') },
    })
    stop = () => worker.dispose()
    await worker.ready
    follower = await startFollower()
    const host = `127.0.0.1:${port}`

    const finger = await waitForJson(
      `${siteUrl}.well-known/webfinger?resource=acct:news@${host}`,
      (json) => json.subject === `acct:news@${host}`,
      'application/jrd+json',
    )
    const self = (finger.links as { rel: string; type?: string; href: string }[]).find((link) => link.rel === 'self')!
    expect(self.type).toBe(ACTIVITY_JSON)
    expect(self.href).toBe(`${siteUrl}fediverse/news`)

    const actor = await waitForJson(self.href, (json) => json.type === 'Organization')
    expect(actor.preferredUsername).toBe('news')
    expect(actor.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(actor.inbox).toBe(`${siteUrl}fediverse/news/inbox`)

    const outbox = await waitForJson(actor.outbox, (json) => json.totalItems === 1)
    const [created] = (await waitForJson(outbox.first, () => true)).orderedItems as Record<string, any>[]
    expect(created!.type).toBe('Create')
    expect(created!.object.id).toBe(`${siteUrl}articles/france-russia-military-dialogue`)
    // Read from the export's object file, the attribution extension kept: inside the outbox
    // under the outbox's own context, at the object's URL under its own.
    expect(created!.object['schema:translationOfWork']['schema:publisher']['schema:name']).toBe('Le Monde')
    const object = await waitForJson(created!.object.id, (json) => json.type === 'Article')
    expect(object.name).toBe(created!.object.name)
    expect(object.translationOfWork.publisher.name).toBe('Le Monde')

    // Follow → the inbox queues it, the consumer takes it and queues a signed Accept.
    const followId = await follower.follow(actor.id)
    const accept = await follower.waitFor((got) => got.activity.type === 'Accept', WAIT)
    expect(idOf(accept.activity.object)).toBe(followId)
    expect(accept.activity.actor).toBe(actor.id)
    expect((await waitForJson(actor.followers, (json) => json.totalItems === 1)).totalItems).toBe(1)

    // A new article file: wrangler's watcher builds again and reloads the Worker, whose first
    // request tells followers of it.
    writeFileSync(
      join(articles, 'new-story.md'),
      articleFile(fullTranslation({ title: 'A story published while followed', updated: undefined, date: '2026-01-02T10:00:00Z' })),
    )
    await waitForJson(actor.outbox, (json) => json.totalItems === 2)
    const create = await follower.waitFor(
      (got) => got.activity.type === 'Create' && objectOf(got).name === 'A story published while followed',
      WAIT,
    )
    const article = objectOf(create)
    expect(article.type).toBe('Article')
    expect(article.id).toBe(`${siteUrl}articles/new-story`)
    expect(article.content).toMatch(/^<p class="bylines-credit"/)
    expect(article.content).toContain('Le Monde')
    expect(create.scheme).toBe('draft-cavage-http-signatures-12')
    // Told once: the bundled article, told before the follow, is not sent again.
    expect(follower.received.filter((got) => got.activity.type === 'Create').map((got) => objectOf(got).name)).toEqual([
      'A story published while followed',
    ])

    // Undo(Follow) → no longer a follower.
    await follower.unfollow()
    expect((await waitForJson(actor.followers, (json) => json.totalItems === 0)).totalItems).toBe(0)
  } finally {
    delete process.env.ARTICLES_DIR
    delete process.env.SITE_URL
  }
}, 300_000)
