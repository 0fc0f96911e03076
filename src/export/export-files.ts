/**
 * Writes the export's files, for both of a thread's writers (its resources, resource-maker.ts,
 * and its Fediverse objects, object-files.ts): each folder made once, each file written as
 * writeExportFileSync writes it, created in place when it is new to a folder no build has
 * written to before.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { writeExportFileSync } from '../files/atomic-write.ts'

export class ExportFiles {
  readonly #madeDirs = new Set<string>()
  readonly #newInPlace: boolean

  /** @param newInPlace nothing was ever built into the folder (ExportOptions.newFilesInPlace) */
  constructor(newInPlace: boolean) {
    this.#newInPlace = newInPlace
  }

  /** Writes `parts` as one file at `path`; when it returns, the file is in place. */
  write(path: string, parts: readonly Uint8Array[]): void {
    const dir = dirname(path)
    if (!this.#madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true })
      this.#madeDirs.add(dir)
    }
    writeExportFileSync(path, parts, { newInPlace: this.#newInPlace })
  }
}
