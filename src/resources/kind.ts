/**
 * A kind of resource: everything the site knows about one sort of thing it serves, in one
 * object. Its keys, how a key is recognised, how it is made and what it is made from are said
 * here once; the listing, the Node server, the export (and through it the Worker) and the
 * incremental build all read the table of kinds (table.ts), so none of them can know a kind the
 * others do not.
 */
import type { PreparedResponse } from '../http/prepared.ts'
import type { KeyTarget } from '../model/paths.ts'
import type { Inputs } from './inputs.ts'
import type { Making } from './making.ts'
import type { ViewIndex } from './view-index.ts'

/**
 * @typeParam Found what a key of this kind names (a set's document, an article, a file), as
 *   `find` hands it to `make` and `inputs`
 */
export interface ResourceKind<Found = unknown> {
  /** What the kind is called in tests and errors. */
  readonly name: string
  /**
   * Served as it is stored (a public file, a picture's variant): in the export it keeps its name,
   * whatever it is, and static hosts type it by its extension.
   */
  readonly stored?: boolean
  /** Every key of this kind at the view, in the order the export lists them. */
  keys(index: ViewIndex): Iterable<string>
  /**
   * What `key` names, if it is one of this kind's keys at the view; else undefined. No other
   * kind may claim a key this one does (test/resource-kinds.test.ts).
   * @param target what the URL scheme says the key names (paths.ts, parseKey), parsed once for all kinds
   */
  find(key: string, target: KeyTarget | undefined, index: ViewIndex): Found | undefined
  /** The response, rendered. */
  make(found: Found, making: Making): Promise<PreparedResponse>
  /**
   * What the resource is made from, written out, without making it: under the same code and
   * settings, equal inputs make equal bytes. Undefined where that is not worked out (the build
   * then makes it every time) or an article's version is not known.
   */
  inputs(found: Found, inputs: Inputs): string | undefined
}
