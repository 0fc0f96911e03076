/**
 * The SQLite drivers the store and queue tests run on, each with whether it works on the Node
 * running the tests, and why not. node:sqlite comes with Node 22.13 and later; better-sqlite3's
 * native part is built by `npm ci` for the Node that ran it, so on another Node's ABI it cannot
 * load (CI installs with one Node and runs the suite on 24).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { betterSqlite3Status, hasNodeSqlite, type OpenedSqlite, openSqlite, type SqliteDriver } from '../../src/fediverse/sqlite.ts'

export interface DriverCase {
  readonly driver: SqliteDriver
  readonly usable: boolean
  /** The describe block's title: the driver, and why it is skipped when it is. */
  readonly title: string
}

function driverCase(driver: SqliteDriver, whyNot: string | undefined): DriverCase {
  return { driver, usable: whyNot === undefined, title: whyNot === undefined ? `with ${driver}` : `with ${driver} (skipped: ${whyNot})` }
}

const betterSqlite3 = betterSqlite3Status()

export const DRIVERS: readonly DriverCase[] = [
  driverCase('node:sqlite', hasNodeSqlite() ? undefined : `Node ${process.version} has no node:sqlite`),
  driverCase(
    'better-sqlite3',
    betterSqlite3.usable ? undefined : `better-sqlite3 does not load on Node ${process.version}: ${betterSqlite3.reason.split('\n')[0]}`,
  ),
]

/** A database file in a fresh folder not yet made; each `open` opens that file (again, as after a restart). */
export function freshDatabaseFile(driver: SqliteDriver): { file: string; open: () => OpenedSqlite } {
  const file = join(mkdtempSync(join(tmpdir(), 'bylines-sqlite-')), 'data', 'fediverse.sqlite')
  return { file, open: () => openSqlite(file, { driver }) }
}
