/**
 * Which file each copy is written to, decided for the whole import before any is written: so
 * that a teaser can point at an article imported in the same run, whatever the order of the
 * inputs, and two copies never take one file name. A copy keeps the file of the article that has
 * its id, else the one import last wrote for it, else takes the slug of its title; a copy whose
 * story we already have gets the reason it is not written instead.
 */
import { isAbsolute } from 'node:path'
import { titleKey } from '../articles/advice.ts'
import { defaultSlug } from '../articles/parse-article.ts'
import { isSlug } from '../articles/schema.ts'
import { slugify } from '../text/slugify.ts'
import type { ArticleIndex } from './article-index.ts'
import { alreadyThere, sameStoryAs, storyOfCopy } from './duplicate-stories.ts'
import type { Manifest } from './import-manifest.ts'
import type { ImportSettings } from './import-settings.ts'
import { KnownStories } from './known-stories.ts'
import type { RawCopy } from './raw-copy.ts'
import type { InputFile, ReadCopy } from './read-inputs.ts'

/** A copy and the file it goes to, or the reason it is not written. */
export type PlannedCopy = { copy: RawCopy; id: string; file: string } | { reason: string }

export interface ImportPlan {
  /** One for each input file, in order. */
  planned: PlannedCopy[]
  /** Slugs by title key: of the articles there and of those planned, for the teasers. */
  titles: Map<string, string>
}

/** Gives every copy read its file, in input order; `copies` has one entry for each of `files`. */
export function planFiles(
  files: readonly InputFile[],
  copies: readonly ReadCopy[],
  existing: ArticleIndex,
  manifest: Manifest,
  settings: ImportSettings,
): ImportPlan {
  const { site } = settings
  const planned: PlannedCopy[] = []
  const claimedFiles = new Set(existing.files)
  const titles = new Map(existing.titles)
  const stories = new KnownStories(existing.stories)
  for (const [i, read] of copies.entries()) {
    if ('reason' in read) {
      planned.push(read)
      continue
    }
    const file = chooseFile(read.copy, read.id, existing, manifest, claimedFiles)
    // The article that has the copy's id is the one import updates, wherever it is: not another.
    const story = existing.ids.has(read.id) ? undefined : storyOfCopy(read.copy, read.id, settings)
    if (story && !settings.force) {
      const same = sameStoryAs(read.id, story, stories, manifest, settings.site.timeZone)
      if (same) {
        planned.push({ reason: alreadyThere(same, site.articlesDir) })
        continue
      }
    }
    claimedFiles.add(file)
    planned.push({ ...read, file })
    if (read.copy.title !== undefined) titles.set(titleKey(read.copy.title), defaultSlug(file))
    if (story) stories.add({ file, draft: story.draft, story: story.story, input: files[i]!.display })
  }
  return { planned, titles }
}

/**
 * The file for an id: the article that already has it (even renamed), else where import last
 * wrote it, else the slug of its title, made unique with the id when that file is taken.
 */
function chooseFile(copy: RawCopy, id: string, existing: ArticleIndex, manifest: Manifest, claimed: Set<string>): string {
  const owned = existing.ids.get(id)
  if (owned) return owned
  const recorded = manifest.articles[id]?.file
  // The manifest is a file anyone can edit: only a plain path inside the folder is trusted.
  if (recorded && !claimed.has(recorded) && isPlainArticlePath(recorded)) return recorded
  const suffix = id.replace(/^urn:uuid:/, '').slice(0, 8)
  const base = slugFromTitle(copy.title) ?? `article-${suffix}`
  return claimed.has(`${base}.md`) ? `${base}-${suffix}.md` : `${base}.md`
}

/** At most 80 characters, cut at a hyphen; undefined when the title gives no valid slug. */
function slugFromTitle(title: string | undefined): string | undefined {
  if (title === undefined) return undefined
  let slug = slugify(title)
  if (slug.length > 80) slug = slug.slice(0, 81).replace(/-[^-]*$/, '')
  return isSlug(slug) ? slug : undefined
}

/** A relative, forward-slash `.md` path with no `..`, `.` or empty segment and no hidden part. */
function isPlainArticlePath(path: string): boolean {
  return (
    path.endsWith('.md') &&
    path.split('/').every((part) => part !== '' && !part.startsWith('.')) &&
    !isAbsolute(path) &&
    !path.includes('\\')
  )
}
