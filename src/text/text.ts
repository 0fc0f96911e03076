/** Text hygiene shared by every output format. */

/**
 * Characters XML 1.0 forbids (§2.2: C0 controls other than tab, LF, CR; U+FFFE/U+FFFF; unpaired
 * surrogates). Removing them everywhere also keeps JSON Feed and XML feeds saying the same thing.
 */
const XML_ILLEGAL =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Cheap first look: most text has no control characters and no surrogates at all. */
const MAYBE_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/

export function stripXmlIllegal(value: string): string {
  return MAYBE_ILLEGAL.test(value) ? value.replace(XML_ILLEGAL, '') : value
}

/** The same, through every string of a parsed value (YAML escapes such as "\u0001" make them). */
export function stripXmlIllegalDeep<T>(value: T): T {
  if (typeof value === 'string') return stripXmlIllegal(value) as T
  if (Array.isArray(value)) return value.map(stripXmlIllegalDeep) as T
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripXmlIllegalDeep(v)])) as T
  }
  return value
}
