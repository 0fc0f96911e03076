/**
 * The entry of the bundled command (build/bylines.mjs, scripts/bundle.mjs): runs bylines with
 * the process's arguments. In a bundle every command shares one module URL, so none can tell
 * that it was run itself (isMainModule); this file is only ever run.
 */
import { main } from './bylines.ts'

process.exitCode = await main(process.argv.slice(2), process.env)
