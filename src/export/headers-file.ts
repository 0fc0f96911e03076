/**
 * The `_headers` file of the static export, in the format Cloudflare Pages and Netlify read:
 * a URL pattern, then its headers indented below it. One rule per kind of resource (feeds of
 * each format, set pages, articles, ...) with `*` for the part that varies, so the file stays
 * small (Cloudflare Pages reads at most 100 rules) and no path matches two rules: hosts join
 * the values of a header set twice.
 */
import { FEED_FORMAT_NAMES, FEED_FORMATS } from '../feeds/formats.ts'
import { OWN_HEADERS } from '../site/prepared-site.ts'

/** Headers a host decides for itself, per response (Vary: it compresses on its own terms). */
const LEFT_TO_THE_HOST = new Set([...OWN_HEADERS, 'vary'])
const FEED_FILES = FEED_FORMAT_NAMES.map((f) => FEED_FORMATS[f].file)

/** The `_headers` pattern that covers `key`. */
export function headersPatternFor(key: string): string {
  if (key === '/') return key
  if (key.endsWith('/')) return '/*/'
  const file = FEED_FILES.find((f) => key.endsWith(`/${f}`))
  if (file) return key === `/${file}` ? key : `/*/${file}`
  if (key.startsWith('/articles/')) return '/articles/*'
  return key
}

/**
 * @param resources every exported path with the headers the server sends for it
 * @throws when two paths under one pattern need different headers: the rules would be wrong.
 */
export function renderHeadersFile(resources: Iterable<{ key: string; headers: Record<string, string> }>): string {
  const rules = new Map<string, { headers: [string, string][]; example: string }>()
  for (const { key, headers } of resources) {
    const pattern = headersPatternFor(key)
    const fixed = Object.entries(headers).filter(([name]) => !LEFT_TO_THE_HOST.has(name)).sort(([a], [b]) => (a < b ? -1 : 1))
    const rule = rules.get(pattern)
    if (!rule) rules.set(pattern, { headers: fixed, example: key })
    else if (JSON.stringify(rule.headers) !== JSON.stringify(fixed)) {
      throw new Error(`${key} and ${rule.example} share the _headers rule ${pattern} but need different headers`)
    }
  }
  const lines = ['# Written by `npm run build:static`: the headers the bylines server sends, for static hosts.']
  for (const [pattern, { headers }] of rules) {
    lines.push(pattern, ...headers.map(([name, value]) => `  ${capitalise(name)}: ${value}`))
  }
  return `${lines.join('\n')}\n`
}

function capitalise(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
}
