/**
 * A real headless Chromium (Debian's `chromium`, or CHROMIUM_PATH), driven by playwright-core,
 * for checks of what a page shows; and the bundled site served over HTTP for it to open.
 * Without Chromium the browser suites are skipped, except in CI, where that is a failure.
 */

import { existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { getRequestListener } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { loadPublicFolder, loadSite } from '../../src/content/load-site.ts'
import { NODE_ENCODERS } from '../../src/http/encoders.ts'
import type { SiteSettings } from '../../src/settings/schema.ts'
import { REPO } from '../helpers/built-site.ts'
import { renderedService } from '../helpers/fixtures.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Whether the browser suites run here; in CI a missing browser throws instead of skipping. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI) throw new Error(`Chromium is not at ${CHROMIUM}: the browser tests need it in CI (apt-get install chromium)`)
  return false
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
}

export interface ServedSite {
  url: string
  site: SiteSettings
  close(): Promise<void>
}

/**
 * The bundled articles and public folder, as the Node server renders them, on 127.0.0.1, with
 * the site URL its own address (as `npm start` without a url). `env` overrides settings.
 */
export async function serveBundledSite(env: Record<string, string> = {}): Promise<ServedSite> {
  let handle: ReturnType<typeof getRequestListener> | undefined
  const server: Server = createServer((req, res) => void handle!(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`
  const { site, collection } = await loadSite({ SITE_URL: url, ...env }, { file: join(REPO, 'bylines.toml') })
  const { app } = renderedService({
    content: { articles: collection.articles, publicFiles: loadPublicFolder(site) },
    site,
    encoders: NODE_ENCODERS,
  })
  handle = getRequestListener(app.fetch)
  return { url, site, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/**
 * The text a person sees: every text node whose element and ancestors are displayed, trimmed.
 * Works for XML documents styled with CSS as for HTML (no innerText there). `pageLanguageOnly`
 * leaves out what is marked as another language than the page's (`lang`): the newsroom's
 * English rights line on a Ukrainian page, a sibling's name in "Also in".
 */
export function visibleText(page: Page, options: { pageLanguageOnly?: boolean } = {}): Promise<string[]> {
  return page.evaluate((pageLanguageOnly) => {
    const own = document.documentElement.lang
    const seen: string[] = []
    const walk = (node: Node) => {
      for (const child of Array.from(node.childNodes)) {
        if (child.nodeType === Node.TEXT_NODE) {
          const text = (child.textContent ?? '').replace(/\s+/g, ' ').trim()
          if (text) seen.push(text)
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          const element = child as Element
          const style = getComputedStyle(element)
          const lang = element.getAttribute('lang')
          const otherLanguage = pageLanguageOnly && lang !== null && lang !== own
          if (
            style.display !== 'none' &&
            style.visibility !== 'hidden' &&
            element.localName !== 'script' &&
            element.localName !== 'style' &&
            !otherLanguage
          )
            walk(element)
        }
      }
    }
    walk(document.documentElement)
    return seen
  }, options.pageLanguageOnly === true)
}
