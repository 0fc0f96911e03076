/**
 * The `_headers` file of the static export, in the format Cloudflare Pages and Netlify read:
 * a URL pattern, then its headers indented below it. One rule per kind of resource (feeds of
 * each format, set pages, articles, ...) with `*` for the part that varies, so the file stays
 * small (Cloudflare Pages reads at most 100 rules), and no header is set by two rules that match
 * one path: hosts join the values of a header set twice.
 *
 * Hosts match a rule against the path asked for, not the file they answer with
 * (Cloudflare's asset worker, rules-engine.ts; Netlify's headers-parser, for_regexp.ts): the
 * 404 page, answered for any path, gets only the rules that path matches. So the headers every
 * response carries alike (nosniff) go in one `/*` rule, and the 404 page carries its policies
 * in itself (pages/layout.ts, policyInPage); its own rule, `/404.html`, serves a request for it
 * by name.
 */

import { CURRENT } from '../model/archives.ts'
import { FEED_FILES } from '../model/feed-files.ts'
import { ARCHIVE_PREFIX, ARTICLES_PREFIX, NOT_FOUND_FILE, parseKey, SITEMAP_FAMILY_PREFIX } from '../model/paths.ts'
import { OWN_HEADERS } from '../resources/prepared-site.ts'

/** Headers a host decides for itself, per response (Vary: it compresses on its own terms). */
const LEFT_TO_THE_HOST = new Set([...OWN_HEADERS, 'vary'])

/**
 * A part of a path as a pattern matching only itself. In both hosts' format `*` is "any
 * characters" with no escape, and a `:` before a letter a placeholder (Cloudflare) or a whole
 * segment (Netlify); keys are percent-encoded, which leaves `*` alone and encodes `:`. A public
 * file with `*` in its name is not published (unpublishableReason); this is the last guard.
 */
function literal(part: string): string {
  return part.replaceAll('*', '%2A').replaceAll(':', '%3A')
}

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
  return slash === -1 ? literal(key) : `${literal(key.slice(0, slash))}/*`
}

/**
 * The pattern that gives a file of a public sub-folder its Content-Type, which its folder's rule
 * cannot (the folder holds pictures of several types): one per folder and extension
 * (`/media/*.jpg`), matched as written, since Cloudflare matches case-sensitively; a name without
 * one, its own path. Undefined for a file at the root, whose own rule types it.
 */
function typePatternFor(key: string): string | undefined {
  const slash = key.indexOf('/', 1)
  if (slash === -1) return undefined
  const extension = /\.([A-Za-z0-9]+)$/.exec(key.slice(key.lastIndexOf('/')))?.[1]
  return extension === undefined ? literal(key) : `${literal(key.slice(0, slash))}/*.${extension}`
}

/** A rule for files the export writes beside the resources (the Fediverse's documents), given whole. */
export interface FixedHeadersRule {
  pattern: string
  headers: Record<string, string>
}

export interface HeadersFileOptions {
  /**
   * The files of the public folder: their type comes from a rule of their own (typePatternFor),
   * not from the host, whose table of types differs from ours (Cloudflare sends none for a name
   * it does not know, and a browser then sniffs).
   */
  publicKeys?: ReadonlySet<string>
  /** The 404 page's headers: with them, a `/*` rule holds what every response shares. */
  notFound?: Record<string, string>
  fixedRules?: readonly FixedHeadersRule[]
}

/**
 * @param resources every exported path with the headers the server sends for it
 * @throws when two paths under one pattern need different headers: the rules would be wrong.
 */
export function renderHeadersFile(
  resources: Iterable<{ key: string; headers: Record<string, string> }>,
  options: HeadersFileOptions = {},
): string {
  const all = [...resources]
  const shared = options.notFound ? sharedByAll(all, options.notFound) : new Map<string, string>()
  const rules = new Map<string, { headers: Map<string, string>; example: string }>()
  const add = (pattern: string, key: string, headers: [string, string][]) => {
    const rule = rules.get(pattern)
    if (!rule) rules.set(pattern, { headers: new Map(headers.sort(([a], [b]) => (a < b ? -1 : 1))), example: key })
    else if (rule.headers.size !== headers.length || headers.some(([name, value]) => rule.headers.get(name) !== value)) {
      throw new Error(`${key} and ${rule.example} share the _headers rule ${pattern} but need different headers`)
    }
  }
  for (const { key, headers } of all) {
    const fixed = Object.entries(headers).filter(([name]) => !LEFT_TO_THE_HOST.has(name) && !shared.has(name))
    const typed = options.publicKeys?.has(key) ? typePatternFor(key) : undefined
    if (typed === undefined) {
      add(headersPatternFor(key), key, fixed)
    } else {
      add(
        headersPatternFor(key),
        key,
        fixed.filter(([name]) => name !== 'content-type'),
      )
      add(
        typed,
        key,
        fixed.filter(([name]) => name === 'content-type'),
      )
    }
  }
  for (const { pattern, headers } of options.fixedRules ?? []) {
    add(
      pattern,
      pattern,
      Object.entries(headers).filter(([name]) => !shared.has(name)),
    )
  }
  if (options.notFound) {
    add(
      `/${NOT_FOUND_FILE}`,
      NOT_FOUND_FILE,
      Object.entries(options.notFound).filter(([name]) => !LEFT_TO_THE_HOST.has(name) && !shared.has(name)),
    )
  }
  const lines = ['# Written by `npm run build:static`: the headers the bylines server sends, for static hosts.']
  for (const [pattern, headers] of [
    ...(shared.size > 0 ? [['/*', shared] as const] : []),
    ...[...rules].map(([p, r]) => [p, r.headers] as const),
  ]) {
    if (headers.size > 0) lines.push(pattern, ...[...headers].map(([name, value]) => `  ${capitalise(name)}: ${value}`))
  }
  return `${lines.join('\n')}\n`
}

/** The headers (less those left to the host) that the 404 page and every resource send with one value. */
function sharedByAll(resources: readonly { headers: Record<string, string> }[], notFound: Record<string, string>): Map<string, string> {
  const shared = new Map(
    Object.entries(notFound)
      .filter(([name]) => !LEFT_TO_THE_HOST.has(name))
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  )
  for (const { headers } of resources) {
    for (const [name, value] of shared) if (headers[name] !== value) shared.delete(name)
    if (shared.size === 0) break
  }
  return shared
}

function capitalise(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase())
}
