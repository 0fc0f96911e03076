/**
 * Where each resource's body goes in the static export. Paths ending in `/` become
 * `index.html`, files with an extension keep their names (feeds, OPML, sitemaps, robots.txt,
 * the feeds' stylesheet: a host types them by it), and extensionless pages become
 * `name.html`, which static hosts serve at `/name` (Cloudflare Pages, Netlify, GitHub Pages;
 * nginx with `try_files $uri $uri.html $uri/`).
 */
const KEEPS_ITS_NAME = /\.[A-Za-z0-9]+$/

export class ExportPathError extends Error {
  override name = 'ExportPathError'
}

/** @param asIs a file of the public folder, which keeps its name whatever it is */
export function fileForKey(key: string, asIs = false): string {
  if (!key.startsWith('/')) throw new ExportPathError(`"${key}" is not a path`)
  // Static hosts decode the request path before looking for the file.
  const segments = key.slice(1).split('/').map(decodeSegment)
  const last = segments.pop()!
  const dir = segments.map((s) => `${s}/`).join('')
  if (last === '') return `${dir}index.html`
  return asIs || KEEPS_ITS_NAME.test(last) ? `${dir}${last}` : `${dir}${last}.html`
}

function decodeSegment(segment: string, index: number, all: string[]): string {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    throw new ExportPathError(`"${segment}" is not a valid percent-encoded path segment`)
  }
  // Only the last segment may be empty (a folder's index); nothing may climb out of the export.
  const isLast = index === all.length - 1
  if ((decoded === '' && !isLast) || decoded === '.' || decoded === '..' || /[/\\\0]/.test(decoded)) {
    throw new ExportPathError(`"${segment}" cannot be a file name in the export`)
  }
  return decoded
}
