/**
 * What the isolation of article text does in a real browser (headless Chromium): with a title,
 * names and a publication that each leave a U+202E or U+2066 open, the words of ours after them
 * are still laid out left to right, in the order they were written.
 */

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileArticles } from '../helpers/bidi.ts'
import { hasChromium, launchChromium } from './browser.ts'

describe.runIf(hasChromium())('article text with direction controls, in a browser', () => {
  let browser: Browser
  let page: Page
  beforeAll(async () => {
    browser = await launchChromium()
    page = await browser.newPage()
  })
  afterAll(() => browser?.close())

  async function show(path: string): Promise<void> {
    const response = await hostileArticles().app.request(path)
    expect(response.status, path).toBe(200)
    await page.setContent(await response.text())
  }

  /**
   * The box of each character of `ours`, in a text node under `selector` that is exactly `ours`
   * or else holds it: its top and left edge.
   */
  function edges(selector: string, ours: string): Promise<[number, number][]> {
    return page.evaluate(
      ([selector, ours]) => {
        const root = document.querySelector(selector)
        if (!root) throw new Error(`no ${selector}`)
        const texts: Text[] = []
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text)
        const text = texts.find((t) => t.data === ours) ?? texts.find((t) => t.data.includes(ours))
        if (!text) throw new Error(`no text "${ours}" under ${selector}`)
        const at = text.data.indexOf(ours)
        return Array.from({ length: ours.length }, (_, i) => {
          const range = document.createRange()
          range.setStart(text, at + i)
          range.setEnd(text, at + i + 1)
          const box = range.getBoundingClientRect()
          return [box.top, box.left] as [number, number]
        })
      },
      [selector, ours] as const,
    )
  }

  /** Laid out left to right in the order written: each character right of the one before, or on a later line. */
  const inOrder = (boxes: [number, number][]) =>
    boxes.every(([top, left], i) => {
      if (i === 0) return true
      const [previousTop, previousLeft] = boxes[i - 1]!
      return top > previousTop + 1 || (Math.abs(top - previousTop) <= 1 && left > previousLeft)
    })

  it('keeps the credit line and a listing’s attribution line in order after the names', async () => {
    await show('/articles/hostile')
    // After the original title, whose stray PDI would close the <bdi> around it (the title is
    // balanced first); after the publication, which leaves an override open; after the author's
    // open isolate.
    expect(inOrder(await edges('.bylines-credit', ' by '))).toBe(true)
    expect(inOrder(await edges('.bylines-credit', ', 22 September 2019.'))).toBe(true)
    // On the home page, the card's line of sets: after the publication's open override.
    await show('/')
    expect(inOrder(await edges('.attribution', ' · '))).toBe(true)
  })

  it('keeps a set’s description in order after its name', async () => {
    await show('/publications/le-monde/')
    expect(inOrder(await edges('.lede', ', translated.'))).toBe(true)
  })
})
