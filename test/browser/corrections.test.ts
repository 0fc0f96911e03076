/**
 * A corrected article as a reader sees it in Chromium: "Updated" beside the date, and the
 * correction as a note, named as one to assistive technology, after the credit line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleFile, fullTranslation } from '../helpers/fixtures.ts'
import { hasChromium, launchChromium, type ServedSite, serveBundledSite } from './browser.ts'

const TEXT = 'An earlier version of this article gave the wrong rank for General <Dupont>.'

describe.runIf(hasChromium())('a corrected article in a browser', () => {
  let browser: Browser
  let served: ServedSite

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-corrected-'))
    const fields = fullTranslation({ slug: 'corrected', updated: undefined, corrections: [{ date: '2019-09-25 09:30', text: TEXT }] })
    writeFileSync(join(dir, 'corrected.md'), articleFile(fields))
    served = await serveBundledSite({ ARTICLES_DIR: dir, SITE_TIME_ZONE: 'Europe/Kyiv' })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.close()
  })

  it('shows "Updated" with the date, and the notice after the credit line', async () => {
    const page = await browser.newPage()
    expect((await page.goto(`${served.url}articles/corrected`))?.status()).toBe(200)
    const meta = page.locator('article > p.meta').first()
    await expect.poll(() => meta.innerText()).toContain('Updated 25 September 2019')

    const note = page.getByRole('note', { name: 'Corrections' })
    expect(await note.count()).toBe(1)
    expect(await note.isVisible()).toBe(true)
    expect((await note.innerText()).replace(/\s+/g, ' ').trim()).toBe(`Correction, 25 September 2019: ${TEXT}`)
    expect(await note.locator('time').getAttribute('datetime')).toBe('2019-09-25T09:30:00+03:00')
    // Below the credit line, above the body.
    const top = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => e.getBoundingClientRect().top)
    expect(await top('aside[role="note"]')).toBeGreaterThan(await top('.bylines-credit'))
    expect(await top('article > p:has-text("A first paragraph.")')).toBeGreaterThan(await top('aside[role="note"]'))

    const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!)
    expect(ld.dateModified).toBe('2019-09-25T09:30:00+03:00')
    expect(ld.correction).toEqual([{ '@type': 'CorrectionComment', text: TEXT, datePublished: '2019-09-25T09:30:00+03:00' }])
    await page.close()
  })

  it('shows the notice in the JSON Feed item a reader fetches', async () => {
    const feed = (await (await fetch(`${served.url}feed.json`)).json()) as {
      items: { url: string; content_html: string; date_modified: string }[]
    }
    const item = feed.items.find((i) => i.url.endsWith('/articles/corrected'))!
    expect(item.date_modified).toBe('2019-09-25T09:30:00+03:00')
    const page = await browser.newPage()
    await page.setContent(item.content_html)
    expect((await page.getByRole('note', { name: 'Corrections' }).innerText()).replace(/\s+/g, ' ').trim()).toBe(
      `Correction, 25 September 2019: ${TEXT}`,
    )
    await page.close()
  })
})
