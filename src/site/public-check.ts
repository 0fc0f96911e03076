/**
 * What `check` (and `build`) say about pictures: a local picture (or other file) an article or
 * the settings name that is not in the public folder is an error; one readers cannot show, one too heavy for
 * a phone, or a site icon of the wrong shape is a warning. So is whatever in the folder is not
 * served (a symbolic link, a file too large, a name the site or a static host uses itself).
 */
import type { Article } from '../articles/article.ts'
import type { Problem } from '../articles/problems.ts'
import { bodyReferences, resolveUrl } from '../render/markdown.ts'
import { siteFileUrl, type SiteSettings } from '../settings.ts'
import { isSitePath } from './paths.ts'
import { publicPathOf, READER_PICTURE_TYPES, type PublicFile, type PublicFiles } from './public-files.ts'

/** Above this, a picture slows every reader on a phone: compress it (a 1600-pixel JPEG needs ~300 KB). */
export const PICTURE_WARNING_BYTES = 1024 * 1024
/** JSON Feed asks for a 512×512 icon; smaller ones look blurred in readers' lists. */
export const ICON_MIN_PIXELS = 512

export interface ArticleToCheck {
  article: Article
  body: string
  /** The line of the file the body starts on. */
  bodyLine: number
  lineOf(path: readonly (string | number)[]): number
}

export interface PublicFolderToCheck extends PublicFiles {
  /** The folder as the settings name it, for messages. */
  dir: string
  skipped: readonly { path: string; reason: string }[]
}

/** Problems of the articles' pictures, the site's icons and the folder itself. */
export function checkPublic(
  articles: readonly ArticleToCheck[],
  folder: PublicFolderToCheck,
  site: SiteSettings,
  settings: { file: string; lineOf(path: readonly string[]): number },
  undecodable: ReadonlySet<PublicFile> = new Set(),
): Problem[] {
  const problems: Problem[] = []
  /** The local file `url` names: the file, a missing one's path, or undefined when it is not this site's. */
  const local = (url: string): PublicFile | string | undefined => {
    const path = publicPathOf(url, site.url)
    if (path === undefined || isSitePath(path) || path === '') return undefined
    return folder.files.get(path) ?? path
  }
  const missing = (path: string) => `names ${folder.dir}/${path}, which is not there; put the file there or correct the path`

  for (const { article, body, bodyLine, lineOf } of articles) {
    const add = (severity: Problem['severity'], line: number, field: string | undefined, message: string) =>
      problems.push({ severity, file: article.file, line, field, message })
    if (article.image) {
      const file = local(article.image.url)
      const line = lineOf(['image', 'url'])
      if (typeof file === 'string') add('error', line, 'image.url', missing(file))
      else if (file) for (const warning of pictureWarnings(file)) add('warning', line, 'image.url', warning)
      if (file && typeof file !== 'string' && undecodable.has(file)) {
        add('warning', line, 'image.url', 'cannot be decoded, so no smaller copies are made of it: pages show it as it is, and browsers may show it broken; export it again')
      }
    }
    for (const { kind, url: written, line } of bodyReferences(body)) {
      const url = resolveUrl(written, article.url, site.url)
      const file = url === undefined ? undefined : local(url)
      const at = bodyLine + line - 1
      const what = kind === 'picture' ? `the picture ${written}` : `the link to ${written}`
      if (typeof file === 'string') add('error', at, undefined, `${what} ${missing(file)}`)
      else if (file && kind === 'picture') for (const warning of pictureWarnings(file)) add('warning', at, undefined, `${what} ${warning}`)
    }
  }

  const identity = [
    ['icon', site.icon],
    ['favicon', site.favicon],
    ['logo', site.logo],
  ] as const
  for (const [name, setting] of identity) {
    if (setting === undefined) continue
    const file = local(siteFileUrl(setting, site.url))
    const add = (severity: Problem['severity'], message: string) =>
      problems.push({ severity, file: settings.file, line: settings.lineOf([name]), field: name, message })
    if (typeof file === 'string') add('error', missing(file))
    else if (file && name === 'icon' && file.width !== undefined && file.height !== undefined) {
      if (file.width !== file.height) add('warning', `is ${file.width}×${file.height}; readers show the icon square`)
      else if (file.width < ICON_MIN_PIXELS) add('warning', `is ${file.width}×${file.height}; JSON Feed asks for at least ${ICON_MIN_PIXELS}×${ICON_MIN_PIXELS}`)
    }
  }

  for (const { path, reason } of folder.skipped) {
    problems.push({ severity: 'warning', file: `${folder.dir}/${path}`, line: 1, message: `${reason}: it is not served` })
  }
  for (const path of folder.files.keys()) {
    if (isSitePath(path)) {
      problems.push({ severity: 'warning', file: `${folder.dir}/${path}`, line: 1, message: `is not served: /${path.split('/', 1)[0]} is the site's own` })
    }
  }
  return problems
}

function pictureWarnings(file: PublicFile): string[] {
  const warnings: string[] = []
  if (!READER_PICTURE_TYPES.has(file.type)) {
    warnings.push(`is ${file.type}, which most feed readers cannot show; use JPEG, PNG, GIF, WebP or AVIF`)
  } else if (file.width === undefined) {
    warnings.push(`does not read as ${file.type}: its pixel size is unknown`)
  }
  if (file.size > PICTURE_WARNING_BYTES) {
    warnings.push(`is ${(file.size / 1024 / 1024).toFixed(1)} MiB; pictures over ${PICTURE_WARNING_BYTES / 1024 / 1024} MiB slow every reader on a phone`)
  }
  return warnings
}
