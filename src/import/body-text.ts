/**
 * The text below the header of raw copy: the photo caption and credit that come between the date
 * line and the body, the "Related: …" teasers a web page puts between paragraphs, and the body's
 * paragraphs, with the lines a hard wrap split joined again. Pasted text puts one paragraph on a
 * line, so a line is taken as a paragraph unless it plainly goes on from the one before.
 */

const RELATED =
  /^(?:related|see also|read also|also read|read more|lire aussi|à lire aussi|voir aussi|читайте також|дивіться також|читайте также|смотрите также)\s*[:：]\s*(.+)$/iu

/** The title of a "Related: …" teaser line, kept out of the body for the article's `related` list. */
export function matchRelated(line: string): string | undefined {
  return RELATED.exec(line)?.[1]?.trim()
}

const SENTENCE_END = /[.!?…:;]["»”’')]*$/u
const CREDIT_LABEL = /^(?:photo|photos|фото|credit|crédit|image)\s*[:：]\s*|^©\s*/iu

/** One or two short lines without a full stop: a caption and its credit, not a paragraph. */
export function isCaptionBlock(block: string[]): boolean {
  if (block.length > 2) return false
  return block.every((line) => line.length <= 160 && (CREDIT_LABEL.test(line) || !SENTENCE_END.test(line)))
}

/** A caption block as caption and credit; a lone line is the credit only when it says so. */
export function readCaption(block: string[]): { caption?: string; credit?: string } {
  const [first, second] = block
  if (second !== undefined) return { caption: first!, credit: second.replace(CREDIT_LABEL, '') }
  if (CREDIT_LABEL.test(first!)) return { credit: first!.replace(CREDIT_LABEL, '') }
  return { caption: first! }
}

/**
 * A block's paragraphs. A line is a paragraph of its own (pasted web text puts one paragraph
 * a line), unless it stops mid-sentence and the next line goes on in lower case: a hard wrap.
 */
export function toParagraphs(block: string[]): string[] {
  const paragraphs: string[] = []
  for (const line of block) {
    const previous = paragraphs.at(-1)
    if (previous !== undefined && !SENTENCE_END.test(previous) && /^\p{Ll}/u.test(line)) {
      paragraphs[paragraphs.length - 1] = `${previous} ${line}`
    } else {
      paragraphs.push(line)
    }
  }
  return paragraphs
}
