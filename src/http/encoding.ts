/** Content-coding negotiation (RFC 9110 §12.5.3): q-values honoured, br before gzip on a tie. */

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

function negotiate(header: string, available: readonly ContentCoding[]): ContentCoding {
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';')
    if (!token) continue
    let q = 1
    for (const param of params) {
      const [key, value] = param.trim().split('=')
      if (key === 'q') q = parseQ(value)
    }
    weights.set(token === 'x-gzip' ? 'gzip' : token, q)
  }
  const star = weights.get('*')
  // Identity is acceptable unless refused, but a client that lists a compression prefers it.
  const weightOf = (coding: ContentCoding) =>
    weights.get(coding) ?? (coding === 'identity' ? (star === 0 ? 0 : 0.001) : star ?? 0)
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

function parseQ(value: string | undefined): number {
  const q = Number(value)
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 1
}
