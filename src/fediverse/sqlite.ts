/**
 * One SQLite database file for the Fediverse's store and queue on Node, through whichever driver
 * this Node has: the built-in `node:sqlite` (Node 22.13 and later) or, where it is absent (Node
 * 20), the optional native `better-sqlite3`. Both are loaded with `createRequire`, never
 * imported, so that the bundle (scripts/bundle.mjs) leaves them out: one is part of Node, the
 * other a native module that must be loaded from its own folder.
 */
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'

/** What a column or a positional parameter holds in both drivers. */
export type SqliteValue = string | number | bigint | null | Uint8Array

export type SqliteRow = Record<string, SqliteValue>

export interface SqliteStatement {
  run(...parameters: SqliteValue[]): { changes: number | bigint }
  get(...parameters: SqliteValue[]): SqliteRow | undefined
  all(...parameters: SqliteValue[]): SqliteRow[]
}

/** The part of `node:sqlite`'s `DatabaseSync` and of better-sqlite3's `Database` we use. */
export interface SqliteDatabase {
  exec(sql: string): void
  prepare(sql: string): SqliteStatement
  close(): void
}

export type SqliteDriver = 'node:sqlite' | 'better-sqlite3'

export interface OpenSqliteOptions {
  /** Which driver to open the file with; by default `node:sqlite` where this Node has it. */
  driver?: SqliteDriver
}

/** An opened database and the driver that opened it. */
export interface OpenedSqlite {
  readonly database: SqliteDatabase
  readonly driver: SqliteDriver
  readonly file: string
}

/** How long a statement waits for another connection's write lock before it gives up. */
const BUSY_TIMEOUT_MS = 5_000

/**
 * Set in a bundle (scripts/bundle.mjs) to better-sqlite3's full address in the checkout it was
 * made from, as sharp is: a bundle written elsewhere still finds the native module. Undefined,
 * as an identifier never declared, when run from the sources.
 */
declare const BUNDLED_BETTER_SQLITE3: string | undefined

