/** The live folder through `loadLiveContent`: subfolders, new folders, removed folders, quiet edits. */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type LiveContent, loadLiveContent } from '../src/content/live-content.ts'
import { articleFile, makeSite, ownReporting } from './helpers/fixtures.ts'
import { PATIENCE_MS } from './helpers/node-server.ts'

const site = makeSite()
let live: LiveContent | undefined

afterEach(() => live?.close())

/** Waits for `check`, long enough that only a hang fails it (see PATIENCE_MS). */
async function eventually(check: () => boolean, what: string, timeoutMs = PATIENCE_MS) {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`)
    await new Promise((done) => setTimeout(done, 20))
  }
}

const slugs = () =>
  live!
    .current()
    .articles.map((a) => a.slug)
    .sort()

describe('live folder', () => {
  it('follows articles in subfolders, new folders and removed folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-live-'))
    mkdirSync(join(dir, '2024'))
    writeFileSync(join(dir, '2024', 'old.md'), articleFile(ownReporting({ title: 'Old' })))
    live = await loadLiveContent(dir, site, { settleMs: 20 })
    expect(slugs()).toEqual(['old'])
    await new Promise((done) => setTimeout(done, 50)) // watching starts once loaded

    writeFileSync(join(dir, '2024', 'old.md'), articleFile(ownReporting({ title: 'Old, edited' })))
    await eventually(() => live!.current().articles[0]?.title === 'Old, edited', 'edit in a subfolder')

    mkdirSync(join(dir, '2025'))
    writeFileSync(join(dir, '2025', 'new.md'), articleFile(ownReporting({ title: 'New' })))
    await eventually(() => slugs().includes('new'), 'article in a new folder')
    writeFileSync(join(dir, '2025', 'later.md'), articleFile(ownReporting({ title: 'Later' })))
    await eventually(() => slugs().includes('later'), 'second article in the new folder')

    rmSync(join(dir, '2024'), { recursive: true })
    await eventually(() => !slugs().includes('old'), 'removed folder')
    expect(slugs()).toEqual(['later', 'new'])
  })
})

describe('a folder removed and made again', () => {
  it('is watched again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-live-'))
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'sub', 'a.md'), articleFile(ownReporting({ title: 'A' })))
    live = await loadLiveContent(dir, site, { settleMs: 20 })
    await new Promise((done) => setTimeout(done, 50))
    rmSync(join(dir, 'sub'), { recursive: true })
    await eventually(() => slugs().length === 0, 'folder removed')
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'sub', 'c.md'), articleFile(ownReporting({ title: 'C' })))
    await eventually(() => slugs().includes('c'), 'article in the re-created folder')
    writeFileSync(join(dir, 'sub', 'c.md'), articleFile(ownReporting({ title: 'C, edited' })))
    await eventually(() => live!.current().articles[0]?.title === 'C, edited', 'edit in the re-created folder')
  })
})

describe('an edit that keeps the size and the modification time', () => {
  it('is seen, by the change time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-live-'))
    const path = join(dir, 'a.md')
    writeFileSync(path, articleFile(ownReporting({ title: 'Title A' })))
    live = await loadLiveContent(dir, site, { settleMs: 20 })
    await new Promise((done) => setTimeout(done, 400)) // watching, and its first full check, done
    const { atime, mtime, size } = statSync(path)
    writeFileSync(path, articleFile(ownReporting({ title: 'Title B' })))
    // As `rsync -a` or `touch -r` leave it: only the change time tells.
    utimesSync(path, atime, mtime)
    expect(statSync(path).size).toBe(size)
    await eventually(() => live!.current().articles[0]?.title === 'Title B', 'edit at the same size and time')
  })
})

describe('a file that can no longer be read', () => {
  it('is left out once: later full checks of the folder swap nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bylines-live-'))
    writeFileSync(join(dir, 'a.md'), articleFile(ownReporting({ title: 'A' })))
    writeFileSync(join(dir, 'b.md'), articleFile(ownReporting({ title: 'B' })))
    const lines: string[] = []
    live = await loadLiveContent(dir, site, { settleMs: 20, log: (line) => lines.push(line) })
    let swaps = 0
    live.onChange(() => swaps++)
    await new Promise((done) => setTimeout(done, 600)) // watching starts once loaded
    unlinkSync(join(dir, 'b.md'))
    execFileSync('mkfifo', [join(dir, 'b.md')])
    await eventually(() => slugs().join() === 'a', 'the FIFO left out')
    const after = swaps
    // A new folder makes the watcher check the whole folder again.
    for (const name of ['x', 'y', 'z']) {
      mkdirSync(join(dir, name))
      await new Promise((done) => setTimeout(done, 150))
    }
    expect(swaps).toBe(after)
    expect(lines.filter((line) => line.startsWith('content: b.md '))).toEqual([
      'content: b.md is a FIFO (named pipe), not a plain file; it is left out',
    ])
  })
})
