/** The folder watcher on its own: which changes it reports, and which folders it watches. */
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { watchTree } from '../src/content/watch-tree.ts'
import { pollUntil, sleep } from './helpers/node-server.ts'

let stop: (() => void) | undefined
afterEach(() => stop?.())

function watched() {
  const root = mkdtempSync(join(tmpdir(), 'bylines-watch-'))
  const changes: (string | undefined)[] = []
  const errors: Error[] = []
  const watcher = watchTree(
    root,
    (file) => changes.push(file),
    (error) => errors.push(error),
  )
  stop = () => {
    watcher.close()
    rmSync(root, { recursive: true, force: true })
  }
  return { root, changes, errors }
}

it('watches a new folder and what is written in it, but not a hidden folder or a linked one', async () => {
  const { root, changes, errors } = watched()
  const outside = mkdtempSync(join(tmpdir(), 'bylines-watch-outside-'))
  mkdirSync(join(root, '.git'))
  symlinkSync(outside, join(root, 'linked'))
  await sleep(200)
  // Neither is watched: writing inside them is never reported.
  writeFileSync(join(root, '.git', 'x.md'), 'x')
  writeFileSync(join(outside, 'y.md'), 'y')
  mkdirSync(join(root, 'desk'))
  await pollUntil(async () => (changes.includes(undefined) ? true : undefined), { message: 'the new folder was not reported' })
  writeFileSync(join(root, 'desk', 'z.md'), 'z')
  await pollUntil(async () => (changes.includes('desk/z.md') ? true : undefined), { message: 'a file in the new folder was not reported' })
  await sleep(100)
  expect(changes.filter((change) => change !== undefined && change !== 'desk/z.md')).toEqual(['linked'])
  expect(changes.filter((change) => change === undefined)).toHaveLength(1)
  expect(errors).toEqual([])
  rmSync(outside, { recursive: true, force: true })
})

it('watches the folder put in place of the root, in one step or after a pause, and no longer the old one', async () => {
  const { root, changes, errors } = watched()
  const old = `${root}.old`
  const swapped: string[] = []
  try {
    for (const pauseMs of [0, 300]) {
      const replacement = mkdtempSync(join(tmpdir(), 'bylines-watch-new-'))
      swapped.push(replacement)
      rmSync(old, { recursive: true, force: true })
      renameSync(root, old)
      if (pauseMs) await sleep(pauseMs)
      renameSync(replacement, root)
      const seen = changes.length
      // The root is checked every second even without an event of its own.
      await pollUntil(async () => (changes.slice(seen).includes(undefined) ? true : undefined), {
        timeoutMs: 20_000,
        message: 'the new root was not reported',
      })
      writeFileSync(join(old, 'stray.md'), 'old')
      writeFileSync(join(root, `new-${pauseMs}.md`), 'new')
      await pollUntil(async () => (changes.includes(`new-${pauseMs}.md`) ? true : undefined), {
        timeoutMs: 20_000,
        message: 'a file in the new root was not reported',
      })
      expect(changes).not.toContain('stray.md')
    }
    expect(errors).toEqual([])
  } finally {
    rmSync(old, { recursive: true, force: true })
  }
})
