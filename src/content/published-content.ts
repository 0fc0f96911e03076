/**
 * What the Node server publishes: the live articles that pass the one verdict
 * (articles/publishable.ts: every file they name is in the public folder), with the public folder,
 * as one snapshot, new when either changes. An article left out, or back, is said in the log
 * once, as the build and `check` would say it.
 *
 * A picture whose smaller copies are not made yet is shown as it is, and they are made in the
 * background; when they are, a new snapshot shows them. So a new picture never holds up a
 * response, and every snapshot is whole: a page and its picture's variants always agree.
 */

import type { Collection } from '../articles/collection.ts'
import { formatProblem } from '../articles/problems.ts'
import { publishable } from '../articles/publishable.ts'
import type { ContentSnapshot } from '../feed-sets/view.ts'
import type { Article } from '../model/article.ts'
import type { PublicFiles } from '../model/public-files.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { fieldLocator } from './load-site.ts'
import type { PictureMaker } from './picture-maker.ts'

export interface PublishedContent {
  /** The snapshot to serve: asked on every request, new only when the content is. */
  current(): ContentSnapshot
  /** The articles published or scheduled, after the verdict. */
  articles(): readonly Article[]
  /** The articles or the public folder may have changed: judge them now, not at the next request. */
  refresh(): void
  /** Called when the articles after the verdict are new. */
  onChange(listener: () => void): void
}

export function publishedContent(options: {
  collection: () => Collection
  publicFiles: () => PublicFiles
  pictures: PictureMaker
  site: SiteSettings
  articlesDir: string
  log: (line: string) => void
}): PublishedContent {
  const { pictures, site, log } = options
  const lineOf = fieldLocator(options.articlesDir)
  let judged: { collection: Collection; files: PublicFiles; articles: Article[] } | undefined
  let snapshot: ContentSnapshot | undefined
  // What was said of the files named, so that a change elsewhere does not say it again.
  let said = new Set<string>()
  const listeners: (() => void)[] = []

  const judge = () => {
    const collection = options.collection()
    const files = options.publicFiles()
    if (judged?.collection === collection && judged.files === files) return judged
    const verdict = publishable(collection.articles, files, site, lineOf)
    const lines = new Set(verdict.problems.map((problem) => `content: ${problem.severity}: ${formatProblem(problem)}`))
    for (const file of verdict.leftOut) lines.add(`content: ${file} is left out until the files it names are in ${site.publicDir}/`)
    for (const line of lines) if (!said.has(line)) log(line)
    said = lines
    const changed = !judged || !sameArticles(judged.articles, verdict.articles)
    judged = { collection, files, articles: changed ? verdict.articles : judged!.articles }
    snapshot = undefined
    if (changed) for (const listener of listeners) listener()
    return judged
  }

  return {
    articles: () => judge().articles,
    refresh: () => void judge(),
    onChange: (listener) => void listeners.push(listener),
    current() {
      const now = judge()
      if (!snapshot) {
        const shown = pictures.shown(now.files, now.articles, site.url)
        const made = { articles: now.articles, publicFiles: shown.files }
        snapshot = made
        if (!shown.complete) {
          void pictures.makeFor(now.files, now.articles, site.url).then(() => {
            // Still the same content: the next request takes a snapshot with the variants.
            if (snapshot === made) snapshot = undefined
          })
        }
      }
      return snapshot
    },
  }
}

/** The same article objects in the same order: a change of the public folder alone leaves them. */
function sameArticles(a: readonly Article[], b: readonly Article[]): boolean {
  return a.length === b.length && a.every((article, i) => article === b[i])
}
