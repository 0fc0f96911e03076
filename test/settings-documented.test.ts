/**
 * The bundled `bylines.toml` is where an editor learns what can be set: every setting of the
 * schema is in it, set or commented out, and a commented line shows the true default. The
 * settings are read from the schema itself, so a new one without its line fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { resolveSettings } from '../src/settings/resolve.ts'
import { DEFAULT_SITE, SETTINGS_SCHEMA } from '../src/settings/schema.ts'
import { parseSettingsFile } from '../src/settings/settings-file.ts'

const REPO = join(import.meta.dirname, '..')
const BUNDLED = readFileSync(join(REPO, 'bylines.toml'), 'utf8')

/** `*` for any key of a table by name (a language tag), `[]` for any item of a list. */
type Step = string
type JsonSchema = { properties?: Record<string, JsonSchema>; additionalProperties?: JsonSchema | boolean; items?: JsonSchema }

/** Every setting's path in the schema, tables and their fields alike: `cache.maxAge`, `credit.*.locale`, `navigation.[].label`. */
function settingPaths(schema: JsonSchema, above: Step[] = []): Step[][] {
  const paths: Step[][] = []
  for (const [key, inner] of Object.entries(schema.properties ?? {})) {
    paths.push([...above, key], ...settingPaths(inner, [...above, key]))
  }
  // A table by name (`[messages.fr]`) or a list shows one example at least.
  if (typeof schema.additionalProperties === 'object')
    paths.push([...above, '*'], ...settingPaths(schema.additionalProperties, [...above, '*']))
  if (schema.items) paths.push([...above, '[]'], ...settingPaths(schema.items, [...above, '[]']))
  return paths
}

/** Whether `value` holds `path`: some key of a `*` table, some item of a `[]` list. */
function holds(value: unknown, path: Step[]): boolean {
  if (path.length === 0) return true
  const [step, ...rest] = path as [Step, ...Step[]]
  if (step === '[]') return Array.isArray(value) && value.some((item) => holds(item, rest))
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  if (step === '*') return Object.values(value).some((inner) => holds(inner, rest))
  return Object.hasOwn(value, step) && holds((value as Record<string, unknown>)[step], rest)
}

/**
 * The file with every commented setting put back: `# key = value`, `# [table]`, `# [[list]]`.
 * Prose comments are left as they are.
 */
function uncommented(text: string): string {
  return text.replace(/^# ?((?:\[\[?[A-Za-z][^\]]*\]\]?|[A-Za-z][\w.]*\s*=).*)$/gm, '$1')
}

/** The scalar values of a settings object, by path, through tables (not lists). */
function scalars(value: unknown, above: string[] = []): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[above.join('.'), value]]
  if (Array.isArray(value)) return []
  return Object.entries(value).flatMap(([key, inner]) => scalars(inner, [...above, key]))
}

describe('the bundled bylines.toml', () => {
  const paths = settingPaths(z.toJSONSchema(SETTINGS_SCHEMA, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
  const complete = uncommented(BUNDLED)

  it('reads the settings from the schema, nested ones included', () => {
    const names = paths.map((path) => path.join('.'))
    expect(names).toEqual(
      expect.arrayContaining([
        'title',
        'rights',
        'cache.sharedMaxAge',
        'head.connectSources',
        'credit.*.by',
        'navigation.[].url',
        'publications.[].feed',
        'messages.*',
      ]),
    )
  })

  it('names every setting, set or commented out', () => {
    const table = parseToml(complete)
    const missing = paths.filter((path) => !holds(table, path)).map((path) => path.join('.'))
    expect(missing, 'settings with no line in bylines.toml').toEqual([])
  })

  it('loads with every commented setting put back, each of them a real setting with a good value', () => {
    expect(() => resolveSettings({ file: parseSettingsFile('bylines.toml', complete) })).not.toThrow()
  })

  it('shows the true defaults: every commented default, put back, changes nothing', () => {
    const site = resolveSettings({ file: parseSettingsFile('bylines.toml', complete) })
    const documented = new Map(scalars(site))
    // `url` has no default in the schema: without it the server uses its own address.
    const defaults = scalars(DEFAULT_SITE).filter(([path]) => path !== 'url')
    expect(defaults.length).toBeGreaterThan(10)
    for (const [path, value] of defaults) expect(documented.get(path), path).toEqual(value)
  })

  it('finds a setting that is not documented', () => {
    const withoutFooter = uncommented(BUNDLED.replace(/^# footer = .*\n/m, ''))
    expect(holds(parseToml(withoutFooter), ['footer'])).toBe(false)
    expect(holds(parseToml(complete), ['footer'])).toBe(true)
  })
})
