/** `bylines new "<title>"`: a new article file, every field explained, ready to fill in. */
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { stringify } from 'yaml'
import { formatRfc3339 } from '../articles/dates.ts'
import { isSlug } from '../articles/schema.ts'
import { loadSite } from '../content/load-site.ts'
import { newArticleId } from '../import/identity.ts'
import { loadSettings } from '../settings/resolve.ts'
import type { SiteSettings } from '../settings/schema.ts'
import { slugify } from '../text/slugify.ts'
import { type Command, parseOptions, UsageError } from './command.ts'

export const newCommand: Command = {
  summary: "start a new article: today's date, a fresh id, every field explained",
  help: `Usage: bylines new "<title>" [--slug SLUG]

Writes <articles folder>/<slug>.md (ARTICLES_DIR, default "articles") with the title, the
current time in the site's time zone, a new "urn:uuid:" id and every other field of the
front matter in comments, ready to fill in. It is a draft: it is not published until you
delete "draft: true". An existing file is never overwritten.

Options:
  --slug SLUG    the file and URL name; default: from the title, e.g. "night-trains"
  -h, --help     this help`,

  async run(args, env) {
    const { values, positionals } = parseOptions(args, { slug: { type: 'string' } }, true)
    if (values.help) {
      console.log(newCommand.help)
      return 0
    }
    if (positionals.length !== 1) {
      throw new UsageError('expected one title, in quotes: bylines new "The quiet return of the night trains"')
    }
    const title = positionals[0]!.replace(/\s+/g, ' ').trim()
    if (!title) throw new UsageError('the title is empty')
    const slug = values.slug ?? slugify(title)
    if (!isSlug(slug)) {
      throw new UsageError(
        values.slug === undefined
          ? `the title gives no usable file name ("${slug}"): add --slug, e.g. --slug night-trains`
          : `--slug "${slug}": expected lower-case letters, digits and hyphens, e.g. night-trains`,
      )
    }
    const site = await loadSettings(env)
    // An address a published article holds, from its file name anywhere in the folder or from
    // its `slug:`, is never given to a new one: the new file would be the later, and left out.
    const held = await publishedSlugs(env, site)
    const holder = held.get(slug)
    if (holder) {
      let free = 2
      while (held.has(`${slug}-${free}`)) free++
      console.error(
        `bylines new: "${slug}" is the address of ${holder}, already published; choose another title, or --slug ${slug}-${free}`,
      )
      return 1
    }
    const path = join(site.articlesDir, `${slug}.md`)
    const text = scaffoldArticle({ title, slug, id: newArticleId(), now: new Date(), site })
    await mkdir(resolve(site.articlesDir), { recursive: true })
    try {
      await writeFile(resolve(path), text, { flag: 'wx' })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        console.error(`bylines new: ${path} already exists; it is left as it is. Choose another title, or --slug.`)
        return 1
      }
      throw error
    }
    console.log(`${path}: new draft "${title}". Fill it in, run "npm run check", then delete "draft: true".`)
    return 0
  },
}

/** The slugs of the published articles, each with its file; none when the folder is not there yet. */
async function publishedSlugs(env: Record<string, string | undefined>, site: SiteSettings): Promise<Map<string, string>> {
  const there = await stat(resolve(site.articlesDir)).then(
    (s) => s.isDirectory(),
    () => false,
  )
  if (!there) return new Map()
  const { collection } = await loadSite(env)
  return new Map(collection.articles.map((a) => [a.slug, a.file]))
}

export interface Scaffold {
  title: string
  slug: string
  id: string
  now: Date
  site: Pick<SiteSettings, 'timeZone' | 'language'>
}

/** The file `new` writes; valid as it is (a draft), and every field is documented in place. */
export function scaffoldArticle({ title, slug, id, now, site }: Scaffold): string {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000)
  const value = (v: string) => stringify(v, { lineWidth: 0 }).trimEnd()
  const published = formatRfc3339(minute, site.timeZone)
  return `---
# A new article (docs/attribution-spec.md has every field). Fill in what you know, write the
# body in Markdown below the closing "---", run "npm run check", then delete "draft: true".
draft: true
id: ${value(id)}  # stable item id: never change it once published
title: ${value(title)}
date: ${published}  # publication time; a future time schedules it
# slug: ${slug}  # URL name; default: the file name
# language: ${site.language}  # this article's language, when it is not the site's
# summary: ""  # one paragraph of plain text; default: the body's first paragraph
# tags: []  # e.g. [France, Defence]
# authors: []  # our own byline, for our own reporting: names or {name, url}
#
# A translation: uncomment "original" (publication and language are required) and translators.
# translators:
#   - name: ""
#     url: https://…
# original:
#   publication: ""  # e.g. Le Monde; a known publication gets its home page and feed
#   language: fr  # the original's language (BCP 47)
#   url: https://…  # the original article's address
#   title: ""  # the original headline, in its language
#   authors: []  # the original's authors
#   date: 2019-09-22  # when the original was published
#
# image:
#   url: /media/…  # absolute, or relative to the site
#   alt: ""  # what the image shows
#   caption: ""
#   credit: ""
# rights: ""  # e.g. © Le Monde 2019. Translation published with permission.
# license: https://…  # the URL of a licence
# related: []  # slugs of our articles, or {title, url} for pieces we do not have
#
# Once published: a substantive revision, and each correction, shown above the body and in feeds.
# updated: ${published}  # default: the latest correction's date
# corrections:
#   - date: ${published.slice(0, 10)}  # the day, or a time such as ${published.slice(0, 10)} 09:30
#     text: ""  # plain text, not Markdown: what was wrong, and what is right
---

`
}
