/**
 * The Worker under real workerd, through wrangler's programmatic API: the project's
 * wrangler.toml with the build's output swapped in (index, assets), on 127.0.0.1, with nothing
 * fetched from the internet.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { unstable_startWorker } from 'wrangler'
import { preparedFediverseFileOf } from '../../src/fediverse/prepared-fediverse.ts'
import { type BuiltSite, REPO } from './built-site.ts'

export interface RunningWorker {
  url: URL
  stop(): Promise<void>
}

/** The project's wrangler.toml, as JSON, with its output folders (and some settings) swapped. */
export function projectConfig(options: { outDir: string; preparedFile: string; vars?: Record<string, string> }) {
  const project = parseToml(readFileSync(join(REPO, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  return {
    ...project,
    name: 'bylines-test',
    main: join(REPO, String(project.main)),
    alias: { 'bylines:prepared-site': options.preparedFile, 'bylines:prepared-fediverse': preparedFediverseFileOf(options.preparedFile) },
    assets: { ...(project.assets as object), directory: options.outDir },
    vars: { ...(project.vars as object), ...options.vars },
    build: project.build as { command: string; watch_dir: string[] },
  }
}

export async function startWorker(built: BuiltSite): Promise<RunningWorker> {
  const { build: _build, ...config } = projectConfig({ outDir: built.outDir, preparedFile: built.preparedFile, vars: built.env })
  return startFromConfig(join(built.root, 'wrangler.json'), config)
}

/**
 * The export as Cloudflare serves a folder of static files: an assets-only Worker (no script of
 * ours) under workerd, whose asset server is Cloudflare's own and reads `_headers`, answers a
 * missing path with the nearest 404.html, and serves `name.html` at `/name`.
 */
export async function startStaticHost(built: BuiltSite): Promise<RunningWorker> {
  const project = parseToml(readFileSync(join(REPO, 'wrangler.toml'), 'utf8')) as Record<string, unknown>
  return startFromConfig(join(built.root, 'wrangler-static.json'), {
    name: 'bylines-static-test',
    compatibility_date: project.compatibility_date,
    assets: { directory: built.outDir, not_found_handling: '404-page', html_handling: 'auto-trailing-slash' },
  })
}

/** workerd on 127.0.0.1 with `config`, written to `configFile` for wrangler to read. */
async function startFromConfig(configFile: string, config: object): Promise<RunningWorker> {
  // Miniflare would otherwise download the `request.cf` object from Cloudflare.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  process.env.WRANGLER_SEND_METRICS = 'false'
  writeFileSync(configFile, JSON.stringify(config, null, 2))
  const worker = await unstable_startWorker({
    config: configFile,
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, logLevel: 'error' },
  })
  await worker.ready
  return { url: await worker.url, stop: () => worker.dispose() }
}
