/**
 * Site settings: everything a deployment may change, in one place. They are read from one file,
 * `bylines.toml` (or the file BYLINES_CONFIG names), by the Node server, `bylines build` (and so
 * the Worker) and the newsroom's tools alike; environment variables override the file, setting by
 * setting (ENV_OVERRIDES). One zod schema checks the result, so every problem is reported at once,
 * each naming where the value came from: `bylines.toml:12 cache.maxAge: …` or `ITEMS_PER_FEED: …`.
 */
import { readFile } from 'node:fs/promises'
import { parse as parseToml } from 'smol-toml'
import { z } from 'zod'
import type { Person } from '../model/article.ts'
import { FEED_SET_KIND_NAMES } from '../model/paths.ts'
import { isUsableLocale } from '../i18n/intl.ts'
import { BadMessages, checkMessageOverrides } from '../i18n/overrides.ts'
import { explainMisplacedSetting, explainTomlSyntaxError } from './toml-mistakes.ts'
import { lineOf, pathText, type Path } from './toml-lines.ts'

export { lineOf }

/** The process's environment, or a test's stand-in for it: every setting's variable is read from one. */
export type Env = Record<string, string | undefined>

export const SETTINGS_FILE = 'bylines.toml'
/** Where a Node process looks for the site's URL when none is set: its own address. */
export const LOCAL_URL = 'http://localhost:3000/'

export class SettingsError extends Error {
  override name = 'SettingsError'
}

/** A value that is not what a setting expects; the message says what is wrong, not where. */
class BadValue extends Error {}

/** A setting checked by a function: its message (where it came from is added later). */
function checked<T>(check: (value: unknown) => T) {
  return z.unknown().transform((value, ctx) => {
    try {
      return check(value)
    } catch (error) {
      if (!(error instanceof BadValue)) throw error
      ctx.addIssue({ code: 'custom', message: error.message })
      return z.NEVER
    }
  })
}

/** An object of known fields; another field is an error that names the ones it takes. */
function fields<Shape extends z.ZodRawShape>(shape: Shape) {
  const names = Object.keys(shape).join(', ')
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `is not a known field; expected ${names}` : `expected a table with ${names}`),
  })
}

const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value))

function text(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new BadValue('expected a non-empty value')
  return value.trim()
}

function anyText(value: unknown): string {
  if (typeof value !== 'string') throw new BadValue(`${quoted(value)} is not text`)
  return value
}

function httpUrl(value: unknown): string {
  let url: URL
  try {
    url = new URL(text(value))
  } catch {
    throw new BadValue(`${quoted(value)} is not a URL; expected an absolute http(s) URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadValue(`${quoted(value)} is not http(s); expected an absolute http(s) URL`)
  }
  return url.href
}

/** The site URL always ends in `/` so that relative resolution keeps its path. */
function siteUrl(value: unknown): string {
  const url = new URL(httpUrl(value))
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

function languageTag(value: unknown): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(text(value))
    if (canonical) return canonical
  } catch {
    // the message below says what is expected
  }
  throw new BadValue(`${quoted(value)} is not a BCP 47 language tag, e.g. "en" or "pt-BR"`)
}

/**
 * A file of the site's own (its icon, logo or favicon): a path from the site root such as
 * `/icon.png`, served from the public folder, or an absolute http(s) URL.
 */
function siteFile(value: unknown): string {
  const given = text(value)
  if (/^\/(?!\/)[^\s]*$/.test(given)) return given
  try {
    return httpUrl(given)
  } catch {
    throw new BadValue(`${quoted(value)} is neither a path from the site root such as "/icon.png" nor an absolute http(s) URL`)
  }
}

/** A site file setting as an absolute URL: a path from the site root is below the site URL. */
export function siteFileUrl(setting: string, siteUrl: string): string {
  return new URL(setting.replace(/^\//, ''), siteUrl).href
}

/** A source a Content-Security-Policy may name: an origin such as `https://plausible.io`. */
function policySource(value: unknown): string {
  const url = httpUrl(value)
  const { origin } = new URL(url)
  if (`${origin}/` !== url) throw new BadValue(`${quoted(value)} is not an origin; expected e.g. "https://plausible.io"`)
  return origin
}

/** A publication's language is what articles give as `original.language`: "fr", never "French". */
function publicationLanguage(value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z]{2,3}(-|$)/.test(value.trim())) {
    throw new BadValue(`${quoted(value)} is not a BCP 47 language tag, e.g. "fr" or "pt-BR"`)
  }
  return languageTag(value)
}

/** As written, once Intl knows it: Node's ICU would turn "Europe/Kyiv" into the older "Europe/Kiev". */
function timeZone(value: unknown): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: text(value) })
    return text(value)
  } catch {
    throw new BadValue(`${quoted(value)} is not an IANA time zone, e.g. "Europe/Kyiv"`)
  }
}

