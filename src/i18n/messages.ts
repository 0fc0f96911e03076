/**
 * What a message catalogue holds: every word the site writes around the articles, in one
 * language (catalogues/*.ts). Templates name their values in braces, `{date}`; everything else
 * is literal text. Dates, numbers, lists and language names are not written here: Intl formats
 * them in the catalogue's `locale` (words.ts).
 */
import type { FeedSetKind } from '../model/paths.ts'

/** A message that depends on a number: one template per CLDR plural category, `other` always. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

export interface Messages {
  /** BCP 47 locale for Intl: dates, numbers, lists and language names, e.g. `en-GB`. */
  locale: string
  /**
   * The visible credit line (spec §2), in the article's language, on its page and in its feed
   * items. `{language}`, `{translators}`, `{work}`, `{authors}`: HTML the credit line makes.
   */
  credit: {
    translatedFrom: string
    translatedFromBy: string
    original: string
    by: string
    /** Between the parts of `{work}`: title, publication, date. */
    separator: string
    /** The original's title, quoted as the language quotes. */
    quoted: string
  }
  /** The correction notice (articles/corrections.ts), worded in the article's language. */
  corrections: {
    /** The notice's accessible name. */
    notice: string
    /** Opens each correction. */
    correction: string
    /** "Updated {date}" beside the article's date. */
    updated: string
  }
  page: {
    skip: string
    /** Accessible name of the site's navigation. */
    navigation: string
    /** The header's link to /feeds. */
    feeds: string
    footerFeeds: string
    allFeeds: string
    opml: string
  }
  listing: {
    noArticles: string
    /** Before the browse links of the home page. */
    browse: string
    /** The browse links' accessible name. */
    browseLabel: string
    /** Accessible name of the pages of a listing. */
    pages: string
    newer: string
    older: string
    latest: string
    /** An archive's page title. */
    archiveTitle: string
    /** An archive's heading line: `{range}` its articles' dates. */
    archiveHeading: string
    /** The list of archives on a current page. */
    archives: string
    archive: string
    /** One article's attribution line in a listing, before its publication and translators. */
    translatedFrom: string
    readingTime: Plural
    /** The set kind, above a set's name on its page: "Tag", "Translator". */
    kind: Record<FeedSetKind, string>
    /** The home page's browse links. */
    browseKinds: Record<FeedSetKind, string>
  }
  article: {
    /** Own reporting's authors, beside the date: a translation credits its authors in the credit line. */
    byline: string
    alsoIn: string
    related: string
    /** Before the links to the article's tags, publication and original language. */
    more: string
    /** Those links' accessible name. */
    moreLabel: string
    licence: string
  }
  feeds: {
    title: string
    intro: string
    opml: string
    /** The OPML file's title. */
    opmlTitle: string
    opmlLink: string
    everything: string
    articles: Plural
    latest: string
    howToSubscribe: string
    /** A kind of set's heading on /feeds. */
    kinds: Record<FeedSetKind | 'site', string>
  }
  /** Feed sets' titles and descriptions, in the site's language, for pages and feeds alike. */
  sets: Record<FeedSetKind, { title: string; description: string }>
  /** What a person who opens a feed in a browser reads first (feeds/feed-model.ts). */
  feedNote: {
    about: string
    howToSubscribe: string
    readOnSite: string
  }
  notFound: {
    title: string
    text: string
    home: string
    feeds: string
  }
  subscribe: {
    /** The folded section's one line: its heading, then the formats. */
    summary: string
    heading: string
    intro: string
    address: string
    copy: string
    copied: string
    open: string
    defaultReader: string
    defaultReaderNote: string
    whatIsAFeed: string
    explanation: string
    terminal: string
  }
}

/** A catalogue's own words without the locale: what settings may override, key by key. */
export type MessageOverrides = { locale?: string } & { [Group in Exclude<keyof Messages, 'locale'>]?: Partial<Messages[Group]> }
