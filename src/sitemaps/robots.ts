/**
 * The site's `robots.txt` (RFC 9309): everything may be crawled, and here are the sitemaps
 * (the `Sitemap:` line of sitemaps.org, "Specifying the Sitemap location in your robots.txt
 * file"). A newsroom that wants other rules puts its own file in the public folder.
 */
export function renderRobotsTxt(sitemapUrls: readonly string[]): string {
  return ['User-agent: *', 'Allow: /', '', ...sitemapUrls.map((url) => `Sitemap: ${url}`), ''].join('\n')
}
