/**
 * `dist/_headers` read as the static hosts that honour it read it, for tests that ask which
 * headers a path gets there; and the Node server's headers that the file carries.
 */

export interface HeadersRule {
  pattern: RegExp
  source: string
  headers: Record<string, string>
}

/**
 * A `_headers` file as rules, read as Cloudflare reads it (workers-shared, asset-worker
 * rules-engine.ts): `*` matches any characters, `/` included; `:name` followed by a letter, one
 * segment; the rest matches itself. A request gets the headers of every rule that matches it.
 */
export function parseHeadersFile(text: string): HeadersRule[] {
  const rules: HeadersRule[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue
    if (!line.startsWith(' ')) {
      const source = line.trim()
      const escaped = source
        .split('*')
        .map((part) => part.replace(/[-/\\^$+?.()|[\]{}]/g, '\\$&'))
        .join('.*')
      const pattern = new RegExp(`^${escaped.replace(/:[A-Za-z]\w*/g, '[^/]+')}$`)
      rules.push({ pattern, source, headers: {} })
    } else {
      const [name, ...value] = line.trim().split(': ')
      rules.at(-1)!.headers[name!.toLowerCase()] = value.join(': ')
    }
  }
  return rules
}

/**
 * The headers a host that reads `rules` adds to a response for `path` (the path asked for, not
 * the file answered). Throws if two rules set one header: hosts would join the values.
 */
export function hostHeaders(rules: readonly HeadersRule[], path: string): Record<string, string> {
  const applied: Record<string, string> = {}
  for (const rule of rules.filter((r) => r.pattern.test(path))) {
    for (const [name, value] of Object.entries(rule.headers)) {
      if (name in applied) throw new Error(`${path}: ${name} is set by two rules, one of them ${rule.source}`)
      applied[name] = value
    }
  }
  return applied
}

/** The headers `_headers` carries to a static host; the rest are per response (ETag, length, Link) or the host's (Vary). */
export const CARRIED_HEADERS = [
  'content-type',
  'cache-control',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'content-security-policy',
  'x-content-type-options',
  'referrer-policy',
  'accept-ranges',
] as const

/** Those of `headers` that `_headers` carries, by lower-case name. */
export function carriedHeaders(headers: Headers): Record<string, string> {
  return Object.fromEntries(CARRIED_HEADERS.flatMap((name) => (headers.has(name) ? [[name, headers.get(name)!]] : [])))
}
