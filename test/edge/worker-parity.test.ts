/**
 * The Worker under real workerd answers every request exactly as the Node server does: status,
 * body bytes and headers, for every path the site has (listed by the site itself, not by hand),
 * for 404s, redirects and bad queries around them, and for conditional requests
 * (test/helpers/parity.ts, the suite every runtime passes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BuiltSite, buildTestSite } from '../helpers/built-site.ts'
import { answerFrom, itAnswersAsTheNodeServer } from '../helpers/parity.ts'
import { type RunningWorker, startWorker } from '../helpers/workerd.ts'

let built: BuiltSite
let worker: RunningWorker

beforeAll(async () => {
  built = await buildTestSite()
  worker = await startWorker(built)
})

afterAll(async () => {
  await worker?.stop()
  built?.remove()
})

describe('the Worker, against the Node server, on the same articles', () => {
  itAnswersAsTheNodeServer({ built: () => built, url: () => worker.url, chunkedDropsLength: true })

  it('carries the headers a CDN needs, from the Worker too', async () => {
    const { headers } = await answerFrom(worker.url, 'GET', '/rss.xml', { 'accept-encoding': 'identity' })
    expect(headers['cache-control']).toMatch(/^public, max-age=\d+, s-maxage=\d+, stale-while-revalidate=\d+$/)
    expect(headers.etag).toMatch(/^"[\w-]{27}"$/)
    expect(headers['last-modified']).toBeDefined()
    expect(headers.link).toBe('<https://hub.example.org/>; rel="hub", <https://edge.example.org/news/rss.xml>; rel="self"')
    expect(headers['access-control-allow-origin']).toBe('*')
  })
})
