/** Known publications (SITE_PUBLICATIONS) in the attribution, and the editorial advice of `check`. */
import { describe, expect, it } from 'vitest'
import { editorialAdvice } from '../src/articles/advice.ts'
import { creditHtml } from '../src/articles/attribution.ts'
import { parseFrontMatter } from '../src/articles/front-matter.ts'
import { parseArticle } from '../src/articles/parse-article.ts'
import { formatProblem } from '../src/articles/problems.ts'
import { loadSiteSettings } from '../src/settings/resolve.ts'
import { DEFAULT_PUBLICATIONS, DEFAULT_SITE } from '../src/settings/schema.ts'
import { SettingsError } from '../src/settings/values.ts'
import { appFor, articleFile, fullTranslation, makeSite } from './helpers/fixtures.ts'

const LE_MONDE = { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed: 'https://www.lemonde.fr/rss/une.xml' }

describe('known publications', () => {
  it('include Le Monde by default, with its home page, feed and language', () => {
    expect(DEFAULT_SITE.publications).toEqual([{ ...LE_MONDE, language: 'fr' }])
  })

  it('are replaced by SITE_PUBLICATIONS, validated', () => {
    const site = loadSiteSettings({
      SITE_PUBLICATIONS: JSON.stringify([{ name: ' Die Zeit ', url: 'https://www.zeit.de', language: 'DE' }, { name: 'Al-Mithal' }]),
    })
    expect(site.publications).toEqual([{ name: 'Die Zeit', url: 'https://www.zeit.de/', language: 'de' }, { name: 'Al-Mithal' }])
  })

  it.each([
    ['{"name": "x"}', 'SITE_PUBLICATIONS: expected a list of {name, url, feed, language}'],
    ['[{"name": "x", "feed": "not a url"}]', 'SITE_PUBLICATIONS[0].feed: "not a url" is not a URL'],
    ['[{"url": "https://x.example/"}]', 'SITE_PUBLICATIONS[0].name: expected a non-empty value'],
    ['[{"name": "x", "lang": "fr"}]', 'SITE_PUBLICATIONS[0].lang: is not a known field'],
    ['[{"name": "x", "language": "French"}]', 'SITE_PUBLICATIONS[0].language: "French" is not a BCP 47 language tag'],
    ['[nope', 'SITE_PUBLICATIONS: expected JSON'],
  ])('refuse %s with a message naming the variable', (value, message) => {
    expect(() => loadSiteSettings({ SITE_PUBLICATIONS: value })).toThrow(SettingsError)
    expect(() => loadSiteSettings({ SITE_PUBLICATIONS: value })).toThrow(message)
  })

  it('give a bare publication name its canonical name, home page and feed', () => {
    const site = makeSite({ publications: DEFAULT_PUBLICATIONS })
    const bare = parseArticle(
      articleFile({ title: 'T', date: '2020-01-01', original: { publication: 'le  monde', language: 'fr' } }),
      'a.md',
      site,
    )
    expect(bare.article?.original?.publication).toEqual(LE_MONDE)
    expect(creditHtml(bare.article!, site)).toBe('Translated from French. Original: <a href="https://www.lemonde.fr/">Le Monde</a>.')
  })

  it('leave a publication written with its own url or feed, and unknown ones, as written', () => {
    const site = makeSite({ publications: DEFAULT_PUBLICATIONS })
    const own = { name: 'Le Monde', url: 'https://www.lemonde.fr/international/' }
    const written = parseArticle(
      articleFile({ title: 'T', date: '2020-01-01', original: { publication: own, language: 'fr' } }),
      'a.md',
      site,
    )
    expect(written.article?.original?.publication).toEqual(own)
    const unknown = parseArticle(
      articleFile({ title: 'T', date: '2020-01-01', original: { publication: 'Die Zeit', language: 'de' } }),
      'a.md',
      site,
    )
    expect(unknown.article?.original?.publication).toEqual({ name: 'Die Zeit' })
  })

  it('give RSS items of a bare "Le Monde" their <source>, and the per-publication feed one set', async () => {
    const site = makeSite({ publications: DEFAULT_PUBLICATIONS })
    const { app } = appFor(
      [
        { file: 'a.md', source: articleFile({ title: 'A', date: '2020-01-01', original: { publication: 'Le Monde', language: 'fr' } }) },
        { file: 'b.md', source: articleFile({ title: 'B', date: '2020-01-02', original: { publication: 'LE MONDE', language: 'fr' } }) },
      ],
      site,
    )
    const rss = await (await app.request('/publications/le-monde/rss.xml')).text()
    expect(rss.match(/<source url="https:\/\/www\.lemonde\.fr\/rss\/une\.xml">Le Monde<\/source>/g)).toHaveLength(2)
  })
})

describe('editorial advice', () => {
  const site = makeSite()
  function adviceOn(files: Record<string, Record<string, unknown>>) {
    const inputs = Object.entries(files).map(([file, fields]) => {
      const source = articleFile(fields)
      const { data, lineOf } = parseFrontMatter(source, file)
      return { article: parseArticle(source, file, site).article!, data, lineOf }
    })
    return editorialAdvice(inputs).map((a) => `${a.severity}: ${formatProblem(a)}`)
  }

  it('has nothing to say about a complete translation', () => {
    expect(adviceOn({ 'full.md': fullTranslation() })).toEqual([])
  })

  it('notes a translation without translator, a non-https original, a missing summary', () => {
    const { translators: _, summary: __, ...rest } = fullTranslation()
    const original = { ...(rest.original as object), url: 'http://www.lemonde.fr/a.html' }
    expect(adviceOn({ 'a.md': { ...rest, original } })).toEqual([
      'advice: a.md:8 translators: none for a translation: add who translated it, the credit line names them',
      'advice: a.md:13 original.url: "http://www.lemonde.fr/a.html" is not https: use the original\'s https address, which readers\' browsers will not warn about',
      'advice: a.md:2 summary: is missing: feeds show the first paragraph instead; a one-paragraph summary reads better',
    ])
  })

  it('notes related titles: one we have an article for, and one readers will see unlinked', () => {
    const related = [{ title: 'Night trains' }, { title: 'A piece elsewhere' }, { title: 'Linked', url: 'https://example.org/' }]
    expect(adviceOn({ 'a.md': fullTranslation({ related }), 'night-trains.md': fullTranslation({ title: 'Night Trains.' }) })).toEqual([
      'advice: a.md:26 related[0]: "Night trains" is our article "night-trains": write its slug to link it',
      'advice: a.md:27 related[1]: "A piece elsewhere" matches none of our articles and has no url: readers see it unlinked',
    ])
  })
})
