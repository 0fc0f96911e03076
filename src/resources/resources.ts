/**
 * Every resource the site serves, by its canonical path (its "key"): where each comes from in a
 * view of the content, how it is rendered into a prepared response, and the list of them all.
 * The app answers HTTP for a key; the static exporter walks the list; so the two cannot differ
 * on what exists or on a single byte of it.
 */
import { lastModified as articleLastModified, type Article } from '../model/article.ts'
import { oncePer } from '../text/remembered.ts'
import { archiveCount, CURRENT, documentArticles, hasDocument, neighbours, type DocumentNumber } from '../model/archives.ts'
import type { FeedSet } from '../feed-sets/feed-sets.ts'
import { FEED_SET_KIND_NAMES, type FeedSetKind } from '../model/paths.ts'
import type { FeedFormat } from '../model/feed-files.ts'
import { FEED_FORMAT_NAMES, FEED_FORMATS, feedUrl, ItemCache, newestChange, renderFeed } from '../feeds/formats.ts'
import { TRANSLATION_EXTENSION_PATH } from '../feeds/json-feed.ts'
import { renderExtensionDoc } from '../pages/extension-doc.ts'
import { renderOpml } from '../pages/opml.ts'
import { renderArticlePage, renderFeedsPage, renderNotFoundPage } from '../pages/pages.ts'
import { renderSetPage } from '../pages/listing.ts'
import type { Encoders } from '../http/encoding.ts'
import { forEachPart, type BodyParts } from '../http/body-parts.ts'
import { createEtagMaker, prepareResponse, prepareStreamedResponse, type OpenedBody, type PreparedResponse } from '../http/prepared.ts'
import { createViewSource, type ContentSnapshot, type SiteView } from '../feed-sets/view.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { articlePath, documentPath, FEED_STYLESHEET_PATH, feedPath, isSitePath, movedTo, parseKey, type Moved } from '../model/paths.ts'
import { FEED_STYLESHEET } from '../pages/feed-stylesheet.ts'
import { pagePolicy, REFERRER_POLICY } from '../pages/policy.ts'
import { HELD_PUBLIC_BYTES, isCompressible, publicKey, publicPathOf, type PictureVariant, type PublicFile } from '../model/public-files.ts'
import { pictureAt, sitePicture, type Picture } from '../articles/picture.ts'
import { crawlerFilesOf, isCrawlerKey, NEWS_SITEMAP_KEY, ROBOTS_KEY } from '../sitemaps/crawler-files.ts'
import { siblingsOf } from '../feed-sets/translations.ts'
import { picturesShownBy, VARIANT_CACHE_CONTROL } from '../model/picture-variants.ts'

/** The resources of one moment of the site, as the app sees them. */
export interface Resources {
  /** The response at `key`, or undefined when the site has nothing there. */
  get(key: string): Promise<PreparedResponse> | undefined
  /** Whether `key` exists, without preparing it. */
  has(key: string): boolean
  /** The response at `key` if it is prepared already, for callers that must not wait. */
  ready(key: string): PreparedResponse | undefined
  /** The 404 page. */
  notFound(): Promise<PreparedResponse>
  /** Where a path the site used to serve has gone, if anywhere, and whether for good (paths.ts). */
  moved(key: string): Moved | undefined
}

const HTML_TYPE = 'text/html; charset=utf-8'
const OPML_TYPE = 'text/x-opml; charset=utf-8'
const CSS_TYPE = 'text/css; charset=utf-8'
/**
 * A file of the public folder is the newsroom's own, not rendered from untrusted copy; still, an
 * SVG or HTML file opened by itself runs in a sandbox without scripts.
 */
const PUBLIC_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"
/** The 404 page's key: not a path, so no request can ask for it by name. */
export const NOT_FOUND_KEY = ' 404'
const FIXED_PAGES = ['/feeds', '/feeds.opml', `/${TRANSLATION_EXTENSION_PATH}`, `/${FEED_STYLESHEET_PATH}`] as const


