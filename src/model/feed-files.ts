/** The file name of each feed format under a set's path; apart from the renderers, so the edge can read it. */
import type { FeedFormat } from '../feeds/feed-model.ts'

export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const satisfies Record<FeedFormat, string>

/** Each format's own media type, as links announce it (autodiscovery, `rel="self"`, OPML). */
export const FEED_MEDIA_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const satisfies Record<FeedFormat, string>
