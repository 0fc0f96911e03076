/**
 * Refusing a second article of one story. Before a copy is given a file, import asks whether an
 * article already tells its story: the one it wrote from this same text, or one whose front
 * matter says the same (known-stories.ts decides that). The newsroom receives one piece more than
 * once, and a second article of it would reach readers' feeds twice; the reason given names the
 * article, and how to write the copy all the same (--force).
 */
import { join } from 'node:path'
import { toPosixPath } from '../content/read-articles.ts'
import { buildArticleDraft, ImportError } from './article-draft.ts'
import type { Manifest } from './import-manifest.ts'
import type { ImportSettings } from './import-settings.ts'
import { type KnownStories, type SameStory, type Story, storyOf } from './known-stories.ts'
import type { RawCopy } from './raw-copy.ts'

/** What a copy would be written as, as far as telling stories apart goes. */
export interface CopyStory {
  story: Story
  draft: boolean
}

/**
 * The story the copy tells, from the fields import would write: the publication as the site knows
 * it, the original's address from the copy or the options. Undefined when the copy gives no
 * article (no body): that is reported when it is written.
 */
export function storyOfCopy(copy: RawCopy, id: string, settings: ImportSettings): CopyStory | undefined {
  try {
    // The teasers aside, which say nothing of the story, the fields do not depend on the file.
    const { fields, draft } = buildArticleDraft(copy, settings.options, { site: settings.site, id, slugForTitle: () => undefined })
    return { story: storyOf({ ...fields }, settings.site), draft }
  } catch (error) {
    if (error instanceof ImportError) return undefined
    throw error
  }
}

/**
 * The article that already tells the copy's story: the file import wrote from this same text (the
 * manifest says so) though it no longer has its id, else one that tells the same story by what
 * its front matter says (known-stories.ts).
 */
export function sameStoryAs(
  id: string,
  { story }: CopyStory,
  known: KnownStories,
  manifest: Manifest,
  timeZone: string,
): SameStory | undefined {
  const recorded = manifest.articles[id]?.file
  const imported = recorded === undefined ? undefined : known.inFile(recorded)
  if (imported) return { known: imported, why: 'imported from this same text' }
  return known.find(story, timeZone)
}

/** Why a copy is not written: the article that has its story, and how to write it all the same. */
export function alreadyThere({ known, why }: SameStory, articlesDir: string): string {
  const shown = toPosixPath(join(articlesDir, known.file))
  const where = known.input !== undefined ? `${known.input}, imported above as ${shown}` : `${known.draft ? 'the draft ' : ''}${shown}`
  return `is already ${where} (${why}), so nothing is written: to import it anyway as another article, re-run with --force`
}
