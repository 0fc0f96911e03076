/** `/feeds.opml`: every feed set as an OPML 2.0 subscription list (http://opml.org/spec2.opml). */
import type { FeedSet, FeedSetIndex } from '../feed-sets/feed-sets.ts'
import { feedUrl } from '../feeds/formats.ts'
import { fillText } from '../i18n/fill.ts'
import { wordsFor } from '../i18n/words.ts'
import { CURRENT } from '../model/archives.ts'
import type { FeedSetKind } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { el, renderXmlDocument } from '../text/xml.ts'

export function renderOpml(index: FeedSetIndex, site: SiteSettings): string {
  // The newest article date, not the clock, so the same content gives the same bytes.
  const newest = index.site.articles[0]?.date ?? new Date(0)
  const outline = (set: FeedSet) =>
    el('outline', {
      type: 'rss',
      text: set.title,
      title: set.title,
      description: set.description,
      xmlUrl: feedUrl(set, 'rss', CURRENT, site),
      htmlUrl: `${site.url}${set.path}`,
      language: set.hreflang,
    })
  const words = wordsFor(site.language, site).messages.feeds
  const groups = new Map<FeedSetKind | 'site', ReturnType<typeof outline>[]>()
  for (const set of index.all().slice(1)) {
    const list = groups.get(set.kind) ?? []
    list.push(outline(set))
    groups.set(set.kind, list)
  }
  return renderXmlDocument(
    el(
      'opml',
      { version: '2.0' },
      el(
        'head',
        {},
        el('title', {}, fillText(words.opmlTitle, { site: site.title })),
        el('dateModified', {}, newest.toUTCString()),
        el('docs', {}, 'http://opml.org/spec2.opml'),
      ),
      el(
        'body',
        {},
        outline(index.site),
        [...groups].map(([kind, outlines]) => el('outline', { text: words.kinds[kind] }, outlines)),
      ),
    ),
  )
}
