/** The kinds of feed set, by the path they live under; apart from feed-sets.ts so settings can name them. */
export const FEED_SET_KIND_NAMES = ['tags', 'publications', 'from', 'translators', 'authors', 'languages'] as const

export type FeedSetKind = (typeof FEED_SET_KIND_NAMES)[number]
