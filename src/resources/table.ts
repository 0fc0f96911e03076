/**
 * The table of every kind of resource the site serves. A new kind is one more entry here; the
 * listing of keys, the responses and their inputs (resources.ts) all read this table.
 */
import { parseKey } from '../model/paths.ts'
import type { ResourceKind } from './kind.ts'
import { articlePages } from './kinds/article-pages.ts'
import { crawlerFiles } from './kinds/crawler-files.ts'
import { extensionDoc, feedStylesheet, feedsPage, opmlFile } from './kinds/fixed-pages.ts'
import { setDocuments } from './kinds/set-documents.ts'
import { pictureVariants, publicFiles } from './kinds/stored-files.ts'
import type { ViewIndex } from './view-index.ts'

/** In the order the export lists their keys, which its index keeps. */
export const RESOURCE_KINDS: readonly ResourceKind[] = [
  setDocuments,
  articlePages,
  feedsPage,
  opmlFile,
  extensionDoc,
  feedStylesheet,
  crawlerFiles,
  publicFiles,
  pictureVariants,
]

/** A key's kind, with what the key names. */
export interface Located {
  kind: ResourceKind
  found: unknown
}

/** The kind that has `key` at the view, and what it names; undefined when the site has nothing there. */
export function locate(key: string, index: ViewIndex): Located | undefined {
  const target = parseKey(key)
  for (const kind of RESOURCE_KINDS) {
    const found = kind.find(key, target, index)
    if (found !== undefined) return { kind, found }
  }
  return undefined
}
