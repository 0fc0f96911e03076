/**
 * `npm run build:static` (`bylines build`): renders the whole site once, in Node, into a static
 * export (`dist/`: every feed, page and the `_headers` file) and the prepared-site index the
 * Worker serves it with. Wrangler runs it before `wrangler dev` and `wrangler deploy`.
 */
import { readdir, readFile } from 'node:fs/promises'
import { dirname, relative, resolve, sep } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { formatProblem, inFileOrder } from '../articles/problems.ts'
import { siteFileProblems } from '../articles/public-check.ts'
import { editorsTime, scheduledBy } from '../articles/schedule.ts'
import { loadPublicFolder, loadSiteForBuild, publishableForBuild, settingsLocator } from '../content/load-site.ts'
import { pictureMakerFor } from '../content/picture-maker.ts'
import { nextDeployRun } from '../export/deploy-schedule.ts'
import { exportSite } from '../export/export-site.ts'
import { exportFediverse, fediverseFilesOf, readRecordedFediverse } from '../export/fediverse-export.ts'
import { buildContext } from '../export/input-hasher.ts'
import { type BuildAudience, nextSteps } from '../export/next-steps.ts'
import { markBuilding, readPreviousBuild, recordBuild, removeTemporariesOf } from '../export/previous-build.ts'
import { preparedFediverseFileOf } from '../fediverse/prepared-fediverse.ts'
import { createViewSource } from '../feed-sets/view.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { withBuildLock } from '../files/build-lock.ts'
import { NODE_ENCODERS } from '../http/encoders.ts'
import { DEFAULT_PREPARED_FILE } from '../resources/prepared-site.ts'
import { buildThreadsOf, type Env } from '../settings/environment.ts'
import { SETTINGS_FILE, settingsFileName } from '../settings/settings-file.ts'
import { type Command, count, isMainModule, parseOptions, runCommand } from './command.ts'

export const DEFAULT_OUT_DIR = 'dist'

export const buildCommand = {
  summary: 'render every feed and page into dist/ (static hosting) and the Worker’s index',
  help: `Usage: bylines build [--out DIR] [--prepared FILE] [--config FILE] [--skip-errors]

Renders the site as it is now, once, and writes:
  DIR (default ${DEFAULT_OUT_DIR})     every feed, archive page, HTML page, the OPML file, the
                         extension doc, the public folder's files, 404.html and
                         _headers: a site any static host serves
  FILE (default ${DEFAULT_PREPARED_FILE})
                         the index the Cloudflare Worker answers from (path → file, headers)

Settings are read from ${SETTINGS_FILE} (or the file --config or BYLINES_CONFIG names), and
environment variables override them (the README's settings table).

What \`bylines check\` calls an error is never published: an article with one (a missing picture
too) stops the build, which then writes nothing and exits 1, naming every problem. With
--skip-errors the site is built without those articles, and says which it left out. Warnings
are printed and published as they are; a draft's problems are printed and fail nothing.

When there is much to make (a full build of a large archive) two threads share the work;
BYLINES_BUILD_THREADS=1 or 2 decides instead (auto, the default, decides by the work).

Options:
  --out DIR        where the static site goes; files earlier builds wrote there (one that
                   was stopped half-way too) that are no longer part of the site are
                   removed, and nothing else is touched
  --prepared FILE  where the Worker's index goes
  --config FILE    the settings file (default ${SETTINGS_FILE})
  --skip-errors    build without the articles that have errors, instead of stopping
  -h, --help       this help`,

  /** @param audience `preview` when `bylines preview` builds: it says its own next step */
  async run(args: string[], env: Env, audience: BuildAudience = 'deploy'): Promise<number> {
    const { values } = parseOptions(
      args,
      { out: { type: 'string' }, prepared: { type: 'string' }, config: { type: 'string' }, 'skip-errors': { type: 'boolean' } },
      false,
    )
    if (values.help) {
      console.log(buildCommand.help)
      return 0
    }
    const outDir = resolve(values.out ?? DEFAULT_OUT_DIR)
    const preparedFile = resolve(values.prepared ?? DEFAULT_PREPARED_FILE)
    const status = await withBuildLock(`${outDir}.lock`, () =>
      build(outDir, preparedFile, values.config, values['skip-errors'] === true, env, audience),
    )
    if (status === 'superseded') console.log('bylines build: a newer build started while this one waited; it will write the site')
    return status === 'superseded' ? 0 : status
  },
} satisfies Command

