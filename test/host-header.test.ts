/**
 * The Host header, over raw TCP against the real Node entry: every path answers a request alike
 * whether the fast path or the app takes it. HTTP/1.0 without Host (and an empty Host) is served
 * as if addressed to the site itself (RFC 9112 §3.3); HTTP/1.1 without Host, two Host lines or an
 * invalid one get 400 (§3.2).
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { articleFile, fullTranslation, ownReporting } from './helpers/fixtures.ts'
import { PATIENCE_MS, type RunningServer, startServer } from './helpers/node-server.ts'

let server: RunningServer

beforeAll(async () => {
  server = await startServer({
    files: {
      'desk.md': articleFile(ownReporting({ title: 'Inside the desk', tags: ['Desk'] })),
      'alliance.md': articleFile(fullTranslation()),
    },
  })
})

afterAll(() => server?.stop())

/** Paths the fast path can take once warm (feeds, pages), and ones only the app answers. */
const PATHS = [
  '/rss.xml',
  '/atom.xml',
  '/feed.json',
  '/',
  '/articles/desk',
  '/tags/desk/',
  '/tags/desk',
  '/tags/x',
  '/nope',
  '/media/missing.jpg',
  '/rss.xml?page=2',
  '/rss.xml?utm=1',
  '/%ZZ',
]

interface RawAnswer {
  status: number
  head: string
  body: Buffer
}

/** Sends `text` as it is and reads until the server closes the connection. */
function exchange(text: string, timeoutMs = PATIENCE_MS): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.write(text))
    const chunks: Buffer[] = []
    const timer = setTimeout(
      () => socket.destroy(new Error(`no end of answer within ${timeoutMs}ms to ${JSON.stringify(text)}`)),
      timeoutMs,
    )
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    socket.on('end', () => {
      clearTimeout(timer)
      const all = Buffer.concat(chunks)
      const split = all.indexOf('\r\n\r\n')
      const head = all.subarray(0, split < 0 ? all.length : split).toString('latin1')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0)
      resolve({ status, head, body: split < 0 ? Buffer.alloc(0) : all.subarray(split + 4) })
    })
  })
}

/** One request in HTTP/1.0 (the server closes after answering), with the given header lines. */
function http10(path: string, lines: string[] = []): Promise<RawAnswer> {
  return exchange(`GET ${path} HTTP/1.0\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`)
}

function http11(path: string, lines: string[]): Promise<RawAnswer> {
  return exchange(`GET ${path} HTTP/1.1\r\n${[...lines, 'Connection: close'].map((l) => `${l}\r\n`).join('')}\r\n`)
}

const header = (answer: RawAnswer, name: string) => new RegExp(`\\r\\n${name}: ([^\\r]*)`, 'i').exec(answer.head)?.[1]

describe('HTTP/1.0 without a Host header', () => {
  // Each path is asked twice: the first time the app prepares the response, the second the
  // fast path may take it.
  for (const round of ['cold', 'warm']) {
    it(`answers as with the site's own Host, on every path (${round})`, async () => {
      for (const path of PATHS) {
        const bare = await http10(path)
        const hosted = await http10(path, [`Host: 127.0.0.1:${server.port}`])
        expect([path, bare.status]).toEqual([path, hosted.status])
        expect(hosted.status, path).not.toBe(400)
        expect(header(bare, 'location'), path).toBe(header(hosted, 'location'))
        expect(header(bare, 'etag'), path).toBe(header(hosted, 'etag'))
        expect(bare.body.equals(hosted.body), path).toBe(true)
      }
    })
  }

  it('treats an empty Host as no Host, in HTTP/1.0 and HTTP/1.1', async () => {
    for (const path of PATHS) {
      const hosted = await http10(path, [`Host: 127.0.0.1:${server.port}`])
      expect([path, (await http10(path, ['Host:'])).status]).toEqual([path, hosted.status])
      expect([path, (await http11(path, ['Host:'])).status]).toEqual([path, hosted.status])
    }
  })

  it('names the site in redirects, whatever the Host says', async () => {
    const bare = await http10('/tags/desk')
    expect(bare.status).toBe(301)
    expect(header(bare, 'location')).toBe(`${server.url}tags/desk/`)
    const elsewhere = await http10('/tags/desk', ['Host: other.example'])
    expect(header(elsewhere, 'location')).toBe(`${server.url}tags/desk/`)
  })
})

describe('a Host header that is missing in HTTP/1.1, repeated or invalid', () => {
  const BAD: [string, string[]][] = [
    ['HTTP/1.1 without Host', []],
    ['two Host lines', ['Host: 127.0.0.1', 'Host: other.example']],
    ['a space in the host', ['Host: a b']],
    ['a slash in the host', ['Host: a/b']],
    ['userinfo', ['Host: user@example.org']],
    ['a port that is not a number', ['Host: example.org:http']],
    ['a port without a host', ['Host: :80']],
    ['an IPv6 literal that is not one', ['Host: [::g]']],
    ['a bare IPv6 address', ['Host: ::1']],
  ]
  for (const round of ['cold', 'warm']) {
    it(`is refused with 400 on every path (${round})`, async () => {
      for (const path of PATHS) {
        // Warm the path so that the fast path would take it.
        await http11(path, [`Host: 127.0.0.1:${server.port}`])
        for (const [what, lines] of BAD) {
          const answer = await http11(path, lines)
          expect([path, what, answer.status]).toEqual([path, what, 400])
        }
        // HTTP/1.0 is bound by the same rule for a Host it does send (RFC 9112 §3.2: "any request message").
        expect([path, (await http10(path, ['Host: a b'])).status]).toEqual([path, 400])
      }
    })
  }
})

describe('a valid Host header', () => {
  const GOOD = [
    'Host: Example.ORG',
    'Host: Example.org:8080',
    'Host: 127.1',
    'Host: [::1]:8080',
    'Host: xn--mnchen-3ya.de',
    'Host: under_score.example',
  ]
  it('is served the same on every path, whichever host it names', async () => {
    for (const path of PATHS) {
      const reference = await http11(path, [`Host: 127.0.0.1:${server.port}`])
      for (const line of GOOD) {
        const answer = await http11(path, [line])
        expect([path, line, answer.status]).toEqual([path, line, reference.status])
      }
    }
  })
})
