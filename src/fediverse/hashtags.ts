/**
 * A tag as a Fediverse hashtag. Mastodon links a hashtag only when its name is letters, digits
 * and underscores with at least one letter (its `Tag::HASHTAG_NAME_RE`), and drops the others
 * from a post it receives; so every tag is made into such a name, in its own script.
 */

/** Runs of letters (with their combining marks) and digits: what a hashtag keeps of a tag. */
const WORD = /[\p{L}\p{M}\p{N}_]+/gu
const LETTER = /\p{L}/u

/**
 * The hashtag of a tag, `#` included: its words joined, each beginning with a capital where its
 * script has one, which screen readers and people read as words ("Ukraine war" → `#UkraineWar`, "Climate & Energy" →
 * `#ClimateEnergy`, "Залізниця" → `#Залізниця`). Undefined for a tag with no letter ("2024"),
 * which no Mastodon server would link.
 */
export function hashtagName(tag: string): string | undefined {
  const words = tag.match(WORD) ?? []
  const name = words.map(capitalise).join('')
  return LETTER.test(name) ? `#${name}` : undefined
}

function capitalise(word: string): string {
  const [first = '', ...rest] = word
  return first.toUpperCase() + rest.join('')
}
