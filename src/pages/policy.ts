/**
 * The Content-Security-Policy of every page, decided once. Pages carry sanitised markup, a
 * JSON-LD data block and one script of our own (the copy buttons of a set page's subscribe
 * section, allowed by its hash); the newsroom's settings may add a stylesheet and a `<head>`
 * snippet (analytics), whose sources and inline scripts are allowed by name and by hash.
 * Nothing from an article can run.
 */
import { createHash } from 'node:crypto'
import type { SiteSettings } from '../settings/schema.ts'
import { siteFileUrl } from '../settings/values.ts'

/**
 * Copies a feed address to the clipboard, and the button says so in the page's words; opens the
 * folded subscribe section when the address names it (a feed's browser view links there).
 */
export const COPY_SCRIPT = `document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-copy]')
  if (!button) return
  navigator.clipboard.writeText(button.dataset.copy).then(() => { button.textContent = button.dataset.copied })
})
const openTarget = () => { const details = location.hash && document.getElementById(location.hash.slice(1))?.querySelector('details'); if (details) details.open = true }
addEventListener('hashchange', openTarget)
document.addEventListener('DOMContentLoaded', openTarget)`

export function pagePolicy(site: SiteSettings): string {
  const head = site.head
  const scripts = [hashOf(COPY_SCRIPT), ...inlineScripts(head?.html ?? '').map(hashOf), ...(head?.scriptSources ?? [])]
  const styles = ["'unsafe-inline'", ...(site.stylesheet ? [sourceOf(site.stylesheet, site.url)] : []), ...(head?.styleSources ?? [])]
  // 'self': a page may fetch the site's own files. Lighthouse reads robots.txt that way, from
  // inside the page, and reports it invalid when the policy refuses (GoogleChrome/lighthouse#4386).
  // Nothing of an article runs, and the site's files are public: this opens nothing.
  const connect = ["'self'", ...(head?.connectSources ?? [])]
  return [
    "default-src 'none'",
    'img-src http: https: data:',
    `style-src ${[...new Set(styles)].join(' ')}`,
    `script-src ${[...new Set(scripts)].join(' ')}`,
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Where a page's links may tell where the reader came from: the origin, not the path, to other sites. */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin'

/**
 * The page policy as a page can carry it in `<meta http-equiv>`, for a page a static host
 * answers without our headers (the 404 page): `frame-ancestors` is not allowed there
 * (CSP Level 3 §6.4.2) and browsers complain of it; a 404 page in a frame does no harm.
 */
export function pagePolicyInPage(site: SiteSettings): string {
  return pagePolicy(site)
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors '))
    .join('; ')
}

function hashOf(script: string): string {
  return `'sha256-${createHash('sha256').update(script).digest('base64')}'`
}

/** The text of each `<script>` without `src` in a snippet: what a policy must allow by hash. */
function inlineScripts(snippet: string): string[] {
  return [...snippet.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]!)
}

/** A stylesheet of the site itself is 'self'; another site's, its origin. */
function sourceOf(url: string, siteUrl: string): string {
  const absolute = new URL(siteFileUrl(url, siteUrl))
  return absolute.origin === new URL(siteUrl).origin ? "'self'" : absolute.origin
}
