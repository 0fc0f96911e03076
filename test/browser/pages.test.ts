/**
 * What a person sees in a real browser (headless Chromium): a feed opened by a click is a readable
 * page with working links, not markup, whose "How to subscribe" leads to the set's page and its
 * subscribe section, and which follows the reader's dark mode; that section's copy buttons work
 * under the page policy; the home page names the site once; and branding settings take effect.
 */

import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, launchChromium, type ServedSite, serveBundledSite, visibleText } from './browser.ts'

const run = hasChromium()

describe.runIf(run)('in a browser', () => {
  let browser: Browser
  let served: ServedSite
  let context: BrowserContext
  /** Content-Security-Policy violations the pages caused: none is expected. */
  const violations: string[] = []

  beforeAll(async () => {
    served = await serveBundledSite()
    browser = await launchChromium()
    context = await browser.newContext()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.url.slice(0, -1) })
  })
  afterAll(async () => {
    await browser?.close()
    await served?.close()
  })

  async function open(path: string): Promise<Page> {
    const page = await context.newPage()
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(`${path}: ${message.text()}`)
    })
    const response = await page.goto(new URL(path.slice(1), served.url).href)
    expect(response?.status(), path).toBe(200)
    return page
  }

  /** A set's newest articles, as its JSON Feed lists them. */
  async function newestTitles(setPath = ''): Promise<string[]> {
    const feed = (await (await fetch(`${served.url}${setPath}feed.json`)).json()) as { items: { title: string }[] }
    return feed.items.map((item) => item.title)
  }

  /** The summaries of the site's newest articles, as its JSON Feed gives them (plain text). */
  async function newestSummaries(): Promise<string[]> {
    const feed = (await (await fetch(`${served.url}feed.json`)).json()) as { items: { summary: string }[] }
    return feed.items.map((item) => item.summary)
  }

  /**
   * What a person who followed "How to subscribe" to a set's page sees: the page, scrolled to its
   * subscribe section, with the set's articles listed above it.
   */
  async function expectSubscribeSectionShown(page: Page, setPath: string): Promise<void> {
    expect(await page.locator('h1').count()).toBe(1)
    const section = page.getByRole('region', { name: 'Subscribe' })
    expect(await section.getAttribute('id')).toBe('subscribe')
    // Scrolled to: the section's heading is in the window, not below the listing.
    await expect
      .poll(() =>
        section.locator('h2').evaluate((h2) => {
          const { top, bottom } = h2.getBoundingClientRect()
          return top >= 0 && bottom <= window.innerHeight
        }),
      )
      .toBe(true)
    const addresses = ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${served.url}${setPath}${file}`)
    expect(await section.locator('dl.addresses input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      addresses,
    )
    // Folded on the page, opened by the link that names it.
    expect(await section.locator('dl.addresses input').first().isVisible()).toBe(true)
    const listed = await page.locator('.cards h2').allTextContents()
    expect(listed).toEqual(await newestTitles(setPath))
  }

  for (const path of ['/rss.xml', '/atom.xml']) {
    it(`shows ${path} as a readable page: the feed's title, a note with working links, each item's title and date, no markup`, async () => {
      const page = await open(path)
      // Rendered as an XML document with its stylesheet, not as text.
      expect(await page.evaluate(() => document.contentType)).toBe('application/xml')
      const text = await visibleText(page)
      expect(text[0]).toBe('bylines')
      expect(text).toContain('The foreign press in English: translated reporting, credited to its source.')
      for (const title of await newestTitles()) expect(text, title).toContain(title)
      // Summaries read as written ("a night's rest", not "a night&#39;s rest").
      for (const summary of await newestSummaries()) expect(text, summary).toContain(summary)
      expect(text.some((t) => /^This is a web feed\./.test(t))).toBe(true)
      // Not shown: markup, ids, URLs as text, the full content's HTML.
      for (const shown of text) {
        expect(shown, path).not.toMatch(/<\/?[a-z][^>]*>|<!\[CDATA\[|^tag:|^urn:|^https?:\/\//)
      }
      // Titles are laid out as headings, not run together: each has a box of its own.
      const box = await page.evaluate(() => {
        const title = document.querySelector('item > title, entry > title')!
        const { width, height } = title.getBoundingClientRect()
        return { width, height, weight: getComputedStyle(title).fontWeight }
      })
      expect(box.height).toBeGreaterThan(15)
      expect(Number(box.weight)).toBeGreaterThanOrEqual(600)

      // The note's links work: "How to subscribe" leads to the home page's subscribe section.
      const links = await page.evaluate(() =>
        Array.from(document.querySelectorAll('a')).map((a) => [a.textContent, a.getAttribute('href')]),
      )
      expect(links).toEqual([
        ['How to subscribe', `${served.url}#subscribe`],
        ['Read it on the site', served.url],
      ])
      await page.getByText('How to subscribe').click()
      await page.waitForURL(`${served.url}#subscribe`)
      // The site's name is the header's heading on the home page, a logo here (alt text).
      expect(await page.locator('h1 img').getAttribute('alt')).toBe('bylines')
      await expectSubscribeSectionShown(page, '')
      await page.close()
    })
  }

  it('shows a feed dark, with light text, to a reader in dark mode', async () => {
    const page = await browser.newPage({ colorScheme: 'dark' })
    await page.goto(`${served.url}rss.xml`)
    const colours = await page.evaluate(() => {
      const channels = (color: string) =>
        color
          .match(/[\d.]+/g)!
          .slice(0, 3)
          .map(Number)
      const style = getComputedStyle(document.querySelector('item > title')!)
      return { background: channels(getComputedStyle(document.documentElement).backgroundColor), text: channels(style.color) }
    })
    for (const channel of colours.background) expect(channel).toBeLessThan(40)
    for (const channel of colours.text) expect(channel).toBeGreaterThan(200)
    await page.close()
  })

  it('a tag’s feed leads to that tag’s page, at its subscribe section', async () => {
    const page = await open('/tags/rail/atom.xml')
    await page.getByText('How to subscribe').click()
    await page.waitForURL(`${served.url}tags/rail/#subscribe`)
    expect(await page.locator('h1').textContent()).toBe('Rail')
    await expectSubscribeSectionShown(page, 'tags/rail/')
    await page.close()
  })

  it('a set page’s subscribe section gives the three addresses, copies each with its button, links to readers, and explains on request', async () => {
    const page = await open('/tags/rail/')
    const section = page.locator('#subscribe')
    const urls = ['rss.xml', 'atom.xml', 'feed.json'].map((file) => `${served.url}tags/rail/${file}`)
    // One line until asked for, so the section does not push the listing down.
    expect(await section.locator('dl.addresses input').first().isVisible()).toBe(false)
    expect((await section.boundingBox())!.height).toBeLessThan(60)
    await section.getByText('Subscribe', { exact: true }).click()
    expect(await section.locator('dl.addresses input').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(
      urls,
    )
    for (const [i, url] of urls.entries()) {
      const button = section.locator('button[data-copy]').nth(i)
      await button.click()
      await expect.poll(() => button.textContent()).toBe('Copied')
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url)
    }
    const readers = await section
      .locator('ul.readers a')
      .evaluateAll((links) => links.map((a) => [a.textContent, (a as HTMLAnchorElement).href]))
    expect(readers).toContainEqual(['Feedly', `https://feedly.com/i/subscription/feed/${encodeURIComponent(urls[0]!)}`])
    expect(readers).toContainEqual(['Inoreader', `https://www.inoreader.com/?add_feed=${encodeURIComponent(urls[0]!)}`])
    expect(readers.find(([name]) => name === 'Your default feed reader')?.[1]).toBe(urls[0]!.replace(/^http:/, 'feed:'))
    expect(await section.locator('ul.readers a').first().isVisible()).toBe(true)
    // What a feed is stays folded away until asked for, so the section does not outweigh the listing.
    const explanation = section.getByText(/^A feed brings you each new article/)
    expect(await explanation.isVisible()).toBe(false)
    await section.getByText('What is a feed?').click()
    expect(await explanation.isVisible()).toBe(true)
    expect(violations).toEqual([])
    await page.close()
  })

  it('the home page names the site once, and leads to the sets', async () => {
    const page = await open('/')
    expect(await page.locator('h1').count()).toBe(1)
    // The logo is the name: its alternative text is the title.
    expect(await page.locator('h1 img').getAttribute('alt')).toBe('bylines')
    const text = await visibleText(page)
    expect(text.filter((t) => t === 'bylines')).toEqual([])
    const browse = await page.locator('nav[aria-label="Browse"] a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))
    expect(browse).toContain(`${served.url}feeds#tags`)
    await page.locator('nav[aria-label="Browse"] a', { hasText: 'tags' }).click()
    await page.waitForURL(`${served.url}feeds#tags`)
    expect(await page.locator('h2#tags').isVisible()).toBe(true)
    await page.close()
  })

  it('an article page links its tags, publication and original language to their pages; a listing, its translators', async () => {
    const page = await open('/articles/night-trains-quiet-return')
    const hrefs = await page.locator('main a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href))
    for (const path of ['tags/rail/', 'publications/beispielstadter-abendpost/', 'from/de/']) {
      expect(hrefs, path).toContain(`${served.url}${path}`)
    }
    await page.getByRole('link', { name: 'Rail', exact: true }).first().click()
    await page.waitForURL(`${served.url}tags/rail/`)
    expect(await page.locator('h1').textContent()).toBe('Rail')
    expect(await page.locator('.eyebrow').textContent()).toBe('Tag')
    await page.getByRole('link', { name: 'Marta Kowalenko', exact: true }).first().click()
    await page.waitForURL(`${served.url}translators/marta-kowalenko/`)
    expect(await page.locator('h1').textContent()).toBe('Marta Kowalenko')
    await page.close()
  })
})

