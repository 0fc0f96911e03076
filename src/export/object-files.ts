/**
 * Writes articles' Fediverse objects into the export, each from the feed item the thread has
 * just made for the feeds: the object is what the feeds say (article-object.ts), and making the
 * item again for it would cost as much as the object itself. Whichever thread of the export made
 * an article's item writes its object, so the objects are shared between the threads as the
 * items are. Which objects are made is fediverse-export.ts's to decide.
 */
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Article } from '../model/article.ts'
import type { FeedItem } from '../feeds/feed-model.ts'
import type { ArticleObjectIds } from '../fediverse/article-object.ts'
import { keepingBuiltins } from '../fediverse/keep-builtins.ts'
import { objectFileOf } from '../fediverse/prepared-fediverse.ts'
import { writeFileAtomicSync } from '../files/atomic-write.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { articlePath } from '../model/paths.ts'
import type { SiteView } from '../feed-sets/view.ts'

export class ObjectFiles {
  readonly #outDir: string
  readonly #view: SiteView
  readonly #site: SiteSettings
  /** Fedify's vocabulary (tens of MiB) is loaded by the first object, not by every build. */
  #maker: Promise<(article: Article, item: FeedItem) => Promise<unknown>> | undefined
  readonly #madeDirs = new Set<string>()

  constructor(view: SiteView, site: SiteSettings, outDir: string) {
    this.#outDir = outDir
    this.#view = view
    this.#site = site
  }

  /** Writes the article's object, made from its item; when it returns, the file is in place. */
  async write(article: Article, item: FeedItem): Promise<void> {
    const path = join(this.#outDir, objectFileOf(articlePath(article.slug)))
    const make = await (this.#maker ??= this.#load())
    const text = JSON.stringify(await make(article, item))
    const dir = dirname(path)
    if (!this.#madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.#madeDirs.add(dir)
    }
    writeFileAtomicSync(path, [utf8.encode(text)])
  }

  async #load(): Promise<(article: Article, item: FeedItem) => Promise<unknown>> {
    const [{ articleDocument }, { objectIdsOf }] = await keepingBuiltins(() => Promise.all([import('../fediverse/article-object.ts'), import('../fediverse/view-content.ts')]))
    const idsOf: (article: Article) => ArticleObjectIds = objectIdsOf(this.#view, this.#site)
    return (article, item) => articleDocument(item, idsOf(article))
  }
}

const utf8 = new TextEncoder()
