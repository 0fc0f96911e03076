/**
 * An imported article's file: YAML front matter written with the `yaml` package, a comment in
 * place of every missing field, and the body as Markdown that reads back as the copy's text.
 * Deterministic: the same draft always gives the same bytes (no clock, no file names).
 */
import { stringify } from 'yaml'
import type { ArticleDraft, ImportedFields, Missing } from './article-draft.ts'

/** Long values stay on one line: a summary edit is then a one-line diff. */
const YAML_OPTIONS = { lineWidth: 0, minContentWidth: 0 } as const

export function writeArticle(draft: ArticleDraft): string {
  const { fields } = draft
  const missing = new Map(draft.missing.map((m) => [m.field, m]))
  const lines: string[] = ['---']

  if (draft.draft) {
    const required = draft.missing.filter((m) => m.level === 'required').map((m) => m.field)
    lines.push(`# Draft: fill in ${required.join(', ')}, then delete "draft: true".`, 'draft: true')
  }
  const put = (key: keyof ImportedFields) => {
    const value = fields[key]
    const absent = missing.get(key)
    if (value !== undefined) lines.push(...yamlField(key, value))
    else if (absent) lines.push(missingComment(key, absent))
  }
  put('id')
  put('title')
  put('date')
  put('updated')
  put('language')
  put('summary')
  put('tags')
  put('translators')
  lines.push('original:')
  for (const key of ['publication', 'url', 'title', 'language', 'authors'] as const) {
    const value = fields.original[key]
    const absent = missing.get(`original.${key}`)
    if (value !== undefined) lines.push(...yamlField(key, value).map(indent))
    else if (absent) lines.push(indent(missingComment(key, absent)))
  }
  put('related')
  put('corrections')
  if (draft.image) {
    const { caption, credit } = draft.image
    lines.push(
      "# image: the copy's photo; its file is not in the copy. To show it, uncomment and add url.",
      '#   url: /media/…',
      ...(caption ? [`#   alt: ${comment(caption)}`, `#   caption: ${comment(caption)}`] : []),
      ...(credit ? [`#   credit: ${comment(credit)}`] : []),
    )
  }
  lines.push('---', '', draft.paragraphs.map(escapeMarkdown).join('\n\n'), '')
  return lines.join('\n')
}

function yamlField(key: string, value: unknown): string[] {
  return stringify({ [key]: value }, YAML_OPTIONS)
    .trimEnd()
    .split('\n')
}

function missingComment(key: string, missing: Missing): string {
  return `# ${key}: ${missing.level}, not given: ${comment(missing.hint)}`
}

/** A comment is one line. */
function comment(text: string): string {
  return text.replace(/\s+/g, ' ')
}

function indent(line: string): string {
  return `  ${line}`
}

/**
 * Plain text as Markdown that renders as the same text: ASCII punctuation that CommonMark would
 * read as markup is backslash-escaped (CommonMark §2.4), as are line starts that would open a
 * heading, quote, list, fence or thematic break.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<]/g, '\\$&')
    .replace(/&(?=#?[a-z0-9]+;)/gi, '\\&')
    .replace(/^([#>+=|~-])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
}
