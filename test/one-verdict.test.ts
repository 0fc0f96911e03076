/**
 * One verdict everywhere: an article `check` calls an error (here, a picture missing from the
 * public folder) is published by nothing, neither the Node server, nor the build (which stops,
 * or leaves it out when told to), nor so the Worker and `preview`, which serve a build. Putting
 * the picture in place publishes it. And `check` says every problem of a file in one pass.
 */
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { pathReferences } from '../src/text/markdown.ts'
import { REPO } from './helpers/built-site.ts'
import { articleFile, ownReporting } from './helpers/fixtures.ts'
import { pollUntil, type RunningServer, startServer } from './helpers/node-server.ts'

const PICTURE = join(REPO, 'public', 'media', 'night-train-platform.jpg')

/** A site of its own: a good article, one whose picture is missing, one whose body's picture is. */
function makeSite() {
  const root = mkdtempSync(join(tmpdir(), 'bylines-verdict-'))
  const articles = join(root, 'articles')
  mkdirSync(articles)
  mkdirSync(join(root, 'public', 'media'), { recursive: true })
  writeFileSync(join(articles, 'good.md'), articleFile(ownReporting({ title: 'A good piece', summary: 'Fine.' })))
  writeFileSync(
    join(articles, 'no-picture.md'),
    articleFile(
      ownReporting({
        title: 'A piece without its picture',
        summary: 'Its picture is not there.',
        image: { url: '/media/later.jpg', alt: 'A train' },
      }),
    ),
  )
  writeFileSync(
    join(articles, 'body-picture.md'),
    articleFile(
      ownReporting({ title: 'A piece whose body shows a missing map', summary: 'Its map is not there.' }),
      'A paragraph.\n\n![The route](/media/map.jpg)\n',
    ),
  )
  writeFileSync(join(root, 'bylines.toml'), 'url = "https://news.example.org/"\ntitle = "Verdicts"\n')
  return { root, articles, public: join(root, 'public') }
}

const LEFT_OUT = ['A piece without its picture', 'A piece whose body shows a missing map']

