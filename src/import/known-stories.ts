/**
 * Whether raw copy tells a story we already have. The newsroom receives one piece more than once
 * (another copy, a corrected one); import compares what the copy says with the front matter of
 * every article in the folder, drafts included, and writes no second article of one story
 * unless told to. Front matter is read leniently: an imported draft misses required fields and
 * is still the story it tells.
 */
import { titleKey } from '../articles/advice.ts'
import { formatRfc3339, parseDate } from '../articles/dates.ts'
import { originalUrlKey } from '../articles/same-original.ts'
import { isHttpUrl } from '../articles/schema.ts'
import { formatDate } from '../i18n/intl.ts'
import { publicationKey } from '../settings.ts'

/** A calendar day in the site's time zone. */
interface Day {
  /** YYYY-MM-DD, what two spellings of one day share. */
  key: string
  instant: Date
}

/** What says which story an article tells, as far as its front matter says it. */
export interface Story {
  /** The headline, compared as `titleKey` compares titles. */
  title?: string
  date?: Day
  publication?: { key: string; name: string }
  /** As `originalUrlKey` gives it. */
  originalUrl?: string
  originalTitle?: string
  /** The day of `original.date`, else of `date`. */
  originalDate?: Day
}

/**
 * The story of an article's front matter (as written: `original.publication` a name or
 * `{name, …}`, dates as text), or of the fields import is about to write, which have its shape.
 */
export function storyOf(data: Readonly<Record<string, unknown>>, timeZone: string): Story {
  const original = isMapping(data.original) ? data.original : {}
  const publication = isMapping(original.publication) ? original.publication.name : original.publication
  const url = textOf(original.url)
  const date = dayOf(data.date, timeZone)
  const publicationName = textOf(publication)
  const title = textOf(data.title)
  const originalTitle = textOf(original.title)
  return {
    title: title && titleKey(title),
    date,
    publication: publicationName === undefined ? undefined : { key: publicationKey(publicationName), name: publicationName },
    originalUrl: url !== undefined && isHttpUrl(url) ? originalUrlKey(url) : undefined,
    originalTitle: originalTitle && titleKey(originalTitle),
    originalDate: dayOf(original.date, timeZone) ?? date,
  }
}

/** An article of the folder, or one this import is about to write. */
export interface KnownStory {
  /** Path relative to the articles folder. */
  file: string
  draft: boolean
  story: Story
  /** The raw copy it is imported from, when that is in the same import. */
  input?: string
}

export interface SameStory {
  known: KnownStory
  /** Why it is the same story, with what both say, e.g. "same title, date and publication: Le Monde, 23 September 2019". */
  why: string
}

/**
 * The article that tells this story, by the surest sign first: the original's address, then
 * the original's title, publication and day, then our headline, publication and day (what an
 * article without `original.url` and `original.title` still says). Undefined when none does.
 */
export function findSameStory(story: Story, known: readonly KnownStory[], timeZone: string): SameStory | undefined {
  const day = (d: Day) => formatDate(d.instant, 'en-GB', timeZone)
  const rules: ((other: Story) => string | undefined)[] = [
    (other) => (story.originalUrl !== undefined && story.originalUrl === other.originalUrl ? `same original.url: ${story.originalUrl}` : undefined),
    (other) =>
      same(story.originalTitle, other.originalTitle) && same(story.publication?.key, other.publication?.key) && same(story.originalDate?.key, other.originalDate?.key)
        ? `same original title, publication and date: ${story.publication!.name}, ${day(story.originalDate!)}`
        : undefined,
    (other) =>
      same(story.title, other.title) && same(story.publication?.key, other.publication?.key) && same(story.date?.key, other.date?.key)
        ? `same title, date and publication: ${story.publication!.name}, ${day(story.date!)}`
        : undefined,
  ]
  for (const rule of rules) {
    for (const candidate of known) {
      const why = rule(candidate.story)
      if (why !== undefined) return { known: candidate, why }
    }
  }
  return undefined
}

/** Both given, and equal: a field neither article gives says nothing. */
function same(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && a !== '' && a === b
}

function dayOf(value: unknown, timeZone: string): Day | undefined {
  const parsed = typeof value === 'string' ? parseDate(value, timeZone) : undefined
  return parsed && { key: formatRfc3339(parsed.instant, timeZone).slice(0, 10), instant: parsed.instant }
}

function textOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const text = value.replace(/\s+/g, ' ').trim()
  return text === '' ? undefined : text
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
