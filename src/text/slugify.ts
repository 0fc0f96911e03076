/** Readable, URL-safe slugs for names in any script (feed-set URLs such as /tags/{slug}/). */

// Cyrillic (Ukrainian national transliteration, extended for Russian and Belarusian) and Greek.
const TRANSLITERATION: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia',
  ё: 'io',
  ъ: '',
  ы: 'y',
  э: 'e',
  ў: 'u',
  '’': '',
  "'": '',
  ʼ: '',
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ð: 'd',
}

/**
 * "Le Monde" → "le-monde", "Україна" → "ukraina", "Zoë Weiß" → "zoe-weiss". Letters of scripts
 * without a table (Arabic, CJK, …) are kept as they are: a percent-encoded but readable IRI
 * beats an empty or meaningless slug.
 */
export function slugify(name: string): string {
  const lower = name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
  let out = ''
  for (const ch of lower) out += TRANSLITERATION[ch] ?? ch
  return out.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '')
}

/**
 * Slugs for a set of names, unique among them. When two names share a slug, the one that
 * appeared first (in `names` order: pass them oldest first) keeps it, so existing URLs stay put;
 * the others get a short stable suffix derived from the name itself.
 */
export function assignSlugs(names: readonly string[]): Map<string, string> {
  const slugs = new Map<string, string>()
  const taken = new Set<string>()
  for (const name of names) {
    if (slugs.has(name)) continue
    const base = slugify(name) || shortHash(name)
    let slug = base
    if (taken.has(slug)) slug = `${base}-${shortHash(name)}`
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${shortHash(name)}-${n}`
    slugs.set(name, slug)
    taken.add(slug)
  }
  return slugs
}

/** FNV-1a, 32 bits, as 6 base-36 digits: stable across runs and runtimes. */
export function shortHash(value: string): string {
  let hash = 0x811c9dc5
  for (const unit of new TextEncoder().encode(value)) {
    hash ^= unit
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(36).padStart(6, '0').slice(-6)
}