async function run(site: ReturnType<typeof makeSite>, args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(REPO, 'bin', 'bylines.mjs'), ...args], {
      cwd: site.root,
      env: {
        ...process.env,
        BYLINES_CONFIG: join(site.root, 'bylines.toml'),
        ARTICLES_DIR: site.articles,
        PUBLIC_DIR: site.public,
        BYLINES_CACHE_DIR: '',
      },
      timeout: 120_000,
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('one verdict: what check calls an error is never published', () => {
  let server: RunningServer | undefined
  afterAll(() => server?.stop())

  it('check fails, naming each file, line and field', async () => {
    const site = makeSite()
    const result = await run(site, ['check'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`error: no-picture.md:9 image.url: names ${site.public}/media/later.jpg, which is not there`)
    expect(result.stderr).toContain(
      `error: body-picture.md:11: the picture /media/map.jpg names ${site.public}/media/map.jpg, which is not there`,
    )
    expect(result.stdout).toMatch(/: 1 article ready, 2 errors, 0 warnings\n/)
  })

  it('the build stops and writes nothing; with --skip-errors it builds the rest and names what it left out', async () => {
    const site = makeSite()
    const out = join(site.root, 'dist')
    const prepared = join(site.root, 'prepared.json')
    const stopped = await run(site, ['build', '--out', out, '--prepared', prepared])
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toContain('bylines build: 2 errors in body-picture.md, no-picture.md; nothing was built.')
    expect(stopped.stderr).toContain('bylines build --skip-errors')
    expect(existsSync(out)).toBe(false)
    expect(existsSync(prepared)).toBe(false)

    const skipped = await run(site, ['build', '--out', out, '--prepared', prepared, '--skip-errors'])
    expect(skipped.code, skipped.stderr).toBe(0)
    expect(skipped.stderr).toContain('bylines build: left out, with errors: body-picture.md, no-picture.md')
    const feed = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')) as { items: { title: string }[] }
    expect(feed.items.map((item) => item.title)).toEqual(['A good piece'])
    // The Worker answers from this index: the pages left out are not in it.
    const index = JSON.parse(readFileSync(prepared, 'utf8')) as { resources: Record<string, unknown> }
    const paths = Object.keys(index.resources)
    expect(paths).toContain('/articles/good')
    expect(paths.filter((path) => path.startsWith('/articles/no-picture') || path.startsWith('/articles/body-picture'))).toEqual([])
  })

  it('the Node server leaves them out and says so, and publishes one when its picture arrives', async () => {
    const site = makeSite()
    server = await startServer({ dir: site.articles, env: { PUBLIC_DIR: site.public, BYLINES_CONFIG: join(site.root, 'bylines.toml') } })
    await server.waitForLine(/content: no-picture\.md is left out until the files it names are in /)
    await server.waitForLine(/content: error: body-picture\.md:11: the picture \/media\/map\.jpg names .*which is not there/)
    const titles = async () =>
      ((await (await fetch(`${server!.url}feed.json`)).json()) as { items: { title: string }[] }).items.map((item) => item.title)
    expect(await titles()).toEqual(['A good piece'])
    expect((await fetch(`${server.url}articles/no-picture`)).status).toBe(404)
    const health = async () => ((await (await fetch(`${server!.url}healthz`)).json()) as { content: { articles: number } }).content.articles
    expect(await health()).toBe(1)
    for (const title of LEFT_OUT) expect((await (await fetch(server.url)).text()).includes(title)).toBe(false)

    const from = server.lines().length
    copyFileSync(PICTURE, join(site.public, 'media', 'later.jpg'))
    await server.waitForLine(/^published: no-picture\.md \(http:\/\/127\.0\.0\.1:\d+\/articles\/no-picture\)$/, { from })
    await pollUntil(async () => ((await titles()).includes('A piece without its picture') ? true : undefined), {
      message: 'the article never came out',
    })
    expect((await fetch(`${server.url}articles/no-picture`)).status).toBe(200)
    expect(await health()).toBe(2)
  })
})

describe('check, in one pass', () => {
  it('says a bad date, an unknown field and a missing picture of one file at once', async () => {
    const site = makeSite()
    writeFileSync(
      join(site.articles, 'no-picture.md'),
      '---\ntitle: Three problems\ndate: 2019-02-30\ntitel: typo\nimage:\n  url: /media/missing.jpg\n  alt: A train\n---\nText and ![a map](../media/route.png).\n',
    )
    const result = await run(site, ['check'])
    expect(result.code).toBe(1)
    const lines = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('error: no-picture.md') || line.startsWith('warning: no-picture.md'))
    expect(lines.map((line) => line.split(':').slice(0, 3).join(':'))).toEqual([
      'error: no-picture.md:3 date',
      'warning: no-picture.md:4 titel',
      'error: no-picture.md:6 image.url',
      'error: no-picture.md:9',
    ])
    // A relative path in the body resolves from the article's page, /articles/{slug}, as a browser's would.
    expect(result.stderr).toContain(`the picture ../media/route.png names ${site.public}/media/route.png, which is not there`)
  })
})

describe('what a body names by a path', () => {
  it('is every link and picture written without a scheme, in Markdown and HTML, and nothing else', () => {
    expect(pathReferences('See [the paper](https://www.lemonde.fr/a.html) and [mail](mailto:desk@example.org).\n')).toEqual([])
    expect(pathReferences('[ref]: https://example.org/x\n\nText with [a ref][ref].\n')).toEqual([])
    expect(pathReferences('A map: ![The route](/media/map.png)\n\nAnd [the timetable]( ../media/t.pdf ).\n')).toEqual([
      { kind: 'picture', url: '/media/map.png', line: 1 },
      { kind: 'link', url: '../media/t.pdf', line: 3 },
    ])
    expect(pathReferences('Intro.\n\n<p><img alt="x" src="media/a.jpg"> and <a href=\'https://example.org/\'>out</a></p>\n')).toEqual([
      { kind: 'picture', url: 'media/a.jpg', line: 3 },
    ])
    expect(pathReferences('[notes]: /media/notes.pdf\n\nSee [notes].\n')).toEqual([{ kind: 'link', url: '/media/notes.pdf', line: 3 }])
    // Inside code it is text, not a link: looked at, and found to be none.
    expect(pathReferences('Write `![alt](/media/x.jpg)` to show a picture.\n\n    ![alt](/media/y.jpg)\n')).toEqual([])
  })
})
