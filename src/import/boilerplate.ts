/**
 * Site boilerplate in raw copy: whole lines that belong to the web page a text was pasted from
 * (error-reporting widgets, "see more" buttons, share links), never to the article.
 */

/**
 * Each pattern must match a whole line (after trimming), case-insensitively. English, French,
 * Ukrainian and Russian forms, since copy reaches the newsroom from sites in all four.
 */
export const DEFAULT_BOILERPLATE: readonly RegExp[] = [
  // The Orphus spelling-error widget: "Система Orphus", "Orphus system".
  /^.{0,40}\borphus\b.{0,40}$/iu,
  // "If you find an error, highlight the desired text and press Ctrl + Enter, to tell about it",
  // "Якщо ви помітили помилку, виділіть … Ctrl+Enter", "… Ctrl + Entrée".
  /^.{0,200}\bctrl\s*\+\s*(?:enter|entr[ée]e).{0,120}$/iu,
  /^(?:see|read|show|load|view) more\.?$/iu,
  /^(?:voir plus|lire la suite|en savoir plus|afficher plus)\.?$/iu,
  /^(?:читати далі|читати більше|детальніше|дивитися більше|показати більше|більше новин)\.?$/iu,
  /^(?:читать далее|подробнее|смотреть больше|показать больше|больше новостей)\.?$/iu,
  /^(?:share|tweet|print|email|advertisement|publicité|реклама|поділитися|поделиться|partager)$/iu,
  // "Subscribe to our Telegram channel", "Підписуйтеся на наш канал у Telegram".
  /^(?:subscribe|abonnez-vous|підпис\p{L}*|подпис\p{L}*)\s.{0,100}?(?:telegram|facebook|twitter|youtube|instagram|newsletter|channel|chaîne|канал).{0,40}$/iu,
]

export class BoilerplateListError extends Error {
  override name = 'BoilerplateListError'
}

/**
 * Reads a newsroom's own list: one pattern a line; `#` starts a comment line. `/…/flags` is a
 * regular expression that must match the whole trimmed line (add `^…$` yourself); anything
 * else is a literal line, compared without regard to case.
 *
 * @param origin named in error messages, e.g. the file the list came from
 * @throws BoilerplateListError naming the line of an invalid regular expression
 */
export function parseBoilerplateList(text: string, origin: string): RegExp[] {
  const patterns: RegExp[] = []
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n?|\n/)
    .forEach((raw, i) => {
      const line = raw.trim()
      if (line === '' || line.startsWith('#')) return
      const literal = /^\/(.+)\/([a-z]*)$/.exec(line)
      if (!literal) {
        patterns.push(new RegExp(`^${escapeRegExp(line)}$`, 'iu'))
        return
      }
      try {
        patterns.push(new RegExp(literal[1]!, literal[2]!.includes('i') ? literal[2] : `${literal[2]}i`))
      } catch (cause) {
        throw new BoilerplateListError(`${origin}:${i + 1}: "${line}" is not a valid regular expression (${(cause as Error).message})`, {
          cause,
        })
      }
    })
  return patterns
}

export function isBoilerplate(line: string, patterns: readonly RegExp[]): boolean {
  const trimmed = line.trim()
  return patterns.some((p) => {
    p.lastIndex = 0
    return p.test(trimmed)
  })
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