/** Whole numbers from 1 up; an environment variable gives them as text. */
function positiveInteger(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new BadValue(`${quoted(value)} is not a positive whole number`)
  return n
}

function yesOrNo(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new BadValue(`${quoted(value)} is not true or false`)
  return value
}

/** What Mastodon and most servers accept before the `@`: ASCII letters, digits, `_`, and `.`/`-` inside. */
export const FEDIVERSE_HANDLE = /^[a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?$/

function fediverseHandle(value: unknown): string {
  if (typeof value !== 'string' || !FEDIVERSE_HANDLE.test(value)) {
    throw new BadValue(`${quoted(value)} is not a handle; expected lower-case letters, digits and "_" (a "." or "-" inside), e.g. "news"`)
  }
  return value
}

/** The locale drives Intl formatters at render time: a bad one must stop start-up, not feeds. */
function locale(value: unknown): string {
  const tag = text(value)
  if (isUsableLocale(tag)) return tag
  throw new BadValue(`${quoted(value)} is not a BCP 47 locale such as "en-GB"`)
}

/**
 * How the visible credit line reads in one language. `{language}`, `{translators}`, `{work}` and
 * `{authors}` are placeholders; everything else is literal text. `locale` is for language names,
 * lists of names and dates, e.g. `en-GB`.
 */
const CREDIT_WORDING = fields({
  locale: checked(locale),
  translatedFrom: checked(text),
  translatedFromBy: checked(text),
  original: checked(text),
  by: checked(text),
})

const PUBLICATION = fields({
  name: checked(text),
  /** Home page, absolute http(s). */
  url: checked(httpUrl).optional(),
  /** Its RSS or Atom feed, absolute http(s). */
  feed: checked(httpUrl).optional(),
  /** BCP 47 tag of the language it publishes in. */
  language: checked(publicationLanguage).optional(),
})

export type KnownPublication = z.output<typeof PUBLICATION>

export const DEFAULT_PUBLICATIONS: KnownPublication[] = [
  { name: 'Le Monde', url: 'https://www.lemonde.fr/', feed: 'https://www.lemonde.fr/rss/une.xml', language: 'fr' },
]

/** A `[messages.{tag}]` table: the newsroom's words for a language (i18n/overrides.ts). */
function messageOverrides(value: unknown) {
  try {
    return checkMessageOverrides(value)
  } catch (error) {
    throw error instanceof BadMessages ? new BadValue(error.message) : error
  }
}

/**
 * Defaults that name the site follow its title unless they are set: a renamed site must not go on
 * claiming the old name's rights and authorship.
 */
const TITLED_DEFAULTS = {
  authorName: (title: string) => `${title} newsroom`,
  rights: (title: string) => `Translations © ${title}. Originals © their publishers.`,
}

/**
 * The one schema of the settings: the file's keys are its keys, defaults included. Exported so
 * that what documents the settings (`bylines.toml`, the README) can be checked against it.
 */
export const SETTINGS_SCHEMA = fields({
  title: checked(text).default('bylines'),
  description: checked(anyText).default('The foreign press in English: translated reporting, credited to its source.'),
  /** Absolute http(s) URL of the site's home, always ending with `/`; the base of every feed URL and default id. */
  url: checked(siteUrl).optional(),
  /** BCP 47 tag of the site and the default language of its articles. */
  language: checked(languageTag).default('en'),
  /** IANA zone in which dates written without an offset are read. */
  timeZone: checked(timeZone).default('Europe/Kyiv'),
  /** Credited where an article names no author; its name is "{title} newsroom" unless set. */
  defaultAuthor: fields({ name: checked(text).optional(), url: checked(httpUrl).optional() }).optional(),
  /** "Translations © {title}. …" unless set; an empty value states none. */
  rights: checked(anyText).optional(),
  /**
   * The site's words by language tag, laid over the built-in catalogues (English, French, German,
   * Spanish, Ukrainian, Arabic: src/i18n/catalogues/) key by key, or a language of its own.
   */
  messages: z.record(checked(languageTag), checked(messageOverrides), { error: 'expected a table of messages by language tag' }).default({}),
  /** The credit line's wording by language tag, over the catalogues' `credit` messages. */
  credit: z.record(checked(languageTag), CREDIT_WORDING, { error: 'expected a table of wordings by language tag' }).default({}),
  /** Articles per archive; the current feed holds from this many to twice as many (model/archives.ts). */
  itemsPerFeed: checked(positiveInteger).default(50),
  articlesDir: checked(text).default('articles'),
  /** Files served at the site root as they are: pictures (`public/media/`), the icon, favicon, logo. */
  publicDir: checked(text).default('public'),
  /** Square site icon, at least 512×512 (JSON Feed `icon`, Atom `<icon>`, RSS `<image>`, pages). */
  icon: checked(siteFile).optional(),
  /** Small icon for browsers and feed readers' lists (JSON Feed `favicon`, `<link rel="icon">`). */
  favicon: checked(siteFile).optional(),
  /** Wide logo, 2:1 (Atom `<logo>`), shown in every page's header in place of the title. */
  logo: checked(siteFile).optional(),
  /** Links in every page's header, after the site's name. */
  navigation: z
    .array(fields({ label: checked(text), url: checked(siteFile) }), { error: 'expected a list of {label, url}' })
    .default([]),
  /** A line of text in every page's footer. */
  footer: checked(text).optional(),
  /** The newsroom's own stylesheet, loaded after the built-in styles. */
  stylesheet: checked(siteFile).optional(),
  /**
   * Markup put as it is into every page's `<head>` (analytics), and the origins its scripts,
   * styles and requests need; its inline scripts are allowed by their hash.
   */
  head: fields({
    html: checked(anyText),
    scriptSources: z.array(checked(policySource)).default([]),
    styleSources: z.array(checked(policySource)).default([]),
    connectSources: z.array(checked(policySource)).default([]),
  }).optional(),
  /**
   * HTTP caching of every response (RFC 9111), and RSS `<ttl>`. `sharedMaxAge` is for CDNs and
   * other shared caches (`s-maxage`); it defaults to `maxAge`. Archives have their own.
   */
  cache: fields({
    maxAge: checked(positiveInteger).default(300),
    sharedMaxAge: checked(positiveInteger).optional(),
    staleWhileRevalidate: checked(positiveInteger).default(86_400),
    archiveMaxAge: checked(positiveInteger).default(2_592_000),
    /** Files of the public folder: pictures rarely change, and their ETag makes a check cheap. */
    publicMaxAge: checked(positiveInteger).default(86_400),
  }).default({ maxAge: 300, staleWhileRevalidate: 86_400, archiveMaxAge: 2_592_000, publicMaxAge: 86_400 }),
  /** WebSub hub URL; when set, feeds advertise it and the hub is told of changes. */
  websubHub: checked(httpUrl).optional(),
  /**
   * The kinds of feed set the site publishes (tags, publications, …); all when not set. Fewer
   * kinds, fewer files: a large archive on a host that limits them (Cloudflare's free plan).
   */
  feedSets: z
    .array(z.enum(FEED_SET_KIND_NAMES, { error: (issue) => `${quoted(issue.input)} is not a kind of feed set; expected ${FEED_SET_KIND_NAMES.join(', ')}` }), {
      error: `expected a list of kinds of feed set: ${FEED_SET_KIND_NAMES.join(', ')}`,
    })
    .transform((kinds) => [...new Set(kinds)])
    .optional(),
  /**
   * Following the site from the Fediverse (ActivityPub): the site's actor `@{handle}@{host}`,
   * and one actor for each feed set of the kinds in `actors` (`@tags.ukraine@{host}`). Followers,
   * keys and what waits for delivery are kept in `dataDir` (Node) or in KV and Queues (Worker).
   */
  fediverse: fields({
    enabled: checked(yesOrNo).default(true),
    handle: checked(fediverseHandle).default('news'),
    actors: z
      .array(z.enum(FEED_SET_KIND_NAMES, { error: (issue) => `${quoted(issue.input)} is not a kind of feed set; expected ${FEED_SET_KIND_NAMES.join(', ')}` }), {
        error: `expected a list of kinds of feed set: ${FEED_SET_KIND_NAMES.join(', ')}`,
      })
      .transform((kinds) => [...new Set(kinds)])
      .default([]),
    dataDir: checked(text).default('data'),
  }).default({ enabled: true, handle: 'news', actors: [], dataDir: 'data' }),
  /**
   * Publications the newsroom translates from. An article whose `original.publication` is a
   * bare name that matches one gets its home page and feed; import reads its language.
   */
  publications: z.array(PUBLICATION, { error: 'expected a list of {name, url, feed, language}' }).default(DEFAULT_PUBLICATIONS),
}).transform(({ defaultAuthor, rights, ...settings }) => ({
  ...settings,
  defaultAuthor: { ...defaultAuthor, name: defaultAuthor?.name ?? TITLED_DEFAULTS.authorName(settings.title) } satisfies Person,
  rights: (rights ?? TITLED_DEFAULTS.rights(settings.title)) || undefined,
}))

/** The top-level settings, for a message about one written where TOML reads it as a table's. */
const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA.in.shape)

