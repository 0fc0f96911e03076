/** The file name of each feed format under a set's path; apart from the renderers, so the edge can read it. */
import type { FeedFormat } from './feed-model.ts'

export const FEED_FILES = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' } as const satisfies Record<FeedFormat, string>
