#!/usr/bin/env node
// `npm run dev:edge [-- --port N]`: wrangler dev (real workerd, locally) over wrangler.toml, with
// the site built for the address it serves at. The port is ours to read, so that the site URL
// and wrangler's --port agree; every other argument goes to wrangler as it is.
import { spawn } from 'node:child_process'

const args = process.argv.slice(2)
let port = process.env.PORT || '8787'
const rest = []
for (let i = 0; i < args.length; i++) {
  const arg = args[i]
  if (arg === '--port' || arg === '-p') port = args[++i] ?? ''
  else if (arg.startsWith('--port=')) port = arg.slice('--port='.length)
  else rest.push(arg)
}
if (!/^[1-9][0-9]{0,4}$/.test(port) || Number(port) > 65535) {
  console.error(`bylines dev:edge: "${port}" is not a port; use e.g. npm run dev:edge -- --port 8788`)
  process.exit(2)
}
// wrangler runs the [build] command through execa 6, which hands it to Node as a command and its
// words with `shell: true`: Node 24 and later print DEP0190 for that at every build, about a
// command of ours (cloudflare/workers-sdk#13805). Only that warning is silenced, in wrangler only.
const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --disable-warning=DEP0190`.trim()
const child = spawn('wrangler', ['dev', '--port', port, ...rest], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
  env: {
    ...process.env,
    SITE_URL: process.env.SITE_URL || `http://localhost:${port}/`,
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NODE_OPTIONS: nodeOptions,
  },
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
