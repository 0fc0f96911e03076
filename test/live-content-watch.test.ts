/**
 * Live content when the system refuses a watch (its limit of inotify watches reached): the
 * server goes on serving, and says on its health that changes may go unseen, until a restart.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it, vi } from 'vitest'
import { type LiveContent, loadLiveContent } from '../src/content/live-content.ts'
import { articleFile, makeSite, ownReporting } from './helpers/fixtures.ts'
import { sleep } from './helpers/node-server.ts'

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const watch = () => {
    throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' })
  }
  return { ...fs, watch, default: { ...fs, watch } }
})

let live: LiveContent | undefined
let dir: string
afterEach(() => {
  live?.close()
  rmSync(dir, { recursive: true, force: true })
})

it('a watch the system refuses makes the content stale on its health, and stays so after full checks', async () => {
  dir = mkdtempSync(join(tmpdir(), 'bylines-watch-refused-'))
  writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'First' })))
  const lines: string[] = []
  live = await loadLiveContent(dir, makeSite(), { settleMs: 20, log: (line) => lines.push(line) })
  expect(live.health().error).toBeUndefined()
  // The watch starts shortly after the content is ready, followed by a full check.
  await sleep(600)
  await live.refresh()
  expect(live.current().articles.map((a) => a.title)).toEqual(['First'])
  expect(live.health().error?.message).toMatch(/^watching \.: ENOSPC; changes there are not seen until a restart$/)
  expect(lines).toContain('content: watching .: ENOSPC; changes there are not seen until a restart')
})
