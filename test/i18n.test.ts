/**
 * The site's words: every built-in catalogue complete and consistent with English, plurals and
 * dates through Intl, a newsroom's `[messages.{tag}]` laid over them key by key (or adding a
 * language), and a wrong key or placeholder stopping start-up with its path.
 */
import { describe, expect, it } from 'vitest'
import { en } from '../src/i18n/catalogues/en.ts'
import { CATALOGUES } from '../src/i18n/catalogues/index.ts'
import { placeholdersOf } from '../src/i18n/fill.ts'
import { wordsFor } from '../src/i18n/words.ts'
import { resolveSettings } from '../src/settings/resolve.ts'
import { parseSettingsFile } from '../src/settings/settings-file.ts'
import { SettingsError } from '../src/settings/values.ts'
import { arabicArticles, arabicSite } from './helpers/arabic.ts'
import { appFor, articleFile, fetchText, fullTranslation, makeSite } from './helpers/fixtures.ts'

const settings = (toml: string) => resolveSettings({ file: parseSettingsFile('bylines.toml', toml) })

/** Every template of a catalogue, by its dotted path: `listing.readingTime.one`. */
function templates(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]]
  return Object.entries(value as object).flatMap(([key, inner]) => templates(inner, path ? `${path}.${key}` : key))
}

describe('the built-in catalogues', () => {
  const english = new Map(templates(en))

  it.each(Object.keys(CATALOGUES).filter((tag) => tag !== 'en'))(
    '%s uses, in each template, only the placeholders the English one does',
    (tag) => {
      for (const [path, template] of templates(CATALOGUES[tag])) {
        if (path === 'locale') continue
        // A plural's forms answer to the English `other`.
        const base = english.get(path) ?? english.get(path.replace(/\.(zero|one|two|few|many)$/, '.other'))
        expect(base, `${tag} ${path}`).toBeDefined()
        expect(
          placeholdersOf(template).filter((name) => !placeholdersOf(base!).includes(name)),
          `${tag} ${path}`,
        ).toEqual([])
      }
    },
  )
})

describe('words through Intl', () => {
  const site = makeSite()

  it('chooses the plural form by each language’s rules', () => {
    const uk = wordsFor('uk', site)
    expect([1, 2, 5, 21, 22, 25].map((n) => uk.plural(uk.messages.feeds.articles, n))).toEqual([
      '1 стаття',
      '2 статті',
      '5 статей',
      '21 стаття',
      '22 статті',
      '25 статей',
    ])
    const ar = wordsFor('ar', site)
    // Digits as ICU writes Arabic numbers (Latin in Node 20's CLDR, Arabic-Indic in some others).
    const n = (value: number) => new Intl.NumberFormat('ar').format(value)
    expect([0, 1, 2, 3, 11, 100].map((count) => ar.plural(ar.messages.feeds.articles, count))).toEqual([
      'لا مقالات',
      'مقالة واحدة',
      'مقالتان',
      `${n(3)} مقالات`,
      `${n(11)} مقالة`,
      `${n(100)} مقالة`,
    ])
    const english = wordsFor('en', site)
    expect([1, 2, 1500].map((n) => english.plural(english.messages.feeds.articles, n))).toEqual([
      '1 article',
      '2 articles',
      '1,500 articles',
    ])
  })

  it('writes dates, ranges and language names in the language', () => {
    const date = new Date('2026-12-06T10:00:00Z')
    expect(wordsFor('de', site).date(date)).toBe('6. Dezember 2026')
    expect(wordsFor('es', site).languageName('de')).toBe('alemán')
    expect(wordsFor('en', site).dateRange(new Date('2026-03-01T12:00:00Z'), date)).toBe('1 March\u2009–\u20096 December 2026')
  })

  it('finds a regional tag’s language, and falls back to the site’s for a language it has no words for', () => {
    expect(wordsFor('fr-CA', site).messages.page.skip).toBe('Aller au contenu')
    expect(wordsFor('fa', site).language).toBe('en')
    expect(wordsFor('fa', makeSite({ language: 'de' })).messages.page.skip).toBe('Zum Inhalt springen')
  })
})

