/**
 * The export's write (src/files/atomic-write.ts, writeExportFileSync): a file that exists is
 * replaced by a rename, so that a reader holding it open keeps the old bytes whole; a new one is
 * created in place, with no temporary file beside it; a failed write leaves nothing behind.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeExportFileSync } from '../../src/files/atomic-write.ts'

const dir = mkdtempSync(join(tmpdir(), 'bylines-export-write-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const bytes = (text: string) => new TextEncoder().encode(text)

describe('writeExportFileSync', () => {
  it('creates a new file in place, its parts in order, with no temporary file', () => {
    const path = join(dir, 'new.html')
    writeExportFileSync(path, [bytes('<p>'), bytes(''), bytes('one'), bytes('</p>')])
    expect(readFileSync(path, 'utf8')).toBe('<p>one</p>')
    expect(readdirSync(dir)).toEqual(['new.html'])
  })

  it('replaces a file that exists by a rename: a reader holding the old one reads it whole', () => {
    const path = join(dir, 'old.html')
    writeFileSync(path, 'old bytes')
    const before = statSync(path).ino
    const reader = openSync(path, 'r')
    try {
      writeExportFileSync(path, [bytes('new bytes, longer')])
      const held = Buffer.alloc(64)
      expect(held.subarray(0, readSync(reader, held, 0, 64, 0)).toString()).toBe('old bytes')
    } finally {
      closeSync(reader)
    }
    expect(readFileSync(path, 'utf8')).toBe('new bytes, longer')
    expect(statSync(path).ino).not.toBe(before)
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('leaves no file behind when a new one cannot be written whole', () => {
    const path = join(dir, 'failed.html')
    // A part that is not bytes makes writev throw, after the file was created.
    expect(() => writeExportFileSync(path, [bytes('start'), { byteLength: 5 } as unknown as Uint8Array])).toThrow()
    expect(readdirSync(dir)).not.toContain('failed.html')
  })
})
