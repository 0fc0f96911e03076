/**
 * The lines of the problems found across files (a shared slug, id or original, a related slug
 * that matches nothing): the collection, which sees parsed articles and not their text, reports
 * them at line 1 with their field. Where the text is at hand, the line of that field.
 */
import { parseFrontMatter } from './front-matter.ts'
import type { Problem } from './problems.ts'

/** Puts each field's line in place of line 1, for the files whose text `sourceOf` gives. */
export function locateFieldProblems(problems: Problem[], sourceOf: (file: string) => string | undefined): void {
  const lineOfByFile = new Map<string, ((path: readonly (string | number)[]) => number) | undefined>()
  problems.forEach((problem, i) => {
    if (problem.line !== 1 || problem.field === undefined) return
    if (!lineOfByFile.has(problem.file)) lineOfByFile.set(problem.file, lineFinder(problem.file, sourceOf(problem.file)))
    const lineOf = lineOfByFile.get(problem.file)
    if (lineOf) problems[i] = { ...problem, line: lineOf(fieldPath(problem.field)) }
  })
}

function lineFinder(file: string, source: string | undefined) {
  if (source === undefined) return undefined
  try {
    const { lineOf } = parseFrontMatter(source, file)
    return (path: readonly (string | number)[]) => {
      try {
        return lineOf(path)
      } catch {
        return 1
      }
    }
  } catch {
    // Its own problems say why it cannot be read.
    return undefined
  }
}

/** `original.url` → ['original', 'url']; `related[1]` → ['related', 1]. */
function fieldPath(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const [name, ...indexes] = part.split('[')
    return [name!, ...indexes.map((index) => Number(index.replace(']', '')))]
  })
}
