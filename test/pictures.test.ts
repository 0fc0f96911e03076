/**
 * Pictures and icons: the public folder as it is listed and served (types, ETags, ranges, and
 * nothing outside it), what `check` says of pictures, and an article's picture with its caption
 * and credit in every format, read back by independent parsers.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parseFeed } from 'feedsmith'
import { imageSize } from 'image-size'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildCollection } from '../src/articles/collection.ts'
import { ARTICLE_PICTURE_SIZES, articlePicture, cardPictureHtml } from '../src/articles/picture.ts'
import { loadPublicFolder, loadSite } from '../src/content/load-site.ts'
import { PictureMaker } from '../src/content/picture-maker.ts'
import { listPublicFolder, MAX_PUBLIC_FILE_BYTES } from '../src/content/public-folder.ts'
import { NODE_ENCODERS } from '../src/http/encoders.ts'
import { ifRangeHolds, parseRange } from '../src/http/range.ts'
import { REPO } from './helpers/built-site.ts'
import { articleFile, makeSite, ownReporting, renderedService } from './helpers/fixtures.ts'
import { pollUntil, startServer } from './helpers/node-server.ts'
import { parseWithPythonFeedparser } from './helpers/parsers.ts'

const TRAIN = join(REPO, 'public', 'media', 'night-train-platform.jpg')
const TRAIN_BYTES = readFileSync(TRAIN)
const ICON = join(REPO, 'public', 'icon.png')

/** A public folder with a picture, an icon, an SVG, and everything that must not be served. */
function makePublicFolder(): { dir: string; outside: string } {
  const root = mkdtempSync(join(tmpdir(), 'bylines-public-'))
  const dir = join(root, 'public')
  const outside = join(root, 'outside')
  mkdirSync(join(dir, 'media', 'deep'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.jpg'), 'outside the folder')
  copyFileSync(TRAIN, join(dir, 'media', 'train.jpg'))
  copyFileSync(ICON, join(dir, 'media', 'deep', 'icon 1.png'))
  writeFileSync(
    join(dir, 'media', 'diagram.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">${'<rect width="4" height="4"/>'.repeat(100)}</svg>`,
  )
  writeFileSync(join(dir, 'media', 'broken.jpg'), 'not a JPEG at all')
  symlinkSync(join(outside, 'secret.jpg'), join(dir, 'media', 'link.jpg'))
  symlinkSync(outside, join(dir, 'elsewhere'))
  writeFileSync(join(dir, '.env'), 'SECRET=1')
  mkdirSync(join(dir, '.git'))
  writeFileSync(join(dir, '.git', 'config'), '[core]')
  writeFileSync(join(dir, 'media', 'notes.md'), '# notes')
  writeFileSync(join(dir, 'media', 'train.jpg~'), 'backup')
  writeFileSync(join(dir, 'rss.xml'), '<rss>not the feed</rss>')
  // Sparse: as large as it says, without writing it.
  writeFileSync(join(dir, 'media', 'huge.mp4'), '')
  truncateSync(join(dir, 'media', 'huge.mp4'), MAX_PUBLIC_FILE_BYTES + 1)
  return { dir, outside }
}

describe('the public folder, as listed', () => {
  it('lists plain files with their type, bytes and pixel size, and says what it leaves out and why', () => {
    const { dir } = makePublicFolder()
    const listing = listPublicFolder(dir)
    expect([...listing.files.keys()].sort()).toEqual([
      'media/broken.jpg',
      'media/deep/icon 1.png',
      'media/diagram.svg',
      'media/train.jpg',
      'rss.xml',
    ])
    expect(listing.files.get('media/train.jpg')).toMatchObject({
      type: 'image/jpeg',
      size: TRAIN_BYTES.byteLength,
      width: 1600,
      height: 900,
    })
    expect(listing.files.get('media/deep/icon 1.png')).toMatchObject({ type: 'image/png', width: 512, height: 512 })
    expect(listing.files.get('media/diagram.svg')).toMatchObject({ type: 'image/svg+xml', width: 40, height: 20 })
    expect(listing.files.get('media/broken.jpg')).toMatchObject({ type: 'image/jpeg' })
    expect(listing.files.get('media/broken.jpg')!.width).toBeUndefined()
    const skipped = Object.fromEntries(listing.skipped.map(({ path, reason }) => [path, reason]))
    expect(skipped['media/link.jpg']).toMatch(/symbolic link/)
    expect(skipped.elsewhere).toMatch(/symbolic link/)
    expect(skipped['media/huge.mp4']).toMatch(/^is 25\.0 MiB; files over 25\.0 MiB are not published/)
  })

  it('has no files when the folder does not exist', () => {
    const listing = listPublicFolder(join(tmpdir(), 'bylines-no-such-folder'))
    expect(listing.files.size).toBe(0)
    expect(listing.skipped).toEqual([])
  })
})

describe('the public folder, served', () => {
  let app: ReturnType<typeof renderedService>['app']
  let site: ReturnType<typeof makeSite>
  beforeAll(() => {
    const { dir } = makePublicFolder()
    site = makeSite()
    app = renderedService({ content: { articles: [], publicFiles: listPublicFolder(dir) }, site, encoders: NODE_ENCODERS }).app
  })

  it('serves a picture as stored, with its type, a strong ETag of its bytes, caching and CORS', async () => {
    const response = await app.request('/media/train.jpg', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(response.status).toBe(200)
    expect(Buffer.from(await response.arrayBuffer()).equals(TRAIN_BYTES)).toBe(true)
    expect(response.headers.get('content-type')).toBe('image/jpeg')
    // Pictures are compressed already: sent as they are, whatever the client accepts.
    expect(response.headers.get('content-encoding')).toBeNull()
    expect(response.headers.get('content-length')).toBe(String(TRAIN_BYTES.byteLength))
    expect(response.headers.get('etag')).toMatch(/^"[\w-]{27}"$/)
    expect(response.headers.get('cache-control')).toBe(`public, max-age=${site.cache.publicMaxAge}`)
    expect(response.headers.get('accept-ranges')).toBe('bytes')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    const again = await app.request('/media/train.jpg', { headers: { 'if-none-match': response.headers.get('etag')! } })
    expect(again.status).toBe(304)
    expect((await app.request('/media/deep/icon%201.png')).headers.get('content-type')).toBe('image/png')
  })

  it('compresses a text-like file, and sandboxes it when opened by itself', async () => {
    const response = await app.request('/media/diagram.svg', { headers: { 'accept-encoding': 'gzip' } })
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/)
  })

  it('answers byte ranges: one range as a 206, a range past the end as a 416, a stale If-Range as the whole', async () => {
    const size = TRAIN_BYTES.byteLength
    const get = (headers: Record<string, string>) => app.request('/media/train.jpg', { headers })
    const first = await get({ range: 'bytes=0-99' })
    expect(first.status).toBe(206)
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${size}`)
    expect(first.headers.get('content-length')).toBe('100')
    expect(Buffer.from(await first.arrayBuffer()).equals(TRAIN_BYTES.subarray(0, 100))).toBe(true)
    const last = await get({ range: 'bytes=-10' })
    expect(last.status).toBe(206)
    expect(Buffer.from(await last.arrayBuffer()).equals(TRAIN_BYTES.subarray(size - 10))).toBe(true)
    const rest = await get({ range: `bytes=${size - 5}-` })
    expect(rest.headers.get('content-range')).toBe(`bytes ${size - 5}-${size - 1}/${size}`)
    const past = await get({ range: `bytes=${size}-` })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${size}`)
    const etag = first.headers.get('etag')!
    expect((await get({ range: 'bytes=0-9', 'if-range': etag })).status).toBe(206)
    expect((await get({ range: 'bytes=0-9', 'if-range': '"an-older-version"' })).status).toBe(200)
    // Several ranges, or one that is not bytes: the whole picture, as RFC 9110 §14.2 allows.
    expect((await get({ range: 'bytes=0-1,5-6' })).status).toBe(200)
    expect((await get({ range: 'pages=1' })).status).toBe(200)
    // Feeds are not ranged: a reader fetches them whole.
    expect((await app.request('/rss.xml', { headers: { range: 'bytes=0-9' } })).status).toBe(200)
  })

  it('never serves a link out of the folder, a dotfile, a Markdown file, a backup, or a name the site uses', async () => {
    const hidden = [
      '/media/link.jpg',
      '/elsewhere/secret.jpg',
      '/.env',
      '/.git/config',
      '/media/notes.md',
      '/media/train.jpg~',
      '/media/huge.mp4',
      '/media/..%2f..%2foutside%2fsecret.jpg',
      '/media/%2e%2e/%2e%2e/outside/secret.jpg',
      '/%2e%2e/outside/secret.jpg',
      '/media/%2E%2E/.env',
      '/media/train.jpg%00.png',
      '/MEDIA/train.jpg',
      '/media//train.jpg',
    ]
    for (const path of hidden) expect((await app.request(path)).status, path).toBe(404)
    const feed = await app.request('/rss.xml')
    expect(await feed.text()).not.toContain('not the feed')
  })
})

describe('byte ranges (RFC 9110 §14)', () => {
  it('reads one range, a suffix or an open end; leaves anything else to a whole response', () => {
    expect(parseRange('bytes=0-0', 10)).toEqual({ start: 0, end: 0 })
    expect(parseRange('bytes=2-', 10)).toEqual({ start: 2, end: 9 })
    expect(parseRange('bytes=5-100', 10)).toEqual({ start: 5, end: 9 })
    expect(parseRange('bytes=-3', 10)).toEqual({ start: 7, end: 9 })
    expect(parseRange('bytes=-30', 10)).toEqual({ start: 0, end: 9 })
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable')
    expect(parseRange('bytes=5-2', 10)).toBeUndefined()
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined()
    expect(parseRange('bytes=-', 10)).toBeUndefined()
    expect(parseRange('lines=1-2', 10)).toBeUndefined()
  })

  it('holds a range only while If-Range names the current version exactly', () => {
    expect(ifRangeHolds(undefined, '"a"', undefined)).toBe(true)
    expect(ifRangeHolds('"a"', '"a"', undefined)).toBe(true)
    expect(ifRangeHolds('W/"a"', '"a"', undefined)).toBe(false)
    expect(ifRangeHolds('"b"', '"a"', undefined)).toBe(false)
    expect(ifRangeHolds('Tue, 01 Dec 2026 10:00:00 GMT', '"a"', 'Tue, 01 Dec 2026 10:00:00 GMT')).toBe(true)
    expect(ifRangeHolds('Tue, 01 Dec 2026 10:00:00 GMT', '"a"', undefined)).toBe(false)
  })
})

const check = { root: '' }

async function runCheck(articles: Record<string, string>, publicFiles: Record<string, string | Buffer>, settings = '') {
  const root = mkdtempSync(join(tmpdir(), 'bylines-check-pictures-'))
  for (const [name, source] of Object.entries(articles)) {
    mkdirSync(join(root, 'articles', name, '..'), { recursive: true })
    writeFileSync(join(root, 'articles', name), source)
  }
  mkdirSync(join(root, 'public'))
  for (const [name, bytes] of Object.entries(publicFiles)) {
    mkdirSync(join(root, 'public', name, '..'), { recursive: true })
    writeFileSync(join(root, 'public', name), bytes)
  }
  writeFileSync(join(root, 'bylines.toml'), settings)
  check.root = root
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/check.ts')], {
      cwd: REPO,
      env: {
        ...process.env,
        BYLINES_CONFIG: join(root, 'bylines.toml'),
        ARTICLES_DIR: join(root, 'articles'),
        PUBLIC_DIR: join(root, 'public'),
      },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('check, on pictures', () => {
  it('fails on a local picture or file that is not in the public folder, naming the file, line and field', async () => {
    const body = 'A first paragraph.\n\n![A map](/media/map.png)\n\nSee [the timetable](/media/timetable.pdf) and [the feeds](/feeds).\n'
    const result = await runCheck(
      { 'trains.md': articleFile(ownReporting({ image: { url: '/media/missing.jpg', alt: 'A train' } }), body) },
      { 'media/map.png': readFileSync(ICON) },
    )
    expect(result.code).toBe(1)
    const folder = join(check.root, 'public')
    expect(result.stderr).toContain(
      `error: trains.md:8 image.url: names ${folder}/media/missing.jpg, which is not there; put the file there or correct the path`,
    )
    expect(result.stderr).toContain(
      `error: trains.md:15: the link to /media/timetable.pdf names ${folder}/media/timetable.pdf, which is not there`,
    )
    expect(result.stderr).not.toContain('map.png')
    expect(result.stderr).not.toContain('/feeds')
    // The one verdict: an article naming a missing file is not published, so none is ready.
    expect(result.stdout).toMatch(/0 articles ready, 2 errors, 0 warnings/)
  })

  it('warns about pictures readers cannot show, heavy pictures, a wrong icon and files that are not served', async () => {
    const tiff = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00])
    const heavy = Buffer.concat([TRAIN_BYTES, Buffer.alloc(1024 * 1024)])
    const result = await runCheck(
      {
        'scan.md': articleFile(ownReporting({ image: { url: '/media/scan.tif', alt: 'A scan' } })),
        'heavy.md': articleFile(ownReporting({ image: { url: 'https://site.example/', alt: 'x' } }), '![Heavy](/media/heavy.jpg)\n'),
        'torn.md': articleFile(ownReporting({ image: { url: '/media/torn.jpg', alt: 'A torn upload' } })),
      },
      {
        'media/scan.tif': tiff,
        'media/heavy.jpg': heavy,
        'icon.jpg': TRAIN_BYTES,
        'feeds.html': 'x',
        'media/torn.jpg': Buffer.concat([TRAIN_BYTES.subarray(0, 2000), Buffer.alloc(5000, 0x55)]),
      },
      'url = "https://site.example/"\nicon = "/icon.jpg"\nfavicon = "/favicon.ico"\n',
    )
    expect(result.stderr).toContain(
      'warning: scan.md:8 image.url: is image/tiff, which most feed readers cannot show; use JPEG, PNG, GIF, WebP or AVIF',
    )
    expect(result.stderr).toMatch(
      /warning: heavy\.md:\d+: the picture \/media\/heavy\.jpg is 1\.1 MiB; pictures over 1 MiB slow every reader on a phone/,
    )
    expect(result.stderr).toContain('warning: torn.md:8 image.url: cannot be decoded, so no smaller copies are made of it')
    const settings = join(check.root, 'bylines.toml')
    const folder = join(check.root, 'public')
    expect(result.stderr).toContain(`warning: ${settings}:2 icon: is 1600×900; readers show the icon square`)
    expect(result.stderr).toContain(`error: ${settings}:3 favicon: names ${folder}/favicon.ico, which is not there`)
    expect(result.stderr).toContain(`warning: ${folder}/feeds.html:1: is not served: /feeds.html is the site's own`)
    expect(result.code).toBe(1)
  })

  it('warns about a name a static host takes as its own, and a name with "*", each with what the host does with it', async () => {
    const result = await runCheck(
      { 'a.md': articleFile(ownReporting()) },
      {
        '_worker.js': 'export default {}',
        '_Routes.json': '{}',
        'functions/_middleware.js': '',
        'media/staticwebapp.config.json': '{}',
        '*': 'star',
        'media/a*.png': 'star',
        'media/ok.png': readFileSync(ICON),
      },
    )
    const folder = join(check.root, 'public')
    expect(result.stderr).toContain(
      `warning: ${folder}/_worker.js:1: is a name a static host takes as its own: Cloudflare Pages runs it as the site’s Worker (a file or a folder), and \`wrangler deploy\` refuses to upload it; rename it: it is not served`,
    )
    // Matched whatever the case: a build on a disk that ignores case would find it under the host's name.
    expect(result.stderr).toContain(
      `warning: ${folder}/_Routes.json:1: is a name a static host takes as its own: Cloudflare Pages reads it as the paths its Functions answer`,
    )
    expect(result.stderr).toContain(
      `warning: ${folder}/functions:1: is a name a static host takes as its own: Cloudflare Pages builds it into Functions`,
    )
    expect(result.stderr).toContain(
      `warning: ${folder}/media/staticwebapp.config.json:1: is a name a static host takes as its own: Azure Static Web Apps reads it, in any folder`,
    )
    for (const star of ['*', 'media/a*.png']) {
      expect(result.stderr).toContain(
        `warning: ${folder}/${star}:1: has "*" in its name, which static hosts’ header rules read as any characters; rename it: it is not served`,
      )
    }
    expect(result.stderr).not.toContain('ok.png')
    expect(result.code).toBe(0)
  })

  it('passes on the bundled site', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(REPO, 'src/cli/check.ts')], {
      cwd: REPO,
    })
    expect(stderr).not.toMatch(/^error/m)
    expect(stdout).toMatch(/0 errors/)
  })
})

