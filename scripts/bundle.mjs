// `npm run build`: bundles the Node entries into build/ (or the folder given), so that they
// start in a fraction of the time compiling TypeScript on the fly takes (tsx stays for tests,
// scripts and `npm run start:dev`):
//   build/server.mjs         the service (`npm start`)
//   build/bylines.mjs        the newsroom's command (`npx bylines`, `npm run build:static`, `check`, …)
//   build/export-thread.mjs  the build's second thread, which build/bylines.mjs starts from beside itself
//   build/chunks/            the code they share, and code loaded only when it is needed (Fedify's,
//                            for a site on the Fediverse): an entry parses only what it imports
// What that saves is measured in docs/performance.md ("Figures behind the code").
//
// Every npm script bundles before it runs, and so does bin/bylines.mjs, so two may bundle at once
// while a third runs the bundle: each file is written beside itself and renamed into place, and
// only when it changed, so that no process ever starts from half a file. When the sources, this
// script and esbuild are those the bundles were made from (`.bundle-stamp`), nothing is bundled,
// and esbuild is not even loaded.
//
// esbuild is a dev dependency: an install without them (`npm ci --omit=dev`) runs the bundles it
// has when they are of its sources, and says what to do when they are not (docs/decisions.md,
// "Nothing at run time needs tsx or esbuild"). `--optional` (the `prepare` script, which
// `npm install` and `npm ci` run) only warns then, so that such an install does not fail.
//
//   node scripts/bundle.mjs [--optional] [FOLDER]
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

const ENTRIES = {
  server: 'src/server/server.ts',
  bylines: 'src/cli/run.ts',
  'export-thread': 'src/export/export-thread.ts',
}
const ENTRY_FILES = Object.keys(ENTRIES).map((name) => `${name}.mjs`)

/**
 * sharp loads a native binary of its platform's own package (@img/sharp-linux-x64, …) at run
 * time, so it cannot be bundled: it is imported from this checkout's node_modules, by its full
 * address, so that a bundle written anywhere (a test's temporary folder) still finds it.
 */
const sharpFromNodeModules = {
  name: 'sharp-from-node-modules',
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: pathToFileURL(require.resolve('sharp')).href, external: true }))
  },
}

/**
 * Makes the bundles in `outdir` unless they are already those of these sources.
 * @returns undefined when the bundles are ready; otherwise why they are not (esbuild is not
 * installed, and they are missing or of other sources).
 */
export async function bundle(outdir = join(ROOT, 'build')) {
  /**
   * better-sqlite3, the Fediverse store's SQLite on a Node without node:sqlite (Node 20), is
   * native too, and optional: src/fediverse/sqlite.ts loads it with createRequire, which esbuild
   * leaves alone, from the full address given here, so that a bundle written anywhere finds it.
   * Where it is not installed the name is left undefined and the source says so when a database
   * is opened.
   */
  const betterSqlite3 = resolveIfInstalled('better-sqlite3')
  const esbuildPackage = resolveIfInstalled('esbuild/package.json')
  const stampFile = join(outdir, '.bundle-stamp')
  // With sharp's and better-sqlite3's addresses: a checkout moved elsewhere is bundled again.
  const sources = sourcesDigest(`${resolveIfInstalled('sharp') ?? ''}\0${betterSqlite3 ?? ''}`)
  // What is installed, not only what is locked (a pull brings a new lock before `npm ci` does):
  // for bundling again where esbuild is, not for refusing bundles where it is not, since pruning
  // the dev dependencies rewrites the record of what is installed.
  const installed = createHash('sha1')
    .update(readIfThere(join(ROOT, 'node_modules', '.package-lock.json')) ?? '')
    .digest('base64url')
  const stamp = `${sources}\n${esbuildPackage === undefined ? '' : JSON.parse(readFileSync(esbuildPackage, 'utf8')).version}\n${installed}\n`
  // The stamp's three lines, then every file the bundling wrote: one gone (a chunk) is made again.
  const [previousSources, ...stampLines] = (readIfThere(stampFile)?.toString() ?? '').split('\n')
  const madeFiles = stampLines.slice(2).filter(Boolean)
  const made = [...ENTRY_FILES, ...madeFiles].every((file) => existsSync(join(outdir, file)))
  const previous = made ? [previousSources, ...stampLines.slice(0, 2), ''].join('\n') : undefined
  if (previous === stamp) return undefined
  if (esbuildPackage === undefined) {
    // No esbuild (an install without dev dependencies): bundles of these sources are run as they are.
    if (made && previousSources === sources) return undefined
    const where = relative(process.cwd(), outdir) || '.'
    const entries = ENTRY_FILES.every((file) => existsSync(join(outdir, file)))
    const holds = made ? 'bundles of other sources' : entries ? 'bundles with files missing' : 'no bundles'
    return `${where}/ holds ${holds}, and esbuild, which makes them, is a dev dependency that is not installed: run \`npm ci\` (dev dependencies included) to make them, then \`npm prune --omit=dev\` if they are not wanted`
  }

  const { build, transform } = await import('esbuild')
  const codeVersion = await sourcesCodeVersion(transform)
  const { outputFiles } = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Shared code in chunks; each dynamic import() a chunk of its own, loaded when it is called.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    write: false,
    define: {
      BUNDLED_CODE_VERSION: JSON.stringify(codeVersion),
      ...(betterSqlite3 === undefined ? {} : { BUNDLED_BETTER_SQLITE3: JSON.stringify(betterSqlite3) }),
    },
    plugins: [sharpFromNodeModules],
    // Some dependencies are CommonJS and call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  })

  // The chunks before the entries that import them, so that a process starting meanwhile finds
  // every chunk its entry names.
  const inChunks = (file) => relative(outdir, file.path).startsWith(`chunks${sep}`)
  for (const file of [...outputFiles.filter(inChunks), ...outputFiles.filter((file) => !inChunks(file))]) {
    writeIfChanged(file.path, file.contents)
  }
  const files = outputFiles.map((file) => relative(outdir, file.path).split(sep).join('/'))
  // A source saved while esbuild read them: these bundles may be of either, so they are not
  // stamped, and the next run bundles again.
  if (sourcesDigest(`${resolveIfInstalled('sharp') ?? ''}\0${betterSqlite3 ?? ''}`) === sources)
    writeIfChanged(stampFile, Buffer.from(`${stamp}${files.join('\n')}\n`))
  removeOldChunks(outdir, new Set(files), madeFiles)
  return undefined
}

