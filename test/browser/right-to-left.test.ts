/**
 * Right-to-left pages in a real browser (headless Chromium): an Arabic article is laid out from
 * the right, bullets and the credit block's rule included; an Arabic title listed on an English
 * page runs right to left in its own element while the page stays left to right.
 */

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARABIC_TITLE, arabicArticles, withArabicCredit } from '../helpers/arabic.ts'
import { hasChromium, launchChromium } from './browser.ts'

describe.runIf(hasChromium())('right-to-left pages, in a browser', () => {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  })
  afterAll(() => browser?.close())

  async function show(path: string, app = arabicArticles().app): Promise<void> {
    const response = await app.request(path)
    expect(response.status, path).toBe(200)
    await page.setContent(await response.text())
  }

  /** Left and right edges: of an element's box, or of the text inside it (`text`). */
  function edges(selector: string, text = false): Promise<{ left: number; right: number }> {
    return page.evaluate(
      ([selector, text]) => {
        const element = document.querySelector(selector)
        if (!element) throw new Error(`no ${selector}`)
        let box: DOMRect
        if (text) {
          const range = document.createRange()
          range.selectNodeContents(element)
          box = range.getBoundingClientRect()
        } else box = element.getBoundingClientRect()
        return { left: box.left, right: box.right }
      },
      [selector, text] as const,
    )
  }

  const computed = (selector: string, property: string) =>
    page.evaluate(([selector, property]) => getComputedStyle(document.querySelector(selector)!).getPropertyValue(property), [
      selector,
      property,
    ] as const)

  it('lays an Arabic article out from the right: its text, its bullets, its credit block', async () => {
    await show('/articles/qitarat', arabicArticles(withArabicCredit()).app)
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    expect(await computed('body', 'direction')).toBe('rtl')
    // A short paragraph of the body (the one before the list) ends at the article's right edge,
    // far from its left.
    const article = await edges('article')
    const paragraph = await edges('article > p:has(+ ul)', true)
    expect(Math.abs(paragraph.right - article.right)).toBeLessThan(2)
    expect(paragraph.left - article.left).toBeGreaterThan(100)
    // The list is indented from the right, where its bullets are; flush on the left.
    const list = await edges('article ul')
    const item = await edges('article ul > li')
    expect(list.right - item.right).toBeGreaterThan(20)
    expect(Math.abs(item.left - list.left)).toBeLessThan(2)
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('article ul > li')!).listStylePosition)).toBe('outside')
    // The credit block, in Arabic: its rule on the right, its text from the right.
    expect(await computed('.bylines-credit', 'direction')).toBe('rtl')
    expect([await computed('.bylines-credit', 'border-right-width'), await computed('.bylines-credit', 'border-left-width')]).toEqual([
      '4px',
      '0px',
    ])
    expect([await computed('.bylines-credit', 'padding-right'), await computed('.bylines-credit', 'padding-left')]).toEqual([
      '16px',
      '16px',
    ])
    // The English sibling's link, inside the Arabic page, runs left to right.
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('.translations a')].map((a) => [a.getAttribute('lang'), getComputedStyle(a).direction]),
      ),
    ).toEqual([['en', 'ltr']])
  })

  it('credits a Persian article in English, left to right, as the site has no Persian words', async () => {
    await show('/articles/qitarat', arabicArticles(undefined, 'fa').app)
    expect(await computed('body', 'direction')).toBe('rtl')
    expect(
      await page.evaluate(() => [
        document.querySelector('.bylines-credit')!.getAttribute('lang'),
        getComputedStyle(document.querySelector('.bylines-credit')!).direction,
      ]),
    ).toEqual(['en-GB', 'ltr'])
    expect(await computed('.bylines-credit', 'border-left-width')).toBe('4px')
  })

  it('runs an Arabic title right to left on an English home page, which stays left to right', async () => {
    await show('/')
    expect(await page.evaluate(() => document.documentElement.hasAttribute('dir'))).toBe(false)
    expect(await computed('body', 'direction')).toBe('ltr')
    // A card's headline and summary are the article's; its attribution line and date, the site's.
    const entries = await page.evaluate(() =>
      [...document.querySelectorAll('.cards h2')].map((h2) => ({
        title: h2.textContent,
        lang: h2.getAttribute('lang'),
        dir: h2.getAttribute('dir'),
        direction: getComputedStyle(h2).direction,
      })),
    )
    expect(entries).toEqual([
      { title: ARABIC_TITLE, lang: 'ar', dir: 'rtl', direction: 'rtl' },
      { title: 'Night trains return to Europe', lang: null, dir: null, direction: 'ltr' },
    ])
    expect(await computed('.card:first-child .attribution', 'direction')).toBe('ltr')
    // The Arabic headline ends at its card's right edge; the English one starts at its left.
    const arabicCard = await edges('.card:first-child h2')
    const englishCard = await edges('.card:last-child h2')
    const arabic = await edges('.card:first-child h2 a', true)
    const english = await edges('.card:last-child h2 a', true)
    expect(Math.abs(arabic.right - arabicCard.right)).toBeLessThan(2)
    expect(Math.abs(english.left - englishCard.left)).toBeLessThan(2)
  })

  it('names the Arabic translation right to left in “Also in” on the English article', async () => {
    await show('/articles/night-trains')
    expect(
      await page.evaluate(() =>
        [...document.querySelectorAll('.translations a')].map((a) => [
          a.textContent,
          a.getAttribute('lang'),
          getComputedStyle(a).direction,
        ]),
      ),
    ).toEqual([['العربية', 'ar', 'rtl']])
  })
})
