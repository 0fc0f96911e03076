/** An article whose every field from the newsroom carries a direction control it never closes. */
import { appFor, articleFile, fullTranslation, ownReporting } from './fixtures.ts'

export const LRE = '\u202A'
export const RLE = '\u202B'
export const PDF = '\u202C'
export const LRO = '\u202D'
export const RLO = '\u202E'
export const LRI = '\u2066'
export const RLI = '\u2067'
export const FSI = '\u2068'
export const PDI = '\u2069'

/** The fields of one hostile translation, each with a control it never closes. */
export const HOSTILE = {
  title: `Title ${RLO}reversed`,
  author: `Jean ${LRI}Dupont`,
  publication: `Le ${RLO}Monde`,
  originalTitle: `La guerre ${PDI}${RLO}stray`,
  translator: `Jane ${RLO}Doe`,
  tag: `Fr${RLO}ance`,
  summary: `A summary ${RLO}that overrides`,
  caption: `A caption ${RLI}isolated`,
  credit: `Photo ${RLO}credit`,
  alt: `Alt ${RLO}text`,
  rights: `Rights ${RLO}reserved`,
  related: `Related ${RLO}piece`,
}

export function hostileArticles() {
  const base = fullTranslation()
  const original = base.original as Record<string, unknown>
  return appFor([
    {
      file: 'hostile.md',
      source: articleFile({
        ...base,
        title: HOSTILE.title,
        summary: HOSTILE.summary,
        tags: [HOSTILE.tag, 'Russia'],
        translators: [{ name: HOSTILE.translator, url: 'https://example.org/people/jane-doe' }],
        rights: HOSTILE.rights,
        image: { url: 'https://news.example.org/media/war.jpg', alt: HOSTILE.alt, caption: HOSTILE.caption, credit: HOSTILE.credit },
        related: [{ title: HOSTILE.related, url: 'https://example.org/related' }],
        original: {
          ...original,
          title: HOSTILE.originalTitle,
          authors: [HOSTILE.author],
          publication: { name: HOSTILE.publication, url: 'https://www.lemonde.fr/' },
        },
      }),
    },
    // A title in a right-to-left script: no control at all, still isolated.
    { file: 'cisterns.md', source: articleFile(ownReporting({ title: 'قرية تُحيي صهاريجها', date: '2020-02-01 10:00', tags: ['Water'] })) },
  ])
}
