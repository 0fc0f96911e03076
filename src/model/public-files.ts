/**
 * The public folder: files served at the site root as they are (pictures under `media/`, the
 * icon, favicon and logo), as Astro's and Vite's `public/` or Hugo's `static/`. Runtime-agnostic:
 * the Node side lists and reads the folder (content/public-folder.ts); here is what a listing holds,
 * which names may be served, and how an article's reference finds its file.
 */
import type { OpenedBody } from '../http/prepared.ts'

/** One file of the public folder, as listed. */
export interface PublicFile {
  /** Its path from the site root, `/`-separated, not encoded: `media/night train.jpg`. */
  path: string
  size: number
  /** Its media type, from the name (`mediaTypeOf`). */
  type: string
  /** Pixel size, for pictures whose header could be read. */
  width?: number
  height?: number
  /**
   * Changes whenever the file may have (its size, times and inode): what the build compares to
   * know whether to copy it again.
   */
  version: string
}

export interface PublicFiles {
  /** Every servable file, by `path`. */
  files: ReadonlyMap<string, PublicFile>
  /**
   * The file's bytes; rejects with `GoneError` when it is no longer the file listed (deleted,
   * replaced, reached through a link, no longer a plain file).
   */
  read(file: PublicFile): Promise<Uint8Array>
  /**
   * The file opened, to be read as it is sent, with the same checks as `read`: where a runtime
   * has files, so that a large one is never held whole.
   */
  open?(file: PublicFile): Promise<OpenedBody>
  /**
   * The smaller copies made of the pictures articles show (picture-variants.ts), where the runtime
   * makes them: the Node server and the build. Without them every picture is shown as it is.
   */
  pictures?: MadePictures
}

/**
 * A public file up to this size is held in memory for the life of a view, compressed if it is
 * text. A larger one, where the runtime can open files, is read as it is sent and sent as stored
 * (docs/decisions.md, "Large public files").
 */
export const HELD_PUBLIC_BYTES = 1024 * 1024

export const NO_PUBLIC_FILES: PublicFiles = {
  files: new Map(),
  read: (file) => Promise.reject(new Error(`${file.path}: there is no public folder`)),
}

/**
 * Whether a file of the public folder may be served. Dotfiles and dot-folders (`.git`,
 * `.htaccess`, `.env`) are never served, nor Markdown (article sources, notes to editors), nor
 * an editor's backup (`photo.jpg~`).
 */
export function isServableName(path: string): boolean {
  return path.split('/').every((segment) => segment !== '' && !segment.startsWith('.')) && !/\.md$|~$/i.test(path)
}

/**
 * Names a static host takes as its own code or configuration when they are in the folder it
 * publishes, which is where the export puts the public folder's files: matched against the
 * first segment of a path (the export's root), lower-cased, since a build on a disk that ignores
 * case finds `_Worker.js` when the host's tools look for `_worker.js`. The hosts are those the
 * README names and those a newsroom may point at the export as a project of its own (a
 * publishing branch, `vercel deploy dist`): there the folder is the project's root.
 * docs/decisions.md, "Host names in the public folder", has the sources.
 */
const HOST_NAMES: readonly (readonly [RegExp, string])[] = [
  [/^_worker\.js$/, 'Cloudflare Pages runs it as the site’s Worker (a file or a folder), and `wrangler deploy` refuses to upload it'],
  [/^_routes\.json$/, 'Cloudflare Pages reads it as the paths its Functions answer'],
  [/^_headers$/, 'Cloudflare and Netlify read it as the site’s header rules, and the export writes its own'],
  [/^_redirects$/, 'Cloudflare Pages, Netlify and GitLab Pages read it as redirects and proxies'],
  [/^functions$/, 'Cloudflare Pages builds it into Functions where the folder is a project’s, and never uploads it as files'],
  [/^netlify\.toml$/, 'Netlify reads it as the site’s build and deploy settings'],
  [/^netlify$/, 'Netlify deploys its functions/ and edge-functions/ as code'],
  [/^vercel\.json$/, 'Vercel reads it as the project’s settings'],
  [/^api$/, 'Vercel runs the scripts in it as functions'],
  [/^middleware\.[cm]?[jt]s$/, 'Vercel runs it before every request'],
  [/^firebase\.json$/, 'Firebase Hosting reads it as the site’s settings'],
  [/^routes\.json$/, 'Azure Static Web Apps reads it as routes (its older name for staticwebapp.config.json)'],
  [/^_config\.yml$/, 'GitHub Pages’ Jekyll reads it as the site’s settings'],
]