/** How long a chunk of a replaced bundle is kept: longer than a build of a large site takes. */
const REPLACED_CHUNKS_KEPT_MS = 60 * 60 * 1000

/**
 * Removes the chunks of earlier bundles (a chunk's name carries a hash of its contents, so each
 * change of the code leaves some) an hour after their bundle was replaced, when no process
 * still running from it may load one: a build loads Fedify's chunks when it comes to the
 * Fediverse, after its pictures, minutes after it starts on a large site; a server loads every
 * chunk it may need when it starts (src/server/fediverse.ts). The chunks of the bundle just
 * replaced (`replaced`, the files its stamp listed) are marked with the time of the replacement
 * first: a chunk's own time is when it was first written, which may be days before.
 */
function removeOldChunks(outdir, current, replaced) {
  const now = new Date()
  for (const file of replaced) {
    if (current.has(file) || !file.startsWith('chunks/')) continue
    try {
      utimesSync(join(outdir, file), now, now)
    } catch {
      // Removed meanwhile by another bundling.
    }
  }
  const folder = join(outdir, 'chunks')
  for (const name of existsSync(folder) ? readdirSync(folder) : []) {
    const file = join(folder, name)
    if (current.has(`chunks/${name}`)) continue
    try {
      if (statSync(file).mtimeMs < now.getTime() - REPLACED_CHUNKS_KEPT_MS) rmSync(file, { force: true })
    } catch {
      // Removed meanwhile by another bundling.
    }
  }
}

/**
 * A digest of everything a bundle is made from: every file under src/, the package and compiler
 * settings, the locked dependencies, this script, and `more`. Without loading
 * esbuild, so that a bundle that is ready costs little.
 */
function sourcesDigest(more) {
  const hash = createHash('sha1')
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort()
  const settings = ['package.json', 'package-lock.json', 'tsconfig.json'].map((name) => join(ROOT, name))
  for (const file of [...files, ...settings, fileURLToPath(import.meta.url)]) {
    hash
      .update(relative(ROOT, file))
      .update('\0')
      .update(readIfThere(file) ?? '')
      .update('\0')
  }
  return hash.update(more).digest('base64url')
}

/**
 * The code version of the sources (src/files/code-version.ts), which the bundles carry (the build's
 * inputs name it): that module compiled by esbuild and run, as if from its own file.
 */
async function sourcesCodeVersion(transform) {
  const file = join(ROOT, 'src', 'files', 'code-version.ts')
  const { code } = await transform(readFileSync(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(file).href) },
  })
  const { codeVersion } = await import(`data:text/javascript,${encodeURIComponent(code)}`)
  return codeVersion()
}

function writeIfChanged(path, contents) {
  if (readIfThere(path)?.equals(contents)) return
  const temporary = `${path}.${process.pid}.tmp`
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(temporary, contents)
  renameSync(temporary, path)
}

function resolveIfInstalled(name) {
  try {
    return require.resolve(name)
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

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const optional = args.includes('--optional')
  const folder = args.find((arg) => arg !== '--optional')
  const problem = await bundle(folder === undefined ? undefined : resolve(folder))
  if (problem !== undefined) {
    console.error(`bylines: ${optional ? 'no bundle made: ' : ''}${problem}`)
    if (!optional) process.exitCode = 1
  }
}