/**
 * Cache-Control for everything but 404s. `s-maxage` is for shared caches (a CDN in front of the
 * server or the Worker); stale-while-revalidate lets them answer at once while they refresh.
 */
export function cacheControl(site: SiteSettings): string {
  const { maxAge, sharedMaxAge, staleWhileRevalidate } = site.cache
  return `public, max-age=${maxAge}, s-maxage=${sharedMaxAge ?? maxAge}, stale-while-revalidate=${staleWhileRevalidate}`
}

/**
 * Cache-Control of an archive (RFC 8246 `immutable`): its articles stay as they are once it is
 * sealed, so caches keep it without asking again. An edit, or a back-dated article, reaches a
 * cached copy only when it expires: hence a setting of its own, not a year.
 */
export function archiveCacheControl(site: SiteSettings): string {
  return `public, max-age=${site.cache.archiveMaxAge}, immutable`
}

/**
 * Cache-Control of a public file. Not `immutable`: a picture keeps its URL when an editor
 * replaces it (feed items that show it keep theirs), so caches must ask again, which the ETag
 * makes cheap.
 */
export function publicCacheControl(site: SiteSettings): string {
  return `public, max-age=${site.cache.publicMaxAge}`
}


export interface RenderedResourcesOptions {
  content: ContentSnapshot | (() => ContentSnapshot)
  /** The settings, or where to ask for them on each request: the Node server's change while it runs. */
  site: SiteSettings | (() => SiteSettings)
  /** The clock that decides which scheduled articles are out; injectable for tests. */
  now?: () => Date
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
}

/** Resources rendered from the content on first request, once per view (the Node server's). */
export function renderedResources(options: RenderedResourcesOptions): () => Resources {
  const { encoders } = options
  const now: () => Date | number = options.now ?? Date.now
  const getContent = typeof options.content === 'function' ? options.content : () => options.content as ContentSnapshot
  const getSite = typeof options.site === 'function' ? options.site : () => options.site as SiteSettings
  // Views are made for one version of the settings: new settings, new views, every response made again.
  let viewSite: SiteSettings | undefined
  let viewAt: ReturnType<typeof createViewSource> | undefined
  // Asked on every request, by the Node fast path too: the view rarely changes, so remember one.
  let lastView: SiteView | undefined
  let lastResources: Resources | undefined
  return () => {
    const site = getSite()
    if (site !== viewSite || !viewAt) {
      viewSite = site
      viewAt = createViewSource(getContent, site)
    }
    const view = viewAt(now())
    if (view !== lastView || !lastResources) {
      lastView = view
      lastResources = resourcesOfView(view, site, { encoders })
    }
    return lastResources
  }
}

/** Every key the site has at this view, 404 page excluded: what an exporter writes. */
export function listResourceKeys(view: SiteView, site: SiteSettings): string[] {
  const keys: string[] = []
  for (const set of view.feedSets.all()) {
    const archives = archiveCount(set.articles.length, site.itemsPerFeed)
    for (let document = CURRENT; document <= archives; document++) {
      keys.push(`/${documentPath(set.path, document)}`, ...FEED_FORMAT_NAMES.map((format) => `/${feedPath(set.path, document, format)}`))
    }
  }
  for (const article of view.published) keys.push(`/${articlePath(article.slug)}`)
  keys.push(...FIXED_PAGES)
  const { publicByKey, variantByKey } = lookupsOf(view, site)
  // A public robots.txt is listed once, as the public folder's.
  keys.push(...crawlerFilesOf(view, site).keys.filter((key) => !publicByKey.has(key)))
  keys.push(...publicByKey.keys(), ...variantByKey.keys())
  return keys
}

/**
 * The keys of the files the site serves as they are stored: the public folder's, and the
 * variants of its pictures. Each keeps its name in the export, and is typed by its extension.
 */
