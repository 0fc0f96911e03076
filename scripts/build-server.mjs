// Bundles the Node entry into build/server.mjs, so the service starts in a fraction of the time
// that compiling TypeScript on the fly takes (tsx stays for tests and scripts).
import { build } from 'esbuild'

await build({
  entryPoints: ['src/node/server.ts'],
  outfile: 'build/server.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
})
