/**
 * Runs an export plan on this thread and, when there is one, on the second thread as well: the
 * tasks of each phase (thread-messages.ts) go one at a time to whichever thread asks first, so
 * each does what it has time for, however busy the machine (it is shared) or late the second
 * thread's start. Between the phases each hands the other the items it made.
 */

import type { ItemCache } from '../feeds/formats.ts'
import type { Article } from '../model/article.ts'
import type { ExportPlan } from './export-plan.ts'
import { adoptItems, type SharedItemArena, shareItems } from './item-transfer.ts'
import type { ResourceMaker } from './resource-maker.ts'
import type { SecondThread } from './second-thread.ts'
import type { Made } from './thread-messages.ts'

/**
 * @returns what the second thread made (this thread's is in `maker.made`)
 * @throws the first failure of either thread, once the second thread's writes under way are done
 */
export async function makeShared(
  plan: ExportPlan,
  maker: ResourceMaker,
  { items, arena, published }: { items: ItemCache; arena: SharedItemArena; published: readonly Article[] },
  thread?: SecondThread,
): Promise<Made[]> {
  const articleTasks = [...plan.articles]
  const documentTasks = [...plan.documents]
  let theyMadeItems = false
  thread?.serve((phase) => {
    if (phase === 2) return documentTasks.shift()
    const task = articleTasks.shift()
    if (task) theyMadeItems = true
    return task
  })
  // Between tasks, the second thread's requests are answered; its failure stops this thread too.
  const turn = () => {
    const later = new Promise((resolve) => setImmediate(resolve))
    return thread ? Promise.race([later, thread.failed]) : later
  }

  try {
    const mine: number[] = []
    for (let task = articleTasks.shift(); task; task = articleTasks.shift()) {
      await maker.makeArticles(task)
      mine.push(...task.items)
      await turn()
    }
    if (thread?.active) {
      // Sent even before the thread is ready: it reads them when it comes to the second phase.
      thread.sendItems(shareItems(items, arena, published, mine))
      if (theyMadeItems) adoptItems(items, published, await thread.items())
    }
    for (let task = documentTasks.shift(); task; task = documentTasks.shift()) {
      await maker.makeDocuments(task)
      await turn()
    }
    for (const job of plan.last) await maker.make(job)
    if (!thread) return []
    thread.throwIfFailed()
    // Still starting when the work ran out: it is not waited for.
    if (thread.taken === 0) {
      await thread.end()
      return []
    }
    const theirs = await thread.finished()
    await thread.end()
    return theirs
  } catch (error) {
    await thread?.stop()
    throw error
  }
}