export function publicResourceKeys(view: SiteView, site: SiteSettings): ReadonlySet<string> {
  const { publicByKey, variantByKey } = lookupsOf(view, site)
  return new Set([...publicByKey.keys(), ...variantByKey.keys()])
}

export interface ViewOptions {
  /** Compressors this runtime offers; responses are sent uncompressed without them. */
  encoders?: Encoders
  /**
   * Keep each prepared response for the life of the view (a server); an exporter that visits
   * each resource once passes false, so the archive is never in memory at once.
   */
  remember?: boolean
  /** Serialised items to share between documents (the export's, for the whole build), made for this view. */
  items?: ItemCache
}

export function resourcesOfView(view: SiteView, site: SiteSettings, options: ViewOptions = {}): Resources {
  const { encoders, remember = true, items = new ItemCache(site, view.publicFiles, siblingsOf(view)) } = options
  const cache = cacheControl(site)
  const archiveCache = archiveCacheControl(site)
  const publicCache = publicCacheControl(site)
  const files = view.publicFiles
  const prepared = remember ? view.prepared : (_key: string, make: () => Promise<PreparedResponse>) => make()
  const prepare = (body: string | Uint8Array | BodyParts, contentType: string, lastModified: Date | undefined, extra: Record<string, string> = {}, status = 200) =>
    prepareResponse({
      status,
      body,
      lastModified,
      encoders,
      headers: { 'content-type': contentType, 'cache-control': cache, 'x-content-type-options': 'nosniff', ...extra },
    })

  // Pages are never framed (clickjacking), and tell other sites no more than our origin.
  const htmlHeaders = { 'content-security-policy': pagePolicy(site), 'referrer-policy': REFERRER_POLICY }
  // An article's URL is also its ActivityStreams object's (fediverse/routes.ts): caches key on Accept.
  const articleHeaders = site.fediverse.enabled ? { ...htmlHeaders, vary: 'Accept' } : htmlHeaders
  const cachingOf = (document: DocumentNumber): Record<string, string> => (document === CURRENT ? {} : { 'cache-control': archiveCache })
  const feedHeaders = (format: FeedFormat, set: FeedSet, document: DocumentNumber): Record<string, string> => {
    const headers: Record<string, string> = {
      ...cachingOf(document),
      // Republishers pull feeds from browsers (spec: CORS on feeds).
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag, Last-Modified, Link',
    }
    if (site.websubHub) {
      headers.link = `<${site.websubHub}>; rel="hub", <${feedUrl(set, format, document, site)}>; rel="self"`
    }
    return headers
  }

  const setFeed = (set: FeedSet, document: DocumentNumber, format: FeedFormat) => () => {
    const { body, updated } = renderFeed(set, document, format, site, items)
    return prepare(body, FEED_FORMATS[format].contentType, updated, feedHeaders(format, set, document))
  }
  const setPage = (set: FeedSet, document: DocumentNumber) => () => {
    const shown = documentArticles(set.articles, document, site.itemsPerFeed)
    return prepare(String(renderSetPage(set, document, view.feedSets, site, files)), HTML_TYPE, newestChange(shown), { ...htmlHeaders, ...cachingOf(document) })
  }
  const { setAt, bySlug, publicByKey, variantByKey } = lookupsOf(view, site)

  /** How to make the resource at `key`, or undefined when there is none. */
  const locate = (key: string): (() => Promise<PreparedResponse>) | undefined => {
    const target = parseKey(key)
    if (target?.type === 'document') {
      const set = setAt(target.kind, target.slug)
      if (!set || !hasDocument(set.articles.length, target.document, site.itemsPerFeed)) return undefined
      return target.format ? setFeed(set, target.document, target.format) : setPage(set, target.document)
    }
    if (target?.type === 'article') {
      const article = bySlug.get(target.slug)
      return article && (() => prepare(String(renderArticlePage(article, bySlug, view.feedSets, site, files, siblingsOf(view)(article))), HTML_TYPE, articleLastModified(article), articleHeaders))
    }
    switch (key) {
      case '/feeds':
        return () => prepare(String(renderFeedsPage(view.feedSets, site, files)), HTML_TYPE, newestChange(view.published), htmlHeaders)
      case '/feeds.opml':
        return () => prepare(renderOpml(view.feedSets, site), OPML_TYPE, newestChange(view.published), { 'access-control-allow-origin': '*' })
      case `/${TRANSLATION_EXTENSION_PATH}`:
        return () => prepare(String(renderExtensionDoc(site, files)), HTML_TYPE, undefined, htmlHeaders)
      case `/${FEED_STYLESHEET_PATH}`:
        return () => prepare(FEED_STYLESHEET, CSS_TYPE, undefined)
    }
    // Before the crawler files: a newsroom's own robots.txt replaces the site's. Every other
    // name the site makes is kept out of publicByKey (paths.ts, isSitePath).
    const file = publicByKey.get(key)
    if (file) return () => publicFile(file)
    const variant = variantByKey.get(key)
    if (variant) return () => pictureVariant(variant)
    const crawler = isCrawlerKey(key) ? crawlerFilesOf(view, site).at(key) : undefined
    return crawler && (() => prepare(crawler.body, crawler.type, crawler.lastModified))
  }

  /** A file of the public folder, as it is stored. Its ETag is of its bytes, as everything else's. */
  const publicFile = async (file: PublicFile): Promise<PreparedResponse> => {
    const headers = {
      'content-type': file.type,
      'cache-control': publicCache,
      'x-content-type-options': 'nosniff',
      'content-security-policy': PUBLIC_POLICY,
      'access-control-allow-origin': '*',
      'accept-ranges': 'bytes',
    }
    const { open } = files
    if (open && file.size > HELD_PUBLIC_BYTES) {
      return prepareStreamedResponse({ etag: await etagOfStoredFile(file, open), size: file.size, open: () => open(file), headers })
    }
    return prepareResponse({ body: await files.read(file), encoders: isCompressible(file.type) ? encoders : undefined, headers })
  }

  /** A picture's smaller copy: as a public file, but cached for good, since its URL names its source's bytes. */
  const pictureVariant = async (variant: PictureVariant): Promise<PreparedResponse> =>
    prepareResponse({
      body: await files.pictures!.read(variant),
      headers: {
        'content-type': variant.type,
        'cache-control': VARIANT_CACHE_CONTROL,
        'x-content-type-options': 'nosniff',
        'content-security-policy': PUBLIC_POLICY,
        'access-control-allow-origin': '*',
        'accept-ranges': 'bytes',
      },
    })

  return {
    get(key) {
      const make = locate(key)
      return make && prepared(key, make)
    },
    has: (key) => locate(key) !== undefined,
    ready: (key) => view.ready(key),
    moved: (key) =>
      movedTo(key, (setPath) => {
        const target = parseKey(`/${setPath}`)
        return target?.type === 'document' ? setAt(target.kind, target.slug)?.articles.length : undefined
      }, site.itemsPerFeed),
    notFound: () =>
      prepared(NOT_FOUND_KEY, () =>
        prepare(String(renderNotFoundPage(site, files)), HTML_TYPE, undefined, { ...htmlHeaders, 'cache-control': 'public, max-age=60' }, 404),
      ),
  }
}