describe('an article’s picture, in every format', () => {
  let app: ReturnType<typeof renderedService>['app']
  let siteUrl: string
  const picture = () => `${siteUrl}media/night-train-platform.jpg`
  const CAPTION = 'The evening sleeper to Vienna shortly before departure'
  const CREDIT = 'Beispielstädter Abendpost / Lena Hartmann'
  const ALT = 'A blue sleeper train waiting at a station platform at dusk'
  beforeAll(async () => {
    const { site, collection } = await loadSite({}, { file: join(REPO, 'bylines.toml') })
    siteUrl = site.url
    const publicFiles = await new PictureMaker({ dir: mkdtempSync(join(tmpdir(), 'bylines-sample-pictures-')) }).withPictures(
      loadPublicFolder(site),
      collection.articles,
      site.url,
    )
    app = renderedService({ content: { articles: collection.articles, publicFiles }, site }).app
  })
  const text = async (path: string) => (await app.request(path)).text()
  const TRAINS_ID = 'urn:uuid:3b8f2d4e-9c61-4a7b-b2e5-7d0c1f6a9e84'
  const isTrains = (entry: { link?: string; id?: string }) => /night-trains-quiet-return/.test(entry.link ?? entry.id ?? '')

  it('RSS, as Python feedparser reads it: enclosure, Media RSS content and credit, channel image', async () => {
    const parsed = parseWithPythonFeedparser(await text('/rss.xml'))
    expect(parsed.bozo).toBeFalsy()
    const entry = parsed.entries.find(isTrains)!
    // feedparser's `enclosures` are its links of rel="enclosure".
    expect(entry.links.filter((l: { rel: string }) => l.rel === 'enclosure')).toEqual([
      { rel: 'enclosure', href: picture(), length: String(TRAIN_BYTES.byteLength), type: 'image/jpeg' },
    ])
    expect(entry.media_content).toEqual([
      { url: picture(), type: 'image/jpeg', medium: 'image', width: '1600', height: '900', filesize: String(TRAIN_BYTES.byteLength) },
    ])
    expect(entry.media_credit).toEqual([{ content: CREDIT }])
    expect(entry.media_thumbnail).toEqual([
      {
        url: expect.stringMatching(new RegExp(`^${siteUrl}variants/[0-9a-f]{8}/night-train-platform-480\\.jpg$`)),
        width: '480',
        height: '270',
      },
    ])
    // The caption stays the picture's: the item's summary is the article's own.
    expect(entry.summary).toMatch(/^Sleeper services written off a decade ago/)
    expect(parsed.feed.image).toMatchObject({ href: `${siteUrl}icon.png`, width: 144, height: 144 })
  })

  it('Atom, as Python feedparser reads it: enclosure link with its title, Media RSS, icon and logo', async () => {
    const parsed = parseWithPythonFeedparser(await text('/atom.xml'))
    expect(parsed.bozo).toBeFalsy()
    const entry = parsed.entries.find(isTrains)!
    expect(entry.links.filter((l: { rel: string }) => l.rel === 'enclosure')).toEqual([
      { rel: 'enclosure', href: picture(), type: 'image/jpeg', length: String(TRAIN_BYTES.byteLength), title: CAPTION },
    ])
    expect(entry.media_credit).toEqual([{ content: CREDIT }])
    expect(entry.media_content[0]).toMatchObject({ url: picture(), width: '1600', height: '900' })
    expect(parsed.feed.icon).toBe(`${siteUrl}icon.png`)
    expect(parsed.feed.logo).toBe(`${siteUrl}logo.png`)
  })

  it('says the same picture, caption and credit in RSS, Atom and JSON Feed (feedsmith)', async () => {
    const said = []
    for (const path of ['/rss.xml', '/atom.xml']) {
      const feed = parseFeed(await text(path)).feed as any
      const items: any[] = feed.items ?? feed.entries
      // By its id: its Ukrainian translation's entry links it too.
      const item = items.find((i) => JSON.stringify(i).includes(TRAINS_ID))
      const [content] = item.media.contents
      said.push({
        url: content.url,
        caption: content.description.value,
        credit: content.credits[0].value,
        width: content.width,
        height: content.height,
        size: content.fileSize,
      })
    }
    const json = parseFeed(await text('/feed.json'))
    expect(json.format).toBe('json')
    const item = (json.feed as any).items.find((i: any) => i.url.includes('night-trains-quiet-return'))
    const raw = JSON.parse(await text('/feed.json')).items.find((i: any) => i.url.includes('night-trains-quiet-return'))
    expect(item.image).toBe(picture())
    expect(item.attachments).toEqual([{ url: picture(), mime_type: 'image/jpeg', title: CAPTION, size_in_bytes: TRAIN_BYTES.byteLength }])
    said.push({
      url: raw._image.url,
      caption: raw._image.caption,
      credit: raw._image.credit,
      width: raw._image.width,
      height: raw._image.height,
      size: item.attachments[0].size_in_bytes,
    })
    expect(raw._image.alt).toBe(ALT)
    const expected = { url: picture(), caption: CAPTION, credit: CREDIT, width: 1600, height: 900, size: TRAIN_BYTES.byteLength }
    expect(said).toEqual([expected, expected, expected])
  })

  it('shows a figure with its size, caption and credit apart from the article’s credit line, and a link preview', async () => {
    const page = await text('/articles/night-trains-quiet-return')
    const figure = /<figure class="bylines-picture">.*?<\/figure>/s.exec(page)![0]
    expect(figure).toMatch(new RegExp(`<img src="${siteUrl}variants/[0-9a-f]{8}/night-train-platform-1200\\.jpg" srcset="[^"]+"`))
    expect(figure).toContain(`alt="${ALT}"`)
    expect(figure).toContain('width="1600" height="900"')
    expect(figure).toContain(`${CAPTION} — <small class="bylines-picture-credit">${CREDIT}</small>`)
    const meta = (property: string) => new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(page)?.[1]
    expect(meta('og:type')).toBe('article')
    expect(meta('og:title')).toBe('The quiet return of the night trains')
    expect(meta('og:url')).toBe(`${siteUrl}articles/night-trains-quiet-return`)
    expect(meta('og:image')).toBe(picture())
    expect([meta('og:image:width'), meta('og:image:height'), meta('og:image:alt')]).toEqual(['1600', '900', ALT])
    expect(meta('article:published_time')).toBe('2023-11-14T16:45:00.000Z')
    expect(meta('article:modified_time')).toBe('2023-11-15T08:20:00.000Z')
    expect(meta('og:site_name')).toBe('bylines')
    expect(meta('og:locale')).toBe('en')
    expect(meta('twitter:card')).toBe('summary_large_image')
    const home = await text('/')
    expect(/<meta property="og:type" content="website">/.test(home)).toBe(true)
    expect(/<meta property="og:image" content="([^"]*)">/.exec(home)?.[1]).toBe(`${siteUrl}icon.png`)
    expect(/<meta name="twitter:card" content="([^"]*)">/.exec(home)?.[1]).toBe('summary')
    expect(home).toContain(`<link rel="icon" type="image/x-icon" href="${siteUrl}favicon.ico">`)
    expect(home).toContain(`<link rel="icon" type="image/png" sizes="512x512" href="${siteUrl}icon.png">`)
  })
})

