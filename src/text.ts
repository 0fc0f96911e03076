/** Text hygiene shared by every output format. */

/**
 * Characters XML 1.0 forbids (§2.2: C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; unpaired
 * surrogates). Removing them everywhere also keeps JSON Feed and XML feeds saying the same thing.
 */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function stripXmlIllegal(value: string): string {
  return value.replace(XML_ILLEGAL, '')
}
