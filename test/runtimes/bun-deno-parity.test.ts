/**
 * Bun and Deno, started as their npm scripts start them, serve the built test site as the Worker
 * does and answer every request exactly as the Node server does (test/helpers/parity.ts). One
 * build, each runtime started once.
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { type BuiltSite, buildTestSite } from '../helpers/built-site.ts'
import { itAnswersAsTheNodeServer } from '../helpers/parity.ts'
import { type Runtime, startRuntime } from '../helpers/runtimes.ts'
import type { RunningWorker } from '../helpers/workerd.ts'

let built: BuiltSite
const servers: Partial<Record<Runtime, RunningWorker>> = {}

beforeAll(async () => {
  built = await buildTestSite()
  ;[servers.bun, servers.deno] = await Promise.all([startRuntime('bun', built), startRuntime('deno', built)])
}, 120_000)

afterAll(async () => {
  await Promise.all(Object.values(servers).map((server) => server.stop()))
  built?.remove()
})

describe('Bun, serving the build, against the Node server', () => {
  itAnswersAsTheNodeServer({ built: () => built, url: () => servers.bun!.url })
})

describe('Deno, serving the build, against the Node server', () => {
  itAnswersAsTheNodeServer({ built: () => built, url: () => servers.deno!.url })
})
