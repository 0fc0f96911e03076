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

/** Made at most once at a time per actor, or two requests at start would make two. */
const making = new Map<string, Promise<KeyPair[]>>()

export function keyPairsOf(kv: KvStore, handle: string): Promise<KeyPair[]> {
  let pairs = making.get(handle)
  if (!pairs) {
    pairs = loadOrMake(kv, handle).finally(() => making.delete(handle))
    making.set(handle, pairs)
  }
  return pairs
}

async function loadOrMake(kv: KvStore, handle: string): Promise<KeyPair[]> {
  const key = keyPairsKey(handle)
  let stored = await kv.get<StoredPair[]>(key)
  if (!stored) {
    stored = await Promise.all(ALGORITHMS.map(async (algorithm) => {
      const pair = await generateCryptoKeyPair(algorithm)
      return { privateKey: await exportJwk(pair.privateKey), publicKey: await exportJwk(pair.publicKey) }
    }))
    await kv.set(key, stored)
  }
  return Promise.all(stored.map(async (pair) => ({ privateKey: await importJwk(pair.privateKey, 'private'), publicKey: await importJwk(pair.publicKey, 'public') })))
}