/**
 * What the resource at `key` is made from, written out, without making it: under the same code
 * and settings, equal inputs make equal bytes. Undefined where that is not worked out (the pages
 * that list every set, the fixed pages: a few, cheap to make; the sitemap and its parts, which
 * list every page, so that working out their inputs would cost as much as making them) or an
 * article's version is not known. The export leaves alone a file whose inputs are those the last
 * build recorded.
 *
 * @param digest shortens what an article adds to the inputs of each document that lists it (about
 *   thirty: eight sets, four formats), worked out once per article; the export gives a hash
 */
export function resourceInputs(view: SiteView, site: SiteSettings, digest: (text: string) => string = (text) => text): (key: string) => string | undefined {
  const per = site.itemsPerFeed
  const { setAt, bySlug, publicByKey, variantByKey } = lookupsOf(view, site)
  const files = view.publicFiles
  // What the outputs show of a picture (articles/picture.ts): its type, bytes and pixel size when
  // local, and its variants, whose URLs name its bytes.
  const describe = (picture: Picture | undefined) => (picture?.local ? `${picture.type}:${picture.size}:${picture.width}x${picture.height}` : undefined)
  const pictureOf = (url: string | undefined) => {
    if (url === undefined) return undefined
    const path = publicPathOf(url, site.url)
    const file = path === undefined ? undefined : files.files.get(path)
    const made = file && files.pictures?.of(file)
    const shown = describe(pictureAt(url, files, site.url))
    return shown && `${shown}:${made ? made.digest : ''}`
  }
  const identity = [site.icon, site.favicon, site.logo].map((setting) => describe(sitePicture(setting, files, site.url)))
  // Each article is in about thirty documents (eight sets, four formats): what they take of it
  // is worked out once.
  const versionText = oncePer((article: Article) => `${article.file}:${article.version}:${pictureOf(article.image?.url) ?? ''}`)
  const versionOf = (article: Article | undefined) => (article?.version === undefined ? undefined : versionText(article))
  // Pages link the sets an article belongs to: their paths, as the set index has them now.
  const pathsOf = (kind: FeedSetKind, names: readonly string[]) => names.map((name) => view.feedSets.named(kind, name)?.path ?? null)
  const tagPathsOf = oncePer((article: Article) => pathsOf('tags', article.tags))
  // A listing's card links the original's language, its publication and the translators.
  const cardPathsOf = oncePer((article: Article) => [
    pathsOf('from', article.original ? [article.original.language] : []),
    pathsOf('publications', article.original ? [article.original.publication.name] : []),
    pathsOf('translators', article.translators.map((t) => t.name)),
  ])
  const kindsPublished = () => FEED_SET_KIND_NAMES.filter((kind) => view.feedSets.byKind(kind).size > 0)
  // An article's page and its feed items name its other translations: a new one, or a changed
  // title, remakes what shows the article.
  const siblings = siblingsOf(view)
  const translationsOf = oncePer((article: Article) => siblings(article).map(({ url, language, title }) => [url, language, title]))
  // What a document shows of an article: a listing its card's links, a feed's item its translations.
  const shown = (links: (article: Article) => unknown) =>
    oncePer((article: Article) => {
      const version = versionOf(article)
      return version === undefined ? undefined : digest(JSON.stringify([version, links(article)]))
    })
  const shownInPage = shown(cardPathsOf)
  // A current page lists its set's archives by their first and last day.
  const archiveDays = (set: FeedSet) =>
    Array.from({ length: archiveCount(set.articles.length, per) }, (_, i) => {
      const articles = documentArticles(set.articles, i + 1, per)
      return [articles.at(-1)?.date.getTime(), articles[0]?.date.getTime()]
    })
  const shownInFeed = shown(translationsOf)
  return (key) => {
    const file = publicByKey.get(key)
    if (file) return JSON.stringify(['public', file.version])
    const variant = variantByKey.get(key)
    if (variant) return JSON.stringify(['variant', variant.digest, variant.width, variant.height, variant.type])
    const target = parseKey(key)
    if (target?.type === 'document') {
      const set = setAt(target.kind, target.slug)
      if (!set || !hasDocument(set.articles.length, target.document, per)) return undefined
      const articles = documentArticles(set.articles, target.document, per).map(target.format ? shownInFeed : shownInPage)
      if (articles.includes(undefined)) return undefined
      const { older, newer } = neighbours(set.articles.length, target.document, per)
      // The current page's subscribe section shows the set's feed addresses: its path, here, and
      // the site's URL, in the build's context.
      const { kind, name, slug, path, title, description, label, hreflang } = set
      const kinds = !target.format && kind === 'site' && target.document === CURRENT && kindsPublished()
      const archives = !target.format && target.document === CURRENT && archiveDays(set)
      return JSON.stringify([target.format ?? 'html', kind, name, slug, path, title, description, label, hreflang, target.document, older, newer, articles, identity, kinds, archives])
    }
    if (target?.type === 'article') {
      const article = bySlug.get(target.slug)
      const version = versionOf(article)
      if (!article || version === undefined) return undefined
      // The page also shows its related articles' titles, and links its publication's feeds.
      const related = article.related.map((r) => ('slug' in r ? (versionOf(bySlug.get(r.slug)) ?? 'none') : r))
      const publication = article.original && view.feedSets.named('publications', article.original.publication.name)
      // Its "More" links: its tags and its original's language.
      const links = [tagPathsOf(article), pathsOf('from', article.original ? [article.original.language] : [])]
      return JSON.stringify(['article', version, related, publication?.path, publication?.title, identity, links, translationsOf(article)])
    }
    // Fixed text: the code version (the context) is all it depends on.
    if (key === `/${FEED_STYLESHEET_PATH}`) return JSON.stringify(['feed-stylesheet'])
    // Settings and code alone: the site's title and URL are in the build's context.
    if (key === ROBOTS_KEY) return JSON.stringify(['robots'])
    if (key === NEWS_SITEMAP_KEY) {
      // Its articles (a day's or two's, a thousand at most): which ones says where the two days fall.
      const versions = crawlerFilesOf(view, site).news.map(versionOf)
      return versions.includes(undefined) ? undefined : JSON.stringify(['news', versions])
    }
    return undefined
  }
}

