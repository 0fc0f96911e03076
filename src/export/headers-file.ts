/**
 * The `_headers` file of the static export, in the format Cloudflare Pages and Netlify read:
 * a URL pattern, then its headers indented below it. One rule per kind of resource (feeds of
 * each format, set pages, articles, ...) with `*` for the part that varies, so the file stays
 * small (Cloudflare Pages reads at most 100 rules) and no path matches two rules: hosts join
 * the values of a header set twice.
 */
import { FEED_FILES } from '../feeds/feed-files.ts'
import { CURRENT } from '../sets/archives.ts'
import { ARCHIVE_PREFIX, ARTICLES_PREFIX, parseKey, SITEMAP_FAMILY_PREFIX } from '../site/paths.ts'
import { OWN_HEADERS } from '../site/prepared-site.ts'

/** Headers a host decides for itself, per response (Vary: it compresses on its own terms). */
const LEFT_TO_THE_HOST = new Set([...OWN_HEADERS, 'vary'])

/**
 * The `_headers` pattern that covers `key`. Hosts match `*` across slashes, so patterns are
 * kept apart by their first segment: each kind of set has its own, archives theirs.
 */
export function headersPatternFor(key: string): string {
  const target = parseKey(key)
  if (target?.type === 'document') {
    const file = target.format ? FEED_FILES[target.format] : ''
    if (target.document !== CURRENT) return `/${ARCHIVE_PREFIX}*/${file}`
    if (target.kind) return `/${target.kind}/*/${file}`
  }
  if (target?.type === 'article') return `/${ARTICLES_PREFIX}*`
  // The sitemap's parts, however many, and the news sitemap share one rule; `/sitemap.xml`
  // keeps its own, which this cannot match.
  if (key.startsWith(`/${SITEMAP_FAMILY_PREFIX}`)) return `/${SITEMAP_FAMILY_PREFIX}*`
  // A folder of the public folder (`/media/…`) shares one rule; the site's own names are single files.
  const slash = key.indexOf('/', 1)
  return slash === -1 ? key : `${key.slice(0, slash)}/*`
}

/**
 * @param resources every exported path with the headers the server sends for it
 * @throws when two paths under one pattern need different headers: the rules would be wrong.
 */
export function renderHeadersFile(resources: Iterable<{ key: string; headers: Record<string, string> }>): string {
  const rules = new Map<string, { headers: Map<string, string>; example: string }>()
  for (const { key, headers } of resources) {
    const pattern = headersPatternFor(key)
    const rule = rules.get(pattern)
    if (!rule) {
      const fixed = Object.entries(headers).filter(([name]) => !LEFT_TO_THE_HOST.has(name))
      rules.set(pattern, { headers: new Map(fixed.sort(([a], [b]) => (a < b ? -1 : 1))), example: key })
    } else if (!sameFixedHeaders(rule.headers, headers)) {
      throw new Error(`${key} and ${rule.example} share the _headers rule ${pattern} but need different headers`)
    }
  }
  const lines = ['# Written by `npm run build:static`: the headers the bylines server sends, for static hosts.']
  for (const [pattern, { headers }] of rules) {
    lines.push(pattern, ...[...headers].map(([name, value]) => `  ${capitalise(name)}: ${value}`))
  }
  return `${lines.join('\n')}\n`
}

/** Whether `headers`, less those left to the host, are the rule's: compared in place, since a rebuild compares twenty thousand. */
function sameFixedHeaders(rule: ReadonlyMap<string, string>, headers: Record<string, string>): boolean {
  let count = 0
  for (const name in headers) {
    if (LEFT_TO_THE_HOST.has(name)) continue
    if (rule.get(name) !== headers[name]) return false
    count++
  }
  return count === rule.size
}

function capitalise(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
}
