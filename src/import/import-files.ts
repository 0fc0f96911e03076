/**
 * Node side of `bylines import`: reads raw copy files and folders, writes articles into the
 * articles folder, and keeps the import manifest that tells an edited article from an
 * untouched one. One bad file never stops the others. Here the steps run in order and the
 * articles are written, under a lock so that imports run at the same time take turns; reading
 * the inputs (read-inputs.ts), the manifest (import-manifest.ts), the articles already there
 * (article-index.ts) and deciding which file each copy goes to (plan-files.ts) are done apart.
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { titleKey } from '../articles/advice.ts'
import { parseFrontMatter } from '../articles/front-matter.ts'
import { defaultSlug } from '../articles/parse-article.ts'
import { readArticleFile, toPosixPath } from '../content/read-articles.ts'
import { writeFileAtomic } from '../files/atomic-write.ts'
import { withLockFile } from '../files/lock-file.ts'
import type { UnreadableFile } from '../files/regular-file.ts'
import { buildArticleDraft, ImportError, type ImportedFields, KEPT_ON_REIMPORT } from './article-draft.ts'
import { indexArticles } from './article-index.ts'
import { contentHash } from './identity.ts'
import { MANIFEST_FILE, readManifest, serialiseManifest } from './import-manifest.ts'
import { type ImportOutcome, reasonOf } from './import-outcome.ts'
import type { ImportSettings } from './import-settings.ts'
import { planFiles } from './plan-files.ts'
import { expandInputs, type InputFile, type ReadCopy, readCopies } from './read-inputs.ts'
import { writeArticle } from './write-article.ts'

/** Held while an import works on the articles folder; hidden too. */
export const LOCK_FILE = '.imports.lock'
/** Imports take seconds; one that holds the lock this long is stuck, or its process is gone. */
const LOCK_WAIT_MS = 2 * 60_000

/**
 * @param inputs files and folders (a folder's files are imported, any depth, hidden ones aside)
 * @throws ImportManifestError when the manifest exists but cannot be read; nothing is written
 * @throws LockTimeoutError when another import holds the articles folder too long
 */
export async function importRawCopy(inputs: readonly string[], settings: ImportSettings): Promise<ImportOutcome[]> {
  const files = await expandInputs(inputs, settings.articlesDir)
  const copies = await readCopies(files, settings)
  const write = () => writeArticles(files, copies, settings)
  if (settings.dryRun || copies.every((copy) => 'reason' in copy)) return write()
  // From listing the articles to the last manifest write, imports take turns: each must see the
  // files and the manifest entries of the one before, or two would take one file name, or each
  // keep only its own entries.
  return withLockFile(join(settings.articlesDir, LOCK_FILE), write, { holder: 'another import', waitMs: LOCK_WAIT_MS })
}

/**
 * Under the lock (or in a dry run): what is there, the plan, then each article and its manifest
 * entry written in input order, each input reported as soon as its outcome is known.
 */
async function writeArticles(files: readonly InputFile[], copies: readonly ReadCopy[], settings: ImportSettings): Promise<ImportOutcome[]> {
  const { site, articlesDir } = settings
  const existing = await indexArticles(articlesDir, site)
  const manifestPath = join(articlesDir, MANIFEST_FILE)
  const manifest = await readManifest(manifestPath)
  const outcomes: ImportOutcome[] = []
  const report = (outcome: ImportOutcome) => {
    outcomes.push(outcome)
    settings.onProgress?.(outcome, outcomes.length - 1, files.length)
  }

  // First every copy is given its file name, so that teasers can point at articles imported in
  // the same run, whatever their order.
  const { planned, titles } = planFiles(files, copies, existing, manifest, settings)

  for (const [i, input] of files.entries()) {
    const plan = planned[i]!
    if ('reason' in plan) {
      report({ input: input.display, status: 'failed', reason: plan.reason })
      continue
    }
    try {
      const { copy, id, file } = plan
      const draft = buildArticleDraft(copy, settings.options, {
        site,
        id,
        slug: defaultSlug(file),
        slugForTitle: (title) => titles.get(titleKey(title)),
      })
      const target = join(articlesDir, file)
      const shown = toPosixPath(join(site.articlesDir, file))
      // Read as the server reads it: a link or a FIFO there is never followed or waited on.
      const current = await readArticleFile(articlesDir, file).then(
        (bytes) => bytes.toString('utf8'),
        (error: UnreadableFile) => {
          if (error.code === 'ENOENT') return undefined
          throw new ImportError(`${shown} ${error.message}, so it is left as it is`)
        },
      )
      const text = writeArticle({ ...draft, fields: { ...draft.fields, ...keptFields(current, file) } })
      const outcome = { input: input.display, file, id, draft: draft.draft, missing: draft.missing, text }
      const recorded = manifest.articles[id]
      const untouched = recorded?.file === file && recorded.sha256 === contentHash(current ?? '')
      if (current !== undefined && current !== text && !untouched && !settings.force) {
        throw new ImportError(
          `${shown} was edited since it was imported ` +
            '(or was not written by import), so it is left as it is: re-run with --force to replace it',
        )
      }
      if (!settings.dryRun) {
        if (current === undefined) {
          await mkdir(join(target, '..'), { recursive: true })
          // Exclusive: a file made since the articles were listed (by an editor, or an import
          // that did not wait its turn) is never replaced.
          await writeFileAtomic(target, text, { exclusive: true }).catch((error: NodeJS.ErrnoException) => {
            if (error.code !== 'EEXIST') throw error
            throw new ImportError(`${shown} appeared while importing (or is not a plain file), so it is left as it is`)
          })
        } else if (current !== text) {
          await writeFileAtomic(target, text)
        }
        // An identical file is recorded too: the manifest may have been lost or not committed.
        if (!untouched || current !== text) {
          manifest.articles[id] = { file, sha256: contentHash(text) }
          await writeFileAtomic(manifestPath, serialiseManifest(manifest))
        }
      }
      report({ ...outcome, status: current === text ? 'unchanged' : 'written' })
    } catch (error) {
      report({ input: input.display, status: 'failed', reason: reasonOf(error) })
    }
  }
  return outcomes
}

/** `updated` and `corrections` of the file being replaced, as written; none when it cannot be read. */
function keptFields(current: string | undefined, file: string): Partial<ImportedFields> {
  if (current === undefined) return {}
  let data: Record<string, unknown>
  try {
    data = parseFrontMatter(current, file).data
  } catch {
    return {}
  }
  return Object.fromEntries(KEPT_ON_REIMPORT.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]))
}