describe('responsive pictures: variants made once per version, offered with srcset, and a broken picture shown as it is', () => {
  const site = makeSite()
  const WIDTHS = [480, 800, 1200]
  let root: string
  let dir: string
  let logged: string[]
  const articles = [
    { file: 'train.md', slug: 'train', image: '/media/train.jpg' },
    { file: 'map.md', slug: 'map', image: '/media/map.png' },
    { file: 'small.md', slug: 'small', image: '/media/small.webp' },
    { file: 'broken.md', slug: 'broken', image: '/media/broken.jpg' },
  ]
  const sources = articles.map(({ file, slug, image }, i) => ({
    file,
    source: articleFile(
      ownReporting({ title: `Picture ${slug}`, slug, date: `2020-01-1${i} 10:00`, image: { url: image, alt: `The ${slug}` } }),
    ),
  }))
  const collection = () => buildCollection(sources, site)
  /** The Node server's app over the folder as it is now, its pictures made by `maker`. */
  const serve = async (maker: PictureMaker) => {
    const { articles } = collection()
    const publicFiles = await maker.withPictures(listPublicFolder(dir), articles, site.url)
    return renderedService({
      content: { articles, publicFiles },
      site,
      encoders: NODE_ENCODERS,
      logError: (error) => {
        throw error
      },
    }).app
  }
  const keyOf = (url: string) => `/${url.slice(site.url.length)}`
  const pictureTag = (page: string) => /<picture>.*?<\/picture>/s.exec(page)?.[0]
  const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1]

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'bylines-variants-'))
    dir = join(root, 'public')
    mkdirSync(join(dir, 'media'), { recursive: true })
    copyFileSync(TRAIN, join(dir, 'media', 'train.jpg'))
    copyFileSync(join(REPO, 'public', 'media', 'night-train-routes.png'), join(dir, 'media', 'map.png'))
    writeFileSync(
      join(dir, 'media', 'small.webp'),
      await sharp({ create: { width: 300, height: 200, channels: 3, background: '#345' } })
        .webp()
        .toBuffer(),
    )
    // A JPEG header that says 1600×900, and nothing a decoder can read after it.
    writeFileSync(join(dir, 'media', 'broken.jpg'), Buffer.concat([TRAIN_BYTES.subarray(0, 2000), Buffer.alloc(5000, 0x55)]))
    logged = []
  })

  it('offers each picture in WebP and its own format at 480, 800 and 1200 pixels, never wider than itself, with the right pixel sizes', async () => {
    const app = await serve(new PictureMaker({ dir: join(root, 'cache'), log: (line) => logged.push(line) }))
    const expected: Record<string, { width: number; height: number; formats: string[] }[]> = {
      train: WIDTHS.map((width) => ({ width, height: Math.round((900 * width) / 1600), formats: ['webp', 'jpg'] })),
      map: [],
      small: [{ width: 300, height: 200, formats: ['webp'] }],
    }
    const map = listPublicFolder(dir).files.get('media/map.png')!
    expected.map = WIDTHS.map((width) => Math.min(width, map.width!)).map((width) => ({
      width,
      height: Math.round((map.height! * width) / map.width!),
      formats: ['webp', 'png'],
    }))
    for (const [slug, sizes] of Object.entries(expected)) {
      const page = await (await app.request(`/articles/${slug}`)).text()
      const tag = pictureTag(page)!
      expect(tag, slug).toBeDefined()
      const sources = [...tag.matchAll(/<(source|img)\b[^>]*>/g)].map(([element]) => element)
      const candidates = sources.flatMap((element) =>
        attribute(element, 'srcset')!
          .split(', ')
          .map((candidate) => candidate.split(' ')),
      )
      const read = []
      for (const [url, descriptor] of candidates) {
        const response = await app.request(keyOf(url!))
        expect(response.status, url).toBe(200)
        expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable')
        const bytes = new Uint8Array(await response.arrayBuffer())
        // Read by image-size, which has nothing of sharp in it.
        const { width, height, type } = imageSize(bytes)
        expect(response.headers.get('content-type'), url).toBe(type === 'jpg' ? 'image/jpeg' : `image/${type}`)
        expect(descriptor, url).toBe(`${width}w`)
        expect(url, url).toMatch(new RegExp(`/variants/[0-9a-f]{8}/${slug === 'train' ? 'train' : slug}-${width}\\.${type}$`))
        read.push({ width, height, type })
      }
      const promised = sizes.flatMap(({ width, height, formats }) => formats.map((type) => ({ width, height, type })))
      expect(
        read.sort((a, b) => a.width - b.width || a.type!.localeCompare(b.type!)),
        slug,
      ).toEqual(promised.sort((a, b) => a.width - b.width || a.type.localeCompare(b.type)))
      // The fallback <img> keeps the original's pixel size: its place is kept before it loads.
      const img = sources.find((element) => element.startsWith('<img'))!
      const original = listPublicFolder(dir).files.get(articles.find((a) => a.slug === slug)!.image.slice(1))!
      expect([attribute(img, 'width'), attribute(img, 'height')]).toEqual([String(original.width), String(original.height)])
      expect(attribute(img, 'sizes')).toBe(ARTICLE_PICTURE_SIZES)
      // The article's own picture is near its top: loaded at once.
      expect(attribute(img, 'loading')).toBeUndefined()
    }
    // The original is still served at its own URL.
    expect((await app.request('/media/train.jpg')).status).toBe(200)
  })

  it('shows a picture that cannot be decoded as it is, says so once, and serves everything else', async () => {
    const app = await serve(new PictureMaker({ dir: join(root, 'cache'), log: (line) => logged.push(line) }))
    const page = await app.request('/articles/broken')
    expect(page.status).toBe(200)
    const body = await page.text()
    expect(pictureTag(body)).toBeUndefined()
    expect(/<figure class="bylines-picture"><img src="([^"]*)"/.exec(body)?.[1]).toBe(`${site.url}media/broken.jpg`)
    expect(logged.filter((line) => line.includes('media/broken.jpg'))).toHaveLength(1)
    expect(logged[0]).toMatch(/^public: media\/broken\.jpg cannot be decoded \(.+\); it is shown as it is/)
    // Known to be broken after a restart too (the cache's marker): not decoded, nor said, again.
    await serve(new PictureMaker({ dir: join(root, 'cache'), log: (line) => logged.push(line) }))
    expect(logged).toHaveLength(1)
    expect((await app.request('/articles/train')).status).toBe(200)
    expect((await app.request('/rss.xml')).status).toBe(200)
    expect((await app.request('/media/broken.jpg')).status).toBe(200)
  })

  it('gives the variants new URLs when the picture changes, and the old ones are gone', async () => {
    const maker = new PictureMaker({ dir: join(root, 'cache'), log: () => {} })
    const before = await serve(maker)
    const urlsOf = async (app: typeof before) =>
      attribute(pictureTag(await (await app.request('/articles/train')).text())!, 'srcset')!
        .split(', ')
        .map((c) => c.split(' ')[0]!)
    const old = await urlsOf(before)
    // The same size and type, other bytes.
    const { width, height } = listPublicFolder(dir).files.get('media/train.jpg')!
    writeFileSync(
      join(dir, 'media', 'train.jpg'),
      await sharp({ create: { width: width!, height: height!, channels: 3, background: '#a52' } })
        .jpeg()
        .toBuffer(),
    )
    const after = await serve(maker)
    const now = await urlsOf(after)
    expect(now).toHaveLength(old.length)
    for (const [i, url] of now.entries()) {
      expect(url).not.toBe(old[i])
      expect(url.replace(/\/variants\/[0-9a-f]{8}\//, '/variants/x/')).toBe(old[i]!.replace(/\/variants\/[0-9a-f]{8}\//, '/variants/x/'))
      expect((await after.request(keyOf(url))).status).toBe(200)
      expect((await after.request(keyOf(old[i]!))).status).toBe(404)
    }
    copyFileSync(TRAIN, join(dir, 'media', 'train.jpg'))
  })

  it('makes them in memory when there is no cache folder, with the same bytes', async () => {
    const inMemory = await serve(new PictureMaker({ log: () => {} }))
    const onDisk = await serve(new PictureMaker({ dir: join(root, 'cache'), log: () => {} }))
    const url = attribute(pictureTag(await (await inMemory.request('/articles/train')).text())!, 'src')!
    const [a, b] = await Promise.all(
      [inMemory, onDisk].map(async (app) => Buffer.from(await (await app.request(keyOf(url))).arrayBuffer())),
    )
    expect(a!.equals(b!)).toBe(true)
  })

  it('points media:thumbnail at the smallest variant in the picture’s own format, with its real pixel size; feed content keeps the plain picture', async () => {
    const app = await serve(new PictureMaker({ dir: join(root, 'cache'), log: () => {} }))
    const parsed = parseWithPythonFeedparser(await (await app.request('/rss.xml')).text())
    expect(parsed.bozo).toBeFalsy()
    const entry = parsed.entries.find((e: any) => e.link.endsWith('/articles/train'))!
    const [thumbnail] = entry.media_thumbnail
    expect(thumbnail.url).toMatch(/\/variants\/[0-9a-f]{8}\/train-480\.jpg$/)
    const file = imageSize(new Uint8Array(await (await app.request(keyOf(thumbnail.url))).arrayBuffer()))
    expect({ width: thumbnail.width, height: thumbnail.height, type: file.type }).toEqual({
      width: String(file.width),
      height: String(file.height),
      type: 'jpg',
    })
    // The broken picture's thumbnail is the picture itself.
    const broken = parsed.entries.find((e: any) => e.link.endsWith('/articles/broken'))!
    expect(broken.media_thumbnail[0].url).toBe(`${site.url}media/broken.jpg`)
    expect(/<img [^>]*src="([^"]*)"/.exec(entry.content[0].value)?.[1]).toBe(`${site.url}media/train.jpg`)
    expect(entry.content[0].value).not.toContain('<picture>')
  })

  it('gives listing cards the same <picture>, loaded lazily, without figure or caption', async () => {
    const { articles } = collection()
    const files = await new PictureMaker({ dir: join(root, 'cache'), log: () => {} }).withPictures(
      listPublicFolder(dir),
      articles,
      site.url,
    )
    const picture = articlePicture(articles.find((a) => a.slug === 'train')!.image!, files, site.url)
    const card = cardPictureHtml(picture, { sizes: '20rem' })
    expect(card).toMatch(/^<picture><source type="image\/webp" srcset="[^"]+" sizes="20rem" \/><img [^>]*\/><\/picture>$/)
    const img = /<img [^>]*>/.exec(card)![0]
    expect([attribute(img, 'loading'), attribute(img, 'decoding'), attribute(img, 'width'), attribute(img, 'height')]).toEqual([
      'lazy',
      'async',
      '1600',
      '900',
    ])
    expect(cardPictureHtml(undefined, { sizes: '20rem' })).toBe('')
    // The listing's first picture is fetched at once, first; an archive's is the file itself.
    const first = /<img [^>]*>/.exec(cardPictureHtml(picture, { sizes: '20rem', first: true }))![0]
    expect([attribute(first, 'loading'), attribute(first, 'fetchpriority')]).toEqual([undefined, 'high'])
    expect(cardPictureHtml(picture, { sizes: '20rem', plain: true })).toMatch(
      new RegExp(`^<img src="${site.url}media/train.jpg"[^>]* loading="lazy"`),
    )
  })
})

