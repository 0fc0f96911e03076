/**
 * Content-coding negotiation (RFC 9110 §12.5.3): q-values honoured, br before gzip on a tie. The
 * header is read as RFC 9110 writes it (§12.4.2: `weight = OWS ";" OWS "q=" qvalue`), and a
 * little more loosely where a stricter reading would go against what the client asked.
 */

export type ContentCoding = 'br' | 'gzip' | 'identity'

/** Compresses a body once; each runtime supplies what it has (Node: zlib). */
export type Encoder = (body: Uint8Array) => Uint8Array | Promise<Uint8Array>
export type Encoders = Partial<Record<Exclude<ContentCoding, 'identity'>, Encoder>>

/** The codings a response can be sent in with these encoders, identity first. */
export function offeredCodings(encoders: Encoders = {}): ContentCoding[] {
  return ['identity', ...(['br', 'gzip'] as const).filter((c) => encoders[c])]
}

const PREFERENCE: ContentCoding[] = ['br', 'gzip', 'identity']

/**
 * The coding to send for an `Accept-Encoding` value, among those `available`. Identity is
 * acceptable unless refused (`identity;q=0`, or `*;q=0` without it); when everything is
 * refused we still send identity rather than a 406, as browsers and feed readers expect.
 */
export function chooseEncoding(header: string | null | undefined, available: readonly ContentCoding[]): ContentCoding {
  if (!header) return 'identity'
  // Clients send the same few Accept-Encoding values over and over: remember the answers, per
  // list of available codings (each prepared response has one, for its whole life).
  let answers = remembered.get(available)
  if (!answers) remembered.set(available, (answers = new Map()))
  const known = answers.get(header)
  if (known) return known
  const chosen = negotiate(header, available)
  if (answers.size >= 64) answers.clear()
  answers.set(header, chosen)
  return chosen
}

const remembered = new WeakMap<readonly ContentCoding[], Map<string, ContentCoding>>()

/**
 * The weight of identity when the header neither names it nor `*`: acceptable (§12.5.3), but
 * below any coding the client lists with a weight above 0, however small.
 */
const UNLISTED_IDENTITY = Number.MIN_VALUE

function negotiate(header: string, available: readonly ContentCoding[]): ContentCoding {
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    // OWS around ";" (`br ; q=1`) is the grammar's own; around "=" it is not, but `q = 0` still
    // means the client's weight: ignoring it would send a coding refused with q=0.
    const [token, ...params] = part
      .toLowerCase()
      .split(';')
      .map((piece) => piece.trim())
    if (!token) continue
    let q = 1
    for (const param of params) {
      const [key, value] = param.split('=').map((piece) => piece.trim())
      if (key === 'q') q = parseQ(value)
    }
    weights.set(token === 'x-gzip' ? 'gzip' : token, q)
  }
  const star = weights.get('*')
  // Identity is acceptable unless refused, but a client that lists a compression prefers it.
  const weightOf = (coding: ContentCoding) =>
    weights.get(coding) ?? (coding === 'identity' ? (star === 0 ? 0 : UNLISTED_IDENTITY) : (star ?? 0))
  let best: ContentCoding = 'identity'
  let bestWeight = 0
  for (const coding of PREFERENCE) {
    if (coding !== 'identity' && !available.includes(coding)) continue
    const w = weightOf(coding)
    if (w > bestWeight) {
      best = coding
      bestWeight = w
    }
  }
  return best
}

/**
 * A qvalue has at most three decimals (§12.4.2); one with more (`q=0.0001`) is read as the
 * number it is, not refused: the client meant a weight above 0. A weight that is no number in
 * 0..1 counts as 1, as if it were absent.
 */
function parseQ(value: string | undefined): number {
  const q = value === undefined || value === '' ? NaN : Number(value)
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1
}