/**
 * Whether the output folder holds nothing: with no index of it either, no site is served from it
 * (an index of an older version, or of another folder, leaves its files there), and the export
 * may create its new files in place (export-site.ts, `newFilesInPlace`).
 */
async function isEmptyOrMissing(folder: string): Promise<boolean> {
  const entries = await readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : undefined))
  return entries !== undefined && entries.length === 0
}

async function build(
  outDir: string,
  preparedFile: string,
  configFile: string | undefined,
  skipErrors: boolean,
  env: Env,
  audience: BuildAudience,
): Promise<number> {
  const started = performance.now()
  const threads = buildThreadsOf(env)
  await warnOfWranglerVars()
  const { site, collection, articlesDir } = await loadSiteForBuild(env, { file: configFile })
  const publicFolder = loadPublicFolder(site)
  const verdict = publishableForBuild(collection, publicFolder, site, articlesDir)
  const settingsProblems = siteFileProblems(publicFolder, site, await settingsLocator(env, configFile))
  const problems = [...collection.problems, ...verdict.problems, ...settingsProblems].sort(inFileOrder)
  for (const problem of problems) {
    const line = `${problem.draft ? 'draft' : problem.severity}: ${formatProblem(problem)}`
    if (problem.severity === 'error' && !problem.draft) console.error(line)
    else console.warn(line)
  }
  const errors = problems.filter((problem) => problem.severity === 'error' && !problem.draft)
  if (errors.length > 0) {
    const files = [...new Set(errors.map((problem) => problem.file))]
    if (!skipErrors) {
      console.error(
        `bylines build: ${count(errors.length, 'error')} in ${files.join(', ')}; nothing was built. ` +
          `Fix ${errors.length === 1 ? 'it' : 'them'} (npm run check lists every problem), or build without the articles that have errors: bylines build --skip-errors`,
      )
      return 1
    }
    // The settings' own errors (a missing logo) leave nothing out: the site is built with them.
    const settingsFiles = new Set(settingsProblems.map((problem) => problem.file))
    const leftOut = files.filter((file) => !settingsFiles.has(file))
    if (leftOut.length > 0) console.warn(`bylines build: left out, with errors: ${leftOut.join(', ')}`)
    if (leftOut.length < files.length) console.warn(`bylines build: built with the errors of ${[...settingsFiles].join(', ')}, as told`)
  }
  const warnings = problems.filter((problem) => problem.severity === 'warning' && !problem.draft).length
  if (warnings > 0) console.warn(`bylines build: ${count(warnings, 'warning')}, published as they are`)

  const builtAt = new Date()
  // Every picture's variants are made (or found in the cache) before anything is rendered: pages and feeds show them.
  const publicFiles = await pictureMakerFor(env).withPictures(publicFolder, verdict.articles, site.url)
  const content = { articles: verdict.articles, publicFiles }
  const view = createViewSource(() => content, site)(builtAt)
  const exportDir = relative(dirname(preparedFile), outDir).split(sep).join('/')
  // A build that was killed is recovered from here: previous-build.ts says how.
  const previous = await readPreviousBuild(preparedFile, exportDir)
  if (previous.interrupted) {
    console.warn('bylines build: the last build did not finish; every file is written again')
    await removeTemporariesOf(previous, outDir, preparedFile)
  }
  const context = buildContext(site)
  const fediverseFile = preparedFediverseFileOf(preparedFile)
  // The preview serves none of the Fediverse's files (its index does not list them): it is built
  // without them, and without loading Fedify into the process that then serves.
  const fediverseSite = audience === 'preview' ? { ...site, fediverse: { ...site.fediverse, enabled: false } } : site
  // The Fediverse's files are marked as maybe written before the first is, as the site's are.
  const fediverseFiles = fediverseFilesOf(view, fediverseSite)
  const ownedByFediverse = new Set(fediverseFiles)
  if (fediverseFiles.length > 0) await markBuilding(preparedFile, exportDir, [...previous.mayHaveWritten, ...fediverseFiles])
  const fediverse = await exportFediverse({
    view,
    site: fediverseSite,
    outDir,
    context,
    previous: await readRecordedFediverse(fediverseFile),
    distrust: previous.interrupted ? new Set(previous.mayHaveWritten) : undefined,
  })
  if (fediverse.notPossible) console.warn(`bylines build: not on the Fediverse: ${fediverse.notPossible}`)
  const { prepared, files, bytes, written, rendered, renderedBySecondThread, inputs } = await exportSite({
    view,
    site,
    outDir,
    previous: previous.index,
    previousInputs: previous.inputs,
    newFilesInPlace: previous.index === undefined && !previous.interrupted && (await isEmptyOrMissing(outDir)),
    // The Fediverse's files of this build are its own to keep or write; others an earlier build left are removed.
    earlierFiles: previous.mayHaveWritten.filter((file) => !ownedByFediverse.has(file)),
    beforeWriting: (toWrite) => markBuilding(preparedFile, exportDir, [...previous.mayHaveWritten, ...fediverseFiles, ...toWrite]),
    exportDir,
    encoders: NODE_ENCODERS,
    builtAt,
    context,
    load: { env, configFile },
    threads,
    headersRules: fediverse.finished.then(({ headersRules }) => headersRules),
    objects: fediverse.toMake,
  })
  const index = JSON.stringify(prepared)
  await recordBuild(preparedFile, index, inputs)
  const { manifest } = await fediverse.finished
  // The Worker bundles this beside the index (wrangler.toml [alias]), also when it says "not enabled".
  await writeFileAtomic(fediverseFile, JSON.stringify(manifest))

  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`
  console.log(
    `bylines build: ${view.published.length} articles → ${relative('.', outDir) || '.'}/ (${files} files, ${mib(bytes)}; ${rendered} made, ${written} written) ` +
      `and ${relative('.', preparedFile)} (${(index.length / 1024).toFixed(0)} KiB) for ${site.url}, ` +
      (manifest.enabled ? `${fediverse.toMake.length} Fediverse objects made, ` : '') +
      (renderedBySecondThread > 0 ? `on two threads (${renderedBySecondThread} made by the second), ` : '') +
      `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const next = scheduledBy(verdict.articles, builtAt)[0]
  if (next) {
    console.log(
      `bylines build: next scheduled: ${next.file} goes live at ${editorsTime(next.date, site.timeZone)}; ` +
        `a build and deploy after then publishes it: the deploy workflow's first run after it is at ${editorsTime(nextDeployRun(next.date), site.timeZone)} ` +
        '(GitHub may start it late: README, "The clock")',
    )
  }
  for (const line of nextSteps({
    outDir: relative('.', outDir) || '.',
    siteUrl: site.url,
    settingsFile: settingsFileName(env, configFile),
    audience,
  }))
    console.log(line)
  return 0
}

/** Settings used to be `[vars]` of wrangler.toml; they are ignored there now, so say so. */
async function warnOfWranglerVars(): Promise<void> {
  const text = await readFile('wrangler.toml', 'utf8').catch(() => undefined)
  if (text === undefined) return
  let vars: unknown
  try {
    vars = parseToml(text).vars
  } catch {
    return
  }
  if (vars && typeof vars === 'object' && Object.keys(vars).length > 0) {
    console.warn(
      `bylines build: wrangler.toml [vars] (${Object.keys(vars).join(', ')}) are not read: site settings live in ${SETTINGS_FILE}`,
    )
  }
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCommand('build', buildCommand, process.argv.slice(2), process.env)
}