export type SiteSettings = Omit<z.output<typeof SETTINGS_SCHEMA>, 'url'> & { url: string }

export const DEFAULT_SITE: SiteSettings = { ...SETTINGS_SCHEMA.parse({}), url: LOCAL_URL }

/** Environment variables that override a setting: where each goes, and how its text is read. */
const ENV_OVERRIDES: Record<string, { path: Path; read?: (value: string, name: string) => unknown }> = {
  SITE_TITLE: { path: ['title'] },
  SITE_DESCRIPTION: { path: ['description'] },
  SITE_URL: { path: ['url'] },
  SITE_LANGUAGE: { path: ['language'] },
  SITE_TIME_ZONE: { path: ['timeZone'] },
  SITE_AUTHOR: { path: ['defaultAuthor', 'name'] },
  SITE_AUTHOR_URL: { path: ['defaultAuthor', 'url'] },
  SITE_RIGHTS: { path: ['rights'] },
  SITE_CREDIT_WORDING: { path: ['credit'], read: readJson },
  SITE_MESSAGES: { path: ['messages'], read: readJson },
  ITEMS_PER_FEED: { path: ['itemsPerFeed'] },
  ARTICLES_DIR: { path: ['articlesDir'] },
  PUBLIC_DIR: { path: ['publicDir'] },
  SITE_ICON: { path: ['icon'] },
  SITE_FAVICON: { path: ['favicon'] },
  SITE_LOGO: { path: ['logo'] },
  SITE_NAVIGATION: { path: ['navigation'], read: readJson },
  SITE_FOOTER: { path: ['footer'] },
  SITE_STYLESHEET: { path: ['stylesheet'] },
  SITE_HEAD_HTML: { path: ['head', 'html'] },
  CACHE_MAX_AGE: { path: ['cache', 'maxAge'] },
  CACHE_SHARED_MAX_AGE: { path: ['cache', 'sharedMaxAge'] },
  CACHE_STALE_WHILE_REVALIDATE: { path: ['cache', 'staleWhileRevalidate'] },
  CACHE_ARCHIVE_MAX_AGE: { path: ['cache', 'archiveMaxAge'] },
  CACHE_PUBLIC_MAX_AGE: { path: ['cache', 'publicMaxAge'] },
  WEBSUB_HUB: { path: ['websubHub'] },
  FEDIVERSE_ENABLED: { path: ['fediverse', 'enabled'], read: readYesOrNo },
  FEDIVERSE_HANDLE: { path: ['fediverse', 'handle'] },
  FEDIVERSE_DATA_DIR: { path: ['fediverse', 'dataDir'] },
  SITE_PUBLICATIONS: { path: ['publications'], read: readJson },
  FEED_SETS: { path: ['feedSets'], read: (value) => (value === 'none' ? [] : value.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '')) },
}

