/**
 * The static export served as each kind of host serves it, for the deploy templates' tests:
 * small servers that follow a host's documented rules (Cloudflare Pages, Netlify, GitHub Pages,
 * and the routing lines of deploy/nginx.conf), and the real nginx and Caddy over the shipped
 * deploy/nginx.conf and deploy/Caddyfile when they are installed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import mime from 'mime-types'
import { REPO } from './built-site.ts'
import { hostHeaders, parseHeadersFile } from './headers-rules.ts'
import { freePort, pollUntil } from './node-server.ts'

export interface RunningHost {
  /** The site's address on this host, ending in `/` (with the prefix it is served under). */
  url: string
  stop(): Promise<void>
}

/** How a host finds the file for a path, and what else it does, as its documentation says. */
export interface HostRules {
  /** The files tried for a decoded path, in order (clean URLs); the first that is a file answers. */
  candidates(path: string): string[]
  /** The page answered, with status 404, when none is. */
  notFoundPage: string
  /** Reads `_headers` and adds its rules' headers by the path asked for (Cloudflare Pages, Netlify); never serves it. */
  readsHeadersFile: boolean
  /** Serves the export below this path: a GitHub Pages project site is served at `/{repository}/`. */
  prefix?: string
  /** Paths answered with the 404 page though a file is there. */
  hidden?: ReadonlySet<string>
}

/**
 * Cloudflare Pages ("Serving Pages": an HTML file matching the path is served, `/x` from
 * `x.html`, a folder's `index.html`; the closest `404.html` for a miss; `_headers` applied by
 * the path asked for, overriding what it ordinarily sends) and Netlify (its pretty URLs, a
 * `404.html` at the root, `_headers` in the publish folder) alike, for what the export uses.
 */
export const PAGES_AND_NETLIFY: HostRules = {
  candidates: cleanUrlCandidates,
  notFoundPage: '404.html',
  readsHeadersFile: true,
}

/**
 * GitHub Pages: the same clean URLs and `404.html`; no `_headers` (the file is served as any
 * other); the type from the file's extension by mime-db, which GitHub Pages' table is made from.
 */
export function githubPages(prefix = '/'): HostRules {
  return { candidates: cleanUrlCandidates, notFoundPage: '404.html', readsHeadersFile: false, prefix }
}

function cleanUrlCandidates(path: string): string[] {
  if (path.endsWith('/')) return [`${path}index.html`]
  return [path, `${path}.html`, `${path}/index.html`]
}

/**
 * The routing of an nginx server block as its `try_files` and `error_page 404` lines say, over
 * `index index.html`: `$uri`, `$uri.html`, `$uri/` (the folder's index), then the 404 page; and
 * its `location = /x { return 404; }` blocks. Fails if the file has not exactly one
 * `try_files` and one `error_page 404`, or names other candidates.
 */
