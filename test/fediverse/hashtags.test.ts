/** Tags as hashtags that Mastodon links: letters, digits and underscores, with a letter. */
import { describe, expect, it } from 'vitest'
import { hashtagName } from '../../src/fediverse/hashtags.ts'

/** Mastodon's rule for a hashtag's name, as its `Tag::HASHTAG_NAME_RE` applies it to a whole name. */
const MASTODON_NAME = /^[\p{L}\p{M}\p{N}_]*\p{L}[\p{L}\p{M}\p{N}_]*$/u

describe('hashtagName', () => {
  it('joins a tag’s words, each capitalised', () => {
    expect(hashtagName('Ukraine war')).toBe('#UkraineWar')
    expect(hashtagName('Climate & Energy')).toBe('#ClimateEnergy')
    expect(hashtagName('covid-19 vaccines')).toBe('#Covid19Vaccines')
    expect(hashtagName('Rail')).toBe('#Rail')
  })

  it('keeps letters of every script, and their marks', () => {
    expect(hashtagName('Залізниця')).toBe('#Залізниця')
    expect(hashtagName('війна в Україні')).toBe('#ВійнаВУкраїні')
    expect(hashtagName('東京')).toBe('#東京')
    expect(hashtagName('الأمن المائي')).toBe('#الأمنالمائي')
    expect(hashtagName('हिन्दी भाषा')).toBe('#हिन्दीभाषा')
  })

  it('gives no hashtag to a tag without a letter', () => {
    expect(hashtagName('2024')).toBeUndefined()
    expect(hashtagName('—')).toBeUndefined()
  })

  it('makes only names Mastodon accepts', () => {
    for (const tag of ['Ukraine war', 'Climate & Energy', 'Польща', 'État d’urgence', 'C++', 'a_b c', '東京 2020']) {
      expect(hashtagName(tag)?.slice(1)).toMatch(MASTODON_NAME)
    }
  })
})
