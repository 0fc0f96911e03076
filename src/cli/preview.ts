/**
 * `npm run preview` (`bylines preview`): builds the site as it will be deployed, for this
 * machine's address, and serves that build as the Cloudflare Worker does: the app over the
 * prepared index, bodies read from the export. So every link works (clean URLs, folders,
 * redirects of old pages), with the deployed headers, ETags and 404 page; nothing is rendered
 * live. The build goes to its own folders, never over the `dist/` a deploy uploads.
 */

import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { createApp } from '../app.ts'
import { nodeFileBody } from '../content/open-file-body.ts'
import { preparedResources } from '../edge/prepared-resources.ts'
import { readPreparedSite } from '../export/previous-build.ts'
import { openRegularFile } from '../files/regular-file.ts'
import { GoneError } from '../http/gone.ts'
import { listenOrExit, portFromEnv } from '../server/listen.ts'
import { createRequestListener } from '../server/request-listener.ts'
import { portOf } from '../settings/environment.ts'
import { buildCommand } from './build.ts'
import { type Command, isMainModule, parseOptions, runCommand } from './command.ts'

const OUT_DIR = 'build/preview'
const PREPARED_FILE = 'build/preview-site.json'

export const previewCommand: Command = {
  summary: 'build the site for this machine and serve that build, as it will be deployed',
  help: `Usage: bylines preview [--out DIR] [--prepared FILE] [--config FILE]      (npm run preview)

Builds the site as \`bylines build\` does, for http://localhost:PORT/ (PORT, default 3000),
into ${OUT_DIR}/ (not dist/, which a deploy uploads), and serves it the way the
Cloudflare Worker serves a deploy: clean URLs, the deployed headers and 404 page. An article
with errors is left out, as a deploy would leave it, and named. Articles are not watched: run
it again after an edit, or use npm start for a live server.

Options:
  --out DIR        where the build goes (default ${OUT_DIR})
  --prepared FILE  where its index goes (default ${PREPARED_FILE})
  --config FILE    the settings file (default bylines.toml)
  -h, --help       this help`,

  async run(args, env) {
    const { values } = parseOptions(args, { config: { type: 'string' }, out: { type: 'string' }, prepared: { type: 'string' } }, false)
    if (values.help) {
      console.log(previewCommand.help)
      return 0
    }
    const port = portFromEnv(portOf(env), 3000, 'bylines preview')
    const siteUrl = `http://localhost:${port}/`
    const preparedFile = resolve(values.prepared ?? PREPARED_FILE)
    const built = await buildCommand.run(
      // An article with errors is left out, as it would be of a deploy, and said: a preview
      // shows the rest while the editor fixes it.
      ['--out', values.out ?? OUT_DIR, '--prepared', preparedFile, '--skip-errors', ...(values.config ? ['--config', values.config] : [])],
      // Built for where it is served: the site's own url would send every link away.
      { ...env, SITE_URL: siteUrl },
      'preview',
    )
    if (built !== 0) return built
    const site = await readPreparedSite(preparedFile)
    if (!site) throw new Error(`${preparedFile}: the build wrote no index this version can serve`)
    const exportDir = resolve(dirname(preparedFile), site.exportDir)
    const resources = preparedResources(
      site,
      async (file) => {
        try {
          return new Response(await readFile(join(exportDir, file)))
        } catch {
          return new Response(null, { status: 404 })
        }
      },
      async (file, size) => {
        const { handle, stats } = await openRegularFile(join(exportDir, file), {
          maxBytes: size,
          what: 'a file of the build',
          root: exportDir,
          rootName: 'the build',
        })
        if (Number(stats.size) !== size) {
          await handle.close()
          throw new GoneError(`${file} is not the file the build wrote; build again`)
        }
        return nodeFileBody(handle, size)
      },
    )
    const app = createApp({
      resources: () => resources,
      siteUrl: site.siteUrl,
      logError: (error) => console.error('bylines preview:', error),
    })
    const server = createServer(createRequestListener(app.fetch, { siteUrl: site.siteUrl }))
    const actual = await listenOrExit(server, port, 'bylines preview')
    console.log(`bylines preview: serving the build at http://localhost:${actual}/ (Ctrl-C stops it)`)
    await new Promise<void>((done) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const)
        process.once(signal, () => {
          server.close(() => done())
          server.closeIdleConnections()
        })
    })
    return 0
  },
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runCommand('preview', previewCommand, process.argv.slice(2), process.env)
}