export function nginxRouting(config: string): HostRules {
  const tryFiles = [...config.matchAll(/^\s*try_files\s+([^;]+);/gm)].map((m) => m[1]!.trim().split(/\s+/))
  const errorPages = [...config.matchAll(/^\s*error_page\s+404\s+([^;\s]+)\s*;/gm)].map((m) => m[1]!)
  if (tryFiles.length !== 1 || errorPages.length !== 1)
    throw new Error(`nginx.conf: expected one try_files and one error_page 404 line, found ${tryFiles.length} and ${errorPages.length}`)
  const last = tryFiles[0]!.at(-1)
  if (last !== '=404') throw new Error(`nginx.conf: try_files should end in =404 (the error_page then answers), not ${last}`)
  const forms = tryFiles[0]!.slice(0, -1)
  for (const form of forms)
    if (!['$uri', '$uri.html', '$uri/'].includes(form))
      throw new Error(`nginx.conf: try_files names ${form}, which this test does not know`)
  return {
    candidates: (path) => forms.map((form) => (form === '$uri/' ? `${path.replace(/\/?$/, '/')}index.html` : form.replace('$uri', path))),
    notFoundPage: errorPages[0]!.replace(/^\//, ''),
    readsHeadersFile: false,
    hidden: new Set([...config.matchAll(/^\s*location\s*=\s*(\S+)\s*\{\s*return 404;\s*\}/gm)].map((m) => m[1]!)),
  }
}

/** Serves `dir` by `rules` on 127.0.0.1. */
export async function startRuleHost(dir: string, rules: HostRules): Promise<RunningHost> {
  const headerRules = rules.readsHeadersFile ? parseHeadersFile(readFileSync(join(dir, '_headers'), 'utf8')) : []
  const prefix = rules.prefix ?? '/'
  const fileAt = (path: string): string | undefined => {
    if ((rules.readsHeadersFile && path === '/_headers') || rules.hidden?.has(path)) return undefined
    for (const candidate of rules.candidates(path)) {
      const file = join(dir, candidate)
      if (existsSync(file) && statSync(file).isFile()) return file
    }
    return undefined
  }
  const server: Server = createServer((request, response) => {
    const raw = new URL(request.url ?? '/', 'http://host').pathname
    let path: string | undefined
    try {
      path = raw.startsWith(prefix) ? `/${decodeURIComponent(raw.slice(prefix.length))}` : undefined
    } catch {
      path = undefined
    }
    const file = path === undefined || path.includes('/../') ? undefined : fileAt(path)
    const served = file ?? join(dir, rules.notFoundPage)
    const headers: Record<string, string> = {
      'content-type': mime.contentType(served.slice(served.lastIndexOf('/') + 1)) || 'application/octet-stream',
    }
    // By the path asked for, not the file answered (the 404 page gets the missing path's rules).
    if (path !== undefined) Object.assign(headers, hostHeaders(headerRules, raw.slice(prefix.length - 1)))
    response.writeHead(file ? 200 : 404, headers)
    response.end(readFileSync(served))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { url: `http://127.0.0.1:${port}${prefix}`, stop: () => new Promise((resolve) => server.close(() => resolve())) }
}

/**
 * Whether `command` can be run here. In CI a missing one throws: `.ci/run` installs it, so its
 * tests must run there.
 */
export function hasCommand(command: string, packageName: string): boolean {
  if (spawnSync(command, ['-v'], { stdio: 'ignore' }).error === undefined) return true
  if (process.env.CI)
    throw new Error(`${command} is not installed: the deploy template tests need it in CI (apt-get install ${packageName})`)
  return false
}

/**
 * A line of a shipped template, replaced for the test; fails if the template no longer has it,
 * so the test never runs a file other than the one shipped.
 */
function replaceLine(text: string, file: string, line: RegExp, by: string): string {
  if (!line.test(text)) throw new Error(`deploy/${file}: no line matching ${line}; the test serves the template through it`)
  return text.replace(line, by)
}

/** deploy/nginx.conf under the real nginx, one process, serving `dir` on a free port. */
export async function startNginx(dir: string, work: string): Promise<RunningHost> {
  const port = await freePort()
  mkdirSync(work, { recursive: true })
  let site = readFileSync(join(REPO, 'deploy', 'nginx.conf'), 'utf8')
  site = replaceLine(site, 'nginx.conf', /^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`)
  site = replaceLine(site, 'nginx.conf', /^\s*listen \[::\]:80;\n/m, '')
  site = replaceLine(site, 'nginx.conf', /^\s*root \S+;$/m, `    root ${dir};`)
  writeFileSync(join(work, 'site.conf'), site)
  // The http block Debian's nginx.conf gives a file of sites-enabled or conf.d, less what needs root.
  writeFileSync(
    join(work, 'nginx.conf'),
    `daemon off;
master_process off;
pid ${join(work, 'nginx.pid')};
error_log ${join(work, 'error.log')};
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `    ${name}_temp_path ${join(work, name)};`).join('\n')}
    include ${join(work, 'site.conf')};
}
`,
  )
  const child = spawn('nginx', ['-p', work, '-c', join(work, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] })
  return running(child, `http://127.0.0.1:${port}/`, () => readFileSync(join(work, 'error.log'), 'utf8'))
}

/** deploy/Caddyfile under the real Caddy, serving `dir` over plain HTTP on a free port, without its admin endpoint. */
export async function startCaddy(dir: string, work: string): Promise<RunningHost> {
  const port = await freePort()
  mkdirSync(work, { recursive: true })
  let site = readFileSync(join(REPO, 'deploy', 'Caddyfile'), 'utf8')
  site = replaceLine(site, 'Caddyfile', /^news\.example\.org \{$/m, `http://127.0.0.1:${port} {`)
  site = replaceLine(site, 'Caddyfile', /^\troot \* \S+$/m, `\troot * ${dir}`)
  const file = join(work, 'Caddyfile')
  writeFileSync(file, `{\n\tadmin off\n\tauto_https off\n}\n\n${site}`)
  const env = { ...process.env, HOME: work, XDG_DATA_HOME: work, XDG_CONFIG_HOME: work }
  const child = spawn('caddy', ['run', '--config', file, '--adapter', 'caddyfile'], { env, stdio: ['ignore', 'ignore', 'pipe'] })
  return running(child, `http://127.0.0.1:${port}/`, () => '')
}

async function running(child: ChildProcess, url: string, log: () => string): Promise<RunningHost> {
  let output = ''
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output}${log()}`)
        return (await fetch(url).catch(() => undefined)) ? true : undefined
      },
      { message: `${child.spawnfile} never answered at ${url}` },
    )
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  }
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}
