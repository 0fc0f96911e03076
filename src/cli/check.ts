/** `npm run check`: validates every article and prints every problem; exits 1 on any error. */
import { formatProblem } from '../articles/problems.ts'
import { loadSite } from '../node/load-site.ts'

const { collection, site } = await loadSite(process.env)
const errors = collection.problems.filter((p) => p.severity === 'error')
const warnings = collection.problems.filter((p) => p.severity === 'warning')

for (const problem of collection.problems) {
  const line = `${problem.severity}: ${formatProblem(problem)}`
  if (problem.severity === 'error') console.error(line)
  else console.warn(line)
}
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`
console.log(
  `${site.articlesDir}: ${count(collection.articles.length, 'article')} ready, ` +
    `${count(errors.length, 'error')}, ${count(warnings.length, 'warning')}`,
)
process.exitCode = errors.length > 0 ? 1 : 0
