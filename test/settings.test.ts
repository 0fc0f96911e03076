/** Site settings: the settings file, its environment overrides, one schema, errors that say where. */

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SETTINGS_VARIABLES } from '../src/settings/environment.ts'
import { loadSiteSettings, resolveSettings } from '../src/settings/resolve.ts'
import { DEFAULT_SITE, type SiteSettings } from '../src/settings/schema.ts'
import { parseSettingsFile } from '../src/settings/settings-file.ts'
import { lineOf } from '../src/settings/toml-lines.ts'
import { SettingsError } from '../src/settings/values.ts'
import { appFor, articleFile } from './helpers/fixtures.ts'
import { parseJsonFeedWithFeedsmith, parseWithFeedParser } from './helpers/parsers.ts'

describe('site settings', () => {
  it('are the documented defaults without overrides', () => {
    expect(loadSiteSettings({})).toEqual(DEFAULT_SITE)
  })

  it('take overrides from the environment, normalising the site URL', () => {
    const site = loadSiteSettings({
      SITE_URL: 'https://news.example.org/translations',
      ARTICLES_DIR: 'elsewhere',
      SITE_TITLE: 'Other desk',
      SITE_LANGUAGE: 'en-gb',
      SITE_TIME_ZONE: 'America/New_York',
      ITEMS_PER_FEED: '20',
      SITE_AUTHOR: 'Desk',
      SITE_AUTHOR_URL: 'https://news.example.org/desk',
    })
    expect(site).toMatchObject({
      url: 'https://news.example.org/translations/',
      articlesDir: 'elsewhere',
      title: 'Other desk',
      language: 'en-GB',
      timeZone: 'America/New_York',
      itemsPerFeed: 20,
      defaultAuthor: { name: 'Desk', url: 'https://news.example.org/desk' },
    })
  })

  it.each([
    ['SITE_URL', 'news.example.org', /SITE_URL: "news.example.org" is not a URL/],
    ['SITE_URL', 'ftp://news.example.org/', /is not http\(s\)/],
    ['SITE_TIME_ZONE', 'Mars/Olympus', /not an IANA time zone/],
    ['ITEMS_PER_FEED', '0', /not a positive whole number/],
    ['SITE_LANGUAGE', 'english language', /not a BCP 47 language tag/],
    ['SITE_CREDIT_WORDING', '{"de": {"locale": "de-DE"}}', /SITE_CREDIT_WORDING.de.translatedFrom: expected a non-empty value/],
    ['FEED_SETS', 'tags, writers', /FEED_SETS\[1\]: "writers" is not a kind of feed set; expected tags, publications, from/],
  ])('refuse a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadSiteSettings({ [name]: value })).toThrow(SettingsError)
    expect(() => loadSiteSettings({ [name]: value })).toThrow(message)
  })
})

describe('credit wording locale', () => {
  it('is checked when settings load, not when a feed is rendered', () => {
    const wording = (locale: string) =>
      JSON.stringify({ de: { locale, translatedFrom: 'a', translatedFromBy: 'b', original: 'c', by: 'd' } })
    expect(() => loadSiteSettings({ SITE_CREDIT_WORDING: wording('en_GB') })).toThrow(/SITE_CREDIT_WORDING.de.locale/)
    expect(loadSiteSettings({ SITE_CREDIT_WORDING: wording('de-DE') }).credit.de?.locale).toBe('de-DE')
  })
})