/** The environment variables that override settings, for documentation and checks. */
export const SETTINGS_VARIABLES = Object.keys(ENV_OVERRIDES)

function readYesOrNo(value: string, name: string): boolean {
  if (value === 'true' || value === '1') return true
  if (value === 'false' || value === '0') return false
  throw new SettingsError(`${name}: expected true or false, not "${value}"`)
}

function readJson(value: string, name: string): unknown {
  try {
    return JSON.parse(value)
  } catch (cause) {
    throw new SettingsError(`${name}: expected JSON`, { cause })
  }
}

/** The settings file, as read: its text (for line numbers) and its table. */
export interface SettingsFile {
  name: string
  text: string
  table: Record<string, unknown>
}

/**
 * Why the site cannot be on the Fediverse although `[fediverse] enabled` says so, or undefined:
 * WebFinger is asked at the root of the host (RFC 7033 §4), and an actor's ids are made from the
 * origin alone, so a site below a path can be neither found nor followed.
 */
export function fediverseImpossibility(site: Pick<SiteSettings, 'url'>): string | undefined {
  const { pathname } = new URL(site.url)
  return pathname === '/' ? undefined : `the site's url is below a path (${pathname}), and the Fediverse finds a site at the root of its host (/.well-known/webfinger)`
}

/** The settings file a command reads: `file` when given, else BYLINES_CONFIG, else `bylines.toml`. */
export function settingsFileName(env: Env, file?: string): string {
  return file ?? (env.BYLINES_CONFIG || undefined) ?? SETTINGS_FILE
}

