/**
 * `bylines ping`: WebSub publish pings for a deployed build (W3C WebSub §7), with no state kept
 * between deploys. Before deploying, `--record` asks the live site which of the new build's
 * current feed documents it serves differently (a conditional GET with the new ETag) and
 * writes them down; after deploying, `--changed` pings the hub for exactly those.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { z } from 'zod'
import { notifyHub } from '../feeds/websub.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { CURRENT } from '../model/archives.ts'
import { parseKey } from '../model/paths.ts'
import { DEFAULT_PREPARED_FILE } from '../resources/prepared-site.ts'
import { loadSettings } from '../settings/resolve.ts'
import { SETTINGS_FILE } from '../settings/settings-file.ts'
import { type Command, isMainModule, parseOptions, runCommand, UsageError } from './command.ts'

/** Requests in flight at once, to the live site and to the hub: a few, not a flood. */
const AT_ONCE = 6
const TIMEOUT_MS = 10_000
const SHOWN_FAILURES = 10

/** The part of the build's index this command reads; the rest is the Worker's business. */
const INDEX = z.object({
  siteUrl: z.string(),
  builtAt: z.string(),
  resources: z.record(z.string(), z.object({ own: z.record(z.string(), z.string()) })),
})

/** What `--record` writes and `--changed` reads. */
const RECORD = z.object({
  siteUrl: z.string(),
  builtAt: z.string(),
  checked: z.number(),
  changed: z.array(z.string()),
  /** Every checked feed's ETag in the build that was recorded, by URL. */
  etags: z.record(z.string(), z.string()),
})
type PingRecord = z.infer<typeof RECORD>

export const pingCommand: Command = {
  summary: 'after a deploy, tell the WebSub hub which feeds changed (two steps: --record, --changed)',
  help: `Usage: bylines ping --record FILE [--prepared INDEX] [--config FILE]     before deploying
       bylines ping --changed FILE [--prepared INDEX] [--config FILE]    after deploying

Sends the WebSub hub (websubHub in ${SETTINGS_FILE}, or WEBSUB_HUB) a publish ping for
exactly the feeds whose current document (/rss.xml, /tags/x/atom.xml, …; never an archive)
a deploy changed. Nothing is kept between deploys, so it takes two steps:

  --record FILE   run after \`bylines build\` and before the deploy: asks the live site, at the
                  index's url, for every current feed the new build lists, sending the new
                  ETag (If-None-Match). 304 means unchanged; any other answer with another
                  ETag, or 404 (a new feed), means changed. The changed feeds' URLs go to FILE.
  --changed FILE  run after the deploy: pings the hub for each URL in FILE, and for any feed
                  whose ETag in the index differs from the one recorded (\`wrangler deploy\`
                  builds again, and a scheduled article may have come out in between).

Without a hub both steps say so and succeed. The live site failing to answer (network error,
timeout, 5xx, another 4xx than 404) or the hub answering other than 2xx is an error: each
failing URL is named with its status, and the exit status is 1.

Options:
  --record FILE     find which feeds the new build changes, and write them to FILE
  --changed FILE    ping the hub for the feeds FILE lists
  --prepared INDEX  the new build's index (default ${DEFAULT_PREPARED_FILE}); with --changed,
                    the index of the build that was deployed
  --config FILE     the settings file (default ${SETTINGS_FILE})
  -h, --help        this help`,

  async run(args, env) {
    const { values } = parseOptions(
      args,
      { record: { type: 'string' }, changed: { type: 'string' }, prepared: { type: 'string' }, config: { type: 'string' } },
      false,
    )
    if (values.help) {
      console.log(pingCommand.help)
      return 0
    }
    if ((values.record === undefined) === (values.changed === undefined)) {
      throw new UsageError('give one of --record FILE (before deploying) or --changed FILE (after deploying)')
    }
    const hub = (await loadSettings(env, { file: values.config })).websubHub
    if (!hub) {
      console.log(`bylines ping: no WebSub hub is set (websubHub in ${SETTINGS_FILE}, or WEBSUB_HUB); nothing to ping`)
      return 0
    }
    const indexFile = resolve(values.prepared ?? DEFAULT_PREPARED_FILE)
    if (values.record !== undefined) return record(indexFile, resolve(values.record))
    return ping(hub, resolve(values.changed!), indexFile)
  },
}

