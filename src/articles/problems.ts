/** Problems found in article files, reported as `file:line field: message`. */

export type Severity = 'error' | 'warning'

export interface Problem {
  severity: Severity
  /** Path of the article file, relative to the articles folder. */
  file: string
  line: number
  /** Dotted path of the front-matter field, e.g. `original.url`; absent for file-level problems. */
  field?: string
  message: string
  /** The file says `draft: true`: it is not published, so the problem is what it still misses. */
  draft?: true
}

/** `original.authors[0].name`: a field's path as problems name it. */
export function formatFieldPath(path: readonly (string | number)[]): string | undefined {
  if (path.length === 0) return undefined
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

export function formatProblem(p: Omit<Problem, 'severity'>): string {
  const where = p.field ? ` ${p.field}` : ''
  return `${p.file}:${p.line}${where}: ${p.message}`
}

/** Problems in the order of their files, and of their lines in each. */
export function inFileOrder(a: Pick<Problem, 'file' | 'line'>, b: Pick<Problem, 'file' | 'line'>): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line
}

/** Thrown when an article cannot be read at all; carries every problem found in it. */
export class ArticleError extends Error {
  override name = 'ArticleError'
  constructor(
    readonly problems: Problem[],
    options?: { cause?: unknown },
  ) {
    super(problems.map(formatProblem).join('\n'), options)
  }
}
