/**
 * The choice the benchmark's bare servers make (bench/bare-manifest.ts): a wrong choice would
 * have them send other bytes than bylines, and every ratio of `npm run bench` would mean nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { bareFetchHandler, type Coding, type Manifest, readBareSite } from '../bench/bare-manifest.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A BARE_DIR as bench/run.ts writes it; `sends` is the coding the server answered each ask with. */
function bareDir(sends: (asked: Coding) => Coding): string {
  const dir = mkdtempSync(join(tmpdir(), 'bylines-bare-test-'))
  dirs.push(dir)
  const manifest = {} as Manifest
  for (const asked of ['identity', 'gzip', 'br'] as const) {
    const sent = sends(asked)
    writeFileSync(join(dir, `${asked}.body`), `body in ${sent}`)
    manifest[asked] = {
      path: '/rss.xml',
      etag: `"${sent}-etag"`,
      headers: {
        'content-type': 'application/rss+xml',
        etag: `"${sent}-etag"`,
        ...(sent === 'identity' ? {} : { 'content-encoding': sent }),
      },
      notModifiedHeaders: { etag: `"${sent}-etag"` },
      bodyFile: `${asked}.body`,
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest))
  return dir
}

describe('readBareSite', () => {
  it('picks the coding by a substring of Accept-Encoding, br first', () => {
    const site = readBareSite(bareDir((asked) => asked))
    expect(site.path).toBe('/rss.xml')
    expect(site.choose(undefined, undefined).variant.etag).toBe('"identity-etag"')
    expect(site.choose('gzip, deflate', undefined).variant.etag).toBe('"gzip-etag"')
    expect(site.choose('gzip, deflate, br', undefined).variant.etag).toBe('"br-etag"')
    expect(Buffer.from(site.choose('gzip', undefined).variant.body).toString()).toBe('body in gzip')
  })

  it('answers 304 only to the ETag of the variant chosen', () => {
    const site = readBareSite(bareDir((asked) => asked))
    expect(site.choose('gzip', '"gzip-etag"').status).toBe(304)
    expect(site.choose('gzip', '"identity-etag"').status).toBe(200)
    expect(site.choose(null, '"gzip-etag"').status).toBe(200)
  })

  it('sends identity to every ask when the server it copies does not compress', () => {
    const site = readBareSite(bareDir(() => 'identity'))
    expect(site.choose('gzip', '"identity-etag"').status).toBe(304)
    expect(Buffer.from(site.choose('br', undefined).variant.body).toString()).toBe('body in identity')
  })
})

describe('bareFetchHandler', () => {
  const handler = () => bareFetchHandler(readBareSite(bareDir((asked) => asked)))

  it('answers the captured body and headers', async () => {
    const response = handler()(new Request('http://127.0.0.1/rss.xml', { headers: { 'accept-encoding': 'gzip' } }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('etag')).toBe('"gzip-etag"')
    expect(await response.text()).toBe('body in gzip')
  })

  it('answers 304 with the captured headers and no body', async () => {
    const response = handler()(new Request('http://127.0.0.1/rss.xml', { headers: { 'if-none-match': '"identity-etag"' } }))
    expect(response.status).toBe(304)
    expect(response.headers.get('etag')).toBe('"identity-etag"')
    expect(response.headers.get('content-type')).toBeNull()
    expect(await response.text()).toBe('')
  })

  it('answers 404 to any other path', () => {
    expect(handler()(new Request('http://127.0.0.1/feed.json')).status).toBe(404)
  })
})
