/** `bylines import`: raw translated copy to article files, with a report of what is missing. */
import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { isHttpUrl, isLanguageTag } from '../articles/schema.ts'
import { readRegularFile } from '../files/regular-file.ts'
import type { ImportOptions, Missing } from '../import/article-draft.ts'
import { BoilerplateListError, DEFAULT_BOILERPLATE, parseBoilerplateList } from '../import/boilerplate.ts'
import { importRawCopy } from '../import/import-files.ts'
import type { ImportOutcome } from '../import/import-outcome.ts'
import { boilerplateFileOf, type Env } from '../settings/environment.ts'
import { loadSettings } from '../settings/resolve.ts'
import { type Command, count, parseOptions, UsageError } from './command.ts'

/** A list of patterns; a bigger file is not one. */
const MAX_BOILERPLATE_BYTES = 1024 * 1024

export const importCommand: Command = {
  summary: 'turn raw translated copy (text files, or folders of them) into articles',
  help: `Usage: bylines import <file|folder>… [options]

Reads raw translated copy as the newsroom receives it (title, "Author :" and "Source :"
lines, standfirst, date line, photo caption, body with "Related:" teasers, "Read the original
article at … website", site boilerplate) and writes one article per file into the articles
folder (ARTICLES_DIR, default "articles"). It never invents a value: what neither the copy,
the options nor the site settings give is listed, and an article without a required field
is written as a draft. See docs/newsroom-tools.md.

What the copy cannot say:
  --original-url URL         address of the original article (one file at a time)
  --original-title TEXT      the original headline, in its language (one file at a time)
  --original-language TAG    language of the original, e.g. fr; default: what the copy says,
                             else the language of a known publication (SITE_PUBLICATIONS)
  --translator NAME          who translated it; repeat for several translators
  --language TAG             language of this article, when it is not the site's
  --tags "A, B"              tags, separated by commas

How to import:
  --boilerplate FILE         more site boilerplate to drop: one line or /regular expression/
                             per line; also IMPORT_BOILERPLATE=FILE. Repeatable.
  --force                    replace articles that were edited since they were imported, and
                             import a story we already have as another article
  --dry-run                  print the articles instead of writing them
  -h, --help                 this help

Importing the same text again gives the same article (same id, same file). A copy of a story
we already have, drafts included, is not written: the same original.url, the same original
title, publication and day, or the same headline, publication and day; import names the
article it already is. Exit status: 0 when every file was imported (drafts included), 1 when
any failed or was refused, 2 for a wrong command line.`,

  async run(args, env) {
    const { values, positionals } = parseOptions(
      args,
      {
        'original-url': { type: 'string' },
        'original-title': { type: 'string' },
        'original-language': { type: 'string' },
        translator: { type: 'string', multiple: true },
        language: { type: 'string' },
        tags: { type: 'string' },
        boilerplate: { type: 'string', multiple: true },
        force: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
      },
      true,
    )
    if (values.help) {
      console.log(importCommand.help)
      return 0
    }
    if (positionals.length === 0) throw new UsageError('nothing to import: give the raw copy files or folders')
    const options = readImportOptions(values)
    if (values['original-url'] !== undefined || values['original-title'] !== undefined) {
      const isFolder = await stat(positionals[0]!).then(
        (s) => s.isDirectory(),
        () => false,
      )
      if (positionals.length > 1 || isFolder) {
        throw new UsageError('--original-url and --original-title describe one article: import one file with them')
      }
    }
    const boilerplate = [...DEFAULT_BOILERPLATE, ...(await readBoilerplate(values.boilerplate, env))]
    const site = await loadSettings(env)
    const articlesDir = resolve(site.articlesDir)
    const dryRun = values['dry-run'] ?? false

    const outcomes = await importRawCopy(positionals, {
      site,
      articlesDir,
      options,
      boilerplate,
      force: values.force ?? false,
      dryRun,
      onProgress: (outcome, i, total) => {
        const lines = describeOutcome(outcome, site.articlesDir)
        if (total > 1) lines[0] = `[${i + 1}/${total}] ${lines[0]}`
        if (dryRun && outcome.status !== 'failed') console.log(outcome.text)
        console.log(lines.join('\n'))
      },
    })

    const written = outcomes.filter((o) => o.status !== 'failed')
    const drafts = written.filter((o) => o.draft).length
    const failed = outcomes.filter((o) => o.status === 'failed')
    console.log(
      `\n${dryRun ? 'Dry run, nothing written: ' : ''}${count(outcomes.length, 'file')}: ` +
        `${written.length - drafts} imported, ${count(drafts, 'draft')}, ${failed.length} failed`,
    )
    if (outcomes.length > 1 && failed.length > 0) {
      console.log('Failed:')
      for (const f of failed) console.log(`  ${f.input}: ${'reason' in f ? f.reason : ''}`)
    }
    return failed.length > 0 ? 1 : 0
  },
}

