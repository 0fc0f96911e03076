/**
 * The Fediverse's content at one view of the site (site/view.ts): its actors, their articles,
 * and each article as an ActivityStreams object made from the same feed item the feeds are, so
 * that a follower reads the same credit line, picture and attribution as a subscriber.
 */
import type { Article as ArticleObject } from '@fedify/vocab'
import { articlePicture, sitePicture } from '../articles/picture.ts'
import { siblingsOf } from '../feed-sets/translations.ts'
import type { SiteView } from '../feed-sets/view.ts'
import { toFeedItem } from '../feeds/feed-model.ts'
import { type Article, lastModified } from '../model/article.ts'
import { articlePath } from '../model/paths.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { shortHash } from '../text/slugify.ts'
import { actorsOf } from './actors.ts'
import { objectIdsOf } from './article-document.ts'
import type { ActorProfile, FediverseContent, OutboxEntry } from './content.ts'
import { keepingBuiltins } from './keep-builtins.ts'

let objectMaker: Promise<typeof import('./article-object.ts')> | undefined

/**
 * Fedify's object maker, loaded by the first object asked for, not with the content: a build
 * that has nothing to tell the Fediverse anew never loads it. A server loads it when it starts
 * (startFediverse).
 */
export function loadObjectMaker(): Promise<typeof import('./article-object.ts')> {
  return (objectMaker ??= keepingBuiltins(() => import('./article-object.ts')))
}

export function viewContent(view: SiteView, site: SiteSettings): FediverseContent {
  const known = made.get(view)
  if (known?.site === site) return known.content
  const content = contentOf(view, site)
  made.set(view, { site, content })
  return content
}

const made = new WeakMap<SiteView, { site: SiteSettings; content: FediverseContent }>()

function contentOf(view: SiteView, site: SiteSettings): FediverseContent {
  const actors = actorsOf(view, site)
  const icon = sitePicture(site.icon, view.publicFiles, site.url)
  const image = sitePicture(site.logo, view.publicFiles, site.url)
  const profiles = new Map<string, ActorProfile>(
    [...actors.values()].map(({ handle, kind, set }) => [
      handle,
      {
        handle,
        kind,
        name: set.title,
        summary: set.description,
        url: `${site.url}${set.path}`,
        icon,
        image,
        articleCount: set.articles.length,
        language: set.hreflang ?? site.language,
      },
    ]),
  )
  const idsOf = objectIdsOf(view, site)
  const siblings = siblingsOf(view)
  const entries = new Map<Article, OutboxEntry>()
  const entryOf = (article: Article): OutboxEntry => {
    let entry = entries.get(article)
    if (!entry) {
      let object: Promise<ArticleObject> | undefined
      entry = {
        url: article.url,
        published: article.date,
        updated: lastModified(article),
        version: versionOf(article, siblings(article), view, site),
        object: () =>
          (object ??= loadObjectMaker().then(({ articleObject }) =>
            articleObject(toFeedItem(article, site, view.publicFiles, siblings(article)), idsOf(article)),
          )),
      }
      entries.set(article, entry)
    }
    return entry
  }
  const byPath = new Map(view.published.map((article) => [articlePath(article.slug), article]))
  const outboxes = new Map<string, readonly OutboxEntry[]>()
  return {
    siteUrl: site.url,
    actors: () => profiles,
    articlesOf(handle) {
      let outbox = outboxes.get(handle)
      if (!outbox) outboxes.set(handle, (outbox = actors.get(handle)?.set.articles.map(entryOf) ?? []))
      return outbox
    },
    articleAt: (path) => {
      const article = byPath.get(path)
      return article && entryOf(article)
    },
    articleCount: () => view.published.length,
  }
}

/**
 * What the object is made from, short: its file's text and last change, and what comes from
 * around it, the other translations (alternate links) and the picture as the public folder has
 * it (size, dimensions). A new value makes a new file in the export and an Update for followers.
 */
function versionOf(article: Article, siblings: readonly Article[], view: SiteView, site: SiteSettings): string {
  const picture = article.image && articlePicture(article.image, view.publicFiles, site.url)
  const around = [
    ...siblings.map((sibling) => `${sibling.url} ${sibling.title}`),
    picture ? `${picture.url} ${picture.size} ${picture.width}x${picture.height}` : '',
  ]
  return `${article.version ?? ''}-${lastModified(article).getTime()}-${shortHash(around.join('\n'))}`
}
