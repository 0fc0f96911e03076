/** The article model every output is built from, after validation and rendering. */
import type { BodyReference } from '../text/markdown.ts'

/** An author or translator: a name, and a page of theirs. Settings give the default author in the same shape. */
export interface Person {
  name: string
  url?: string
}

export interface Publication {
  name: string
  url?: string
  feed?: string
}

export interface Original {
  publication: Publication
  url?: string
  title?: string
  language: string
  authors: Person[]
  date?: Date
}

export interface ArticleImage {
  url: string
  alt: string
  caption?: string
  credit?: string
}

/** A correction published with the article (spec §1): when, and what was wrong, as plain text. */
export interface Correction {
  date: Date
  text: string
}

/** A related piece: one of ours (by slug), or one we do not have, by title. */
export type Related = { slug: string } | { title: string; url?: string }

export interface Article {
  /** Path of the source file, relative to the articles folder. */
  file: string
  slug: string
  id: string
  /** Which of slug and id were made from the file (not written): a clash may change them. */
  derived?: { slug: boolean; id: boolean }
  /** Absolute URL of the article's page on this site. */
  url: string
  title: string
  date: Date
  /** `updated` as written, else the latest correction's date (not before `date`), else none. */
  updated?: Date
  language: string
  /** `summary` as written, else the body's first paragraph as text (rendered on first use). */
  readonly summary: string
  tags: string[]
  image?: ArticleImage
  /** The byline of this piece as written; see `creditedAuthors` for who feeds credit. */
  authors: Person[]
  translators: Person[]
  original?: Original
  /**
   * Joins this article to the other translations of one original, whatever their
   * `original.url` (feed-sets/translations.ts has the rule).
   */
  translationKey?: string
  rights?: string
  license?: string
  draft: boolean
  related: Related[]
  /** Oldest first. */
  corrections: Correction[]
  /**
   * What the body names by a path (its pictures and links to files), each at its line of the
   * file: what the public folder must hold for the article to be published.
   */
  references: readonly BodyReference[]
  /** Sanitised body HTML with absolute URLs, without the credit line (rendered on first use). */
  readonly bodyHtml: string
  /**
   * A hash of the text of the file the article was made from, when the loader knows it: with
   * the file's path, the code and the settings, all an article's output depends on. A build
   * leaves alone what was made from the same versions.
   */
  version?: string
}

/** The time a reader would call "last changed": `updated`, else `date`. */
export function lastModified(article: Article): Date {
  return article.updated ?? article.date
}
