#!/usr/bin/env node
// `npx bylines`: the project runs its TypeScript through tsx, so register it, then dispatch.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/bylines.ts')
process.exitCode = await main(process.argv.slice(2), process.env)
