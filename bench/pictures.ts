/**
 * `node --import tsx bench/pictures.ts [FOLDER]`: what making a picture's variants costs, with the
 * recipe the site uses (content/picture-maker.ts, makeVariant), from a 3,000×2,000 JPEG: sharp's
 * native build (the project's dependency) and, when FOLDER holds an install of sharp with its
 * WebAssembly build and no native one, that too. Each round makes the six variants of one
 * picture on each build in turn (alternating, so load on a shared machine falls on both alike);
 * the ratio of the two is what to read. The figures in docs/decisions.md ("Responsive pictures")
 * come from it. To install the WebAssembly build apart from the project:
 *
 *   mkdir /tmp/sharp-wasm && cd /tmp/sharp-wasm && echo '{"private":true}' > package.json
 *   npm install --omit=optional --force sharp@0.34.5 @img/sharp-wasm32@0.34.5
 *   node --import tsx bench/pictures.ts /tmp/sharp-wasm
 */
import { createRequire } from 'node:module'
import { join } from 'node:path'
import nativeSharp from 'sharp'
import { makeVariant, type Sharp } from '../src/content/picture-maker.ts'
import { planVariants } from '../src/model/picture-variants.ts'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SOURCE = join(import.meta.dirname, '..', 'public', 'media', 'night-train-platform.jpg')

const builds: Record<string, Sharp> = { native: nativeSharp }
const wasmFolder = process.argv[2]
if (wasmFolder) {
  const require = createRequire(join(wasmFolder, 'package.json'))
  // sharp takes its platform's native build when there is one: the folder must have none.
  const native = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'darwin-x64'].find((platform) => {
    try {
      return require.resolve(`@img/sharp-${platform}/package.json`)
    } catch {
      return undefined
    }
  })
  if (native) throw new Error(`${wasmFolder} has sharp's native build for ${native}; install with --omit=optional (see above)`)
  builds.wasm = require('sharp') as Sharp
}
for (const sharp of Object.values(builds)) {
  // As the site makes them: one libvips thread a picture, no operation cache.
  sharp.concurrency(1)
  sharp.cache(false)
}

// A photograph's worth of detail at 3,000×2,000: the sample picture, enlarged, with grain.
const enlarged = await nativeSharp(SOURCE).resize(3000, 2000, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true })
const grain = await nativeSharp({
  create: { width: 3000, height: 2000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 0, sigma: 12 } },
})
  .raw()
  .toBuffer()
for (let i = 0; i < enlarged.data.length; i++) enlarged.data[i] = Math.max(0, Math.min(255, enlarged.data[i]! + grain[i]! - 6))
const source = await nativeSharp(enlarged.data, { raw: enlarged.info }).jpeg({ quality: 90 }).toBuffer()
const variants = planVariants(
  { path: 'media/bench.jpg', size: source.byteLength, type: 'image/jpeg', width: 3000, height: 2000, version: '' },
  '0'.repeat(64),
)

console.log(
  `source: 3000×2000 JPEG, ${(source.byteLength / 1024).toFixed(0)} KiB; ${variants.length} variants (${variants.map((v) => `${v.width} ${v.type.slice(6)}`).join(', ')})`,
)
for (const [name, sharp] of Object.entries(builds)) console.log(`${name}: sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`)

const times: Record<string, number[]> = Object.fromEntries(Object.keys(builds).map((name) => [name, []]))
for (let round = 1; round <= ROUNDS; round++) {
  for (const [name, sharp] of Object.entries(builds)) {
    const started = performance.now()
    for (const variant of variants) await makeVariant(sharp, source, variant)
    times[name]!.push((performance.now() - started) / variants.length)
  }
}
const best = (name: string) => Math.min(...times[name]!)
const median = (name: string) => [...times[name]!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!
for (const name of Object.keys(builds)) {
  const perPicture = (ms: number) => ((ms * variants.length) / 1000).toFixed(2)
  console.log(
    `${name}: ${times[name]!.map((ms) => ms.toFixed(0)).join(', ')} ms per variant; best ${best(name).toFixed(0)}, median ${median(name).toFixed(0)} (${perPicture(best(name))} and ${perPicture(median(name))} s a picture)`,
  )
}
if (builds.wasm) {
  console.log(
    `wasm / native: ${(best('wasm') / best('native')).toFixed(1)}× best to best, ${(median('wasm') / median('native')).toFixed(1)}× median to median (${ROUNDS} rounds)`,
  )
}