/** Azure Static Web Apps reads this from any folder of the site, not only its root. */
const AZURE_CONFIG = 'staticwebapp.config.json'

function hostUseOf(path: string): string | undefined {
  const segments = path.toLowerCase().split('/')
  if (segments.includes(AZURE_CONFIG)) return 'Azure Static Web Apps reads it, in any folder, as the site’s routes and headers'
  return HOST_NAMES.find(([name]) => name.test(segments[0]!))?.[1]
}

/**
 * Why a file of the public folder with a servable name is still never published (not by the
 * Node server, the Worker nor the export, so that a path never answers on one and not on the
 * others), or undefined. Two kinds: a name a static host takes as its own code or settings
 * (HOST_NAMES), and a `*`, which the `_headers` format of Cloudflare and Netlify reads as "any
 * characters" and cannot escape: the file's rule would match other paths, or match no request
 * for the file (export/headers-file.ts).
 */
export function unpublishableReason(path: string): string | undefined {
  const host = hostUseOf(path)
  if (host) return `is a name a static host takes as its own: ${host}; rename it`
  if (path.includes('*')) return 'has "*" in its name, which static hosts’ header rules read as any characters; rename it'
  return undefined
}

/** The file's key in the site's resources: its path, each segment encoded as the app's keys are. */
export function publicKey(path: string): string {
  return `/${path.split('/').map(encodeURIComponent).join('/')}`
}

/**
 * Media types by extension. Pictures first: they are what articles reference; the rest are what
 * a site root commonly holds (robots.txt, a verification file, a PDF, fonts).
 */
const MEDIA_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  xml: 'application/xml',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  pdf: 'application/pdf',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
  woff2: 'font/woff2',
  woff: 'font/woff',
}

export function mediaTypeOf(path: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase()
  return (extension && MEDIA_TYPES[extension]) || 'application/octet-stream'
}

/** Pictures whose header tells their pixel size. */
export function isPicture(type: string): boolean {
  return type.startsWith('image/')
}

/**
 * Pictures every feed reader and browser shows. Others (TIFF, HEIC, BMP) are served, but
 * `check` warns: most readers show a broken picture for them.
 */
export const READER_PICTURE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif'])

/** Compressing pictures, sound and video gains nothing; text-like files shrink a lot. */
export function isCompressible(type: string): boolean {
  return /^text\/|^application\/(xml|json|manifest\+json)|^image\/(svg\+xml|x-icon|bmp)/.test(type)
}

/**
 * The public file a URL names, when it is on this site: `https://site/media/a%20b.jpg` is
 * `media/a b.jpg`. Undefined for another site's URL, a path outside the site's, or a name that
 * is not servable.
 */
export function publicPathOf(url: string, siteUrl: string): string | undefined {
  if (!url.startsWith(siteUrl)) return undefined
  const rest = url.slice(siteUrl.length).replace(/[?#].*$/s, '')
  try {
    const path = rest.split('/').map(decodeURIComponent).join('/')
    return isServableName(path) ? path : undefined
  } catch {
    return undefined
  }
}

export interface PictureVariant {
  /** The resource key, from the site root: `/variants/3fa2b1c9/night-train-800.webp`. */
  key: string
  width: number
  height: number
  /** `image/webp`, or the source's own type. */
  type: string
  /** SHA-256 of the source's bytes, hex: with `width` and `type`, all the variant's bytes depend on. */
  digest: string
}

/** A picture whose variants are made: smallest first, WebP then its own format at each width. */
export interface MadePicture {
  digest: string
  variants: readonly PictureVariant[]
}

/** What a runtime that makes variants adds to the public files of a snapshot. */
export interface MadePictures {
  /** The variants of a picture of the snapshot, when they are made; undefined for any other file. */
  of(file: PublicFile): MadePicture | undefined
  /** A variant's bytes. */
  read(variant: PictureVariant): Promise<Uint8Array>
}

/** Whether a file of the public folder gets variants: a JPEG, PNG or WebP whose pixel size is known. */
