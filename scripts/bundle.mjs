// `npm run build`: bundles the Node entries into build/ (or the folder given), so that they
// start in a fraction of the time compiling TypeScript on the fly takes (tsx stays for tests,
// scripts and `npx bylines`):
//   build/server.mjs         the service (`npm start`)
//   build/bylines.mjs        the newsroom's command (`npm run build:static`, `check`, `new`, …)
//   build/export-thread.mjs  the build's second thread, which build/bylines.mjs starts from beside itself
// Measured at 10,000 articles: `bylines build` with nothing to do took 1.0 s less from the bundle
// than through tsx, most of it the TypeScript of every module compiled at each start.
//
// Every npm script bundles before it runs, so two may bundle at once while a third runs the
// bundle: each file is written beside itself and renamed into place, and only when it changed,
// so that no process ever starts from half a file. When the sources, this script and esbuild
// are those the bundles were made from (`.bundle-stamp`), nothing is bundled: 0.3 s instead of 1.
import { build, version as esbuildVersion } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { register } from 'tsx/esm/api'

// The bundles carry the version of the sources they are made from (the build's inputs name it).
register()
const { codeVersion } = await import('../src/files/code-version.ts')

const ENTRIES = {
  server: 'src/server/server.ts',
  bylines: 'src/cli/run.ts',
  'export-thread': 'src/export/export-thread.ts',
}
/**
 * sharp loads a native binary of its platform's own package (@img/sharp-linux-x64, …) at run
 * time, so it cannot be bundled: it is imported from this checkout's node_modules, by its full
 * address, so that a bundle written anywhere (a test's temporary folder) still finds it.
 */
const sharpFromNodeModules = {
  name: 'sharp-from-node-modules',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href, external: true }))
  },
}

/**
 * better-sqlite3, the Fediverse store's SQLite on a Node without node:sqlite (Node 20), is native
 * too, and optional: src/fediverse/sqlite.ts loads it with createRequire, which esbuild leaves
 * alone, from the full address given here, so that a bundle written anywhere finds it. Where it
 * is not installed the name is left undefined and the source says so when a database is opened.
 */
const betterSqlite3 = resolveIfInstalled('better-sqlite3')

const outdir = process.argv[2] ?? 'build'
const stampFile = join(outdir, '.bundle-stamp')
// With sharp's and better-sqlite3's addresses: a checkout moved elsewhere is bundled again.
const stamp = createHash('sha1').update(`${codeVersion()}\0${esbuildVersion}\0${createRequire(import.meta.url).resolve('sharp')}\0${betterSqlite3 ?? ''}\0`).update(readFileSync(new URL(import.meta.url))).digest('base64url')
const made = Object.keys(ENTRIES).every((name) => existsSync(join(outdir, `${name}.mjs`)))
if (made && readIfThere(stampFile)?.toString() === stamp) process.exit(0)

const { outputFiles } = await build({
  entryPoints: ENTRIES,
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  write: false,
  define: { BUNDLED_CODE_VERSION: JSON.stringify(codeVersion()), ...(betterSqlite3 === undefined ? {} : { BUNDLED_BETTER_SQLITE3: JSON.stringify(betterSqlite3) }) },
  plugins: [sharpFromNodeModules],
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
})

for (const file of outputFiles) writeIfChanged(file.path, file.contents)
writeIfChanged(stampFile, Buffer.from(stamp))

function writeIfChanged(path, contents) {
  if (readIfThere(path)?.equals(contents)) return
  const temporary = `${path}.${process.pid}.tmp`
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(temporary, contents)
  renameSync(temporary, path)
}

function resolveIfInstalled(name) {
  try {
    return createRequire(import.meta.url).resolve(name)
  } catch {
    return undefined
  }
}

function readIfThere(path) {
  try {
    return readFileSync(path)
  } catch {
    return undefined
  }
}
