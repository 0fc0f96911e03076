/**
 * The real `articles/` folder, kept apart from unit tests: every article valid, the reference
 * article faithful to the copy the newsroom received, and the bundled feeds readable by every
 * parser we test with.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildCollection } from '../../src/articles/collection.ts'
import { readArticleSources } from '../../src/content/read-articles.ts'
import { DEFAULT_SITE } from '../../src/settings/schema.ts'
import { renderedApp } from '../helpers/fixtures.ts'
import { assertWellFormedXml, jsonFeedSchemaErrors, parseWithPythonFeedparser, validateAtomWithJing } from '../helpers/parsers.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const site = { ...DEFAULT_SITE, url: 'https://bylines.example/' }
const collection = buildCollection(await readArticleSources(join(ROOT, 'articles')), site)
const reference = collection.articles.find((a) => a.slug === 'france-russia-military-dialogue')

describe('bundled articles', () => {
  it('are all valid, with no warnings', () => {
    expect(collection.problems).toEqual([])
    expect(collection.articles.length).toBeGreaterThanOrEqual(4)
  })

  it('exercise the format: a full translation, own reporting, another language', () => {
    expect(collection.articles.some((a) => a.original?.url && a.original.title && a.translators.length > 0)).toBe(true)
    expect(collection.articles.some((a) => !a.original && a.authors.length > 0)).toBe(true)
    expect(collection.articles.some((a) => a.language !== 'en')).toBe(true)
  })

  it('serve feeds that every parser reads', async () => {
    const app = renderedApp({ content: collection, site })
    const rss = await (await app.request('/rss.xml')).text()
    const atom = await (await app.request('/atom.xml')).text()
    const json = JSON.parse(await (await app.request('/feed.json')).text())
    assertWellFormedXml(rss)
    assertWellFormedXml(atom)
    expect(validateAtomWithJing(atom)).toBe('')
    expect(jsonFeedSchemaErrors(json)).toEqual([])
    for (const body of [rss, atom]) {
      const parsed = parseWithPythonFeedparser(body)
      expect(parsed.bozo_exception).toBe('')
      expect(parsed.entries).toHaveLength(collection.articles.length)
    }
  })
})

describe('the reference article (Le Monde, 23 September 2019)', () => {
  const seedBody = readFileSync(join(ROOT, 'articles', 'france-russia-military-dialogue.md'), 'utf8').split(/^---$/m)[2] ?? ''

  it('has its title, its time in the site’s zone and its standfirst as summary', () => {
    expect(reference?.title).toBe('Ukrainian war no longer obstacle to France-Russia military alliance?')
    expect(reference?.date.toISOString()).toBe('2019-09-23T19:11:00.000Z')
    expect(reference?.summary).toBe(
      'French generals are aware of the risks associated with the ambiguity of Russian position in military sphere, but recognize the importance of such relations when the armies are next to each other on the same territory',
    )
  })

  it('credits Le Monde, in French, and invents nothing the text does not say', () => {
    expect(reference?.original).toEqual({
      // Home page and feed from the site's known publications (SITE_PUBLICATIONS), not the text.
      publication: { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed: 'https://www.lemonde.fr/rss/une.xml' },
      language: 'fr',
      authors: [],
      url: undefined,
      title: undefined,
      date: undefined,
    })
    expect(reference?.translators).toEqual([])
    expect(reference?.image).toBeUndefined()
  })

  it('moves the Related teasers into related, as titles', () => {
    expect(reference?.related).toEqual([
      { title: 'Trump-Zelensky call: where all this is going to?' },
      { title: 'Ukraine officially refuses from participation in PACE autumn session' },
    ])
  })

  it('keeps the body and drops boilerplate, the original-article line and the photo caption', () => {
    expect(reference?.bodyHtml).toContain('According to our information, the meeting held in the Russian capital on September 9')
    expect(reference?.bodyHtml).toContain('put an end to mutual cooperation on ramjet engines')
    for (const gone of [
      'Related:',
      'Read the original article',
      'Orphus',
      'If you find an error',
      'see more',
      'Vladimir Putin and Emmanuel Macron',
      'Author :',
      'Source :',
      '22:11',
    ]) {
      expect(seedBody, gone).not.toContain(gone)
    }
  })
})
