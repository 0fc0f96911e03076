/**
 * What `check`, the build and the server say about pictures: a local picture (or other file) an
 * article or the settings name that is not in the public folder is an error; one readers cannot
 * show, one too heavy for a phone, or a site icon of the wrong shape is a warning. So is
 * whatever in the folder is not served (a symbolic link, a file too large, a name the site or a
 * static host uses itself).
 */

import { isSitePath } from '../model/paths.ts'
import { type PublicFile, type PublicFiles, publicPathOf, READER_PICTURE_TYPES } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { siteFileUrl } from '../settings/values.ts'
import type { BodyReference } from '../text/markdown.ts'
import { resolveUrl } from '../text/resolve-url.ts'
import type { Problem } from './problems.ts'

/** Above this, a picture slows every reader on a phone: compress it (a 1600-pixel JPEG needs ~300 KB). */
export const PICTURE_WARNING_BYTES = 1024 * 1024
/** JSON Feed asks for a 512×512 icon; smaller ones look blurred in readers' lists. */
export const ICON_MIN_PIXELS = 512

/** What one article file names in the public folder, and how to find the lines that name it. */
export interface FileToCheck {
  /** Path of the article file, relative to the articles folder. */
  file: string
  /** The address the body's relative paths resolve against: the article's page. */
  baseUrl: string
  /** `image.url` as the article gives it, resolved against the site. */
  image?: string
  references: readonly BodyReference[]
  /** The line of a front-matter field: asked only when there is a problem to report. */
  lineOf(path: readonly (string | number)[]): number
  /** A draft's problems are what it still misses, and marked so. */
  draft?: boolean
}

export interface PublicFolderToCheck extends PublicFiles {
  /** The folder as the settings name it, for messages. */
  dir: string
  skipped: readonly { path: string; reason: string }[]
}

/**
 * What is wrong with the files one article names: a missing one is an error, which keeps the
 * article from being published anywhere (articles/publishable.ts); a picture readers cannot show,
 * one too heavy for a phone or one that cannot be decoded is a warning.
 */
export function articleFileProblems(
  article: FileToCheck,
  folder: PublicFiles,
  site: SiteSettings,
  undecodable: ReadonlySet<PublicFile> = new Set(),
): Problem[] {
  const problems: Problem[] = []
  // A line is a number, or the field whose line it is: found only for a problem, since finding
  // it reads the file again, and almost every picture is fine.
  const add = (severity: Problem['severity'], at: number | string[], field: string | undefined, message: string) => {
    const line = typeof at === 'number' ? at : article.lineOf(at)
    problems.push({ severity, file: article.file, line, ...(field && { field }), message, ...(article.draft && { draft: true as const }) })
  }
  const local = localFileOf(folder, site)
  if (article.image) {
    const file = local(article.image)
    if (file) {
      const line = ['image', 'url']
      if (typeof file === 'string') add('error', line, 'image.url', missingFile(site, file))
      else for (const warning of pictureWarnings(file)) add('warning', line, 'image.url', warning)
      if (typeof file !== 'string' && undecodable.has(file)) {
        add(
          'warning',
          line,
          'image.url',
          'cannot be decoded, so no smaller copies are made of it: pages show it as it is, and browsers may show it broken; export it again',
        )
      }
    }
  }
  for (const { kind, url: written, line } of article.references) {
    const url = resolveUrl(written, article.baseUrl, site.url)
    const file = url === undefined ? undefined : local(url)
    const what = kind === 'picture' ? `the picture ${written}` : `the link to ${written}`
    if (typeof file === 'string') add('error', line, undefined, `${what} ${missingFile(site, file)}`)
    else if (file && kind === 'picture') for (const warning of pictureWarnings(file)) add('warning', line, undefined, `${what} ${warning}`)
  }
  return problems
}

/** The site's icon, favicon and logo: missing (an error) or of the wrong shape (a warning). */
export function siteFileProblems(
  folder: PublicFiles,
  site: SiteSettings,
  settings: { file: string; lineOf(path: readonly string[]): number },
): Problem[] {
  const problems: Problem[] = []
  const local = localFileOf(folder, site)
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
    if (typeof file === 'string') add('error', missingFile(site, file))
    else if (file && name === 'icon' && file.width !== undefined && file.height !== undefined) {
      if (file.width !== file.height) add('warning', `is ${file.width}×${file.height}; readers show the icon square`)
      else if (file.width < ICON_MIN_PIXELS)
        add('warning', `is ${file.width}×${file.height}; JSON Feed asks for at least ${ICON_MIN_PIXELS}×${ICON_MIN_PIXELS}`)
    }
  }
  return problems
}

/** What in the folder is not served: a symbolic link, a file too large, a name the site uses itself. */
export function publicFolderProblems(folder: PublicFolderToCheck): Problem[] {
  const problems: Problem[] = []
  for (const { path, reason } of folder.skipped) {
    problems.push({ severity: 'warning', file: `${folder.dir}/${path}`, line: 1, message: `${reason}: it is not served` })
  }
  for (const path of folder.files.keys()) {
    if (isSitePath(path)) {
      problems.push({
        severity: 'warning',
        file: `${folder.dir}/${path}`,
        line: 1,
        message: `is not served: /${path.split('/', 1)[0]} is the site's own`,
      })
    }
  }
  return problems
}

/** The local file `url` names: the file, a missing one's path, or undefined when it is not this site's. */
function localFileOf(folder: PublicFiles, site: SiteSettings) {
  return (url: string): PublicFile | string | undefined => {
    const path = publicPathOf(url, site.url)
    if (path === undefined || isSitePath(path) || path === '') return undefined
    return folder.files.get(path) ?? path
  }
}

function missingFile(site: SiteSettings, path: string): string {
  return `names ${site.publicDir}/${path}, which is not there; put the file there or correct the path`
}

function pictureWarnings(file: PublicFile): string[] {
  const warnings: string[] = []
  if (!READER_PICTURE_TYPES.has(file.type)) {
    warnings.push(`is ${file.type}, which most feed readers cannot show; use JPEG, PNG, GIF, WebP or AVIF`)
  } else if (file.width === undefined) {
    warnings.push(`does not read as ${file.type}: its pixel size is unknown`)
  }
  if (file.size > PICTURE_WARNING_BYTES) {
    warnings.push(
      `is ${(file.size / 1024 / 1024).toFixed(1)} MiB; pictures over ${PICTURE_WARNING_BYTES / 1024 / 1024} MiB slow every reader on a phone`,
    )
  }
  return warnings
}
