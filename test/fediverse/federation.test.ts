/**
 * The site's federation in-process, over a view of fixture articles: the accounts a newsroom
 * chooses per feed set, what their outboxes list, NodeInfo, an article as its object at its page's
 * URL, and what the app hands to Fedify or keeps for itself.
 */
import { MemoryKvStore } from '@fedify/fedify'
import { describe, expect, it } from 'vitest'
import { createService } from '../../src/app.ts'
import { buildCollection } from '../../src/articles/collection.ts'
import { createSiteFederation } from '../../src/fediverse/federation.ts'
import { federationHandler } from '../../src/fediverse/handler.ts'
import { isFederationRequest } from '../../src/fediverse/routes.ts'
import { viewContent } from '../../src/fediverse/view-content.ts'
import { createViewSource } from '../../src/feed-sets/view.ts'
import { renderedResources } from '../../src/resources/resources.ts'
import type { SiteSettings } from '../../src/settings/schema.ts'
import { articleFile, FIXED_NOW, fullTranslation, makeSite, ownReporting } from '../helpers/fixtures.ts'

const ACTIVITY = { accept: 'application/activity+json' }

function siteWith(fediverse: Partial<SiteSettings['fediverse']> = {}) {
  const site = makeSite({ fediverse: { ...makeSite().fediverse, ...fediverse } })
  const collection = buildCollection(
    [
      { file: 'alliance.md', source: articleFile(fullTranslation({ tags: ['France', 'Défense 国防'] })) },
      { file: 'desk.md', source: articleFile(ownReporting({ tags: ['France'] })) },
    ],
    site,
  )
  const snapshot = { articles: collection.articles }
  const viewAt = createViewSource(() => snapshot, site)
  const content = () => viewContent(viewAt(FIXED_NOW()), site)
  const federation = createSiteFederation({ content, kv: new MemoryKvStore(), log: () => {} })
  const { app } = createService({
    resources: renderedResources({ content: snapshot, site, now: FIXED_NOW }),
    siteUrl: site.url,
    federation: site.fediverse.enabled ? federationHandler(federation) : undefined,
    logError: (error) => {
      throw error
    },
  })
  return { site, app }
}

async function json(app: ReturnType<typeof siteWith>['app'], path: string) {
  const response = await app.request(`https://news.example.org${path}`, { headers: ACTIVITY })
  expect(response.status, path).toBe(200)
  return (await response.json()) as Record<string, any>
}

describe('the site on the Fediverse', () => {
  it('has one account by default: the site, an Organization, whose outbox creates every article, newest first', async () => {
    const { app } = siteWith()
    const actor = await json(app, '/fediverse/news')
    expect(actor.type).toBe('Organization')
    expect(actor.name).toBe('Bylines Test Desk')
    expect(actor.url).toBe('https://news.example.org/')
    const outbox = await json(app, '/fediverse/news/outbox')
    expect(outbox.totalItems).toBe(2)
    const page = await json(app, new URL(outbox.first).pathname + new URL(outbox.first).search)
    expect(page.orderedItems.map((item: any) => [item.type, item.object.name])).toEqual([
      ['Create', 'Inside the translation desk'],
      ['Create', 'Ukrainian war no longer obstacle to France-Russia military alliance?'],
    ])
    const nodeInfo = (await (await app.request('https://news.example.org/nodeinfo/2.1')).json()) as any
    expect(nodeInfo.software.name).toBe('bylines')
    expect(nodeInfo.usage).toMatchObject({ users: { total: 1 }, localPosts: 2 })
    // No feed set has an account of its own unless the newsroom asks.
    expect((await app.request('https://news.example.org/fediverse/tags.france', { headers: ACTIVITY })).status).toBe(404)
  })

  it('gives each set of a chosen kind an automated account that shares the site’s articles; a slug no handle can carry has none', async () => {
    const { app } = siteWith({ actors: ['tags'] })
    const actor = await json(app, '/fediverse/tags.france')
    expect(actor.type).toBe('Service')
    expect(actor.preferredUsername).toBe('tags.france')
    expect(actor.url).toBe('https://news.example.org/tags/france/')
    const finger = (await (
      await app.request('https://news.example.org/.well-known/webfinger?resource=acct:tags.france@news.example.org')
    ).json()) as any
    expect(finger.links.find((link: any) => link.rel === 'self').href).toBe('https://news.example.org/fediverse/tags.france')
    const outbox = await json(app, '/fediverse/tags.france/outbox?cursor=0')
    expect(outbox.orderedItems.map((item: any) => [item.type, item.object])).toEqual([
      ['Announce', 'https://news.example.org/articles/desk'],
      ['Announce', 'https://news.example.org/articles/alliance'],
    ])
    // "Défense 国防" has a slug in two scripts: no handle Mastodon accepts.
    const sets = (await json(app, '/nodeinfo/2.1')).usage.users.total
    expect(sets).toBe(2)
  })

  it('answers an article’s page address with its object for the Fediverse, and with the page for everyone else', async () => {
    const { app } = siteWith()
    const path = '/articles/alliance'
    const object = await json(app, path)
    expect(object.type).toBe('Article')
    expect(object.id).toBe(`https://news.example.org${path}`)
    const page = await app.request(`https://news.example.org${path}`)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('vary')).toMatch(/\bAccept\b/)
    const html = await page.text()
    expect(html).toContain(`<link rel="alternate" type="application/activity+json" href="https://news.example.org${path}">`)
    expect((await app.request('https://news.example.org/articles/no-such-article', { headers: ACTIVITY })).status).toBe(404)
  })

  it('reads no inbox body it cannot know the size of, nor one over 1 MiB', async () => {
    const { app } = siteWith()
    const follow = JSON.stringify({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: 'https://elsewhere.example/follows/1',
      type: 'Follow',
      actor: 'https://elsewhere.example/users/a',
      object: 'https://news.example.org/fediverse/news',
    })
    const post = (headers: Record<string, string>) =>
      app.request('https://news.example.org/fediverse/news/inbox', {
        method: 'POST',
        headers: { 'content-type': 'application/activity+json', ...headers },
        body: follow,
      })
    expect((await post({})).status).toBe(411)
    expect((await post({ 'content-length': String(2 * 1024 * 1024) })).status).toBe(413)
    // A small body goes on to Fedify, which wants a signature.
    expect((await post({ 'content-length': String(Buffer.byteLength(follow)) })).status).toBe(401)
  })

  it('hands Fedify only its own paths, and article pages only when an ActivityStreams type is asked', () => {
    expect(isFederationRequest('/.well-known/webfinger', undefined)).toBe(true)
    expect(isFederationRequest('/fediverse/news/inbox', undefined)).toBe(true)
    expect(isFederationRequest('/articles/x', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"')).toBe(true)
    expect(isFederationRequest('/articles/x', 'text/html,application/xhtml+xml')).toBe(false)
    expect(isFederationRequest('/feed.json', 'application/activity+json')).toBe(false)
  })

  it('says nothing of the Fediverse on pages when it is off', async () => {
    const { app } = siteWith({ enabled: false })
    const page = await app.request('https://news.example.org/articles/desk')
    expect(page.headers.get('vary') ?? '').not.toMatch(/\bAccept\b(?!-)/)
    expect(await page.text()).not.toContain('application/activity+json')
  })
})
