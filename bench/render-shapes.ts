/**
 * `node --import tsx bench/render-shapes.ts`: what it costs to read and render bodies built to be
 * slow (issue #19), against a plain article of the same size: the check a body gets when its file
 * is read (when there is one: run at an older commit, the script times the render alone) and its
 * render, each shape three times, best wall and CPU time. The figures in docs/decisions.md
 * ("Article bodies: nesting bounded before the sanitiser") come from it.
 */
import * as markdown from '../src/text/markdown.ts'

const SHAPES: Record<string, string> = {
  "the issue's `_`×200,000 + `a` + `_`×200,000": '_'.repeat(200_000) + 'a' + '_'.repeat(200_000),
  '`*`×200,000 + `a` + `*`×200,000': '*'.repeat(200_000) + 'a' + '*'.repeat(200_000),
  '`*a `×66,000 + `b* `×66,000': '*a '.repeat(66_000) + 'b* '.repeat(66_000),
  '`<b>`×133,000': 'Text ' + '<b>'.repeat(133_000),
  '`<div>`×66,000 (one line each)': '<div>\n'.repeat(66_000),
  '`*a**`×50,000': '*a**'.repeat(50_000),
  'plain prose, 400 KB': 'Some *plain* text, with a [link](https://example.org/) and _emphasis_.\n\n'.repeat(5_556),
}

/** Absent before the check existed: the script then times what the old code did, the render. */
const check = (markdown as { findBodyProblem?: (body: string) => unknown }).findBodyProblem

function once(body: string): { wallMs: number; cpuMs: number; outcome: string } {
  const started = performance.now()
  const cpu = process.cpuUsage()
  let outcome = 'rendered'
  try {
    if (check?.(body)) outcome = 'refused'
    else markdown.renderMarkdown(body, 'https://news.example.org/articles/a/', 'https://news.example.org/')
  } catch (error) {
    outcome = `thrown: ${(error as Error).message}`
  }
  const used = process.cpuUsage(cpu)
  return { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, outcome }
}

console.log(`| body | outcome | wall ms | CPU ms |\n| --- | --- | --- | --- |`)
for (const [name, body] of Object.entries(SHAPES)) {
  const runs = [once(body), once(body), once(body)]
  const best = (key: 'wallMs' | 'cpuMs') => Math.min(...runs.map((run) => run[key])).toFixed(0)
  console.log(`| ${name} | ${runs[0]!.outcome} | ${best('wallMs')} | ${best('cpuMs')} |`)
}
