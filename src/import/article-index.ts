/**
 * What import needs to know of the articles already in the folder: the file names and slugs
 * taken, the slug of each title (for "Related:" teasers), the file of each article id, and the
 * story each one tells. Read once, before anything is written (under the lock); an article that
 * cannot be read or parsed still keeps its name and its id, so import never writes over it.
 */
import { stat } from 'node:fs/promises'
import { titleKey } from '../articles/advice.ts'
import { parseFrontMatter } from '../articles/front-matter.ts'
import { defaultSlug } from '../articles/parse-article.ts'
import { listArticleFiles, readArticleFile } from '../content/read-articles.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { type KnownStory, storyOf } from './known-stories.ts'

export interface ArticleIndex {
  /**
   * Paths relative to the articles folder, posix; and `<slug>.md` for every explicit slug, so
   * that a new file never takes the slug of an existing article.
   */
  files: Set<string>
  /** Slugs (from `slug` or the file name) by title key. */
  titles: Map<string, string>
  /** File by `id`, for the articles that have one. */
  ids: Map<string, string>
  /** Every article file and the story its front matter tells (none when it cannot be read). */
  stories: KnownStory[]
}

/** What import needs to know of the articles already there; a missing folder is an empty one. */
export async function indexArticles(articlesDir: string, site: SiteSettings): Promise<ArticleIndex> {
  const index: ArticleIndex = { files: new Set(), titles: new Map(), ids: new Map(), stories: [] }
  const exists = await stat(articlesDir).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!exists) return index
  const files = await listArticleFiles(articlesDir)
  // A file that cannot be read as an article (swapped for a FIFO since the listing) still takes its name.
  const sources = await Promise.all(
    files.map((file) =>
      readArticleFile(articlesDir, file).then(
        (bytes) => bytes.toString('utf8'),
        () => '',
      ),
    ),
  )
  for (const [i, file] of files.entries()) {
    index.files.add(file)
    const source = sources[i]!
    let data: Record<string, unknown>
    try {
      data = parseFrontMatter(source, file).data
    } catch {
      // An article with broken front matter still keeps its id: never import over it.
      const id = /^id:\s*["']?([^"'\s]+)/m.exec(source)?.[1]
      if (id) index.ids.set(id, file)
      index.stories.push({ file, draft: false, story: {} })
      continue
    }
    index.stories.push({ file, draft: data.draft === true, story: storyOf(data, site) })
    const slug = typeof data.slug === 'string' ? data.slug : defaultSlug(file)
    if (typeof data.title === 'string') index.titles.set(titleKey(data.title), slug)
    if (typeof data.id === 'string') index.ids.set(data.id, file)
    index.files.add(`${slug}.md`)
  }
  return index
}