/** Failure to open a database file, with the driver's error as `cause`. */
export class SqliteOpenError extends Error {
  override name = 'SqliteOpenError'
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

const requireFromHere = createRequire(import.meta.url)

/**
 * Opens (creating it and its folder, mode 0700, if missing) the SQLite database at `file`, in
 * WAL journal mode (readers do not block the writer) with a busy timeout (a second connection,
 * another process's or another store's, waits for a write lock rather than failing at once).
 */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): OpenedSqlite {
  const path = resolve(file)
  const driver = options.driver ?? defaultDriver()
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new SqliteOpenError(
      path,
      `Cannot create the folder of the database ${path}: ${messageOf(error)}. Check that the data folder is writable by this user, or choose another one.`,
      { cause: error },
    )
  }
  let database: SqliteDatabase
  try {
    database = driver === 'node:sqlite' ? openWithNodeSqlite(path) : openWithBetterSqlite3(path)
  } catch (error) {
    if (error instanceof SqliteOpenError) throw error
    throw new SqliteOpenError(
      path,
      `Cannot open the database ${path} with ${driver}: ${messageOf(error)}. Check that the file is a SQLite database and is readable and writable by this user, or move it aside to start an empty one.`,
      { cause: error },
    )
  }
  try {
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;`)
  } catch (error) {
    database.close()
    throw new SqliteOpenError(
      path,
      `Cannot use the database ${path}: ${messageOf(error)}. Check that the file is a SQLite database and is writable by this user, or move it aside to start an empty one.`,
      { cause: error },
    )
  }
  return { database, driver, file: path }
}

/** Whether this Node has a working `node:sqlite` (22.13 and later, without a flag). */
export function hasNodeSqlite(): boolean {
  return loadNodeSqlite() !== undefined
}

/** Whether better-sqlite3 is installed and built for this Node's ABI; the reason when it is not. */
export function betterSqlite3Status(): { usable: true } | { usable: false; reason: string } {
  try {
    loadBetterSqlite3()
    return { usable: true }
  } catch (error) {
    return { usable: false, reason: messageOf(error) }
  }
}

/**
 * Runs `work` in a transaction that takes the write lock at once (BEGIN IMMEDIATE), so that a
 * read followed by a write (compare-and-swap, taking a message) is not interleaved with another
 * connection's write. The drivers are synchronous, so nothing else in this process interleaves.
 */
export function inImmediateTransaction<T>(database: SqliteDatabase, work: () => T): T {
  database.exec('BEGIN IMMEDIATE')
  try {
    const result = work()
    database.exec('COMMIT')
    return result
  } catch (error) {
    database.exec('ROLLBACK')
    throw error
  }
}

function defaultDriver(): SqliteDriver {
  return hasNodeSqlite() ? 'node:sqlite' : 'better-sqlite3'
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string) => SqliteDatabase
}

let nodeSqlite: NodeSqliteModule | null | undefined

function loadNodeSqlite(): NodeSqliteModule | undefined {
  if (nodeSqlite === undefined) nodeSqlite = requireWithoutSqliteWarning() ?? null
  return nodeSqlite ?? undefined
}

/**
 * Node 22 prints "ExperimentalWarning: SQLite is an experimental feature" once, when `node:sqlite`
 * is first loaded (Node 24 no longer does). The server and the commands print nothing on stderr
 * but what they mean to say, and the smoke run on Node 22 fails on any warning, so exactly that
 * warning, and only while the module loads, is left unsaid. Any other warning passes through.
 */
function requireWithoutSqliteWarning(): NodeSqliteModule | undefined {
  const emitWarning = process.emitWarning
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    if (isSqliteExperimentalWarning(warning, rest[0])) return
    return (emitWarning as (...parameters: unknown[]) => void).call(this, warning, ...rest)
  } as typeof process.emitWarning
  try {
    return requireFromHere('node:sqlite') as NodeSqliteModule
  } catch {
    // Node 20, or 22 before 22.13 without --experimental-sqlite: no such built-in module.
    return undefined
  } finally {
    process.emitWarning = emitWarning
  }
}

function isSqliteExperimentalWarning(warning: string | Error, typeOrOptions: unknown): boolean {
  const message = typeof warning === 'string' ? warning : warning.message
  const type =
    typeof warning !== 'string'
      ? warning.name
      : typeof typeOrOptions === 'string'
        ? typeOrOptions
        : (typeOrOptions as { type?: unknown } | undefined)?.type
  return type === 'ExperimentalWarning' && message.startsWith('SQLite is an experimental feature')
}

function openWithNodeSqlite(path: string): SqliteDatabase {
  const module = loadNodeSqlite()
  if (module === undefined) throw new Error(`node:sqlite is not available on Node ${process.version} (it is from 22.13 on)`)
  return new module.DatabaseSync(path)
}

type BetterSqlite3Database = new (path: string) => SqliteDatabase

let betterSqlite3: BetterSqlite3Database | undefined

/** better-sqlite3's Database class, once its native part is known to load on this Node. */
function loadBetterSqlite3(): BetterSqlite3Database {
  if (betterSqlite3 !== undefined) return betterSqlite3
  const specifier = typeof BUNDLED_BETTER_SQLITE3 === 'string' ? BUNDLED_BETTER_SQLITE3 : 'better-sqlite3'
  // better-sqlite3's own types are not installed; its Database has the methods SqliteDatabase names.
  const Database = requireFromHere(specifier) as BetterSqlite3Database
  // The native part loads with the first database (and fails there when it was built for another
  // Node's ABI), so an in-memory one tells whether it can.
  new Database(':memory:').close()
  return (betterSqlite3 = Database)
}

function openWithBetterSqlite3(path: string): SqliteDatabase {
  let Database: BetterSqlite3Database
  try {
    Database = loadBetterSqlite3()
  } catch (error) {
    throw new SqliteOpenError(
      path,
      `Cannot open the database ${path}: better-sqlite3 could not be loaded on Node ${process.version}: ${messageOf(error)}. Run the server on Node 22.13 or later (its node:sqlite needs nothing installed), or run \`npm install\` with this Node so that better-sqlite3 is installed and built for it.`,
      { cause: error },
    )
  }
  return new Database(path)
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
