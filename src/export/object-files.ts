/**
 * Writes articles' Fediverse objects into the export, each from the feed item the thread has
 * just made for the feeds: the object is what the feeds say (article-document.ts), and making the
 * item again for it would cost as much as the object itself. Whichever thread of the export made
 * an article's item writes its object, so the objects are shared between the threads as the
 * items are. Which objects are made is fediverse-export.ts's to decide.
 */
import { join } from 'node:path'
import { type ArticleObjectIds, articleDocument, objectIdsOf } from '../fediverse/article-document.ts'
import { objectFileOf } from '../fediverse/prepared-fediverse.ts'
import type { SiteView } from '../feed-sets/view.ts'
import type { FeedItem } from '../feeds/feed-model.ts'
import type { Article } from '../model/article.ts'
import { articlePath } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import type { ExportFiles } from './export-files.ts'

export class ObjectFiles {
  readonly #outDir: string
  readonly #view: SiteView
  readonly #site: SiteSettings
  /** Made by the first object, not by every build. */
  #idsOf: ((article: Article) => ArticleObjectIds) | undefined
  readonly #files: ExportFiles

  constructor(view: SiteView, site: SiteSettings, outDir: string, files: ExportFiles) {
    this.#files = files
    this.#outDir = outDir
    this.#view = view
    this.#site = site
  }

  /** Writes the article's object, made from its item; when it returns, the file is in place. */
  write(article: Article, item: FeedItem): void {
    const path = join(this.#outDir, objectFileOf(articlePath(article.slug)))
    const idsOf = (this.#idsOf ??= objectIdsOf(this.#view, this.#site))
    const text = JSON.stringify(articleDocument(item, idsOf(article)))
    this.#files.write(path, [utf8.encode(text)])
  }
}

const utf8 = new TextEncoder()
