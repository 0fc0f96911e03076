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
import { publicationKey } from '../settings/schema.ts'

/** A calendar day in the site's time zone. */
interface Day {
  /** YYYY-MM-DD, what two spellings of one day share. */
  key: string
  instant: Date
}

/** What says which story an article tells, as far as its front matter says it. */
export interface Story {
  /** The language of the article: a translation into another is not the same article. */
  language?: string
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
export function storyOf(data: Readonly<Record<string, unknown>>, site: { timeZone: string; language: string }): Story {
  const { timeZone } = site
  const original = isMapping(data.original) ? data.original : {}
  const publication = isMapping(original.publication) ? original.publication.name : original.publication
  const url = textOf(original.url)
  const date = dayOf(data.date, timeZone)
  const publicationName = textOf(publication)
  const title = textOf(data.title)
  const originalTitle = textOf(original.title)
  return {
    language: (textOf(data.language) ?? site.language).toLowerCase(),
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
 * The articles of the folder (and those this import writes), indexed by what tells a story, so
 * that each copy is looked up, not compared with every article: an import of a whole archive
 * into a large folder stays linear.
 */
export class KnownStories {
  readonly #byOriginalUrl = new Map<string, KnownStory>()
  readonly #byOriginal = new Map<string, KnownStory>()
  readonly #byHeadline = new Map<string, KnownStory>()
  readonly #byFile = new Map<string, KnownStory>()

  constructor(stories: Iterable<KnownStory> = []) {
    for (const known of stories) this.add(known)
  }

  /** The first article to tell a story keeps it: the one met first is the one named. */
  add(known: KnownStory): void {
    const keep = (map: Map<string, KnownStory>, key: string | undefined) => key !== undefined && !map.has(key) && map.set(key, known)
    keep(this.#byOriginalUrl, originalUrlOf(known.story))
    keep(this.#byOriginal, originalOf(known.story))
    keep(this.#byHeadline, headlineOf(known.story))
    if (known.input === undefined && !this.#byFile.has(known.file)) this.#byFile.set(known.file, known)
  }

  /** The article of the folder in `file`. */
  inFile(file: string): KnownStory | undefined {
    return this.#byFile.get(file)
  }

  /**
   * The article, in the same language, that tells this story, by the surest sign first: the
   * original's address, then the original's title, publication and day, then our headline,
   * publication and day (what an article without `original.url` and `original.title` still
   * says). Undefined when none does.
   */
  find(story: Story, timeZone: string): SameStory | undefined {
    const day = (d: Day) => formatDate(d.instant, 'en-GB', timeZone)
    const byUrl = lookUp(this.#byOriginalUrl, originalUrlOf(story))
    if (byUrl) return { known: byUrl, why: `same original.url: ${story.originalUrl}` }
    const byOriginal = lookUp(this.#byOriginal, originalOf(story))
    if (byOriginal)
      return {
        known: byOriginal,
        why: `same original title, publication and date: ${story.publication!.name}, ${day(story.originalDate!)}`,
      }
    const byHeadline = lookUp(this.#byHeadline, headlineOf(story))
    if (byHeadline) return { known: byHeadline, why: `same title, date and publication: ${story.publication!.name}, ${day(story.date!)}` }
    return undefined
  }
}

function lookUp(map: ReadonlyMap<string, KnownStory>, key: string | undefined): KnownStory | undefined {
  return key === undefined ? undefined : map.get(key)
}

/** The keys of the three signs, each in the article's language; undefined when a part is not given. */
function originalUrlOf(story: Story): string | undefined {
  return keyOf(story.language, story.originalUrl)
}

function originalOf(story: Story): string | undefined {
  return keyOf(story.language, story.originalTitle, story.publication?.key, story.originalDate?.key)
}

function headlineOf(story: Story): string | undefined {
  return keyOf(story.language, story.title, story.publication?.key, story.date?.key)
}

/** The parts joined, or undefined when one is missing or empty: a field neither article gives says nothing. */
function keyOf(...parts: (string | undefined)[]): string | undefined {
  return parts.every((part) => part !== undefined && part !== '') ? parts.join('\0') : undefined
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