/** `--record`: which current feeds of the new build the live site serves differently. */
async function record(indexFile: string, recordFile: string): Promise<number> {
  // A record left from an earlier run must never be pinged for this one.
  await rm(recordFile, { force: true })
  const index = await readJson(indexFile, INDEX, 'the build’s index; run bylines build first')
  const feeds = currentFeeds(index)
  const results = await inBatches(feeds, ({ url, etag }) => liveState(url, etag))
  const failures = results.filter((r) => r.state === 'failed')
  if (failures.length > 0) {
    // The first few name the problem; a site that is down would otherwise fill the log.
    for (const { url, reason } of failures.slice(0, SHOWN_FAILURES)) console.error(`bylines ping: ${url}: ${reason}`)
    if (failures.length > SHOWN_FAILURES) console.error(`bylines ping: … and ${failures.length - SHOWN_FAILURES} more`)
    console.error(
      `bylines ping: the live site gave no usable answer for ${failures.length} of ${feeds.length} feeds, so which feeds changed is not known; ${recordFile} not written`,
    )
    return 1
  }
  const changed = results.filter((r) => r.state !== 'unchanged')
  const out: PingRecord = {
    siteUrl: index.siteUrl,
    builtAt: index.builtAt,
    checked: feeds.length,
    changed: changed.map((r) => r.url),
    etags: Object.fromEntries(feeds.map(({ url, etag }) => [url, etag ?? ''])),
  }
  await mkdir(dirname(recordFile), { recursive: true })
  await writeFileAtomic(recordFile, `${JSON.stringify(out, null, 2)}\n`)
  for (const { url, state } of changed) console.log(`  ${state === 'new' ? 'new    ' : 'changed'} ${url}`)
  console.log(`bylines ping: ${changed.length} of ${feeds.length} current feeds differ from the live site; written to ${recordFile}`)
  return 0
}

/** `--changed`: one publish ping per recorded feed, and per feed the deployed build changed since. */
async function ping(hub: string, recordFile: string, indexFile: string): Promise<number> {
  const recorded = await readJson(recordFile, RECORD, 'written by bylines ping --record before the deploy')
  const index = await readJson(indexFile, INDEX, 'the index of the build that was deployed')
  const since = currentFeeds(index).filter(({ url, etag }) => recorded.etags[url] !== (etag ?? '') && !recorded.changed.includes(url))
  if (since.length > 0) {
    console.log(
      `bylines ping: ${since.length} more feeds differ in the build that was deployed (built ${index.builtAt}, recorded ${recorded.builtAt})`,
    )
  }
  const changed = [...recorded.changed, ...since.map(({ url }) => url)]
  if (changed.length === 0) {
    console.log(`bylines ping: no feed changed; no ping sent to ${hub}`)
    return 0
  }
  const results = await inBatches(changed, async (topic) => (await notifyHub(hub, [topic]))[0]!)
  const failed = results.filter(({ status }) => typeof status !== 'number' || status < 200 || status > 299)
  for (const { topic, status } of failed) {
    console.error(`bylines ping: the hub ${hub} answered ${typeof status === 'number' ? status : `with an error (${status})`} for ${topic}`)
  }
  const sent = results.length - failed.length
  console.log(`bylines ping: ${hub} accepted publish pings for ${sent} of ${results.length} feeds`)
  return failed.length > 0 ? 1 : 0
}

interface Feed {
  url: string
  etag: string | undefined
}

/** Every current feed document the index lists, at its absolute URL (as its `rel="self"` says). */
function currentFeeds(index: z.infer<typeof INDEX>): Feed[] {
  return Object.entries(index.resources)
    .filter(([key]) => {
      const target = parseKey(key)
      return target?.type === 'document' && target.document === CURRENT && target.format !== undefined
    })
    .map(([key, entry]) => ({ url: `${index.siteUrl}${key.slice(1)}`, etag: entry.own.etag }))
}

type LiveState = { url: string; state: 'unchanged' | 'changed' | 'new' } | { url: string; state: 'failed'; reason: string }

/** The live site's answer to a conditional GET with the new ETag (RFC 9110 §13.1.2). */
async function liveState(url: string, etag: string | undefined): Promise<LiveState> {
  let response: Response
  try {
    response = await fetch(url, { headers: etag ? { 'if-none-match': etag } : {}, signal: AbortSignal.timeout(TIMEOUT_MS) })
  } catch (error) {
    const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } }
    const reason = name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? message)
    return { url, state: 'failed', reason: `could not be fetched (${reason})` }
  }
  await response.body?.cancel()
  const { status } = response
  if (status === 304) return { url, state: 'unchanged' }
  if (status === 404 || status === 410) return { url, state: 'new' }
  if (status >= 200 && status <= 299) {
    // A server that ignores If-None-Match still says which version it holds; compared weakly,
    // as Cloudflare weakens the tag of a response it compresses.
    const live = response.headers.get('etag')
    return { url, state: live && etag && opaqueTag(live) === opaqueTag(etag) ? 'unchanged' : 'changed' }
  }
  return { url, state: 'failed', reason: `the live site answered ${status}` }
}

function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag
}

/** `work` over every item, at most AT_ONCE at a time, results in the items' order. */
async function inBatches<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      results[i] = await work(items[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker))
  return results
}

async function readJson<S extends z.ZodType>(file: string, schema: S, what: string): Promise<z.infer<S>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new Error(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it is ${what}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`${file}: not JSON; it should be ${what}`)
  }
  const result = schema.safeParse(json)
  if (!result.success) {
    const problem = result.error.issues[0]!
    throw new Error(`${file}: ${problem.path.join('.') || 'the file'}: ${problem.message}; it should be ${what}`)
  }
  return result.data
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCommand('ping', pingCommand, process.argv.slice(2), process.env)
}
