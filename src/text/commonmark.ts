/**
 * The one Markdown parser of article bodies, and its options, which every renderer of its tokens
 * reads: the 'commonmark' preset is the strict CommonMark profile. Raw HTML is allowed through the
 * parser only because the sanitiser decides what survives (markdown.ts).
 */
import MarkdownIt from 'markdown-it'

export const markdown = new MarkdownIt('commonmark', { html: true })
