/**
 * The site as a reader sees it in Chromium: a designed theme (no browser-default links, cards
 * with the picture and the attribution, one credit block on the article page, dark mode), and
 * pages that speak their language: a Ukrainian or Arabic article shows none of the English
 * catalogue's words and no English month names.
 */

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { en } from '../../src/i18n/catalogues/en.ts'
import { CATALOGUES } from '../../src/i18n/catalogues/index.ts'
import { placeholdersOf } from '../../src/i18n/fill.ts'
import { arabicArticles, withArabicCredit } from '../helpers/arabic.ts'
import { hasChromium, launchChromium, type ServedSite, serveBundledSite, visibleText } from './browser.ts'

const run = hasChromium()

/** Relative luminance (WCAG 2.1) of a CSS `rgb()` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}

/**
 * The English catalogue's own words: each template's literal parts (placeholders cut out), of
 * four letters or more, but for names every catalogue writes the same ("NetNewsWire").
 */
function englishPhrases(): string[] {
  const others = Object.entries(CATALOGUES)
    .filter(([tag]) => tag !== 'en')
    .map(([, messages]) => JSON.stringify(messages))
  const phrases = new Set<string>()
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      let rest = value
      for (const name of placeholdersOf(value)) rest = rest.replace(`{${name}}`, '\u0000')
      for (const part of rest.split('\u0000')) {
        const phrase = part.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '')
        if (/[A-Za-z]{4}/.test(phrase) && !others.every((other) => other.includes(phrase))) phrases.add(phrase)
      }
    } else if (value && typeof value === 'object') Object.values(value).forEach(visit)
  }
  const { locale: _, ...messages } = en
  visit(messages)
  return [...phrases]
}

const ENGLISH_MONTHS = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/

describe.runIf(run)('the designed site, in a browser', () => {
  let browser: Browser
  let served: ServedSite
  beforeAll(async () => {
    served = await serveBundledSite()
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.close()
  })

  async function open(path: string, colorScheme: 'light' | 'dark' = 'light', width = 1280): Promise<Page> {
    const page = await browser.newPage({ colorScheme, viewport: { width, height: 900 } })
    expect((await page.goto(`${served.url}${path.replace(/^\//, '')}`))?.status(), path).toBe(200)
    return page
  }

  it('colours links by its theme, not the browser’s default blue and purple', async () => {
    const page = await open('/articles/night-trains-quiet-return')
    const colours = await page.locator('main a').evaluateAll((links) => [...new Set(links.map((a) => getComputedStyle(a).color))])
    expect(colours.length).toBeGreaterThan(0)
    for (const colour of colours) expect(['rgb(0, 0, 238)', 'rgb(85, 26, 139)']).not.toContain(colour)
    await page.close()
  })

  it('lists the night trains on the home page as a card: its picture, publication and translator', async () => {
    for (const width of [1280, 390]) {
      const page = await open('/', 'light', width)
      const card = page.locator('.card', { has: page.getByRole('link', { name: 'The quiet return of the night trains' }) })
      const picture = card.locator('img')
      expect(await picture.getAttribute('src')).toMatch(/night-train-platform/)
      // Decoded and shown, its place reserved by its size.
      expect(await picture.evaluate((img) => (img as HTMLImageElement).naturalWidth > 0 && img.getBoundingClientRect().height > 50)).toBe(
        true,
      )
      expect(await picture.getAttribute('width')).not.toBeNull()
      const attribution = await card.locator('.attribution').innerText()
      expect(attribution).toContain('Translated from German')
      expect(attribution).toContain('Beispielstädter Abendpost')
      expect(attribution).toContain('Marta Kowalenko')
      // The summary is clamped to a few lines.
      const lines = await card
        .locator('.summary')
        .evaluate((p) => p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight))
      expect(lines).toBeLessThanOrEqual(3.05)
      await page.close()
    }
  })

  it('names an article’s translator once, in the credit block above the picture', async () => {
    const page = await open('/articles/night-trains-quiet-return')
    const text = (await visibleText(page)).join('\n')
    expect(text.split('Marta Kowalenko').length - 1).toBe(1)
    const credit = await page.locator('.bylines-credit').boundingBox()
    const figure = await page.locator('article figure').boundingBox()
    expect(credit!.y + credit!.height).toBeLessThanOrEqual(figure!.y)
    await page.close()
  })

  it('turns dark with the reader’s preference: a dark background, light text, on every kind of page', async () => {
    for (const path of ['/', '/articles/night-trains-quiet-return', '/tags/rail/', '/feeds']) {
      const light = await open(path, 'light')
      const dark = await open(path, 'dark')
      const colours = (page: Page) =>
        page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color])
      const [lightBackground, lightText] = await colours(light)
      const [darkBackground, darkText] = await colours(dark)
      expect(luminance(lightBackground!), path).toBeGreaterThan(0.9)
      expect(luminance(lightText!), path).toBeLessThan(0.05)
      expect(luminance(darkBackground!), path).toBeLessThan(0.02)
      expect(luminance(darkText!), path).toBeGreaterThan(0.7)
      await light.close()
      await dark.close()
    }
  })

  it('shows a Ukrainian article with no English words of ours and no English month names', async () => {
    const page = await open('/articles/nichni-potiahy-povertaiutsia')
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk')
    const text = (await visibleText(page, { pageLanguageOnly: true })).join('\n')
    for (const phrase of englishPhrases()) expect(text, phrase).not.toContain(phrase)
    expect(text).not.toMatch(ENGLISH_MONTHS)
    // Its date, in Ukrainian.
    expect(await page.locator('article > .meta time').first().innerText()).toMatch(/^\d{1,2} [а-яіїєґ]+ \d{4} р\.$/)
    await page.close()
  })

  it('prints without the site’s chrome: no navigation, subscribe section or footer feeds', async () => {
    const page = await open('/')
    await page.emulateMedia({ media: 'print' })
    for (const selector of ['.site-nav', '#subscribe', '.site-footer .feeds']) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false)
    }
    await page.close()
  })
})

describe.runIf(run)('an Arabic article, in a browser', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(() => browser?.close())

  it('shows no English words of ours and no English month names', async () => {
    const page = await browser.newPage()
    const response = await arabicArticles(withArabicCredit()).app.request('/articles/qitarat')
    await page.setContent(await response.text())
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    const text = (await visibleText(page, { pageLanguageOnly: true })).join('\n')
    for (const phrase of englishPhrases()) expect(text, phrase).not.toContain(phrase)
    expect(text).not.toMatch(ENGLISH_MONTHS)
    await page.close()
  })
})
