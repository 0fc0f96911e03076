/**
 * Hugo as a yardstick for the benchmarks: the same generated archive built by Hugo, so that
 * bylines' build and start-up times can be read as ratios of a well-known static generator's
 * on the same machine in the same run, rather than as absolute numbers on a shared machine.
 *
 * Used by bench/edge-size.ts (`npm run bench:edge`: the whole site, the same shape of output as
 * `bylines build`, site in bench/hugo-site/hugo.toml) and bench/run.ts (`npm run bench`, part B:
 * only the 50-item home RSS, bench/hugo-site/hugo-rss-only.toml).
 *
 * Hugo cannot take nested front-matter keys (original.publication, …) as taxonomies, so
 * `prepareHugoSite` copies the corpus into a Hugo content folder, adding flat fields (tags,
 * publications, from, translators, authors, languages) and moving the structured ones that would
 * clash (translators, authors, language) to other names. That copy is made before, and outside,
 * any timing: the timed part is only `hugo --quiet` building into an empty folder.
 *
 * Peak memory is GNU time's maximum resident set size when /usr/bin/time is there, otherwise
 * VmHWM of the hugo process read from /proc every 20 ms (which can miss the last moments).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { dump, load } from 'js-yaml'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const SKELETON = join(ROOT, 'bench', 'hugo-site')
const GNU_TIME = '/usr/bin/time'
const MIB = 1024 * 1024

/** Which Hugo site: the whole site (bench:edge) or only the home RSS (bench, part B). */
export type HugoVariant = 'full' | 'rss-only'

const CONFIG: Record<HugoVariant, string> = { full: 'hugo.toml', 'rss-only': 'hugo-rss-only.toml' }

/** `hugo version`'s line, or undefined when there is no hugo on PATH (the callers then skip, saying so). */
export function hugoVersion(): string | undefined {
  const run = spawnSync('hugo', ['version'], { encoding: 'utf8' })
  if (run.error || run.status !== 0) return undefined
  return run.stdout.trim().replace(/\s+BuildDate=.*$/, '')
}

/** The note printed, and written into the report, when hugo is missing. */
export const NO_HUGO_NOTE = 'Hugo comparison skipped: no `hugo` on PATH (install Hugo, e.g. the Debian package, to measure it).'

type Person = { name: string; url?: string }

function people(value: unknown): Person[] {
  if (value === undefined || value === null) return []
  const list = Array.isArray(value) ? value : [value]
  return list.map((p) =>
    typeof p === 'string' ? { name: p } : { name: String((p as Person).name), ...((p as Person).url ? { url: (p as Person).url } : {}) },
  )
}

/**
 * The front matter of one article as the Hugo site reads it: bylines' own fields, plus one flat
 * list per kind of feed set, named as bylines names the kinds (and so as the Hugo taxonomies are).
 */
export function hugoFrontMatter(fm: Record<string, unknown>): Record<string, unknown> {
  const { translators, authors, language, updated, original, ...rest } = fm
  const out: Record<string, unknown> = { ...rest }
  const translatorDetails = people(translators)
  const articleLanguage = typeof language === 'string' ? language : 'en'
  const written: Person[] = []
  if (original && typeof original === 'object') {
    const o = original as Record<string, unknown>
    const publication = typeof o.publication === 'string' ? { name: o.publication } : (o.publication as { name: string })
    const originalAuthors = people(o.authors)
    written.push(...originalAuthors)
    out.original = { ...o, publication, authors: originalAuthors }
    out.publications = [publication.name]
    if (typeof o.language === 'string') out.from = [o.language]
  }
  for (const person of people(authors)) if (!written.some((w) => w.name === person.name)) written.push(person)
  if (updated !== undefined) out.lastmod = updated
  out.articleLanguage = articleLanguage
  out.languages = [articleLanguage]
  out.translatorDetails = translatorDetails
  out.translators = translatorDetails.map((t) => t.name)
  out.writtenBy = written
  out.authors = written.map((a) => a.name)
  return out
}

/**
 * A Hugo site in `siteDir` (created; must not exist): a copy of bench/hugo-site with the chosen
 * config as hugo.toml, and the articles of `articlesDir` in content/articles/. Not timed.
 */
