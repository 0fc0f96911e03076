/**
 * Following the Node server from the Fediverse, end to end, with a follower whose signing and
 * verification are Misskey's library, not ours nor Fedify's (helpers/fediverse-follower.ts):
 * WebFinger → actor → outbox; Follow → signed Accept; a new article file → signed Create(Article)
 * with its credit line; a correction → Update; a withdrawal → Delete; Undo → no longer a
 * follower; and after a restart, the follower is kept and nothing is delivered twice.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ACTIVITY_JSON, type Follower, idOf, type ReceivedActivity, startFollower } from '../helpers/fediverse-follower.ts'
import { articleFile, fullTranslation } from '../helpers/fixtures.ts'
import { makeArticlesDir, type RunningServer, startServer } from '../helpers/node-server.ts'

const REPO = join(import.meta.dirname, '..', '..')
const BUNDLED = 'france-russia-military-dialogue.md'
const WAIT = { timeoutMs: 30_000 }

let follower: Follower | undefined
let server: RunningServer | undefined
const folders: string[] = []

afterEach(async () => {
  await server?.stop()
  await follower?.close()
  server = follower = undefined
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A server of these articles, keeping its followers in `dataDir`; the folder is removed when it stops. */
function serve(files: Record<string, string>, dataDir: string, port?: number): Promise<RunningServer> {
  return startServer({ dir: makeArticlesDir(files), port, env: { BYLINES_FEDIVERSE_ALLOW_PRIVATE: '1', FEDIVERSE_DATA_DIR: dataDir } })
}

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-fediverse-'))
  folders.push(dir)
  return dir
}

const bundled = () => ({ [BUNDLED]: readFileSync(join(REPO, 'articles', BUNDLED), 'utf8') })

async function getJson(url: string, accept = ACTIVITY_JSON): Promise<Record<string, any>> {
  const response = await fetch(url, { headers: { accept } })
  expect(response.status, url).toBe(200)
  return (await response.json()) as Record<string, any>
}

const objectOf = (received: ReceivedActivity) => received.activity.object as Record<string, any>

