/** Opening the Fediverse's SQLite file on Node: either driver, WAL, the folder made, errors that name the file. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasNodeSqlite, openSqlite, SqliteOpenError } from '../../src/fediverse/sqlite.ts'
import { DRIVERS, freshDatabaseFile } from './sqlite-drivers.ts'

describe('openSqlite', () => {
  it('chooses node:sqlite where this Node has it, better-sqlite3 elsewhere', () => {
    const { file } = freshDatabaseFile('node:sqlite')
    const opened = openSqlite(file)
    opened.database.close()
    expect(opened.driver).toBe(hasNodeSqlite() ? 'node:sqlite' : 'better-sqlite3')
  })

  for (const { driver, usable, title } of DRIVERS) {
    describe.skipIf(!usable)(title, () => {
      it('creates the missing folder (owner only), in WAL mode with a busy timeout', () => {
        const { file, open } = freshDatabaseFile(driver)
        const { database, driver: used, file: opened } = open()
        try {
          expect(used).toBe(driver)
          expect(opened).toBe(file)
          expect(statSync(dirname(file)).mode & 0o777).toBe(0o700)
          expect(database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
          expect(database.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 })
        } finally {
          database.close()
        }
      })

      it('binds positional parameters and returns rows as plain values', () => {
        const { database } = freshDatabaseFile(driver).open()
        try {
          database.exec('CREATE TABLE t (a TEXT, b INTEGER)')
          expect(database.prepare('INSERT INTO t VALUES (?, ?)').run('x', 1).changes).toBe(1)
          database.prepare('INSERT INTO t VALUES (?, ?)').run('y', null)
          expect({ ...database.prepare('SELECT a, b FROM t WHERE a = ?').get('x') }).toEqual({ a: 'x', b: 1 })
          expect(
            database
              .prepare('SELECT a, b FROM t ORDER BY a')
              .all()
              .map((row) => ({ ...row })),
          ).toEqual([
            { a: 'x', b: 1 },
            { a: 'y', b: null },
          ])
          expect(database.prepare('SELECT a FROM t WHERE a = ?').get('z')).toBeUndefined()
        } finally {
          database.close()
        }
      })

      it('names the file, and what to do, when it is not a database', () => {
        const file = join(mkdtempSync(join(tmpdir(), 'bylines-sqlite-')), 'fediverse.sqlite')
        writeFileSync(file, 'this is not a SQLite database, but a file of text long enough to have a header\n'.repeat(20))
        const error = catchError(() => openSqlite(file, { driver }))
        expect(error).toBeInstanceOf(SqliteOpenError)
        expect((error as SqliteOpenError).file).toBe(file)
        expect((error as Error).message).toContain(file)
        expect((error as Error).message).toMatch(/move it aside/)
        expect((error as Error).cause).toBeInstanceOf(Error)
      })

      it('names the file when its folder cannot be made', () => {
        const parent = mkdtempSync(join(tmpdir(), 'bylines-sqlite-'))
        writeFileSync(join(parent, 'data'), 'a file where the data folder should be')
        const file = join(parent, 'data', 'fediverse.sqlite')
        const error = catchError(() => openSqlite(file, { driver }))
        expect(error).toBeInstanceOf(SqliteOpenError)
        expect((error as Error).message).toContain(file)
        expect((error as Error).message).toMatch(/data folder is writable/)
      })
    })
  }

  it.skipIf(!hasNodeSqlite())(
    'prints no warning on stderr when it opens a file with node:sqlite (Node 22 would print an ExperimentalWarning)',
    () => {
      const folder = mkdtempSync(join(tmpdir(), 'bylines-sqlite-'))
      mkdirSync(join(folder, 'data'))
      const script = `import { openSqlite } from ${JSON.stringify(new URL('../../src/fediverse/sqlite.ts', import.meta.url).href)}
const { database, driver } = openSqlite(${JSON.stringify(join(folder, 'data', 'x.sqlite'))})
database.close()
process.emitWarning('another warning still shows')
console.log(driver)`
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
      expect(child.stdout.trim()).toBe('node:sqlite')
      expect(child.stderr).not.toMatch(/ExperimentalWarning|SQLite is an experimental/)
      expect(child.stderr).toMatch(/Warning: another warning still shows/)
    },
  )
})

function catchError(action: () => unknown): unknown {
  try {
    action()
  } catch (error) {
    return error
  }
  throw new Error('expected an error, and nothing was thrown')
}