describe('the settings file', () => {
  const REPO = join(import.meta.dirname, '..')
  const file = (text: string) => parseSettingsFile('site.toml', text)

  it('the bundled bylines.toml gives the documented defaults, and the sample site its pictures', () => {
    expect(resolveSettings({ file: parseSettingsFile('bylines.toml', readFileSync(join(REPO, 'bylines.toml'), 'utf8')) })).toEqual({
      ...DEFAULT_SITE,
      icon: '/icon.png',
      favicon: '/favicon.ico',
      logo: '/logo.png',
    })
  })

  it('is read, and the environment overrides it setting by setting', () => {
    const site = resolveSettings({
      file: file(
        'title = "Desk"\nurl = "https://news.example.org"\n[cache]\nmaxAge = 60\n[defaultAuthor]\nname = "Desk"\nurl = "https://news.example.org/desk"\n',
      ),
      env: { CACHE_MAX_AGE: '120', SITE_AUTHOR: 'Night desk' },
    })
    expect(site).toMatchObject({
      title: 'Desk',
      url: 'https://news.example.org/',
      cache: { maxAge: 120, staleWhileRevalidate: 86_400, archiveMaxAge: 2_592_000 },
      defaultAuthor: { name: 'Night desk', url: 'https://news.example.org/desk' },
    })
  })

  it('takes the local address as the site URL when neither the file nor the environment gives one', () => {
    expect(resolveSettings({ file: file('title = "Desk"\n'), localUrl: 'http://localhost:4000/' }).url).toBe('http://localhost:4000/')
  })

  it('reports every problem at once, each with its file and line, or its variable', () => {
    const text = 'title = ""\n\n[cache]\nmaxAge = 0\n\n[[publications]]\nname = "A"\n\n[[publications]]\nname = "B"\nfeed = "nope"\n'
    let message = ''
    try {
      resolveSettings({ file: file(text), env: { SITE_TIME_ZONE: 'Mars/Olympus' } })
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError)
      message = (error as Error).message
    }
    expect(message.split('\n').sort()).toEqual([
      'SITE_TIME_ZONE: "Mars/Olympus" is not an IANA time zone, e.g. "Europe/Kyiv"',
      'site.toml:1 title: expected a non-empty value',
      'site.toml:11 publications[1].feed: "nope" is not a URL; expected an absolute http(s) URL',
      'site.toml:4 cache.maxAge: 0 is not a positive whole number',
    ])
  })

  it('checks the Fediverse settings: a handle Mastodon accepts, kinds of feed set, a yes or no', () => {
    const text = '[fediverse]\nenabled = "yes"\nhandle = "The News"\nactors = ["tags", "people"]\n'
    let message = ''
    try {
      resolveSettings({ file: file(text) })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message.split('\n').sort()).toEqual([
      'site.toml:2 fediverse.enabled: "yes" is not true or false',
      'site.toml:3 fediverse.handle: "The News" is not a handle; expected lower-case letters, digits and "_" (a "." or "-" inside), e.g. "news"',
      'site.toml:4 fediverse.actors[1]: "people" is not a kind of feed set; expected tags, publications, from, translators, authors, languages',
    ])
    const good = resolveSettings({
      file: file('[fediverse]\nhandle = "la.redaction"\nactors = ["translators"]\n'),
      env: { FEDIVERSE_ENABLED: 'false' },
    })
    expect(good.fediverse).toEqual({ enabled: false, handle: 'la.redaction', actors: ['translators'], dataDir: 'data' })
  })

  it('finds the line of a setting in tables, lists of tables and dotted keys', () => {
    const text = 'a = 1\ncache.maxAge = 5\n[credit.de]\nlocale = "x"\n[[publications]]\nname = "A"\n[[publications]]\nname = "B"\n'
    expect(lineOf(text, ['cache', 'maxAge'])).toBe(2)
    expect(lineOf(text, ['credit', 'de', 'locale'])).toBe(4)
    expect(lineOf(text, ['credit', 'de', 'by'])).toBe(3)
    expect(lineOf(text, ['publications', 1, 'name'])).toBe(8)
    expect(lineOf(text, ['nowhere'])).toBe(1)
  })

  it('refuses a file that is not TOML, naming the line', () => {
    expect(() => parseSettingsFile('site.toml', 'title = "x"\ntitle = "y"\n')).toThrow(
      /^site\.toml:2 title: title is set twice \(first on line 1\); keep one$/,
    )
    expect(() => parseSettingsFile('site.toml', 'title = "x"\n[cache]\nmaxAge = 1_\n')).toThrow(/^site\.toml:3: not valid TOML: .+/)
  })

  it('every environment variable is documented in the README', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8')
    for (const name of SETTINGS_VARIABLES) expect(readme, name).toContain(`\`${name}\``)
  })
})