/** The outcome of one file, as lines: what was written where, then what is missing. */
export function describeOutcome(outcome: ImportOutcome, articlesDir: string): string[] {
  if (outcome.status === 'failed') return [`${outcome.input}: failed: ${outcome.reason}`]
  const file = join(articlesDir, outcome.file).split('\\').join('/')
  const how = outcome.status === 'unchanged' ? 'unchanged' : 'written'
  const lines = [`${outcome.input} → ${file} (${how}${outcome.draft ? ', a draft' : ''})`]
  const list = (level: Missing['level']) =>
    outcome.missing
      .filter((m) => m.level === level)
      .map((m) => `${m.field} (${m.hint})`)
      .join('; ')
  const required = list('required')
  const recommended = list('recommended')
  if (required) lines.push(`  missing, required: ${required}`)
  if (recommended) lines.push(`  missing, recommended: ${recommended}`)
  if (outcome.draft) lines.push('  it stays a draft until you fill those in and delete "draft: true"')
  return lines
}

function readImportOptions(values: {
  'original-url'?: string
  'original-title'?: string
  'original-language'?: string
  translator?: string[]
  language?: string
  tags?: string
}): ImportOptions {
  const options: ImportOptions = {}
  const url = values['original-url']?.trim()
  if (url !== undefined) {
    if (!isHttpUrl(url)) {
      throw new UsageError(`--original-url "${url}": expected the absolute http(s) address of the original article`)
    }
    options.originalUrl = url
  }
  const title = values['original-title']?.replace(/\s+/g, ' ').trim()
  if (title !== undefined) {
    if (!title) throw new UsageError('--original-title: expected the original headline, not an empty text')
    options.originalTitle = title
  }
  const language = (option: string, value: string | undefined) => {
    if (value === undefined) return undefined
    if (!isLanguageTag(value.trim())) {
      throw new UsageError(`${option} "${value}": expected a BCP 47 language tag such as fr or pt-BR`)
    }
    return Intl.getCanonicalLocales(value.trim())[0]!
  }
  options.originalLanguage = language('--original-language', values['original-language'])
  options.language = language('--language', values.language)
  if (values.translator) {
    options.translators = values.translator.map((name) => name.replace(/\s+/g, ' ').trim())
    if (options.translators.some((name) => !name)) {
      throw new UsageError('--translator: expected a name, not an empty text')
    }
  }
  if (values.tags !== undefined) {
    const tags = values.tags.split(',').map((tag) => tag.replace(/\s+/g, ' ').trim())
    options.tags = [...new Set(tags.filter(Boolean))]
  }
  return options
}

async function readBoilerplate(files: string[] | undefined, env: Env): Promise<RegExp[]> {
  const fromEnv = boilerplateFileOf(env)
  const paths = files ?? (fromEnv ? [fromEnv] : [])
  const patterns: RegExp[] = []
  for (const path of paths) {
    let text: string
    try {
      text = (await readRegularFile(path, { maxBytes: MAX_BOILERPLATE_BYTES, what: 'a boilerplate list' })).toString('utf8')
    } catch (cause) {
      throw new UsageError(`cannot read the boilerplate list "${path}": ${(cause as Error).message}`)
    }
    try {
      for (const pattern of parseBoilerplateList(text, path)) patterns.push(pattern)
    } catch (error) {
      if (error instanceof BoilerplateListError) throw new UsageError(error.message)
      throw error
    }
  }
  return patterns
}
