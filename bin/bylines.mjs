#!/usr/bin/env node
// `npx bylines`: runs the bundled command (build/bylines.mjs), made again first if the sources
// changed since (scripts/bundle.mjs, as every npm script does). An install without dev
// dependencies runs the bundle it has: nothing here needs tsx or esbuild.
import { bundle } from '../scripts/bundle.mjs'

const problem = await bundle()
if (problem !== undefined) {
  console.error(`bylines: ${problem}`)
  process.exit(1)
}
await import('../build/bylines.mjs')
