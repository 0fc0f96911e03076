/**
 * Who follows each actor, kept in the store: one entry per follower, with the inboxes to deliver
 * to. A follow is kept until it is undone or the account is deleted.
 */
import type { KvStore } from '@fedify/fedify'
import type { Recipient } from '@fedify/vocab'

/** Followers on one page of a followers collection. */
export const FOLLOWERS_PAGE_SIZE = 100

interface StoredFollower {
  id: string
  inbox: string
  sharedInbox?: string
}

export function followersOf(kv: KvStore) {
  const prefix = (handle: string) => ['bylines', 'followers', handle] as const
  return {
    async add(handle: string, follower: Recipient): Promise<void> {
      if (!follower.id || !follower.inboxId) return
      const stored: StoredFollower = {
        id: follower.id.href,
        inbox: follower.inboxId.href,
        sharedInbox: follower.endpoints?.sharedInbox?.href,
      }
      await kv.set([...prefix(handle), follower.id.href] as const, stored)
    },
    /** True when it was a follower. */
    async remove(handle: string, follower: URL): Promise<boolean> {
      const key = [...prefix(handle), follower.href] as const
      if ((await kv.get(key)) === undefined) return false
      await kv.delete(key)
      return true
    },
    /** Oldest key first is not promised: the order of the store. */
    async list(handle: string): Promise<Recipient[]> {
      const found: Recipient[] = []
      for await (const { value } of kv.list(prefix(handle))) {
        const { id, inbox, sharedInbox } = value as StoredFollower
        found.push({ id: new URL(id), inboxId: new URL(inbox), endpoints: sharedInbox ? { sharedInbox: new URL(sharedInbox) } : null })
      }
      return found
    },
  }
}
