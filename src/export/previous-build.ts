/**
 * What a build finds of the builds before it, and what it leaves for the next, beside its index:
 * the index itself (`prepared-site.json`), the inputs of each resource (`.inputs.json`) and,
 * while it runs, a marker (`.building`) that lists every file in the output folder that this
 * build or an earlier one may have written.
 *
 * A build can be killed at any point (a cancelled CI job, the OOM killer, Ctrl-C). The
 * order of its steps keeps one rule true at every point between them: the files bylines wrote
 * in the output folder are all listed in the marker when there is one, and in the index when
 * there is none. So the next build always knows which files it may remove, and never removes
 * one it did not write.
 *   1. The marker is written (whole, renamed into place) before anything in the folder changes.
 *      It lists the files the earlier builds may have written (the previous index's, and a
 *      leftover marker's) and the files this build will write.
 *   2. Files are written and stale ones removed.
 *   3. The index, then the inputs, are written; then the marker is removed.
 * After an interrupted build (a marker is found) nothing beside the folder describes it: a file
 * may hold that build's bytes while the index still has the ETag and size of the build before
 * (an edit that keeps the length is enough), and the inputs may belong to either. So every file
 * is made and written again, and what the marker lists that this build does not make is removed.
 * A file that was there is replaced by rename, so it is never half-written; a new file of the first
 * build into a folder may be (it is created in place), and is written again like every other. The
 * temporary files of renames are cleared.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { removeLeftoverTemporaries, writeFileAtomic } from '../files/atomic-write.ts'
import { filesOf, PREPARED_SITE_VERSION, type PreparedSite } from '../resources/prepared-site.ts'

export interface PreviousBuild {
  /** The last index, for this folder, when the build that wrote it finished: a file it lists with an unchanged ETag is left alone. */
  index?: PreparedSite
  /** The inputs that build recorded for each resource, with its index. */
  inputs?: Record<string, string>
  /** Every file (relative to the output folder) that earlier builds may have written there. */
  mayHaveWritten: string[]
  /** Whether the last build stopped before it finished (killed, or failed). */
  interrupted: boolean
}

/** The files the build that wrote a marker may have left in its output folder. */
const MarkerSchema = z.object({ exportDir: z.string(), files: z.array(z.string()) })

const markerFileOf = (preparedFile: string) => `${preparedFile}.building`

const inputsFileOf = (preparedFile: string) => preparedFile.replace(/(\.json)?$/, '.inputs.json')

/** @param exportDir the output folder as the index records it: relative to the index's own folder */
export async function readPreviousBuild(preparedFile: string, exportDir: string): Promise<PreviousBuild> {
  const last = await readPreparedSite(preparedFile)
  const index = last?.exportDir === exportDir ? last : undefined
  const marker = await readMarker(markerFileOf(preparedFile))
  const listed = index ? filesOf(index) : []
  if (marker === undefined) {
    return {
      index,
      inputs: index && (await readInputs(inputsFileOf(preparedFile))),
      mayHaveWritten: keepInside(listed),
      interrupted: false,
    }
  }
  // The index on disk is the one before the interrupted build or the one it wrote: its files are
  // bylines' either way. A marker of another folder, or one older versions wrote (empty), lists nothing of this one.
  const marked = marker !== 'unreadable' && marker.exportDir === exportDir ? marker.files : []
  return { mayHaveWritten: keepInside([...new Set([...listed, ...marked])]), interrupted: true }
}

/**
 * Step 1: records, before the output folder changes, every file that may be bylines' in it
 * once this build has begun: `files`, those of the earlier builds and those this one will write.
 */
export async function markBuilding(preparedFile: string, exportDir: string, files: Iterable<string>): Promise<void> {
  await mkdir(dirname(preparedFile), { recursive: true })
  await writeFileAtomic(markerFileOf(preparedFile), JSON.stringify({ exportDir, files: [...new Set(files)] }))
}

/** Step 3: the index (replaced whole: wrangler reloads the Worker as soon as it changes), the inputs, and the end of the marker. */
export async function recordBuild(preparedFile: string, index: string, inputs: Record<string, string>): Promise<void> {
  await writeFileAtomic(preparedFile, index)
  await writeFileAtomic(inputsFileOf(preparedFile), JSON.stringify(inputs))
  await rm(markerFileOf(preparedFile), { force: true })
}

/**
 * The temporary files an interrupted build's writes left, in the output folder and beside the
 * index. Run under the build lock: no other build is writing them.
 */
export async function removeTemporariesOf(previous: PreviousBuild, outDir: string, preparedFile: string): Promise<void> {
  const ours = [
    preparedFile,
    inputsFileOf(preparedFile),
    markerFileOf(preparedFile),
    ...previous.mayHaveWritten.map((file) => join(outDir, file)),
  ]
  await removeLeftoverTemporaries(ours)
}

/** The index a build wrote at `file`, if it is there and of this version. */
export async function readPreparedSite(file: string): Promise<PreparedSite | undefined> {
  try {
    const site = JSON.parse(await readFile(file, 'utf8')) as PreparedSite
    return site.version === PREPARED_SITE_VERSION ? site : undefined
  } catch {
    return undefined
  }
}

/** The inputs the last build recorded for each resource; none when unreadable. */
async function readInputs(file: string): Promise<Record<string, string> | undefined> {
  try {
    const inputs: unknown = JSON.parse(await readFile(file, 'utf8'))
    return typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs) ? (inputs as Record<string, string>) : undefined
  } catch {
    return undefined
  }
}

/** The marker's list; `unreadable` for a marker that lists nothing this version can read; undefined when there is none. */
async function readMarker(file: string): Promise<z.infer<typeof MarkerSchema> | 'unreadable' | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const parsed = MarkerSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/** The lists are read from disk: a name that would lead out of the output folder is not ours to touch. */
function keepInside(files: string[]): string[] {
  return files.filter(
    (file) =>
      file !== '' && !file.startsWith('/') && !file.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''),
  )
}
