/**
 * The export's second thread, seen from the first: a `node:worker_threads` Worker, its messages
 * turned into promises, and every way it can fail (an error thrown in it, running out of memory,
 * exiting early) turned into one rejection that carries its message, so that the build fails
 * rather than waits for it for ever.
 */
import { Worker } from 'node:worker_threads'
import type { ArticlesTask, DocumentsTask, Made, PackedItems, ParentMessage, ThreadMessage, ThreadStart } from './thread-messages.ts'

/**
 * The thread's module, beside this one. From the sources, src/export/export-thread.mjs: plain
 * JavaScript that registers tsx and then loads export-thread.ts, since a worker inherits no
 * TypeScript loader from its parent, however the parent got its own (`tsx`, `node --import tsx`,
 * vitest). From the bundle (build/bylines.mjs, which `npx bylines` runs), the
 * bundled thread beside it, build/export-thread.mjs (scripts/bundle.mjs).
 */
export const THREAD_ENTRY = new URL('./export-thread.mjs', import.meta.url)

export class SecondThreadError extends Error {
  override name = 'SecondThreadError'
}

export class SecondThread {
  /** True once the thread has loaded the same site; false when it found another (it has then stopped). Pending if it fails. */
  readonly ready: Promise<boolean>
  /** Rejects when the thread fails; never resolves. */
  readonly failed: Promise<never>
  /** Tasks it has been given. */
  taken = 0
  readonly #worker: Worker
  readonly #items: Promise<PackedItems>
  readonly #finished: Promise<Made[]>
  #onNext: (phase: 1 | 2) => ArticlesTask | DocumentsTask | undefined = () => undefined
  #ended = false
  #failure: SecondThreadError | undefined

  /** @param entry the module the thread runs (THREAD_ENTRY; another only to test how a failure is reported) */
  constructor(start: ThreadStart, entry: URL = THREAD_ENTRY) {
    this.#worker = new Worker(entry, { workerData: start, execArgv: workerExecArgv(process.execArgv) })
    let reject!: (error: Error) => void
    this.failed = new Promise<never>((_, rejectWith) => (reject = rejectWith))
    const fail = (error: SecondThreadError) => {
      this.#ended = true
      this.#failure ??= error
      reject(error)
    }
    // Reported where it is next awaited, or by throwIfFailed; not as an unhandled rejection meanwhile.
    this.failed.catch(() => {})
    let ready!: (same: boolean) => void
    let items!: (items: PackedItems) => void
    let finished!: (made: Made[]) => void
    this.ready = new Promise((resolve) => (ready = resolve))
    this.#items = new Promise((resolve) => (items = resolve))
    this.#finished = new Promise((resolve) => (finished = resolve))

    this.#worker.on('message', (message: ThreadMessage) => {
      switch (message.type) {
        case 'ready':
          return ready(true)
        case 'mismatch':
          this.#ended = true
          return ready(false)
        case 'next': {
          const task = this.#onNext(message.phase)
          if (task) this.taken++
          return this.#post({ type: 'task', task })
        }
        case 'items':
          return items(message.items)
        case 'finished':
          this.#ended = true
          return finished(message.made)
      }
    })
    this.#worker.on('error', (error) =>
      fail(new SecondThreadError(`the export's second thread failed: ${error.message}`, { cause: error })),
    )
    this.#worker.on('exit', (code) => {
      if (!this.#ended) fail(new SecondThreadError(`the export's second thread stopped (exit code ${code}) before it finished`))
    })
  }

  /**
   * Throws if the thread has failed, even before it was given work: a thread that cannot start
   * (its TypeScript not found, say) would otherwise leave every build on one thread unseen.
   */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure
  }

  /** False once it has stopped, or found another site: nothing sent to it is read then. */
  get active(): boolean {
    return !this.#ended
  }

  /** Answers the thread's requests for work: a task of the phase it asks for, or undefined when there is none. */
  serve(onNext: (phase: 1 | 2) => ArticlesTask | DocumentsTask | undefined): void {
    this.#onNext = onNext
  }

  /** Hands the thread the items made here (in shared memory: shareItems). */
  sendItems(items: PackedItems): void {
    this.#post({ type: 'items', items })
  }

  /** The items the thread made in the first phase. @throws when it fails first */
  items(): Promise<PackedItems> {
    return Promise.race([this.#items, this.failed])
  }

  /** What it made, once its last file is written. @throws when it fails first */
  finished(): Promise<Made[]> {
    return Promise.race([this.#finished, this.failed])
  }

  /**
   * Stops it when this thread has failed: at once if it was given no work; otherwise once the
   * files it is writing are written, so that none is left half-made.
   */
  async stop(): Promise<void> {
    if (this.#ended) return
    if (this.taken === 0) return this.end()
    this.#post({ type: 'stop' })
    await this.finished().catch(() => {})
    await this.end()
  }

  /** Ends the thread (it is done, or was never needed). */
  async end(): Promise<void> {
    this.#ended = true
    await this.#worker.terminate()
  }

  #post(message: ParentMessage): void {
    if (!this.#ended) this.#worker.postMessage(message)
  }
}

/**
 * The parent's Node options for the worker, less those about code given on the command line
 * (`node --input-type=module -e …`, a way to run the build from a script): a worker inherits
 * them and then refuses to start ("--input-type can only be used with string input").
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < execArgv.length; i++) {
    const option = execArgv[i]!
    if (/^(-e|--eval|-p|--print|--input-type)$/.test(option)) i++
    else if (!/^(--eval|--print|--input-type)=/.test(option)) kept.push(option)
  }
  return kept
}
