/**
 * The table of kinds (src/resources/table.ts) is the one source of what the site serves. Over the
 * bundled site (with two articles a document, so that sets have archives): each key listed is
 * claimed by the kind that lists it and by no other, is made into a response, and has the inputs
 * its kind says; and every address the site's own pages, feeds and crawler files lead to is a
 * listed key, reached through every kind, so a kind taken out of the table fails here.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadPublicFolder, loadSite } from '../src/content/load-site.ts'
import { PictureMaker } from '../src/content/picture-maker.ts'
import { createViewSource, type SiteView } from '../src/feed-sets/view.ts'
import { parseKey } from '../src/model/paths.ts'
import {
  listResourceKeys,
  NOT_FOUND_KEY,
  publicResourceKeys,
  type Resources,
  resourceInputs,
  resourcesOfView,
} from '../src/resources/resources.ts'
import { RESOURCE_KINDS } from '../src/resources/table.ts'
import { indexView, type ViewIndex } from '../src/resources/view-index.ts'
import type { SiteSettings } from '../src/settings/schema.ts'

const REPO = join(import.meta.dirname, '..')

let cacheDir: string
let view: SiteView
let site: SiteSettings
let index: ViewIndex
let resources: Resources
let keys: string[]

beforeAll(async () => {
  const loaded = await loadSite({ ITEMS_PER_FEED: '2' }, { file: join(REPO, 'bylines.toml') })
  site = loaded.site
  cacheDir = mkdtempSync(join(tmpdir(), 'bylines-kinds-'))
  const publicFiles = await new PictureMaker({ dir: cacheDir, log: () => {} }).withPictures(
    loadPublicFolder(site),
    loaded.collection.articles,
    site.url,
  )
  view = createViewSource(() => ({ articles: loaded.collection.articles, publicFiles }), site)(new Date('2026-04-22T12:00:00Z'))
  index = indexView(view, site)
  resources = resourcesOfView(view, site)
  keys = listResourceKeys(view, site)
})

afterAll(() => {
  if (cacheDir) rmSync(cacheDir, { recursive: true, force: true })
})

/** The names of the kinds that claim `key`. */
const claimants = (key: string) =>
  RESOURCE_KINDS.filter((kind) => kind.find(key, parseKey(key), index) !== undefined).map((kind) => kind.name)

/** The examples a page shows (the extension doc's), which name made-up addresses. */
const EXAMPLES = /<(pre|code)\b[\s\S]*?<\/\1>/g

/** Same-site addresses in a body, as keys: absolute URLs under the site's (a JSON string's backslash ends one), fragment and query left off. */
function linkedKeys(body: string): string[] {
  const found: string[] = []
  const prefix = site.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  for (const [url] of unescapeHtml(body.replace(EXAMPLES, '')).matchAll(new RegExp(`${prefix}[^\\s"'<>)\\]\\\\]*`, 'g'))) {
    found.push(`/${url.slice(site.url.length).replace(/[?#].*$/, '')}`)
  }
  return found
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' }
const unescapeHtml = (text: string) => text.replace(/&(?:amp|quot|#39|lt|gt);/g, (entity) => ENTITIES[entity]!)

async function bodyOf(key: string): Promise<string> {
  const response = await resources.get(key)
  if (!response) throw new Error(`${key} is linked to but not served`)
  const variant = await response.variant('identity')
  return variant.opened ? '' : new TextDecoder().decode(variant.body)
}

describe('the table of kinds', () => {
  it('lists each key once, as the key of the kind that lists it and of no other', () => {
    expect(new Set(keys).size).toBe(keys.length)
    for (const kind of RESOURCE_KINDS) {
      const own = [...kind.keys(index)]
      expect(own.length, `${kind.name} lists nothing for the bundled site`).toBeGreaterThan(0)
      for (const key of own) expect(claimants(key), key).toEqual([kind.name])
    }
    expect(keys).toEqual(RESOURCE_KINDS.flatMap((kind) => [...kind.keys(index)]))
    // The files kept under their own names in the export: the public folder's and the variants.
    const stored = publicResourceKeys(view, site)
    expect(stored).toEqual(new Set(RESOURCE_KINDS.filter((kind) => kind.stored).flatMap((kind) => [...kind.keys(index)])))
    expect(stored).toContain('/favicon.ico')
  })

  it('makes every key it lists into a response, and claims no name it does not list', async () => {
    for (const key of keys) {
      expect(resources.has(key), key).toBe(true)
      const response = await resources.get(key)
      expect(response?.status, key).toBe(200)
      expect((await response!.variant('identity')).headers['content-type'], key).toBeTruthy()
    }
    expect((await resources.notFound()).status).toBe(404)
    for (const key of [
      NOT_FOUND_KEY,
      '/nothing-here',
      '/sitemap-1.xml',
      '/archive/99/',
      '/tags/no-such-tag/',
      '/articles/no-such-article',
    ]) {
      expect(claimants(key), key).toEqual([])
      expect(resources.get(key), key).toBeUndefined()
    }
  })

  it('gives inputs to every key but the few the build makes every time', () => {
    const inputsOf = resourceInputs(view, site)
    const withoutInputs = keys.filter((key) => inputsOf(key) === undefined)
    // Pages that list every set, and the sitemap, which lists every page: made by every build.
    expect(withoutInputs).toEqual(['/feeds', '/feeds.opml', '/spec/json-feed-translation', '/sitemap.xml'])
  })

  it('serves every address the site leads to, through every kind', async () => {
    // Where a reader and a crawler start: the home page and robots.txt (RFC 9309).
    const queue = ['/', '/robots.txt']
    const reached = new Set(queue)
    while (queue.length > 0) {
      const key = queue.shift()!
      for (const linked of linkedKeys(await bodyOf(key))) {
        if (reached.has(linked)) continue
        expect(keys, `${key} leads to ${linked}`).toContain(linked)
        reached.add(linked)
        queue.push(linked)
      }
    }
    const kindsReached = new Set([...reached].flatMap(claimants))
    expect([...kindsReached].sort()).toEqual(RESOURCE_KINDS.map((kind) => kind.name).sort())
  })
})