describe('a page in a language with no words of its own', () => {
  it('marks the words it borrows with their language and direction', async () => {
    const { app } = arabicArticles(arabicSite(), 'fa')
    const { body } = await fetchText(app, '/articles/qitarat')
    expect(body).toContain('<html lang="fa" dir="rtl">')
    expect(body).toMatch(/<a class="skip" href="#content" lang="en-GB" dir="ltr">Skip to content<\/a>/)
    expect(body).toMatch(/<p class="meta" lang="en-GB" dir="ltr"><time [^>]*>4 March 2026<\/time> · 1 min read<\/p>/)
  })
})

describe('[messages.{tag}] in settings', () => {
  it('changes one word of a built-in language, keeping the rest', () => {
    const site = settings('[messages.fr.page]\nskip = "Aller au texte"\n')
    const words = wordsFor('fr', site).messages
    expect(words.page.skip).toBe('Aller au texte')
    expect(words.page.feeds).toBe('Flux')
  })

  it('adds a language, plural forms included, and what it leaves out is English', () => {
    const site = settings(`language = "pl"
[messages.pl]
locale = "pl-PL"
[messages.pl.feeds]
articles = { one = "{count} artykuł", few = "{count} artykuły", many = "{count} artykułów", other = "{count} artykułu" }
title = "Kanały"
`)
    const words = wordsFor('pl', site)
    expect([1, 3, 5].map((n) => words.plural(words.messages.feeds.articles, n))).toEqual(['1 artykuł', '3 artykuły', '5 artykułów'])
    expect(words.date(new Date('2026-12-06T10:00:00Z'))).toBe('6 grudnia 2026')
    expect(words.messages.page.skip).toBe('Skip to content')
  })

  it('replaces a plural whole: a form it leaves out is its own `other`, never English', () => {
    const site = settings('[messages.pl.feeds]\narticles = { other = "{count} artykułów" }\n')
    const words = wordsFor('pl', site)
    expect(words.plural(words.messages.feeds.articles, 1)).toBe('1 artykułów')
  })

  it('[credit.{tag}] words the credit line alone: the page keeps its words, its dates their locale', async () => {
    const site = settings(`language = "fr"
[credit.pl]
locale = "pl-PL"
translatedFrom = "Przetłumaczono z języka: {language}."
translatedFromBy = "Przetłumaczono z języka: {language}. Tłumaczenie: {translators}."
original = "Oryginał: {work}."
by = "autor: {authors}"
`)
    const { app } = appFor([{ file: 'a.md', source: articleFile(fullTranslation({ language: 'pl', slug: 'a' })) }], {
      ...makeSite({ language: 'fr' }),
      credit: site.credit,
    })
    const { body } = await fetchText(app, '/articles/a')
    expect(body).toContain('<p class="bylines-credit">Przetłumaczono z języka: francuski.')
    // The rest of the Polish page, which has no words of its own, is in the site's French.
    expect(body).toContain('Aller au contenu')
    expect(body).not.toContain('Skip to content')
  })

  it('shows on the pages: the Polish site’s /feeds speaks Polish', async () => {
    const site = settings(`language = "pl"\n[messages.pl.feeds]\ntitle = "Kanały"\n`)
    const { app } = appFor([{ file: 'a.md', source: articleFile(fullTranslation({ language: 'pl' })) }], {
      ...makeSite(),
      messages: site.messages,
      language: 'pl',
    })
    const { body } = await fetchText(app, '/feeds')
    expect(body).toContain('<h1>Kanały</h1>')
  })

  it.each([
    ['[messages.fr.page]\nskipp = "x"\n', 'messages.fr: page.skipp: is not a known message; expected one of skip, navigation'],
    [
      '[messages.fr.corrections]\nupdated = "Mis à jour le {dat}"\n',
      'messages.fr: corrections.updated: {dat} is not a placeholder of this message; it may use {date}',
    ],
    [
      '[messages.fr.listing]\nreadingTime = { several = "{count}" }\n',
      'messages.fr: listing.readingTime.several: is not a known message; expected one of zero, one, two, few, many, other',
    ],
    ['[messages.fr]\nlocale = "not a locale"\n', 'messages.fr: locale: "not a locale" is not a BCP 47 locale'],
    ['[messages.fr.page]\nskip = ""\n', 'messages.fr: page.skip: expected non-empty text'],
  ])('stops start-up on %j, saying where and what', (toml, message) => {
    expect(() => settings(toml)).toThrow(SettingsError)
    expect(() => settings(toml)).toThrow(message)
  })
})
