/**
 * `value` as an absolute URL: relative to `baseUrl`; a path from the root (`/media/a.jpg`, not
 * `//host/…`) from the site's root, `siteUrl`, which may be below a path.
 */
export function resolveUrl(value: string, baseUrl: string, siteUrl = baseUrl): string | undefined {
  try {
    const fromSiteRoot = /^\/(?!\/)/.test(value.trim())
    return fromSiteRoot ? new URL(value.trim().slice(1), siteUrl).href : new URL(value, baseUrl).href
  } catch {
    return undefined
  }
}
