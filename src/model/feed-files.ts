/** The feed formats, the file name of each under a set's path, and each one's media type. */

export type FeedFormat = 'rss' | 'atom' | 'json'

export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const satisfies Record<FeedFormat, string>

/** Each format's own media type, as links announce it (autodiscovery, `rel="self"`, OPML). */
export const FEED_MEDIA_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const satisfies Record<FeedFormat, string>
