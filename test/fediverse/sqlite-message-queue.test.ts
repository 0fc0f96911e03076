/**
 * Fedify's message queue in SQLite: Fedify's own conformance suite, then what it does not test:
 * messages that survive a restart, a lease that runs out, a handler that throws, delays and
 * ordering keys under a clock the test moves, and listen stopping when told.
 */

import { testMessageQueue } from '@fedify/testing'
import { Temporal } from '@js-temporal/polyfill'
import { describe, expect, it } from 'vitest'
import type { SqliteDatabase } from '../../src/fediverse/sqlite.ts'
import { SqliteMessageQueue, type SqliteMessageQueueOptions } from '../../src/fediverse/sqlite-message-queue.ts'
import { SqliteQueueTable } from '../../src/fediverse/sqlite-queue-table.ts'
import { DRIVERS, freshDatabaseFile } from './sqlite-drivers.ts'

/** A clock the test moves by hand: a due time or a lease runs out only when the test says so. */
function manualClock(start = Date.UTC(2026, 11, 1)) {
  let now = start
  return { now: () => now, advance: (ms: number) => void (now += ms) }
}

/** A promise and the function that settles it. */
function deferred<T = void>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

/** Messages a listener handled, and a promise for the moment one arrives that `matches`. */
function recorder() {
  const handled: unknown[] = []
  const waiting: { matches: (message: unknown) => boolean; resolve: () => void }[] = []
  return {
    handled,
    record(message: unknown) {
      handled.push(message)
      for (const waiter of waiting.filter((w) => w.matches(message))) waiter.resolve()
    },
    arrival(matches: (message: unknown) => boolean): Promise<void> {
      if (handled.some(matches)) return Promise.resolve()
      const { promise, resolve } = deferred()
      waiting.push({ matches, resolve })
      return promise
    },
  }
}

const is = (expected: unknown) => (message: unknown) => JSON.stringify(message) === JSON.stringify(expected)