describe.runIf(run)('branding, in a browser', () => {
  let browser: Browser
  let served: ServedSite
  beforeAll(async () => {
    served = await serveBundledSite({
      SITE_NAVIGATION: JSON.stringify([
        { label: 'About us', url: '/about.html' },
        { label: 'Donate', url: 'https://donate.example.org/' },
      ]),
      SITE_FOOTER: 'Made by the night desk.',
      SITE_STYLESHEET: '/brand.css',
      SITE_HEAD_HTML: '<script>document.documentElement.dataset.analytics = "ran"</script><meta name="brand-check" content="present">',
      SITE_LOGO: '/icon.png',
    })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await served?.close()
  })

  it('shows the logo, the navigation and the footer text, loads the stylesheet, and runs the head snippet under the page policy', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => void (/Content Security Policy/i.test(message.text()) && violations.push(message.text())))
    const stylesheets: string[] = []
    page.on('request', (request) => void (request.resourceType() === 'stylesheet' && stylesheets.push(request.url())))
    await page.goto(`${served.url}articles/night-trains-quiet-return`)
    expect(await page.locator('header .brand img').getAttribute('src')).toBe(`${served.url}icon.png`)
    expect(
      await page.locator('header nav a').evaluateAll((links) => links.map((a) => [a.textContent, (a as HTMLAnchorElement).href])),
    ).toEqual([
      ['About us', `${served.url}about.html`],
      ['Donate', 'https://donate.example.org/'],
      ['Feeds', `${served.url}feeds`],
    ])
    expect(await visibleText(page)).toContain('Made by the night desk.')
    expect(stylesheets).toContain(`${served.url}brand.css`)
    // The snippet's inline script is allowed by its hash; nothing else was blocked.
    expect(await page.evaluate(() => document.documentElement.dataset.analytics)).toBe('ran')
    expect(await page.locator('meta[name="brand-check"]').getAttribute('content')).toBe('present')
    expect(violations).toEqual([])
    await page.close()
  })
})