/**
 * The ETag of a large public file, of its bytes as any other response's: the file read through
 * once per version of it (a listing keeps a file's entry while it is unchanged), not per view.
 */
const storedFileEtags = new WeakMap<PublicFile, Promise<string>>()

function etagOfStoredFile(file: PublicFile, open: (file: PublicFile) => Promise<OpenedBody>): Promise<string> {
  let etag = storedFileEtags.get(file)
  if (!etag) {
    etag = open(file).then(async (opened) => {
      const maker = createEtagMaker()
      await forEachPart(opened.stream(0, opened.size - 1), maker.update)
      return maker.etag()
    })
    storedFileEtags.set(file, etag)
    etag.catch(() => storedFileEtags.delete(file))
  }
  return etag
}

interface Lookups {
  /** The set a key names: the site's, or one of a kind by slug. */
  setAt(kind: FeedSetKind | undefined, slug: string | undefined): FeedSet | undefined
  bySlug: ReadonlyMap<string, Article>
  /** The public folder's files by key; a name the site uses itself (`/rss.xml`) is the site's. */
  publicByKey: ReadonlyMap<string, PublicFile>
  /** The variants of the pictures published articles show, made for this snapshot, by key. */
  variantByKey: ReadonlyMap<string, PictureVariant>
}

const lookups = new WeakMap<SiteView, Lookups>()

/** Made once per view, for the resources and their inputs alike. */
function lookupsOf(view: SiteView, site: SiteSettings): Lookups {
  let found = lookups.get(view)
  if (!found) {
    const { pictures } = view.publicFiles
    const made = pictures ? picturesShownBy(view.published, view.publicFiles, site.url).map((file) => pictures.of(file)) : []
    found = {
      variantByKey: new Map(made.flatMap((picture) => picture?.variants ?? []).map((variant) => [variant.key, variant])),
      setAt: (kind, slug) => (kind === undefined ? view.feedSets.site : view.feedSets.byKind(kind).get(slug!)),
      bySlug: new Map(view.published.map((article) => [article.slug, article])),
      publicByKey: new Map([...view.publicFiles.files.values()].filter((file) => !isSitePath(file.path)).map((file) => [publicKey(file.path), file])),
    }
    lookups.set(view, found)
  }
  return found
}