/**
 * Reads the settings file (settingsFileName): `file` must exist; `bylines.toml` in the working
 * folder may not.
 */
export async function readSettingsFile(env: Env, file?: string): Promise<SettingsFile | undefined> {
  const name = settingsFileName(env, file)
  let text: string
  try {
    text = await readFile(name, 'utf8')
  } catch (error) {
    if (name === SETTINGS_FILE && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new SettingsError(`${name}: cannot read the settings file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
  }
  return parseSettingsFile(name, text)
}

export function parseSettingsFile(name: string, text: string): SettingsFile {
  try {
    return { name, text, table: parseToml(text) }
  } catch (error) {
    const { line, field, message } = explainTomlSyntaxError(text, error as { line?: number; message: string }, SETTING_NAMES)
    throw new SettingsError(`${name}${line ? `:${line}` : ''}${field ? ` ${field}` : ''}: ${message}`)
  }
}

/**
 * The settings: `base` (defaults), then the file, then the environment, checked as a whole.
 * @param localUrl the site URL when neither the file nor the environment sets one: the Node
 *   server's own address, so that its links work as they are
 * @throws SettingsError listing every problem, each naming its variable or file and line
 */
export function resolveSettings(options: {
  env?: Record<string, string | undefined>
  file?: SettingsFile
  base?: Partial<SiteSettings>
  localUrl?: string
}): SiteSettings {
  const { env = {}, file, base = {}, localUrl = LOCAL_URL } = options
  const fromEnv: Record<string, unknown> = {}
  const envPaths: [Path, string][] = []
  for (const [name, { path, read }] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name]?.trim()
    if (value === undefined || value === '') continue
    setAt(fromEnv, path, read ? read(value, name) : value)
    envPaths.push([path, name])
  }
  const input = merge(merge(structuredClone(base) as Record<string, unknown>, file?.table ?? {}), fromEnv)
  const result = SETTINGS_SCHEMA.safeParse(input)
  if (!result.success) {
    const issues = result.error.issues.flatMap((issue): { path: PropertyKey[]; message: string; code?: string }[] =>
      issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, path: [...issue.path, key] })) : [issue],
    )
    const lines = issues.map((issue) => {
      const path = issue.path as Path
      const variable = envPaths.find(([prefix]) => startsWith(path, prefix))
      if (variable) return `${variable[1]}${pathText(path.slice(variable[0].length), true)}: ${issue.message}`
      const where = file && startsWith(path, []) && hasPath(file.table, path) ? `${file.name}:${lineOf(file.text, path)} ` : ''
      const misplaced = where && file && issue.code === 'unrecognized_keys' ? explainMisplacedSetting(file.text, path, SETTING_NAMES) : undefined
      return `${where}${pathText(path, false) || 'settings'}: ${misplaced ?? issue.message}`
    })
    throw new SettingsError(lines.join('\n'))
  }
  return { ...result.data, url: result.data.url ?? localUrl }
}

/** Settings for a Node process: the file (if any) and the environment. */
export async function loadSettings(env: Env, options: { file?: string; localUrl?: string } = {}): Promise<SiteSettings> {
  return resolveSettings({ env, file: await readSettingsFile(env, options.file), localUrl: options.localUrl })
}

/** Applies the environment's overrides to `base` alone, with no file. */
export function loadSiteSettings(env: Env, base: SiteSettings = DEFAULT_SITE): SiteSettings {
  return resolveSettings({ env, base, localUrl: base.url })
}

function setAt(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>
  node[path.at(-1)!] = value
}

/** Tables merge key by key; anything else (lists too) is replaced. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [key, value] of Object.entries(over)) {
    const old = base[key]
    base[key] = isTable(old) && isTable(value) ? merge({ ...old }, value) : value
  }
  return base
}

const isTable = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

const startsWith = (path: Path, prefix: Path) => prefix.every((key, i) => path[i] === key)

/** Whether the file itself holds the start of `path` (not a default or the base). */
function hasPath(table: Record<string, unknown>, path: Path): boolean {
  return path.length > 0 && Object.hasOwn(table, path[0] as string)
}

/** The known publication called `name` (case, spacing and Unicode form ignored), if any. */
export function findKnownPublication(
  publications: readonly KnownPublication[] | undefined,
  name: string,
): KnownPublication | undefined {
  const key = publicationKey(name)
  return publications?.find((p) => publicationKey(p.name) === key)
}

/** How publication names compare: case, spacing and Unicode form aside. */
export function publicationKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()
}
