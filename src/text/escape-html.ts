import type { HtmlEscapedString } from 'hono/utils/html'

/** HTML made by hono's `html` template, escaped as it was written: what a page or its parts are. */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!)
}

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Escapes plain text for HTML element content only, as little as HTML needs, so that where the
 * result is shown as it is (an RSS `<description>` in a browser's view of the feed) it still
 * reads as the text. `<` is always escaped, whatever follows it (readers that strip tags with a
 * pattern would eat text up to a later `>`); `&` only where a character reference could begin
 * (HTML §13.2.5.72: `#` or an ASCII letter or digit after it): `Fish & chips` stays as written,
 * `AT&T` becomes `AT&amp;T`. Quotes and `>` are text in element content.
 */
export function escapeHtmlText(value: string): string {
  return value.replace(/<|&(?=[#A-Za-z0-9])/g, (c) => HTML_ENTITIES[c]!)
}