describe('the page policy, from the settings', () => {
  const file = (text: string) => parseSettingsFile('site.toml', text)

  it('allows the copy script of the subscribe sections by hash, and the head snippet by hash and by the origins it names', async () => {
    const { pagePolicy } = await import('../src/pages/policy.ts')
    const { createHash } = await import('node:crypto')
    const hash = (script: string) => `'sha256-${createHash('sha256').update(script).digest('base64')}'`
    const bare = resolveSettings({ file: file('url = "https://news.example.org/"\n') })
    expect(pagePolicy(bare)).toMatch(
      /^default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; script-src 'sha256-[\w+/=]+'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    )
    const inline = 'window.dataLayer = window.dataLayer || []'
    const branded = resolveSettings({
      file: file(
        `url = "https://news.example.org/"\nstylesheet = "https://cdn.example.net/brand.css"\n[head]\nhtml = '<script src="https://plausible.io/js/script.js"></script><script>${inline}</script>'\nscriptSources = ["https://plausible.io"]\nconnectSources = ["https://plausible.io"]\n`,
      ),
    })
    const policy = pagePolicy(branded)
    expect(policy).toContain(
      `script-src ${pagePolicy(bare).match(/script-src ('sha256-[^']+')/)![1]} ${hash(inline)} https://plausible.io;`,
    )
    expect(policy).toContain("style-src 'unsafe-inline' https://cdn.example.net;")
    expect(policy).toContain("connect-src 'self' https://plausible.io;")
    expect(pagePolicy(resolveSettings({ file: file('url = "https://news.example.org/"\nstylesheet = "/brand.css"\n') }))).toContain(
      "style-src 'unsafe-inline' 'self';",
    )
    expect(() => resolveSettings({ file: file('[head]\nhtml = ""\nscriptSources = ["https://plausible.io/js/"]\n') })).toThrow(
      /is not an origin/,
    )
  })
})

describe('defaults that name the site', () => {
  const RAIL = 'url = "https://rail.example.org/"\ntitle = "Rail Weekly"\n'
  const settings = (text: string, env: Record<string, string> = {}) => resolveSettings({ file: parseSettingsFile('site.toml', text), env })
  /** An article with no author of its own and no original: the site's default author is credited. */
  const unsigned = { file: 'desk-note.md', source: articleFile({ title: 'A note from the desk', date: '2024-03-01 09:00' }) }

  async function feedsOf(site: SiteSettings) {
    const { app } = appFor([unsigned], site)
    const rss = await parseWithFeedParser(await (await app.request('/rss.xml')).text())
    const json = parseJsonFeedWithFeedsmith(await (await app.request('/feed.json')).text())
    return {
      rights: rss.copyright,
      rssAuthors: rss.items.map((item) => item.authors.map((a) => a.name)),
      jsonAuthors: json.authors?.map((a) => a.name),
      jsonItemAuthors: json.items?.map((item) => item.authors?.map((a) => a.name)),
    }
  }

  it('follow the title when not set', async () => {
    const site = settings(RAIL)
    expect(site.rights).toBe('Translations © Rail Weekly. Originals © their publishers.')
    expect(site.defaultAuthor).toEqual({ name: 'Rail Weekly newsroom' })
    expect(await feedsOf(site)).toEqual({
      rights: 'Translations © Rail Weekly. Originals © their publishers.',
      rssAuthors: [['Rail Weekly newsroom']],
      jsonAuthors: ['Rail Weekly newsroom'],
      jsonItemAuthors: [['Rail Weekly newsroom']],
    })
  })

  it('follow a title given by the environment', () => {
    const site = settings('', { SITE_TITLE: 'Night Desk' })
    expect([site.rights, site.defaultAuthor.name]).toEqual([
      'Translations © Night Desk. Originals © their publishers.',
      'Night Desk newsroom',
    ])
  })

  it('give way to values set in the file or the environment', async () => {
    const site = settings(`${RAIL}rights = "© Rail Weekly Ltd."\n[defaultAuthor]\nname = "The rail desk"\n`)
    expect(await feedsOf(site)).toEqual({
      rights: '© Rail Weekly Ltd.',
      rssAuthors: [['The rail desk']],
      jsonAuthors: ['The rail desk'],
      jsonItemAuthors: [['The rail desk']],
    })
    expect(settings(RAIL, { SITE_AUTHOR: 'Desk', SITE_RIGHTS: 'CC BY 4.0' })).toMatchObject({
      rights: 'CC BY 4.0',
      defaultAuthor: { name: 'Desk' },
    })
  })

  it('keep the derived name when only the author page is set, and no rights when set empty', () => {
    const site = settings(`${RAIL}rights = ""\n[defaultAuthor]\nurl = "https://rail.example.org/about"\n`)
    expect(site.defaultAuthor).toEqual({ name: 'Rail Weekly newsroom', url: 'https://rail.example.org/about' })
    expect(site.rights).toBeUndefined()
  })
})
