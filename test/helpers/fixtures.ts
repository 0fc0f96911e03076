/** Fresh fixtures per test: site settings, article files and apps built from them. */
import { expect } from 'vitest'
import { stringify } from 'yaml'
import { createService } from '../../src/app.ts'
import { type ArticleSource, buildCollection } from '../../src/articles/collection.ts'
import { type RenderedResourcesOptions, renderedResources } from '../../src/resources/resources.ts'
import { DEFAULT_SITE, type SiteSettings } from '../../src/settings/schema.ts'

export function makeSite(overrides: Partial<SiteSettings> = {}): SiteSettings {
  return {
    ...DEFAULT_SITE,
    title: 'Bylines Test Desk',
    description: 'Translated reporting for tests',
    url: 'https://news.example.org/',
    timeZone: 'Europe/Kyiv',
    // No known publications unless a test gives them: a bare "Le Monde" stays a bare name.
    publications: [],
    ...overrides,
  }
}

/** An article file from front-matter fields (written as YAML) and a Markdown body. */
export function articleFile(fields: Record<string, unknown>, body = 'A first paragraph.\n\nA second one.\n'): string {
  return `---\n${stringify(fields)}---\n${body}`
}

/** A translation with every attribution field filled in. */
export function fullTranslation(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Ukrainian war no longer obstacle to France-Russia military alliance?',
    date: '2019-09-23T22:11:00+03:00',
    updated: '2019-09-24T08:00:00+03:00',
    summary: 'French generals are aware of the risks.',
    tags: ['France', 'Russia'],
    translators: [{ name: 'Jane Doe', url: 'https://example.org/people/jane-doe' }],
    original: {
      publication: { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed: 'https://www.lemonde.fr/rss/une.xml' },
      url: 'https://www.lemonde.fr/international/article/2019/09/22/guerre.html',
      title: 'La guerre en Ukraine n’est plus un obstacle',
      language: 'fr',
      authors: ['Jean Dupont'],
      date: '2019-09-22',
    },
    rights: '© Le Monde 2019. Translation published with permission.',
    license: 'https://creativecommons.org/licenses/by-nc-nd/4.0/',
    ...overrides,
  }
}

export function ownReporting(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Inside the translation desk',
    date: '2020-01-15 10:00',
    authors: [{ name: 'Olena Kovalenko', url: 'https://news.example.org/people/olena' }],
    ...overrides,
  }
}

/** A clock fixed well after every fixture date, so scheduled publishing never hides fixtures by accident. */
export const FIXED_NOW = () => new Date('2026-06-01T00:00:00Z')

export function appFor(sources: ArticleSource[], site: SiteSettings = makeSite(), now = FIXED_NOW) {
  const collection = buildCollection(sources, site)
  return { app: renderedApp({ content: collection, site, now, logError: () => {} }), collection, site }
}

/** The app and its fast-path `peek` over content rendered as the Node server renders it. */
export function renderedService(options: RenderedResourcesOptions & { site: SiteSettings; logError?: (error: unknown) => void }) {
  return createService({ resources: renderedResources(options), siteUrl: options.site.url, logError: options.logError })
}

export function renderedApp(options: RenderedResourcesOptions & { site: SiteSettings; logError?: (error: unknown) => void }) {
  return renderedService(options).app
}

export async function fetchText(app: { request: (path: string) => Response | Promise<Response> }, path: string) {
  const response = await app.request(path)
  return { response, body: await response.text() }
}

/** The site's three feeds, each checked to be a 200. */
export async function readFeeds(app: { request: (path: string) => Response | Promise<Response> }) {
  const [rss, atom, json] = await Promise.all(['/rss.xml', '/atom.xml', '/feed.json'].map((p) => fetchText(app, p)))
  for (const r of [rss!, atom!, json!]) expect(r.response.status, r.response.url).toBe(200)
  return { rss: rss!.body, atom: atom!.body, json: json!.body }
}

/** Every string anywhere inside a parsed JSON value, with its path. */
export function jsonStrings(value: unknown, path = '$'): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  if (Array.isArray(value)) return value.flatMap((v, i) => jsonStrings(v, `${path}[${i}]`))
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => jsonStrings(v, `${path}.${k}`))
  }
  return []
}