export function prepareHugoSite(articlesDir: string, siteDir: string, variant: HugoVariant): { articles: number; seconds: number } {
  const started = performance.now()
  mkdirSync(siteDir, { recursive: true })
  cpSync(join(SKELETON, 'layouts'), join(siteDir, 'layouts'), { recursive: true })
  writeFileSync(join(siteDir, 'hugo.toml'), readFileSync(join(SKELETON, CONFIG[variant])))
  const content = join(siteDir, 'content', 'articles')
  mkdirSync(content, { recursive: true })
  let articles = 0
  for (const name of readdirSync(articlesDir)) {
    if (!name.endsWith('.md')) continue
    const text = readFileSync(join(articlesDir, name), 'utf8')
    const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text)
    if (!match) throw new Error(`${name}: no front matter`)
    const fm = load(match[1]!) as Record<string, unknown>
    const yaml = dump(hugoFrontMatter(fm), { lineWidth: -1 })
    writeFileSync(join(content, name), `---\n${yaml}---\n${text.slice(match[0].length)}`)
    articles++
  }
  return { articles, seconds: (performance.now() - started) / 1000 }
}

export interface HugoBuild {
  /** Wall time of the hugo process, spawn to exit. */
  seconds: number
  peakMiB: number
  /** How peak memory was measured. */
  peakFrom: 'GNU time' | '/proc VmHWM polling'
  files: number
  bytes: number
  /** rss.xml, atom.xml and feed.json files. */
  feedDocuments: number
  /** Article pages (content/articles/…/index.html). */
  articlePages: number
}

/** `hugo --quiet` for `siteDir` into `outDir` (which must not exist yet), timed. */
export async function buildHugo(siteDir: string, outDir: string, cacheDir: string): Promise<HugoBuild> {
  if (existsSync(outDir)) throw new Error(`${outDir} exists; Hugo is measured building into an empty folder`)
  const hugoArgs = ['--quiet', '--source', siteDir, '--destination', outDir, '--cacheDir', cacheDir]
  const timeFile = `${outDir}.time`
  const useTime = existsSync(GNU_TIME)
  const [command, args] = useTime ? [GNU_TIME, ['-f', '%M', '-o', timeFile, 'hugo', ...hugoArgs]] : ['hugo', hugoArgs]

  const started = performance.now()
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HUGO_ENVIRONMENT: 'production' } })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  let polledKiB = 0
  const poll = useTime
    ? undefined
    : setInterval(() => {
        try {
          const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (match) polledKiB = Math.max(polledKiB, Number(match[1]))
        } catch {
          // exited between two polls
        }
      }, 20)
  const status = await new Promise<number | null>((done, fail) => {
    child.on('error', fail)
    child.on('close', (code) => done(code))
  })
  const seconds = (performance.now() - started) / 1000
  if (poll) clearInterval(poll)
  if (status !== 0) throw new Error(`hugo failed (status ${status}):\n${output.slice(0, 4000)}`)
  const peakKiB = useTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : polledKiB
  rmSync(timeFile, { force: true })

  const files = listFiles(outDir)
  return {
    seconds,
    peakMiB: peakKiB / 1024,
    peakFrom: useTime ? 'GNU time' : '/proc VmHWM polling',
    files: files.length,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    feedDocuments: countFeedDocuments(files),
    articlePages: files.filter((f) => /^articles\/[^/]+\/index\.html$/.test(f.path)).length,
  }
}

/** Every file under `dir`, with its size, path relative to `dir`. */
export function listFiles(dir: string): { path: string; bytes: number }[] {
  const out = execFileSync('find', [dir, '-type', 'f', '-printf', '%s %P\\n'], { encoding: 'utf8', maxBuffer: 256 * MIB }).trim()
  if (!out) return []
  return out.split('\n').map((line) => {
    const space = line.indexOf(' ')
    return { bytes: Number(line.slice(0, space)), path: line.slice(space + 1) }
  })
}

/** Feed documents among `files`: RSS, Atom and JSON Feed, by the names both bylines and the Hugo site give them. */
export function countFeedDocuments(files: { path: string }[]): number {
  return files.filter((f) => /(^|\/)(rss\.xml|atom\.xml|feed\.json)$/.test(f.path)).length
}
