/**
 * Right to left: which languages are written that way, and article text isolated from ours in
 * whichever direction ours runs, in feed titles read by Python's feedparser as a reader reads them.
 */
import { describe, expect, it } from 'vitest'
import { isolateHtml, isolateText } from '../src/text/bidi.ts'
import { languageDirection } from '../src/text/direction.ts'
import { ARABIC_CREDIT, arabicArticles, arabicSite, TRANSLATOR } from './helpers/arabic.ts'
import { FSI, PDI } from './helpers/bidi.ts'
import { parseWithPythonFeedparser } from './helpers/parsers.ts'

describe('the direction of a language', () => {
  it('is right to left for the languages of right-to-left scripts, by their likely script or their own', () => {
    const rtl = [
      'ar',
      'ar-EG',
      'he',
      'iw',
      'fa',
      'ur',
      'ps',
      'sd',
      'ug',
      'yi',
      'dv',
      'ckb',
      'ku-Arab',
      'pa-Arab',
      'syr',
      'nqo',
      'ff-Adlm',
      'rhg',
      'und-Hebr',
    ]
    const ltr = ['en', 'uk', 'fr', 'de', 'ku', 'pa', 'ar-Latn', 'az', 'tr', 'zh-Hant', 'und', 'not a tag']
    expect(rtl.filter((tag) => languageDirection(tag) !== 'rtl')).toEqual([])
    expect(ltr.filter((tag) => languageDirection(tag) !== 'ltr')).toEqual([])
  })
})

describe('isolating article text from ours, in our direction', () => {
  it('isolates a Latin name in right-to-left text, and Arabic in left-to-right text, each only there', () => {
    expect(isolateHtml(TRANSLATOR, 'rtl')).toBe(`<bdi>${TRANSLATOR}</bdi>`)
    expect(isolateHtml(TRANSLATOR, 'ltr')).toBe(TRANSLATOR)
    expect(isolateHtml('قرية', 'rtl')).toBe('قرية')
    expect(isolateHtml('قرية', 'ltr')).toBe('<bdi>قرية</bdi>')
    expect(isolateText(TRANSLATOR, 'rtl')).toBe(`${FSI}${TRANSLATOR}${PDI}`)
    // An original's title isolated with its language says it, and its direction when not ours.
    expect(isolateHtml('عودة', 'ltr', 'ar')).toBe('<bdi lang="ar" dir="rtl">عودة</bdi>')
  })

  it('isolates the names in an Arabic site’s feed titles, as feedparser reads them', async () => {
    const { app } = arabicArticles(arabicSite({ language: 'ar', credit: { ar: ARABIC_CREDIT } }))
    const rss = await (await app.request('/translators/samir-haddad/rss.xml')).text()
    const read = parseWithPythonFeedparser(rss)
    expect(read.bozo).toBeFalsy()
    // Worded in Arabic, the site's language, with the Latin name isolated inside.
    expect(read.feed.title).toBe(`Bylines Test Desk: ترجمة ${FSI}${TRANSLATOR}${PDI}`)
    expect(read.feed.subtitle).toBe(`ترجمات ${FSI}${TRANSLATOR}${PDI}.`)
    const tag = parseWithPythonFeedparser(await (await app.request('/tags/transport/rss.xml')).text())
    expect(tag.feed.title).toBe(`Bylines Test Desk: ${FSI}Transport${PDI}`)
  })

  it('leaves a Latin name in an English site’s feed titles as it was', async () => {
    const { app } = arabicArticles()
    const translator = parseWithPythonFeedparser(await (await app.request('/translators/samir-haddad/atom.xml')).text())
    expect(translator.feed.title).toBe(`Bylines Test Desk: translated by ${TRANSLATOR}`)
  })

  it('says the language and direction of a credit worded in another language than the article', async () => {
    // Persian has no catalogue: its credit is worded in the site's language, English.
    const { app } = arabicArticles(arabicSite(), 'fa')
    const json = (await (await app.request('/feed.json')).json()) as { items: { language: string; content_html: string }[] }
    const arabic = json.items.find((item) => item.language === 'fa')!
    expect(arabic.content_html).toMatch(/^<p class="bylines-credit" lang="en-GB" dir="ltr">Translated from French by Samir Haddad\./)
    const english = json.items.find((item) => item.language === 'en')!
    expect(english.content_html).toMatch(/^<p class="bylines-credit">Translated from French by Jane Doe\./)
  })
})