for (const { driver, usable, title } of DRIVERS) {
  describe.skipIf(!usable)(`SqliteMessageQueue ${title}`, () => {
    it("passes Fedify's conformance suite (@fedify/testing), two queues on one file, ordering keys included", async () => {
      const { open } = freshDatabaseFile(driver)
      const databases = new Map<SqliteMessageQueue, SqliteDatabase>()
      await testMessageQueue(
        () => {
          const { database } = open()
          const queue = new SqliteMessageQueue(database)
          databases.set(queue, database)
          return queue
        },
        async ({ mq1, mq2, controller }) => {
          controller.abort()
          databases.get(mq1)?.close()
          databases.get(mq2)?.close()
        },
        { testOrderingKey: true },
      )
    })

    /** A queue on a fresh file, a clock the test moves, and a way to open the file again. */
    const fresh = (options: SqliteMessageQueueOptions = {}) => {
      const { open } = freshDatabaseFile(driver)
      const clock = manualClock()
      const { database } = open()
      const make = (on: SqliteDatabase) => new SqliteMessageQueue(on, { now: clock.now, pollIntervalMs: 50, ...options })
      return { queue: make(database), database, clock, reopen: () => open().database, make }
    }

    it('keeps a queued message across close and reopen, and handles it after', async () => {
      const { queue, database, reopen, make } = fresh()
      await queue.enqueue({ activity: 'Create', inbox: 'https://a.example/inbox' })
      database.close()
      const reopened = reopen()
      const again = make(reopened)
      expect(await again.getDepth()).toEqual({ queued: 1, ready: 1, delayed: 0 })
      const seen = recorder()
      const controller = new AbortController()
      const listening = again.listen((message) => seen.record(message), { signal: controller.signal })
      await seen.arrival(is({ activity: 'Create', inbox: 'https://a.example/inbox' }))
      controller.abort()
      await listening
      expect(await again.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 })
      reopened.close()
    })

    it('does not take a delayed message before its time, and takes it then', async () => {
      const { queue, database, clock } = fresh()
      await queue.enqueue('later', { delay: Temporal.Duration.from({ minutes: 10 }) })
      expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 })
      const seen = recorder()
      const controller = new AbortController()
      const listening = queue.listen((message) => seen.record(message), { signal: controller.signal })
      await queue.enqueue('now')
      await seen.arrival(is('now'))
      expect(new SqliteQueueTable(database).take(clock.now(), clock.now() + 1)).toBeUndefined()
      expect(seen.handled).toEqual(['now'])
      clock.advance(10 * 60_000)
      await seen.arrival(is('later'))
      expect(seen.handled).toEqual(['now', 'later'])
      controller.abort()
      await listening
      database.close()
    })

    it("handles one ordering key's messages one at a time and in order, other keys meanwhile", async () => {
      const { queue, database, clock } = fresh()
      const firstMayFinish = deferred()
      const seen = recorder()
      const controller = new AbortController()
      await queue.enqueueMany(['a1', 'a2', 'a3'], { orderingKey: 'https://a.example/notes/1' })
      await queue.enqueue('b1', { orderingKey: 'https://b.example/notes/1' })
      const listening = queue.listen(
        async (message) => {
          seen.record(message)
          if (message === 'a1') await firstMayFinish.promise
        },
        { signal: controller.signal },
      )
      await seen.arrival(is('b1'))
      // a1 is being handled: nothing else of its key may be taken.
      expect(new SqliteQueueTable(database).take(clock.now(), clock.now() + 1)).toBeUndefined()
      expect(seen.handled).toEqual(['a1', 'b1'])
      firstMayFinish.resolve()
      await seen.arrival(is('a3'))
      expect(seen.handled).toEqual(['a1', 'b1', 'a2', 'a3'])
      controller.abort()
      await listening
      database.close()
    })

    it('keeps a message whose handler throws, and tries it again after a back-off', async () => {
      const reported: unknown[] = []
      const firstFailure = deferred()
      const { queue, database, clock } = fresh({
        onError: (error, message) => {
          reported.push([(error as Error).message, message])
          firstFailure.resolve()
        },
      })
      await queue.enqueue({ to: 'https://down.example/inbox' })
      let attempts = 0
      const seen = recorder()
      const controller = new AbortController()
      const listening = queue.listen(
        (message) => {
          attempts++
          if (attempts === 1) throw new Error('connection refused')
          seen.record(message)
        },
        { signal: controller.signal },
      )
      await firstFailure.promise
      expect(reported).toEqual([['connection refused', { to: 'https://down.example/inbox' }]])
      expect(await queue.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 })
      clock.advance(1_000)
      await seen.arrival(is({ to: 'https://down.example/inbox' }))
      expect(attempts).toBe(2)
      controller.abort()
      await listening
      expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 })
      database.close()
    })

    it('takes again, after a restart, a message whose taker died before finishing it, once its lease ran out', async () => {
      const { queue, database, clock, reopen, make } = fresh({ leaseMs: 60_000 })
      await queue.enqueue('interrupted')
      const taken = deferred()
      const controller = new AbortController()
      // The handler never finishes: the process "dies" with the message taken.
      const listening = queue.listen(() => (taken.resolve(), new Promise<void>(() => {})), { signal: controller.signal })
      await taken.promise
      controller.abort()
      await listening
      database.close()

      const reopened = reopen()
      // Still leased: not counted as waiting, and not taken by anyone.
      expect(await make(reopened).getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 })
      expect(new SqliteQueueTable(reopened).take(clock.now(), clock.now() + 1)).toBeUndefined()
      clock.advance(60_000)
      const seen = recorder()
      const again = new AbortController()
      const relistening = make(reopened).listen((message) => seen.record(message), { signal: again.signal })
      await seen.arrival(is('interrupted'))
      again.abort()
      await relistening
      expect(await make(reopened).getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 })
      reopened.close()
    })

    it('never hands out again a message it finished, even after a restart and every lease run out', async () => {
      const { queue, database, clock, reopen, make } = fresh()
      await queue.enqueue('once')
      const seen = recorder()
      const controller = new AbortController()
      const listening = queue.listen((message) => seen.record(message), { signal: controller.signal })
      await seen.arrival(is('once'))
      controller.abort()
      await listening
      database.close()

      const reopened = reopen()
      clock.advance(24 * 3_600_000)
      const again = make(reopened)
      const afterRestart = recorder()
      const relisten = new AbortController()
      const relistening = again.listen((message) => afterRestart.record(message), { signal: relisten.signal })
      await again.enqueue('marker')
      await afterRestart.arrival(is('marker'))
      expect(afterRestart.handled).toEqual(['marker'])
      expect(seen.handled).toEqual(['once'])
      relisten.abort()
      await relistening
      reopened.close()
    })

    it('stops listening when its signal aborts: the promise resolves and later messages wait', async () => {
      const { queue, database } = fresh()
      const seen = recorder()
      const controller = new AbortController()
      const listening = queue.listen((message) => seen.record(message), { signal: controller.signal })
      await queue.enqueue('before')
      await seen.arrival(is('before'))
      controller.abort()
      await expect(listening).resolves.toBeUndefined()
      await queue.enqueue('after')
      expect(await queue.getDepth()).toEqual({ queued: 1, ready: 1, delayed: 0 })
      expect(seen.handled).toEqual(['before'])
      database.close()
    })

    it('reports a queue it cannot read, without rejecting, and still stops when told', async () => {
      const reported = deferred<unknown[]>()
      const { queue, database } = fresh({ onError: (...parameters) => reported.resolve(parameters) })
      const controller = new AbortController()
      const listening = queue.listen(() => {}, { signal: controller.signal })
      database.close()
      const [error, message] = await reported.promise
      expect(error).toBeInstanceOf(Error)
      expect(message).toBeUndefined()
      controller.abort()
      await expect(listening).resolves.toBeUndefined()
    })

    it('refuses a message that is not JSON, and a negative delay, enqueueing nothing', async () => {
      const { queue, database } = fresh()
      await expect(queue.enqueueMany(['fine', undefined])).rejects.toThrow(/must be a JSON value/)
      await expect(queue.enqueue('late', { delay: Temporal.Duration.from({ seconds: -1 }) })).rejects.toThrow(/zero or more/)
      expect(await queue.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 })
      database.close()
    })
  })
}
