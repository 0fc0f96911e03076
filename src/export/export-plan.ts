/**
 * The resources a build must make, cut into tasks of similar size for the two phases of the
 * export (thread-messages.ts): articles first (their items and pages), then documents.
 *
 * Why articles first: an article's item (its body rendered from Markdown, then serialised in
 * three formats) is most of what its documents cost, and it sits in about eight sets' documents.
 * Cut by sets, both threads would render nearly every article, the site's set alone holding all
 * of them. Cut by articles, each item is made once, on one thread, and handed to the other.
 */

import type { FeedSet } from '../feed-sets/feed-sets.ts'
import type { SiteView } from '../feed-sets/view.ts'
import { documentArticles } from '../model/archives.ts'
import { parseKey } from '../model/paths.ts'
import type { ArticlesTask, DocumentsTask, Job } from './thread-messages.ts'

/** Articles per task of the first phase: a tenth of a second's work, or so. */
const ARTICLES_PER_TASK = 100
/**
 * Weight of a task of the second phase: a document weighs its articles (their bytes are most of
 * its cost: copying, hashing, writing) plus FILE_WEIGHT for the file itself.
 */
const DOCUMENTS_TASK_WEIGHT = 4_000
const FILE_WEIGHT = 10

export interface ExportPlan {
  articles: ArticlesTask[]
  documents: DocumentsTask[]
  /** Resources that list every set or none (/feeds, the OPML file, the extension doc, the 404 page): few, made last. */
  last: Job[]
}

/**
 * @param jobs the resources to make, in the order the site lists them
 * @param objects the articles (by their place among the published ones) whose Fediverse objects to make
 */
export function planExport(view: SiteView, perArchive: number, jobs: readonly Job[], objects: ReadonlySet<number> = new Set()): ExportPlan {
  const setsByPath = new Map<string, FeedSet>(view.feedSets.all().map((set) => [set.path, set]))
  const places = new Map(view.published.map((article, index) => [article, index]))
  const placeOfSlug = new Map(view.published.map((article, index) => [article.slug, index]))
  const needsItems = new Set<number>()
  const pages = new Map<number, Job>()
  const documents: { job: Job; weight: number }[] = []
  const last: Job[] = []

  for (const job of jobs) {
    const target = parseKey(job.key)
    const set = target?.type === 'document' ? setsByPath.get(target.setPath) : undefined
    const place = target?.type === 'article' ? placeOfSlug.get(target.slug) : undefined
    if (target?.type === 'document' && set) {
      const shown = documentArticles(set.articles, target.document, perArchive)
      // A feed is made of its articles' items; a page shows only their titles, summaries and
      // reading times (which the thread that made an item hands over with it).
      if (target.format) for (const article of shown) needsItems.add(places.get(article)!)
      documents.push({ job, weight: shown.length + FILE_WEIGHT })
    } else if (place !== undefined) {
      pages.set(place, job)
    } else {
      last.push(job)
    }
  }

  const articles: ArticlesTask[] = []
  let task: ArticlesTask = { items: [], pages: [], objects: [] }
  let inTask = 0
  for (let place = 0; place < view.published.length; place++) {
    const page = pages.get(place)
    if (!needsItems.has(place) && !page && !objects.has(place)) continue
    if (needsItems.has(place)) task.items.push(place)
    if (page) task.pages.push(page)
    if (objects.has(place)) task.objects.push(place)
    if (++inTask === ARTICLES_PER_TASK) {
      articles.push(task)
      task = { items: [], pages: [], objects: [] }
      inTask = 0
    }
  }
  if (inTask > 0) articles.push(task)

  return { articles, documents: cutByWeight(documents), last }
}

/** Consecutive jobs (a set's documents stay together) in tasks of about DOCUMENTS_TASK_WEIGHT each. */
function cutByWeight(documents: { job: Job; weight: number }[]): DocumentsTask[] {
  const tasks: DocumentsTask[] = []
  let task: DocumentsTask = { jobs: [] }
  let weight = 0
  for (const document of documents) {
    task.jobs.push(document.job)
    weight += document.weight
    if (weight >= DOCUMENTS_TASK_WEIGHT) {
      tasks.push(task)
      task = { jobs: [] }
      weight = 0
    }
  }
  if (task.jobs.length > 0) tasks.push(task)
  return tasks
}

/** How many resources a plan makes. */
export function planSize(plan: ExportPlan): number {
  return (
    plan.articles.reduce((n, task) => n + task.pages.length, 0) +
    plan.documents.reduce((n, task) => n + task.jobs.length, 0) +
    plan.last.length
  )
}
