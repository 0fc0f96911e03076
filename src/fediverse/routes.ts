/**
 * Where the Fediverse finds the site, below its URL (Fedify's URI templates). Fedify itself
 * answers `/.well-known/webfinger` and `/.well-known/nodeinfo`. An article's object is at its
 * page's own URL (model/paths.ts `articlePath`), for an `Accept: application/activity+json`, so
 * that a search for the page's address in Mastodon finds the article.
 */
export const FEDIVERSE_PREFIX = '/fediverse/'

export const ROUTES = {
  actor: `${FEDIVERSE_PREFIX}{identifier}`,
  inbox: `${FEDIVERSE_PREFIX}{identifier}/inbox`,
  outbox: `${FEDIVERSE_PREFIX}{identifier}/outbox`,
  followers: `${FEDIVERSE_PREFIX}{identifier}/followers`,
  /** One inbox for the whole site: servers deliver once for all their users who follow us. */
  sharedInbox: `${FEDIVERSE_PREFIX}inbox`,
  article: '/articles/{slug}',
  nodeInfo: '/nodeinfo/2.1',
} as const

/** Paths the federation answers whatever the request accepts. */
const FEDERATION_PATHS = [FEDIVERSE_PREFIX, '/.well-known/webfinger', '/.well-known/nodeinfo', '/nodeinfo/']

/** Media types that ask for an ActivityStreams document rather than the page. */
const ACTIVITY_TYPES = /application\/(?:activity\+json|ld\+json)/i

/**
 * Whether a request is the federation's to answer: cheap enough for every request, so that a
 * feed or a page never waits for Fedify's router.
 */
export function isFederationRequest(pathname: string, accept: string | undefined): boolean {
  if (FEDERATION_PATHS.some((prefix) => pathname.startsWith(prefix))) return true
  return pathname.startsWith('/articles/') && accept !== undefined && ACTIVITY_TYPES.test(accept)
}
