/**
 * From the bytes of a file to the text that is parsed as raw copy. A translator saves copy from
 * whatever editor they have, so a file may be UTF-16, carry a BOM, Windows line ends or Word's
 * manual line breaks, or not be text at all (a .docx, a PDF); the first is read, the last is
 * refused with a message that says how to save it. Normalising gives one form of a text whatever
 * the editor it passed through, because the import id is derived from it.
 */

/** A file that cannot be raw copy at all: empty, binary, not UTF-8. */
export class RawCopyError extends Error {
  override name = 'RawCopyError'
}

/** The files sent most often in place of text: pictures, and documents saved in their own format. */
const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a Word/OpenDocument file or a zip archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old Word (.doc) file' },
  { bytes: [0x7b, 0x5c, 0x72, 0x74, 0x66], what: 'an RTF document' },
]

const SAVE_AS_TEXT = 'expected the translation as plain text: save it as "Plain text (.txt)", UTF-8'

/**
 * Bytes of a file to text: UTF-8 (a BOM is dropped) or UTF-16 with a BOM (what Windows
 * Notepad calls "Unicode").
 * @throws RawCopyError for an empty file, a known binary format, NUL bytes or invalid UTF-8
 */
export function decodeRawCopy(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new RawCopyError('is empty: expected the translated text')
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))
  if (signature) throw new RawCopyError(`is ${signature.what}, not text; ${SAVE_AS_TEXT}`)

  let text: string
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes)
  } else {
    if (bytes.includes(0)) throw new RawCopyError(`holds NUL bytes: it is binary, not text; ${SAVE_AS_TEXT}`)
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    } catch (cause) {
      throw new RawCopyError('is not UTF-8 text (perhaps Windows-1251 or Latin-1): save it again with the encoding UTF-8', { cause })
    }
  }
  text = text.replace(/^\uFEFF/, '')
  // A few stray controls come with pasted text; many mean the file is not text at all.
  const controls = text.match(/[\u0000-\u0008\u000E-\u001F\u007F]/g)?.length ?? 0
  if (controls > 0 && controls * 100 > text.length) {
    throw new RawCopyError(`is mostly control characters: it is binary, not text; ${SAVE_AS_TEXT}`)
  }
  if (!/\S/.test(text)) throw new RawCopyError('is empty: expected the translated text')
  return text
}

/**
 * One form of the same text whatever the editor it passed through: no BOM, LF line ends
 * (Word's manual line break and form feed are line breaks too), NFC, no trailing spaces, no
 * stray controls or zero-width spaces. The import id is derived from it.
 */
export function normaliseRawText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?|[\u000B\u000C\u2028\u2029]/g, '\n')
    .normalize('NFC')
    .replace(/[\u0000-\u0008\u000E-\u001F\u007F\u200B\uFEFF]/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim()
}
