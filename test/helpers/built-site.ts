/**
 * One test archive, built twice over: by `bylines build` (the static export and the Worker's
 * index, in a temporary folder) and as the Node server renders it, from the same articles and
 * settings. The edge and static-export suites compare what each answers.
 */

import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildCommand } from '../../src/cli/build.ts'
import { loadPublicFolder, loadSite } from '../../src/content/load-site.ts'
import { PictureMaker } from '../../src/content/picture-maker.ts'
import { createViewSource } from '../../src/feed-sets/view.ts'
import { NODE_ENCODERS } from '../../src/http/encoders.ts'
import { listResourceKeys } from '../../src/resources/resources.ts'
import { articleFile, ownReporting, renderedService } from './fixtures.ts'
import { childrenNamed, findAll, parseXmlTree } from './parsers.ts'
import { pictureUrlsIn } from './pictures.ts'

export const REPO = join(import.meta.dirname, '..', '..')

export interface BuiltSite {
  root: string
  outDir: string
  preparedFile: string
  /** The settings both builds read, as environment variables. */
  env: Record<string, string>
  /** The Node server's app over the same articles. */
  node: ReturnType<typeof renderedService>
  /** Every path the site has, from the Node side's own listing. */
  keys: string[]
  /** Set paths (`/tags/x/`), for probing redirects and 404s around them. */
  setPaths: string[]
  /** Every picture URL in every exported page and feed, as keys (`/media/x.jpg`), each once. */
  pictureKeys: string[]
  /** Paths of the public folder that must never be served: links out, dotfiles, sources, backups. */
  hiddenPaths: string[]
  /** Removes the temporary folder. */
  remove(): void
}

/** A file of the test site's public folder larger than any response held in memory. */
export const LARGE_FILE = 'scan-of-the-original.pdf'

/**
 * The bundled articles and public folder, a generated archive of `generated` more, one scheduled for later, one
 * published an hour ago and one broken; small pages, so every set has archive pages, and a WebSub hub, so feeds carry Link.
 */
export async function buildTestSite(generated = 40): Promise<BuiltSite> {
  const root = mkdtempSync(join(tmpdir(), 'bylines-built-'))
  const articles = join(root, 'articles')
  cpSync(join(REPO, 'articles'), articles, { recursive: true })
  cpSync(join(REPO, 'public'), join(root, 'public'), { recursive: true })
  const hiddenPaths = hideInPublicFolder(root)
  // Over the size a server holds in memory: streamed from its file (Node) or the asset store (Worker).
  writeFileSync(join(root, 'public', 'media', LARGE_FILE), Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7919) % 251)))
  execFileSync(process.execPath, [join(REPO, 'bench', 'gen-corpus.mjs'), String(generated), join(articles, 'generated')], {
    stdio: 'ignore',
  })
  writeFileSync(join(articles, 'scheduled.md'), articleFile(ownReporting({ title: 'Not yet', date: '2099-01-01 09:00', slug: 'not-yet' })))
  writeFileSync(join(articles, 'broken.md'), articleFile({ title: 'No date' }))
  // File names in other scripts: served at their transliterated (or kept) slugs on all three.
  writeFileSync(join(articles, 'статья-юникод.md'), articleFile(ownReporting({ title: 'Unicode file name', date: '2021-04-01 10:00' })))
  writeFileSync(join(articles, '東京ノート.md'), articleFile(ownReporting({ title: 'CJK file name', date: '2021-04-02 10:00' })))
  writeFileSync(
    join(articles, 'tokyo.md'),
    articleFile(ownReporting({ title: 'Tokyo notes', date: '2021-03-01 10:00', tags: ['東京', 'Caffè & Co'] })),
  )
  // Published an hour before the build, so the news sitemap lists something.
  const recent = new Date(Date.now() - 3600_000).toISOString()
  writeFileSync(
    join(articles, 'recent.md'),
    articleFile(ownReporting({ title: 'Filed this morning', date: recent, slug: 'filed-this-morning' })),
  )

  const env = {
    ARTICLES_DIR: articles,
    PUBLIC_DIR: join(root, 'public'),
    SITE_URL: 'https://edge.example.org/news/',
    ITEMS_PER_FEED: '5',
    WEBSUB_HUB: 'https://hub.example.org/',
    BYLINES_CACHE_DIR: join(root, 'cache'),
  }
  const outDir = join(root, 'dist')
  const preparedFile = join(root, 'prepared-site.json')
  const quiet = { log: console.log, warn: console.warn, error: console.error }
  console.log = console.warn = console.error = () => {}
  try {
    // The broken article stops a build; told to, the build leaves it out, as the server does.
    const status = await buildCommand.run(
      ['--out', outDir, '--prepared', preparedFile, '--config', join(REPO, 'bylines.toml'), '--skip-errors'],
      env,
    )
    if (status !== 0) throw new Error(`bylines build exited ${status}`)
  } finally {
    Object.assign(console, quiet)
  }

  // The Node server, given the same settings: the same file under the same environment.
  const { site, collection } = await loadSite(env, { file: join(REPO, 'bylines.toml') })
  // Its picture variants made apart from the build's, in a cache of its own: the suites compare the bytes.
  const pictures = new PictureMaker({ dir: join(root, 'node-pictures'), log: () => {} })
  const content = {
    articles: collection.articles,
    publicFiles: await pictures.withPictures(loadPublicFolder(site), collection.articles, site.url),
  }
  const node = renderedService({ content, site, encoders: NODE_ENCODERS, logError: () => {} })
  const view = createViewSource(() => content, site)(new Date())
  const keys = listResourceKeys(view, site)
  const setPaths = view.feedSets
    .all()
    .map((set) => `/${set.path}`)
    .filter((path) => path !== '/')
  const pictureKeys = new Set<string>()
  for (const file of filesUnder(outDir)) {
    for (const url of pictureUrlsIn(file, readFileSync(join(outDir, file), 'utf8'))) {
      if (!url.startsWith(site.url)) throw new Error(`${file}: the picture ${url} is not on the site`)
      pictureKeys.add(`/${url.slice(site.url.length)}`)
    }
  }
  return {
    root,
    outDir,
    preparedFile,
    env,
    node,
    keys,
    setPaths,
    pictureKeys: [...pictureKeys],
    hiddenPaths,
    remove: () => rmSync(root, { recursive: true, force: true }),
  }
}