describe('responsive pictures on the running Node server', () => {
  it('shows a new picture as it is at once, then with its variants once they are made, and new variants when it is replaced', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bylines-live-pictures-'))
    mkdirSync(join(root, 'public', 'media'), { recursive: true })
    copyFileSync(TRAIN, join(root, 'public', 'media', 'train.jpg'))
    const server = await startServer({
      files: {
        'train.md': articleFile(ownReporting({ title: 'Trains', slug: 'train', image: { url: '/media/train.jpg', alt: 'A train' } })),
      },
      env: { PUBLIC_DIR: join(root, 'public'), BYLINES_CACHE_DIR: join(root, 'cache') },
    })
    try {
      const srcsetOf = async () => /<img src="[^"]*" srcset="([^"]*)"/.exec(await (await fetch(`${server.url}articles/train`)).text())?.[1]
      const first = await pollUntil(srcsetOf, { message: 'the page never showed the picture’s variants' })
      const urls = first.value.split(', ').map((candidate) => candidate.split(' ')[0]!)
      expect(urls).toHaveLength(3)
      for (const url of urls) {
        const response = await fetch(url)
        expect(response.status, url).toBe(200)
        expect(imageSize(new Uint8Array(await response.arrayBuffer())).type, url).toBe('jpg')
      }
      // Replaced as an upload should be: written beside the folder, renamed into place.
      const { width, height } = imageSize(TRAIN_BYTES)
      writeFileSync(
        join(root, 'upload.jpg'),
        await sharp({ create: { width, height, channels: 3, background: '#2a5' } })
          .jpeg()
          .toBuffer(),
      )
      renameSync(join(root, 'upload.jpg'), join(root, 'public', 'media', 'train.jpg'))
      const second = await pollUntil(
        async () => {
          const srcset = await srcsetOf()
          return srcset && srcset !== first.value ? srcset : undefined
        },
        { message: 'the replaced picture’s variants never showed' },
      )
      for (const candidate of second.value.split(', ')) expect((await fetch(candidate.split(' ')[0]!)).status).toBe(200)
      expect((await fetch(urls[0]!)).status).toBe(404)
    } finally {
      await server.stop()
    }
  })
})
