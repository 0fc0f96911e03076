// The export's second thread starts here: a worker inherits no TypeScript loader from its parent
// (however the parent has one: tsx, node --import tsx, tsx's register(), vitest), so register tsx,
// then run the thread's TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./export-thread.ts')
