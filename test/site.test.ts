/** Site settings and their environment overrides. */
import { describe, expect, it } from 'vitest'
import { DEFAULT_SITE, loadSiteSettings, SettingsError } from '../src/settings.ts'

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
    ['SITE_CREDIT_WORDING', '{"de": {"locale": "de-DE"}}', /SITE_CREDIT_WORDING.de: expected strings/],
    ['FEED_SETS', 'tags, writers', /FEED_SETS: "writers" is not a kind of feed set; expected a comma-separated list of tags, publications, from/],
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
