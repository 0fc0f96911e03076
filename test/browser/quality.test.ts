/**
 * Measured quality, in Debian's Chromium (issue 20): Lighthouse 12 on a phone scores at least
 * 0.95 in performance, accessibility, best practices and SEO on the home page, an article, a tag
 * page and /feeds (performance is the best of up to three runs, as a busy machine slows a run:
 * see bestLighthouseRun); axe-core finds no WCAG 2.1 A/AA violation on any kind of page, light or
 * dark. The scores are printed as a table. With UPDATE_SCREENSHOTS=1 it also takes the README's
 * screenshots (docs/screenshots/), which CI never rewrites.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LaunchedChrome } from 'chrome-launcher'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { arabicArticleFiles } from '../helpers/arabic.ts'
import { REPO } from '../helpers/built-site.ts'
import {
  axeViolations,
  bestLighthouseRun,
  formatScoreTable,
  LIGHTHOUSE_CATEGORIES,
  type LighthouseScores,
  launchChromiumForLighthouse,
  lowContrastText,
} from './audits.ts'
import { hasChromium, launchChromium, type ServedSite, serveBundledSite } from './browser.ts'

/** Issue 20's bar, for every Lighthouse category on every page measured. */
const BAR = 0.95

const ARTICLE = '/articles/night-trains-quiet-return'
const UKRAINIAN_ARTICLE = '/articles/nichni-potiahy-povertaiutsia'

/** The pages Lighthouse measures, all on the bundled site. */
const LIGHTHOUSE_PAGES = [
  { name: 'home', path: '/' },
  { name: 'article', path: ARTICLE },
  { name: 'tag page', path: '/tags/rail/' },
  { name: 'feeds', path: '/feeds' },
]

/** A page axe checks: on the bundled site, or on the one with an Arabic article and archives. */
interface AxeCase {
  name: string
  path: string
  site: 'bundled' | 'extended'
  status?: number
  /** What a reader does before the page is checked. */
  prepare?: (page: Page) => Promise<void>
}

/** Every kind of page the site has, each once (the set pages share one template). */
const AXE_PAGES: AxeCase[] = [
  { name: 'home', path: '/', site: 'bundled' },
  { name: 'article', path: ARTICLE, site: 'bundled' },
  { name: 'Ukrainian article', path: UKRAINIAN_ARTICLE, site: 'bundled' },
  { name: 'Arabic article', path: '/articles/qitarat', site: 'extended' },
  // A set page, with what its subscribe section folds away shown: axe skips what is hidden.
  { name: 'tag page, its subscribe section opened', path: '/tags/rail/#subscribe', site: 'bundled', prepare: openSubscribeSection },
  { name: 'archive page', path: '/archive/1/', site: 'extended' },
  { name: 'feeds', path: '/feeds', site: 'bundled' },
  { name: 'RSS feed in the browser', path: '/rss.xml', site: 'bundled' },
  { name: 'Atom feed in the browser', path: '/atom.xml', site: 'bundled' },
  { name: 'extension documentation', path: '/spec/json-feed-translation', site: 'bundled' },
  { name: 'not found', path: '/no-such-page', site: 'bundled', status: 404 },
]

const COLOR_SCHEMES = ['light', 'dark'] as const

/** Everything folded away in the subscribe section, unfolded, as a reader who asks sees it. */
async function openSubscribeSection(page: Page): Promise<void> {
  await page
    .locator('details#subscribe, #subscribe details')
    .evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)))
}

/** The bundled articles, with an Arabic article and its English sibling beside them. */
function articlesWithArabic(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-quality-'))
  cpSync(join(REPO, 'articles'), dir, { recursive: true })
  for (const { file, source } of arabicArticleFiles()) writeFileSync(join(dir, file), source)
  return dir
}

