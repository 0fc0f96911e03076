/**
 * The one schema of the site settings: every key of `bylines.toml`, what each takes (values.ts
 * checks it) and its default. Read by resolve.ts, documented in `bylines.toml` and docs/settings.md,
 * which a test checks against it.
 */
import { z } from 'zod'
import type { Person } from '../model/article.ts'
import { FEED_SET_KIND_NAMES } from '../model/paths.ts'
import {
  anyText,
  checked,
  fediverseHandle,
  fields,
  httpUrl,
  languageTag,
  locale,
  messageOverrides,
  policySource,
  positiveInteger,
  publicationLanguage,
  quoted,
  siteFile,
  siteUrl,
  text,
  timeZone,
  yesOrNo,
} from './values.ts'

/** Where a Node process looks for the site's URL when none is set: its own address. */
export const LOCAL_URL = 'http://localhost:3000/'

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
  messages: z
    .record(checked(languageTag), checked(messageOverrides), { error: 'expected a table of messages by language tag' })
    .default({}),
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
  navigation: z.array(fields({ label: checked(text), url: checked(siteFile) }), { error: 'expected a list of {label, url}' }).default([]),
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
    .array(
      z.enum(FEED_SET_KIND_NAMES, {
        error: (issue) => `${quoted(issue.input)} is not a kind of feed set; expected ${FEED_SET_KIND_NAMES.join(', ')}`,
      }),
      {
        error: `expected a list of kinds of feed set: ${FEED_SET_KIND_NAMES.join(', ')}`,
      },
    )
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
      .array(
        z.enum(FEED_SET_KIND_NAMES, {
          error: (issue) => `${quoted(issue.input)} is not a kind of feed set; expected ${FEED_SET_KIND_NAMES.join(', ')}`,
        }),
        {
          error: `expected a list of kinds of feed set: ${FEED_SET_KIND_NAMES.join(', ')}`,
        },
      )
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
export const SETTING_NAMES = Object.keys(SETTINGS_SCHEMA.in.shape)

export type SiteSettings = Omit<z.output<typeof SETTINGS_SCHEMA>, 'url'> & { url: string }

export const DEFAULT_SITE: SiteSettings = { ...SETTINGS_SCHEMA.parse({}), url: LOCAL_URL }
/**
 * Why the site cannot be on the Fediverse although `[fediverse] enabled` says so, or undefined:
 * WebFinger is asked at the root of the host (RFC 7033 §4), and an actor's ids are made from the
 * origin alone, so a site below a path can be neither found nor followed.
 */
export function fediverseImpossibility(site: Pick<SiteSettings, 'url'>): string | undefined {
  const { pathname } = new URL(site.url)
  return pathname === '/'
    ? undefined
    : `the site's url is below a path (${pathname}), and the Fediverse finds a site at the root of its host (/.well-known/webfinger)`
}

/** The known publication called `name` (case, spacing and Unicode form ignored), if any. */
export function findKnownPublication(publications: readonly KnownPublication[] | undefined, name: string): KnownPublication | undefined {
  const key = publicationKey(name)
  return publications?.find((p) => publicationKey(p.name) === key)
}

/** How publication names compare: case, spacing and Unicode form aside. */
export function publicationKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim()
}
