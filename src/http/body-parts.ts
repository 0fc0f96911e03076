/**
 * A body in the parts it is made of, in order: a feed document is its head, its items' bytes
 * (serialised once, and shared by every document that lists them) and its tail. Hashed and
 * written part by part, it is copied into one array only when something asks for it whole.
 */
export type BodyParts = readonly Uint8Array[]

/** The parts as one array. */
export function joinParts(parts: BodyParts): Uint8Array {
  const out = new Uint8Array(byteLengthOf(parts))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.byteLength
  }
  return out
}

export function byteLengthOf(parts: BodyParts): number {
  let length = 0
  for (const part of parts) length += part.byteLength
  return length
}

/** Each part of a stream, in order, as it arrives: for a large body that is never held whole. */
export async function forEachPart(stream: ReadableStream<Uint8Array>, take: (part: Uint8Array) => void): Promise<void> {
  const reader = stream.getReader()
  for (let part = await reader.read(); !part.done; part = await reader.read()) take(part.value)
}
