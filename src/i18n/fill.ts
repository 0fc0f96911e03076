/**
 * Templates of the message catalogues: `{name}` placeholders, everything else literal text. One
 * reader of the syntax, so settings check a template (overrides.ts) as the pages fill it.
 */
import { escapeHtml } from '../text/escape-html.ts'

const PLACEHOLDER = /(\{[a-z]+\})/

/** The names a template uses, e.g. `["date"]` for "Updated {date}". */
export function placeholdersOf(template: string): string[] {
  return template.split(PLACEHOLDER).flatMap((part) => nameOf(part) ?? [])
}

/** The template as HTML: its own text escaped, each value put in as the HTML it already is. */
export function fillHtml(template: string, values: Record<string, string>): string {
  return fill(template, values, escapeHtml)
}

/** The template as plain text. */
export function fillText(template: string, values: Record<string, string>): string {
  return fill(template, values, (text) => text)
}

function fill(template: string, values: Record<string, string>, literal: (text: string) => string): string {
  return template
    .split(PLACEHOLDER)
    .map((part) => {
      const name = nameOf(part)
      return name !== undefined && name in values ? values[name]! : literal(part)
    })
    .join('')
}

function nameOf(part: string): string | undefined {
  return /^\{([a-z]+)\}$/.exec(part)?.[1]
}