/**
 * What a public folder may hold that is never served: symbolic links to a file and a folder
 * outside it, a dotfile and a dot-folder, Markdown, an editor's backup, a file whose name
 * the site uses itself, names static hosts take as their own code or settings, and names with
 * `*`, which `_headers` rules read as any characters. Returns the request paths that must be
 * 404s (or the site's own).
 */
function hideInPublicFolder(root: string): string[] {
  const outside = join(root, 'outside')
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.jpg'), 'not for the site')
  const folder = join(root, 'public')
  symlinkSync(join(outside, 'secret.jpg'), join(folder, 'media', 'linked.jpg'))
  symlinkSync(outside, join(folder, 'linked-folder'))
  symlinkSync('..', join(folder, 'media', 'up'))
  writeFileSync(join(folder, '.env'), 'SECRET=1')
  mkdirSync(join(folder, '.git'))
  writeFileSync(join(folder, '.git', 'config'), '[core]')
  writeFileSync(join(folder, 'media', 'notes.md'), '# notes')
  writeFileSync(join(folder, 'media', 'night-train-platform.jpg~'), 'backup')
  writeFileSync(join(folder, 'feeds.html'), '<p>not the feeds page</p>')
  const hostCode = "export default { fetch: () => new Response('host code from the public folder') }"
  writeFileSync(join(folder, '_worker.js'), hostCode)
  writeFileSync(
    join(folder, '_routes.json'),
    '{"version": 1, "include": ["/*"], "exclude": [], "note": "host code from the public folder"}',
  )
  writeFileSync(join(folder, '_redirects'), '/* https://elsewhere.example/:splat 200 # host code from the public folder')
  mkdirSync(join(folder, 'functions'))
  writeFileSync(join(folder, 'functions', '_middleware.js'), hostCode)
  writeFileSync(join(folder, 'netlify.toml'), '[build]\ncommand = "echo host code from the public folder"')
  writeFileSync(join(folder, 'media', 'staticwebapp.config.json'), '{"note": "host code from the public folder"}')
  // A rule `/*` would give every path the public files' headers.
  writeFileSync(join(folder, '*'), 'a star: host code from the public folder')
  writeFileSync(join(folder, 'media', 'any*.png'), 'a star: host code from the public folder')
  return [
    '/media/linked.jpg',
    '/linked-folder/secret.jpg',
    '/media/up/outside/secret.jpg',
    '/media/up/bylines.toml',
    '/.env',
    '/.git/config',
    '/media/notes.md',
    '/media/night-train-platform.jpg~',
    '/feeds.html',
    '/_worker.js',
    '/_routes.json',
    '/_redirects',
    '/functions/_middleware.js',
    '/netlify.toml',
    '/media/staticwebapp.config.json',
    '/*',
    '/%2A',
    '/media/any*.png',
    '/media/..%2f..%2foutside%2fsecret.jpg',
    '/media/%2e%2e/%2e%2e/outside/secret.jpg',
    '/%2e%2e/outside/secret.jpg',
    '/media/%2E%2Eup/secret.jpg',
  ]
}

/**
 * The keys of every URL the sitemaps list: the sitemap's (through its index and parts when it
 * is split) and the news sitemap's. Each document is read with `read`, by key.
 */
export async function sitemapKeys(siteUrl: string, read: (key: string) => Promise<string>): Promise<string[]> {
  const keyOf = (loc: string) => {
    if (!loc.startsWith(siteUrl)) throw new Error(`${loc} is not on the site`)
    return `/${loc.slice(siteUrl.length)}`
  }
  const locsIn = (xml: string, element: string) =>
    findAll(parseXmlTree(xml), (n) => n.local === element).map((n) => childrenNamed(n, SITEMAP_NS, 'loc')[0]!.text)
  const root = await read('/sitemap.xml')
  const parts = locsIn(root, 'sitemap').map(keyOf)
  const documents = parts.length === 0 ? [root] : await Promise.all(parts.map(read))
  return [...documents, await read('/sitemap-news.xml')].flatMap((xml) => locsIn(xml, 'url').map(keyOf))
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

/** Every file under `dir`, as `/`-separated relative paths. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
}