describe.runIf(hasChromium())('measured quality', () => {
  let bundled: ServedSite
  let extended: ServedSite
  let extendedArticles: string

  beforeAll(async () => {
    bundled = await serveBundledSite()
    extendedArticles = articlesWithArabic()
    // Two articles an archive, so that the site has archive pages.
    extended = await serveBundledSite({ ARTICLES_DIR: extendedArticles, ITEMS_PER_FEED: '2' })
  })
  afterAll(async () => {
    await bundled?.close()
    await extended?.close()
    if (extendedArticles) rmSync(extendedArticles, { recursive: true, force: true })
  })

  const urlOf = (path: string, site: ServedSite = bundled) => new URL(path.slice(1), site.url).href

  describe('Lighthouse, mobile', () => {
    let chrome: LaunchedChrome
    const measured: { page: string; result: LighthouseScores }[] = []

    beforeAll(async () => {
      chrome = await launchChromiumForLighthouse()
    })
    afterAll(async () => {
      chrome?.kill()
      if (measured.length > 0)
        console.log(`Lighthouse ${LIGHTHOUSE_CATEGORIES.join(', ')} (at least ${BAR}):\n${formatScoreTable(measured)}`)
    })

    for (const { name, path } of LIGHTHOUSE_PAGES) {
      it(`scores at least ${BAR} in every category on the ${name} (${path})`, async () => {
        const result = await bestLighthouseRun(urlOf(path), chrome.port, BAR)
        measured.push({ page: `${name} ${path}`, result })
        const low = LIGHTHOUSE_CATEGORIES.filter((id) => result.scores[id] < BAR).map((id) => `${id} ${result.scores[id]}`)
        expect(low, `${path}: ${low.join(', ')}\n${result.failures.join('\n')}`).toEqual([])
      })
    }
  })

  describe('axe-core, WCAG 2.1 A and AA', () => {
    let browser: Browser
    const found: string[] = []

    beforeAll(async () => {
      browser = await launchChromium()
    })
    afterAll(async () => {
      await browser?.close()
      if (found.length > 0) console.log(`axe-core violations:\n${found.join('\n')}`)
    })

    for (const colorScheme of COLOR_SCHEMES) {
      describe(colorScheme, () => {
        // One tab for every page: a new context costs more than the check itself.
        let page: Page
        beforeAll(async () => {
          page = await browser.newPage({ colorScheme })
        })

        for (const { name, path, site, status = 200, prepare } of AXE_PAGES) {
          it(`finds no violation on the ${name} (${path})`, async () => {
            const response = await page.goto(urlOf(path, site === 'bundled' ? bundled : extended))
            expect(response?.status(), path).toBe(status)
            await prepare?.(page)
            const violations = await axeViolations(page)
            // axe-core judges HTML elements only: in a feed, what CSS shows is measured here.
            if ((await page.evaluate(() => document.contentType)) !== 'text/html') violations.push(...(await lowContrastText(page)))
            found.push(...violations.map((violation) => `${path} (${colorScheme}): ${violation}`))
            expect(violations, `${path}, ${colorScheme}`).toEqual([])
          })
        }
      })
    }
  })

  describe.runIf(process.env.UPDATE_SCREENSHOTS)('screenshots for the README', () => {
    let browser: Browser
    const folder = join(REPO, 'docs', 'screenshots')

    beforeAll(async () => {
      browser = await launchChromium()
      mkdirSync(folder, { recursive: true })
    })
    afterAll(() => browser?.close())

    const shots = [
      { name: 'home', path: '/' },
      { name: 'article', path: ARTICLE },
    ]
    const screens = [
      { suffix: '', viewport: { width: 1280, height: 800 } },
      { suffix: '-mobile', viewport: { width: 390, height: 844 } },
    ]
    for (const { name, path } of shots) {
      for (const colorScheme of COLOR_SCHEMES) {
        it(`takes the ${name} page, ${colorScheme}`, async () => {
          for (const { suffix, viewport } of screens) {
            const context = await browser.newContext({ colorScheme, viewport })
            const page = await context.newPage()
            await page.goto(urlOf(path))
            await page.screenshot({ path: join(folder, `${name}-${colorScheme}${suffix}.png`) })
            await context.close()
          }
        })
      }
    }
  })
})
