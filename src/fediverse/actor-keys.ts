/**
 * Each actor's key pairs, made on first use and kept in the store: RSA for HTTP Signatures
 * (what Mastodon verifies) and Ed25519 for Object Integrity Proofs (FEP-8b32). A key that
 * changed would make every server that cached the old one reject what we send until it looks
 * again, so they are made once and kept.
 */
import { exportJwk, generateCryptoKeyPair, importJwk, type KvStore } from '@fedify/fedify'

const ALGORITHMS = ['RSASSA-PKCS1-v1_5', 'Ed25519'] as const

type KeyPair = Awaited<ReturnType<typeof generateCryptoKeyPair>>
type Jwk = Awaited<ReturnType<typeof exportJwk>>

interface StoredPair {
  privateKey: Jwk
  publicKey: Jwk
}

/** Where an actor's key pairs are kept in the store. */
export const keyPairsKey = (handle: string) => ['bylines', 'keys', handle] as const

/**
 * Each store's keys, read and imported once per process: a delivery signs with them, and a read
 * of a Worker's KV is counted. Made at most once at a time per actor, or two requests at start
 * would make two.
 */
const held = new WeakMap<KvStore, Map<string, Promise<KeyPair[]>>>()

export function keyPairsOf(kv: KvStore, handle: string): Promise<KeyPair[]> {
  let byHandle = held.get(kv)
  if (!byHandle) held.set(kv, (byHandle = new Map()))
  let pairs = byHandle.get(handle)
  if (!pairs) {
    pairs = loadOrMake(kv, handle)
    byHandle.set(handle, pairs)
    // A failure is not kept: the next request tries again.
    pairs.catch(() => byHandle.delete(handle))
  }
  return pairs
}

async function loadOrMake(kv: KvStore, handle: string): Promise<KeyPair[]> {
  const key = keyPairsKey(handle)
  let stored = await kv.get<StoredPair[]>(key)
  if (!stored) {
    const made = await Promise.all(
      ALGORITHMS.map(async (algorithm) => {
        const pair = await generateCryptoKeyPair(algorithm)
        return { privateKey: await exportJwk(pair.privateKey), publicKey: await exportJwk(pair.publicKey) }
      }),
    )
    // Another process may have made them meanwhile (two servers on one data folder): the first
    // kept wins, so that every signature is made with the key the actor document shows.
    if (kv.cas) stored = (await kv.cas(key, undefined, made)) ? made : ((await kv.get<StoredPair[]>(key)) ?? made)
    else {
      await kv.set(key, made)
      stored = made
    }
  }
  return Promise.all(
    stored.map(async (pair) => ({
      privateKey: await importJwk(pair.privateKey, 'private'),
      publicKey: await importJwk(pair.publicKey, 'public'),
    })),
  )
}