describe('following the Node server', () => {
  it('answers WebFinger, the actor and the outbox; takes a follow; delivers what is published, corrected and withdrawn; takes an unfollow', async () => {
    server = await serve(bundled(), dataFolder())
    follower = await startFollower()
    const host = new URL(server.url).host

    const finger = await getJson(`${server.url}.well-known/webfinger?resource=acct:news@${host}`, 'application/jrd+json')
    expect(finger.subject).toBe(`acct:news@${host}`)
    const self = (finger.links as { rel: string; type?: string; href: string }[]).find((link) => link.rel === 'self')!
    expect(self.type).toBe(ACTIVITY_JSON)

    const actor = await getJson(self.href)
    expect(actor.type).toBe('Organization')
    expect(actor.preferredUsername).toBe('news')
    expect(actor.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/)
    expect(actor.endpoints.sharedInbox).toBe(`${server.url}fediverse/inbox`)

    const outbox = await getJson(actor.outbox)
    expect(outbox.totalItems).toBe(1)
    const firstPage = await getJson(outbox.first)
    const [created] = firstPage.orderedItems as Record<string, any>[]
    expect(created!.type).toBe('Create')
    expect(created!.object.type).toBe('Article')
    expect(created!.object.id).toBe(`${server.url}articles/france-russia-military-dialogue`)

    // The article page answers for the object too, which a search by URL in Mastodon asks.
    const object = await getJson(created!.object.id)
    expect(object.name).toBe(created!.object.name)
    const page = await fetch(created!.object.id)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)

    // An inbox takes only what its sender signed.
    const unsigned = await fetch(actor.inbox, {
      method: 'POST',
      headers: { 'content-type': ACTIVITY_JSON },
      body: JSON.stringify({
        '@context': 'https://www.w3.org/ns/activitystreams',
        type: 'Follow',
        id: `${follower.actorId}#unsigned`,
        actor: follower.actorId,
        object: actor.id,
      }),
    })
    expect(unsigned.status).toBe(401)

    // Follow → a signed Accept (verified by the follower's own library).
    const followId = await follower.follow(actor.id)
    const accept = await follower.waitFor((got) => got.activity.type === 'Accept', WAIT)
    expect(idOf(accept.activity.object)).toBe(followId)
    expect(accept.activity.actor).toBe(actor.id)
    await server.waitForLine(/fediverse: .* follows @news/)
    const followers = await getJson(actor.followers)
    expect(followers.totalItems).toBe(1)

    // A new article file → Create(Article), with the credit line first in its content.
    server.writeArticle(
      'new-story.md',
      articleFile(fullTranslation({ title: 'A story published while followed', updated: undefined, date: '2026-01-02T10:00:00Z' })),
    )
    const create = await follower.waitFor(
      (got) => got.activity.type === 'Create' && objectOf(got).name === 'A story published while followed',
      WAIT,
    )
    const article = objectOf(create)
    expect(article.type).toBe('Article')
    expect(article.id).toBe(`${server.url}articles/new-story`)
    expect(article.content).toMatch(/^<p class="bylines-credit"/)
    expect(article.content).toContain('Le Monde')
    expect(create.scheme).toBe('draft-cavage-http-signatures-12')

    // A correction → Update of the same object.
    server.writeArticle(
      'new-story.md',
      articleFile(
        fullTranslation({ title: 'A story published while followed', date: '2026-01-02T10:00:00Z', updated: '2026-01-03T10:00:00Z' }),
      ),
    )
    const update = await follower.waitFor((got) => got.activity.type === 'Update', WAIT)
    expect(objectOf(update).id).toBe(article.id)

    // Withdrawn → Delete.
    unlinkSync(join(server.dir, 'new-story.md'))
    const deletion = await follower.waitFor((got) => got.activity.type === 'Delete', WAIT)
    expect(idOf(deletion.activity.object)).toBe(article.id)

    // A scheduled article is delivered when its time comes, without any file changing then.
    const due = new Date(Date.now() + 4000)
    server.writeArticle(
      'scheduled.md',
      articleFile(
        fullTranslation({
          title: 'Out on the hour',
          updated: undefined,
          date: due.toISOString(),
          original: { ...(fullTranslation().original as object), url: 'https://www.lemonde.fr/scheduled.html', title: 'À l’heure' },
        }),
      ),
    )
    await server.waitForLine(/^scheduled: scheduled\.md goes live/)
    const scheduled = await follower.waitFor((got) => got.activity.type === 'Create' && objectOf(got).name === 'Out on the hour', WAIT)
    expect(Date.now()).toBeGreaterThanOrEqual(due.getTime())
    expect(objectOf(scheduled).id).toBe(`${server.url}articles/scheduled`)

    // The article already out when the site started was never announced: only what came after.
    expect(follower.received.filter((got) => got.activity.type === 'Create').map((got) => objectOf(got).id)).toEqual([
      article.id,
      `${server.url}articles/scheduled`,
    ])

    // Undo(Follow) → no longer a follower.
    await follower.unfollow()
    await server.waitForLine(/fediverse: .* no longer follows @news/)
    expect((await getJson(actor.followers)).totalItems).toBe(0)
    // Every delivery the follower refused was a first knock with RFC 9421, which its library does not read.
    expect(follower.rejected.every((refused) => refused.scheme === 'rfc9421')).toBe(true)
  }, 120_000)

  it('lets a feed set be followed: its account shares new articles, and the site tells that account’s followers of an edit and a withdrawal', async () => {
    const data = dataFolder()
    const config = join(data, 'bylines.toml')
    writeFileSync(config, '[fediverse]\nactors = ["tags"]\n')
    server = await startServer({
      dir: makeArticlesDir(bundled()),
      env: { BYLINES_FEDIVERSE_ALLOW_PRIVATE: '1', FEDIVERSE_DATA_DIR: data, BYLINES_CONFIG: config },
    })
    follower = await startFollower()
    const tagActor = await getJson(`${server.url}fediverse/tags.ukraine`)
    expect(tagActor.type).toBe('Service')
    await follower.follow(tagActor.id)
    await follower.waitFor((got) => got.activity.type === 'Accept', WAIT)

    const story = (updated?: string) =>
      articleFile(fullTranslation({ title: 'On the Ukraine tag', tags: ['Ukraine'], updated, date: '2026-01-02T10:00:00Z' }))
    server.writeArticle('tagged.md', story())
    const announce = await follower.waitFor((got) => got.activity.type === 'Announce', WAIT)
    expect(announce.activity.actor).toBe(tagActor.id)
    expect(idOf(announce.activity.object)).toBe(`${server.url}articles/tagged`)

    server.writeArticle('tagged.md', story('2026-01-03T10:00:00Z'))
    const update = await follower.waitFor((got) => got.activity.type === 'Update', WAIT)
    expect(update.activity.actor).toBe(`${server.url}fediverse/news`)
    expect(objectOf(update).id).toBe(`${server.url}articles/tagged`)

    unlinkSync(join(server.dir, 'tagged.md'))
    const deletion = await follower.waitFor((got) => got.activity.type === 'Delete', WAIT)
    expect(idOf(deletion.activity.object)).toBe(`${server.url}articles/tagged`)
  }, 120_000)

  it('will not keep its keys in a folder it publishes: the site is served without federation, and the log says why', async () => {
    server = await startServer({ dir: makeArticlesDir(bundled()), env: { FEDIVERSE_DATA_DIR: 'public/fediverse' } })
    await server.waitForLine(/^fediverse: off: the data folder "public\/fediverse" is inside "public"/)
    expect((await fetch(`${server.url}articles/france-russia-military-dialogue`)).status).toBe(200)
    expect((await fetch(`${server.url}.well-known/webfinger?resource=acct:news@${new URL(server.url).host}`)).status).toBe(404)
    expect(existsSync(join(REPO, 'public', 'fediverse'))).toBe(false)
  })

  it('serves a site whose url is below a path without the Fediverse, which finds a site at its host’s root, and says so', async () => {
    server = await startServer({
      dir: makeArticlesDir(bundled()),
      env: { SITE_URL: 'https://news.example.org/desk/', FEDIVERSE_DATA_DIR: dataFolder() },
    })
    await server.waitForLine(/^fediverse: off: the site's url is below a path \(\/desk\/\)/)
    expect((await fetch(`http://127.0.0.1:${server.port}/articles/france-russia-military-dialogue`)).status).toBe(200)
  })

  it('keeps followers and what it told them across a restart: nothing is delivered twice', async () => {
    const data = dataFolder()
    server = await serve(bundled(), data)
    follower = await startFollower()
    await follower.follow(`${server.url}fediverse/news`)
    await follower.waitFor((got) => got.activity.type === 'Accept', WAIT)
    const told = articleFile(fullTranslation({ title: 'Told before the restart', updated: undefined, date: '2026-01-02T10:00:00Z' }))
    server.writeArticle('before-restart.md', told)
    await follower.waitFor((got) => got.activity.type === 'Create', WAIT)
    await server.stop()

    // The same articles, the same store and site URL, another process.
    server = await serve({ ...bundled(), 'before-restart.md': told }, data, server.port)
    const actorUrl = `${server.url}fediverse/news`
    expect((await getJson(`${actorUrl}/followers`)).totalItems).toBe(1)
    server.writeArticle(
      'after-restart.md',
      articleFile(
        fullTranslation({
          title: 'Told after the restart',
          updated: undefined,
          date: '2026-01-03T10:00:00Z',
          original: { ...(fullTranslation().original as object), url: 'https://www.lemonde.fr/other.html', title: 'Autre' },
        }),
      ),
    )
    await follower.waitFor((got) => got.activity.type === 'Create' && objectOf(got).name === 'Told after the restart', WAIT)
    const creates = follower.received.filter((got) => got.activity.type === 'Create').map((got) => objectOf(got).name)
    expect(creates).toEqual(['Told before the restart', 'Told after the restart'])
  }, 120_000)
})
