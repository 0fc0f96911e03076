/**
 * The Node fast path answers a prepared response exactly as the app would: same status, headers
 * and bytes, for every request it takes; anything else it leaves to the app.
 */

import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { NODE_ENCODERS } from '../src/http/encoders.ts'
import { createFastPath } from '../src/server/fast-path.ts'
import { articleFile, FIXED_NOW, fullTranslation, makeSite, ownReporting, renderedService } from './helpers/fixtures.ts'

let server: Server
let port = 0
let fastAnswers = 0

beforeAll(async () => {
  const site = makeSite({ itemsPerFeed: 1 })
  const collection = buildCollection(
    [
      { file: 'a.md', source: articleFile(fullTranslation()) },
      { file: 'b.md', source: articleFile(ownReporting()) },
    ],
    site,
  )
  const { app, peek } = renderedService({ content: collection, site, now: FIXED_NOW, encoders: NODE_ENCODERS })
  const fast = createFastPath(peek)
  const viaApp = getRequestListener(app.fetch)
  server = createServer((req, res) => {
    if (fast(req, res)) fastAnswers++
    else void viaApp(req, res)
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((done) => server.close(() => done())))

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = res.headers
        resolve({ status: res.statusCode!, headers: rest, body: Buffer.concat(chunks) })
      })
    })
    req.on('error', reject)
    req.end()
  })
}

describe('fast path', () => {
  it.each([
    ['GET', '/rss.xml', {}],
    ['GET', '/feed.json', { 'accept-encoding': 'gzip' }],
    ['GET', '/atom.xml', { 'accept-encoding': 'br;q=1, gzip;q=0.5' }],
    ['HEAD', '/atom.xml', {}],
    ['GET', '/archive/1/rss.xml', {}],
    ['GET', '/', {}],
    ['GET', '/articles/a', { 'accept-encoding': 'gzip, br' }],
    ['GET', '/feeds.opml', {}],
  ] as const)('%s %s %j: answered from memory as the app answered it', async (method, path, headers) => {
    const before = fastAnswers
    const fromApp = await send(method, path, headers)
    const fromMemory = await send(method, path, headers)
    expect(fastAnswers).toBe(before + 1)
    expect(fromMemory.status).toBe(fromApp.status)
    expect(fromMemory.headers).toEqual(fromApp.headers)
    expect(fromMemory.body.equals(fromApp.body)).toBe(true)

    const etag = String(fromApp.headers.etag)
    const revalidated = await send(method, path, { ...headers, 'if-none-match': etag })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body.byteLength).toBe(0)
    expect(revalidated.headers.etag).toBe(etag)
  })

  it('leaves to the app what it cannot be sure of: other queries, other spellings, other methods', async () => {
    await send('GET', '/rss.xml')
    const before = fastAnswers
    for (const [method, path] of [
      ['GET', '/rss.xml?utm_source=x'],
      ['GET', '/rss.xml?page=1&x=2'],
      ['GET', '/%72ss.xml'],
      ['POST', '/rss.xml'],
      ['GET', '/rss.xml?page=9'],
    ] as const) {
      const answer = await send(method, path)
      expect(answer.status, `${method} ${path}`).toBeLessThan(500)
    }
    expect(fastAnswers).toBe(before)
    expect((await send('GET', '/rss.xml?page=1')).status).toBe(302)
  })
})
