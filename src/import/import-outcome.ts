/**
 * What `bylines import` tells of each input file: the article it wrote or found unchanged, or
 * why it wrote nothing. A failure is put in words for the editor, not as a stack trace: the
 * expected ones (not text, edited since imported, a story we have) carry their own message, and
 * the usual file-system errors are said plainly.
 */
import { UnreadableFile } from '../files/regular-file.ts'
import { ImportError, type Missing } from './article-draft.ts'
import { RawCopyError } from './raw-text.ts'

export type ImportOutcome =
  | {
      input: string
      status: 'written' | 'unchanged'
      /** Path relative to the articles folder. */
      file: string
      id: string
      draft: boolean
      missing: Missing[]
      /** The article file's text. */
      text: string
    }
  | { input: string; status: 'failed'; reason: string }

/** The reason an input failed, from whatever was thrown while reading or writing it. */
export function reasonOf(error: unknown): string {
  if (error instanceof RawCopyError || error instanceof ImportError || error instanceof UnreadableFile) return error.message
  const code = (error as NodeJS.ErrnoException)?.code
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read or written: permission denied'
  if (code === 'EISDIR') return 'is a folder'
  return (error as Error)?.message ?? String(error)
}
