/**
 * Mistakes in the settings file, as someone editing `bylines.toml` makes them: each names the
 * file, the line to change and the setting, and says the fix. TOML's own trap first: a top-level
 * setting written below a `[table]` header is read as that table's.
 */
import { describe, expect, it } from 'vitest'
import { resolveSettings } from '../src/settings/resolve.ts'
import { parseSettingsFile } from '../src/settings/settings-file.ts'
import { SettingsError } from '../src/settings/values.ts'

/** The message `bylines.toml` gets, from reading the file through to checking every setting. */
function messageFor(text: string): string {
  try {
    resolveSettings({ file: parseSettingsFile('bylines.toml', text) })
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError)
    return (error as Error).message
  }
  throw new Error('the settings were accepted')
}

describe('a top-level setting written below a [table] header', () => {
  it('is reported as inside that table, with the line of its header, and told to move up', () => {
    const text = ['title = "News"', '', '[[navigation]]', 'label = "About"', 'url = "/about"', 'footer = "© News"', ''].join('\n')
    expect(messageFor(text)).toBe(
      'bylines.toml:6 navigation[0].footer: footer is inside the [[navigation]] table opened on line 3; top-level settings go above the first [table] (line 3) — move it up',
    )
  })

  it('names the header the setting falls under, not the first one', () => {
    const text = ['[defaultAuthor]', 'name = "Desk"', '', '[cache]', 'maxAge = 60', 'websubHub = "https://hub.example/"', ''].join('\n')
    expect(messageFor(text)).toBe(
      'bylines.toml:6 cache.websubHub: websubHub is inside the [cache] table opened on line 4; top-level settings go above the first [table] (line 1) — move it up',
    )
  })

  it("when the table has a key of that name already, says which is likely the site's", () => {
    const text = ['[[navigation]]', 'label = "About"', 'url = "/about"', 'url = "https://news.example.org/"', ''].join('\n')
    expect(messageFor(text)).toBe(
      "bylines.toml:4 navigation[0].url: url is set twice in the [[navigation]] table opened on line 1 (first on line 3); if this one is the site's own url, top-level settings go above the first [table] (line 1) — move it up",
    )
  })

  it('leaves a key that is no setting at all to the usual message', () => {
    expect(messageFor('[cache]\nmaxAg = 60\n')).toBe(
      'bylines.toml:2 cache.maxAg: is not a known field; expected maxAge, sharedMaxAge, staleWhileRevalidate, archiveMaxAge, publicMaxAge',
    )
  })
})

describe('a settings file that is not TOML', () => {
  it.each([
    ['text without quotes', 'title = My news\n', 1, 'title', 'put text in quotes: title = "My news"'],
    [
      'a URL without quotes',
      'language = "en"\nurl = https://news.example.org/\n',
      2,
      'url',
      'put text in quotes: url = "https://news.example.org/"',
    ],
    ['text without quotes, then a comment', 'title = My news # the masthead\n', 1, 'title', 'put text in quotes: title = "My news"'],
    [
      'a double quote left open',
      'title = "My news\nlanguage = "en"\n',
      1,
      'title',
      'the " that opens this value is not closed on this line; close the quote: title = "My news"',
    ],
    [
      'a single quote that is an apostrophe',
      "title = 'Twas news\n",
      1,
      'title',
      `put the whole value in double quotes: title = "'Twas news"`,
    ],
    [
      'a text block left open',
      'description = """Our news\nlanguage = "en"\n',
      1,
      'description',
      'the """ that opens this text is never closed; end the text with """',
    ],
    [
      'quotes inside quotes',
      'title = "The "Daily" news"\n',
      1,
      'title',
      `text follows the closing quote; put the whole value in one pair of quotes: title = 'The "Daily" news'`,
    ],
    ['curly quotes', 'title = “My news”\n', 1, 'title', 'curly quotes are not quotes to TOML; use straight ones: title = "My news"'],
    [
      'a colon for the equals sign',
      'language = "en"\ntitle: My news\n',
      2,
      'title',
      'TOML sets a value with "=", not ":"; write title = "My news"',
    ],
    ['no equals sign', 'title "My news"\n', 1, 'title', 'there is no "=" between the name and its value; write title = "My news"'],
    ['a name alone', 'title\n', 1, 'title', 'title has no "=" and no value; write title = "…"'],
    ['a key set twice', 'title = "A"\nlanguage = "en"\ntitle = "B"\n', 3, 'title', 'title is set twice (first on line 1); keep one'],
    [
      'a table opened twice',
      '[cache]\nmaxAge = 60\n\n[cache]\narchiveMaxAge = 600\n',
      4,
      'cache',
      'the [cache] table is opened twice (first on line 1); put its settings under one [cache] header',
    ],
    [
      'a header left open',
      'title = "News"\n[cache\nmaxAge = 60\n',
      2,
      undefined,
      "the [ that opens this table's name is not closed; write [cache]",
    ],
    [
      'a list left open',
      'feedSets = ["tags", "publications"\ntitle = "News"\n',
      1,
      'feedSets',
      'the [ that opens this list is not closed; end the list with ]',
    ],
  ])('%s', (_name, text, line, field, fix) => {
    const message = messageFor(text)
    expect(message.split('\n')).toHaveLength(1)
    expect(message.startsWith(`bylines.toml:${line}${field ? ` ${field}` : ''}: `)).toBe(true)
    expect(message).toContain(fix)
    // The parser's grammar is left out where the mistake is known.
    expect(message).not.toMatch(/not valid TOML|Invalid TOML document/)
  })
})
