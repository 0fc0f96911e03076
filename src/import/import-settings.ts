/** What an import is asked to do: where it writes, what the copy cannot say, and how it reports. */
import type { SiteSettings } from '../settings/schema.ts'
import type { ImportOptions } from './article-draft.ts'
import type { ImportOutcome } from './import-outcome.ts'

export interface ImportSettings {
  site: SiteSettings
  /** Absolute path of the articles folder. */
  articlesDir: string
  options: ImportOptions
  boilerplate?: readonly RegExp[]
  /**
   * Overwrite an article that was edited since it was imported, and write a story we already have
   * (another copy of it, say) as another article.
   */
  force?: boolean
  /** Work out every article but write nothing. */
  dryRun?: boolean
  /** Called once per input file, in order, as soon as its outcome is known. */
  onProgress?(outcome: ImportOutcome, index: number, total: number): void
}
