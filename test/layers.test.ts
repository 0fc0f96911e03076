/**
 * The folders of src/ are layers: each imports only from the layers below it, never from one
 * above or beside it, and no files import each other in a circle. docs/architecture.md says what
 * each layer holds; the order is decided here, where a change to it is checked.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/** Lowest first. Folders on one line are peers: neither imports the other. */
const LAYERS: readonly (readonly string[])[] = [
  ['http'],
  ['text', 'files'],
  ['model'],
  ['i18n'],
  ['settings'],
  ['articles'],
  ['feed-sets'],
  ['feeds'],
  ['pages', 'sitemaps', 'fediverse'],
  ['resources'],
  ['app', 'content'],
  ['server', 'export', 'edge', 'import'],
  ['cli', 'bun', 'deno'],
]

const SRC = join(import.meta.dirname, '..', 'src')

type ImportGraph = Map<string, string[]>

/** Every file of src/ with the files of src/ it imports (statically, dynamically or as types). */
function importGraph(): ImportGraph {
  const graph: ImportGraph = new Map()
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|mts|mjs)$/.test(file))
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(SRC, file), 'utf8'), true, true)
    const local = importedFiles.map(({ fileName }) => fileName).filter((name) => name.startsWith('.'))
    graph.set(
      normalize(file),
      local.map((name) => normalize(join(dirname(file), name))),
    )
  }
  return graph
}

/** A file's folder under src/, or its own name for a file at the top (app.ts is the layer `app`). */
function folderOf(file: string): string {
  const [first, ...rest] = file.split('/')
  return rest.length > 0 ? first! : first!.replace(/\.\w+$/, '')
}

function levelOf(folder: string): number {
  return LAYERS.findIndex((layer) => layer.includes(folder))
}

/** Imports that do not go down a layer: to a layer above, or to a peer. */
function wrongWayImports(graph: ImportGraph): string[] {
  const wrong: string[] = []
  for (const [file, imports] of graph) {
    const from = folderOf(file)
    for (const target of imports) {
      const to = folderOf(target)
      if (from !== to && levelOf(to) >= levelOf(from)) wrong.push(`${file} → ${target} (${from} may not import ${to})`)
    }
  }
  return wrong
}

/** Files that import each other, directly or through others (Tarjan's strongly connected components). */
function circles(graph: ImportGraph): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (file: string): void => {
    index.set(file, next)
    low.set(file, next++)
    stack.push(file)
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue
      if (!index.has(target)) {
        visit(target)
        low.set(file, Math.min(low.get(file)!, low.get(target)!))
      } else if (stack.includes(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!))
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = []
      let member: string
      do component.push((member = stack.pop()!))
      while (member !== file)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const file of graph.keys()) if (!index.has(file)) visit(file)
  return found
}

describe('the layers of src/', () => {
  const graph = importGraph()

  it('names every folder of src/ in one layer', () => {
    const folders = new Set([...graph.keys()].map(folderOf))
    expect([...folders].filter((folder) => levelOf(folder) < 0)).toEqual([])
    expect(LAYERS.flat().filter((folder) => !folders.has(folder))).toEqual([])
  })

  it('finds every import it should see', () => {
    expect(graph.get(join('server', 'server.ts'))).toContain('app.ts')
    expect(graph.get(join('articles', 'attribution.ts'))).toContain(join('i18n', 'words.ts'))
    expect(graph.size).toBeGreaterThan(150)
  })

  it('has no import to a layer above or beside', () => {
    expect(wrongWayImports(graph)).toEqual([])
  })

  it('has no files that import each other in a circle', () => {
    expect(circles(graph).map((c) => c.join(' ⇄ '))).toEqual([])
  })

  it('would fail on an upward import, a peer import or a circle', () => {
    const planted = new Map(graph)
    planted.set(join('text', 'escape-html.ts'), [join('resources', 'resources.ts')])
    planted.set(join('pages', 'opml.ts'), [join('sitemaps', 'sitemap.ts')])
    expect(wrongWayImports(planted).sort()).toEqual([
      expect.stringContaining('pages may not import sitemaps'),
      expect.stringContaining('text may not import resources'),
    ])
    planted.set(join('model', 'archives.ts'), [join('model', 'paths.ts')])
    expect(circles(planted)).toContainEqual([join('model', 'archives.ts'), join('model', 'paths.ts')])
  })
})

describe('the import graph reader', () => {
  it('sees type-only, dynamic and re-exported imports', () => {
    const { importedFiles } = ts.preProcessFile(
      "import type { A } from './a.ts'\nconst b = await import('./b.ts')\nexport { c } from './c.ts'",
      true,
      true,
    )
    expect(importedFiles.map((file) => file.fileName)).toEqual(['./a.ts', './b.ts', './c.ts'])
  })
})
