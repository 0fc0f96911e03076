/**
 * `npm run dev:edge` is wrangler dev over wrangler.toml: its [build] command renders the site,
 * and a change under watch_dir renders it again while the Worker keeps running. The same
 * configuration here, pointed at a temporary articles folder and output.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { unstable_startWorker } from 'wrangler'
import { REPO } from '../helpers/built-site.ts'
import { projectConfig } from '../helpers/workerd.ts'

let stop: (() => Promise<void>) | undefined
let root: string | undefined
afterAll(async () => {
  await stop?.()
  if (root) rmSync(root, { recursive: true, force: true })
})

it('builds before it serves, and builds again when an article changes', async () => {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  process.env.WRANGLER_SEND_METRICS = 'false'
  root = mkdtempSync(join(tmpdir(), 'bylines-dev-edge-'))
  const articles = join(root, 'articles')
  cpSync(join(REPO, 'articles'), articles, { recursive: true })
  mkdirSync(join(root, 'dist'))
  const prepared = join(root, 'prepared-site.json')

  const project = projectConfig({ outDir: join(root, 'dist'), preparedFile: prepared, vars: { ARTICLES_DIR: articles } })
  expect(project.build.command).toBe('npm run -s build:static')
  expect(project.build.watch_dir).toContain('articles')
  const config = {
    ...project,
    // What `npm run -s build:static` runs, with this test's folders.
    build: {
      command: `npx tsx src/cli/bylines.ts build --out ${join(root, 'dist')} --prepared ${prepared}`,
      cwd: REPO,
      watch_dir: [articles],
    },
  }
  const configFile = join(root, 'wrangler.json')
  writeFileSync(configFile, JSON.stringify(config))
  process.env.ARTICLES_DIR = articles
  try {
    const worker = await unstable_startWorker({
      config: configFile,
      dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: true, logLevel: 'error' },
    })
    stop = () => worker.dispose()
    await worker.ready
    const url = new URL('/rss.xml', await worker.url)
    // Wrangler's watcher reports every file once at start, so the first builds run back to back;
    // in between, the Worker may briefly hold an index whose files are being replaced.
    const feedOnceItSays = async (text: string) => {
      const deadline = Date.now() + 30_000
      let body = ''
      while (Date.now() < deadline && !body.includes(text)) {
        body = await (await fetch(url)).text()
        if (!body.includes(text)) await new Promise((resolve) => setTimeout(resolve, 250))
      }
      return body
    }
    expect(await feedOnceItSays('<title>The quiet return of the night trains</title>')).toContain(
      '<title>The quiet return of the night trains</title>',
    )

    const file = join(articles, 'night-trains-quiet-return.md')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: .*$/m, 'title: "Sleeper services return to the timetable"'))
    const body = await feedOnceItSays('<title>Sleeper services return to the timetable</title>')
    expect(body).toContain('<title>Sleeper services return to the timetable</title>')
    expect(body).not.toContain('The quiet return of the night trains')
  } finally {
    delete process.env.ARTICLES_DIR
  }
})
