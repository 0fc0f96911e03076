/**
 * The fences are found as gray-matter 4 found them (docs/decisions.md, "Front matter is split
 * without gray-matter"): each expectation below is what gray-matter gave for the same text.
 */
import { describe, expect, it } from 'vitest'
import { parseFrontMatter, splitFrontMatter } from '../src/articles/front-matter.ts'

function split(text: string) {
  const fences = splitFrontMatter(text)
  if (fences.kind !== 'fenced') return fences
  return { block: fences.block, body: text.slice(fences.bodyStart) }
}

describe('splitting front matter from the body', () => {
  it('splits where gray-matter did', () => {
    expect(split('---\ntitle: a\n---\nbody\n')).toEqual({ block: '\ntitle: a', body: 'body\n' })
    expect(split('---  \ntitle: a\n---\nbody')).toEqual({ block: '  \ntitle: a', body: 'body' })
    expect(split('---\ntitle: a\n---   \nbody')).toEqual({ block: '\ntitle: a', body: '   \nbody' })
    expect(split('---\ntitle: a\n---')).toEqual({ block: '\ntitle: a', body: '' })
    expect(split('---\ntitle: a\n---\n\n\nbody')).toEqual({ block: '\ntitle: a', body: '\n\nbody' })
    expect(split('---\ntitle: |\n  a\n  ---\n---\nbody')).toEqual({ block: '\ntitle: |\n  a\n  ---', body: 'body' })
    // The first newline followed by "---" closes the block, as it did, even before "---x".
    expect(split('---\ntitle: a\n---x\n---\nbody')).toEqual({ block: '\ntitle: a', body: 'x\n---\nbody' })
  })

  it('gives no fields for an empty block or one of comments only', () => {
    for (const text of ['---\n---\nbody', '---\n# only\n# comments\n---\nbody']) {
      const { data, body } = parseFrontMatter(text, 'piece.md')
      expect(data).toEqual({})
      expect(body).toBe('body')
    }
  })

  it('says why there is nothing to split', () => {
    expect(splitFrontMatter('body')).toEqual({ kind: 'none' })
    expect(splitFrontMatter('---\ntitle: a\n')).toEqual({ kind: 'unclosed' })
    expect(splitFrontMatter('---js\n{}\n---\n')).toEqual({ kind: 'language', language: 'js' })
    expect(splitFrontMatter('----\ntitle: a\n---\n')).toEqual({ kind: 'language', language: '-' })
  })

  it('keeps line numbers of the file, after a byte-order mark and CRLF line ends', () => {
    const text = '\uFEFF---\r\ntitle: a\r\ndate: [\r\n---\r\nbody\r\n'
    expect(() => parseFrontMatter(text, 'piece.md')).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ file: 'piece.md', line: 3 })],
      }),
    )
    const { data, body } = parseFrontMatter('\uFEFF---\r\ntitle: a\r\n---\r\nbody\r\n', 'piece.md')
    expect(data).toEqual({ title: 'a' })
    expect(body).toBe('body\n')
  })
})
