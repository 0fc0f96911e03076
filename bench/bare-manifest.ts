/**
 * What the bare baselines of bench/run.ts answer, and how they choose: the bytes and headers
 * bylines sent for /rss.xml for each coding asked, read from BARE_DIR. One module for the three
 * bare servers (node:http, Bun.serve, Deno.serve), so that they differ in their runtime alone.
 * Imports only node:fs and node:path, which Bun and Deno provide.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export type Coding = 'identity' | 'gzip' | 'br'

export interface CapturedVariant {
  path: string
  etag: string
  headers: Record<string, string>
  notModifiedHeaders: Record<string, string>
  bodyFile: string
}

/** Keyed by the coding asked for; a server that does not compress sends identity for each. */
export type Manifest = Record<Coding, CapturedVariant>

export interface BareVariant extends CapturedVariant {
  body: Uint8Array
}

export interface BareSite {
  path: string
  /**
   * The least work that is still equivalent to what bylines does: the coding by a substring test
   * of Accept-Encoding, and a 304 when If-None-Match is that variant's ETag.
   */
  choose(acceptEncoding: string | null | undefined, ifNoneMatch: string | null | undefined): { status: 200 | 304; variant: BareVariant }
}

/** PORT and BARE_DIR, or one line saying what is missing and exit. */
export function bareSettings(env: Record<string, string | undefined>, name: string): { port: number; dir: string } {
  const dir = env.BARE_DIR
  const port = Number(env.PORT)
  if (!dir || !Number.isInteger(port) || port <= 0) {
    console.error(`${name}: set PORT (a free port) and BARE_DIR (the folder bench/run.ts wrote manifest.json to)`)
    process.exit(2)
  }
  return { port, dir }
}

export function readBareSite(dir: string): BareSite {
  // Written by bench/run.ts a moment before, from bylines' own answers.
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest
  const load = (coding: Coding): BareVariant => ({ ...manifest[coding], body: readFileSync(join(dir, manifest[coding].bodyFile)) })
  const br = load('br')
  const gzip = load('gzip')
  const identity = load('identity')
  return {
    path: identity.path,
    choose(acceptEncoding, ifNoneMatch) {
      const accept = acceptEncoding ?? ''
      const variant = accept.includes('br') ? br : accept.includes('gzip') ? gzip : identity
      return { status: ifNoneMatch === variant.etag ? 304 : 200, variant }
    },
  }
}

/** The answer as a Fetch Response, for the servers that speak Request → Response (Bun, Deno). */
export function bareFetchHandler(site: BareSite): (request: Request) => Response {
  return (request) => {
    if (new URL(request.url).pathname !== site.path) return new Response(null, { status: 404 })
    const { status, variant } = site.choose(request.headers.get('accept-encoding'), request.headers.get('if-none-match'))
    if (status === 304) return new Response(null, { status, headers: variant.notModifiedHeaders })
    return new Response(request.method === 'HEAD' ? null : variant.body, { status, headers: variant.headers })
  }
}
