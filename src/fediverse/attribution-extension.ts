/**
 * The attribution of a translated article in its ActivityStreams object: what JSON Feed's
 * `_translation` says (spec §4), in schema.org's terms, so that a Fediverse server or a
 * republisher reads the original, its publication and the translators as JSON-LD, not from
 * the credit line's words. The context is written inline: no context URL to fetch.
 */

import type { FeedItem } from '../feeds/feed-model.ts'
import type { Person } from '../model/article.ts'

/**
 * schema.org's own namespace, as its JSON-LD context maps it. Mastodon's context says
 * `http://schema.org#`, which makes IRIs schema.org does not define (mastodon/mastodon#18361;
 * PeerTube moved to this one in Chocobozzz/PeerTube#5019).
 */
export const SCHEMA_ORG = 'http://schema.org/'

/**
 * Inside a schema.org value (the original, a translator) `name`, `url`, `Person` and
 * `Organization` are schema.org's, not ActivityStreams': a property-scoped context (JSON-LD 1.1
 * §4.1.8) says so, as Mastodon's own context fails to for `PropertyValue`'s `name`.
 */
const SCHEMA_VALUES = {
  '@vocab': SCHEMA_ORG,
  name: 'schema:name',
  url: { '@id': 'schema:url', '@type': '@id' },
  Person: 'schema:Person',
  Organization: 'schema:Organization',
  webFeed: { '@id': 'schema:webFeed', '@type': '@id' },
}

/** The terms of the extension, added to the object's `@context` after ActivityStreams'. */
export const ATTRIBUTION_CONTEXT = {
  schema: SCHEMA_ORG,
  inLanguage: 'schema:inLanguage',
  translationOfWork: { '@id': 'schema:translationOfWork', '@context': SCHEMA_VALUES },
  translator: { '@id': 'schema:translator', '@context': SCHEMA_VALUES },
  copyrightNotice: 'schema:copyrightNotice',
  license: { '@id': 'schema:license', '@type': '@id' },
} as const

/** The extension's properties of an item's object; undefined for an item that is not a translation. */
export function attributionProperties(item: FeedItem): Record<string, unknown> | undefined {
  const original = item.original
  if (!original) return undefined
  return withoutEmpty({
    inLanguage: item.language,
    translationOfWork: withoutEmpty({
      type: 'NewsArticle',
      headline: original.title,
      url: original.url,
      inLanguage: original.language,
      datePublished: original.date && toTheSecond(original.date),
      author: original.authors.map((p) => person('Person', p)),
      publisher: withoutEmpty({
        type: 'Organization',
        name: original.publication.name,
        url: original.publication.url,
        webFeed: original.publication.feed,
      }),
      // The other translations of the same original on this site (spec §5): JSON Feed's `_translation.translations`.
      workTranslation: item.translations.map(({ url, language, title }) => ({
        type: 'NewsArticle',
        url,
        inLanguage: language,
        headline: title,
      })),
    }),
    translator: item.translators.map((p) => person('Person', p)),
    copyrightNotice: item.rights,
    license: item.license,
  })
}

/** A date as ActivityStreams writes `published`: UTC, to the second. */
function toTheSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function person(type: string, p: Person) {
  return withoutEmpty({ type, name: p.name, url: p.url })
}

/** Keys with no value are left out, as in `_translation` (spec §4): no undefined, no empty list. */
function withoutEmpty(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  )
}
