/**
 * A small Arabic translation beside its English sibling, on an English site: the right-to-left
 * checks' fixture. The Arabic is plain news prose; the translator's name and the tag are Latin.
 */

import type { ArticleSource } from '../../src/articles/collection.ts'
import type { SiteSettings } from '../../src/settings/schema.ts'
import { appFor, articleFile, makeSite } from './fixtures.ts'

export const ARABIC_TITLE = 'عودة قطارات الليل إلى أوروبا'
export const TRANSLATOR = 'Samir Haddad'

const ORIGINAL = {
  publication: { name: 'Le Monde', url: 'https://www.lemonde.fr/' },
  url: 'https://www.lemonde.fr/economie/article/2026/03/02/trains-de-nuit.html',
  title: 'Le retour des trains de nuit',
  language: 'fr',
  authors: ['Jean Dupont'],
  date: '2026-03-02',
}

const ARABIC_BODY = `عادت قطارات الليل إلى محطات أوروبا بعد غياب طويل، وامتلأت مقصوراتها من جديد.

يقول المسافرون إنهم يفضلون النوم في الطريق:

- أقل تكلفة من ليلة في الفندق
- أقل تلوثًا من الطائرة
`

/** Arabic credit wording, as a newsroom could give it in `[credit.ar]` (the built-in catalogue words it the same). */
export const ARABIC_CREDIT = {
  locale: 'ar',
  translatedFrom: 'اللغة الأصلية: {language}.',
  translatedFromBy: 'اللغة الأصلية: {language}. ترجمة: {translators}.',
  original: 'الأصل: {work}.',
  by: 'بقلم {authors}',
}

export function arabicSite(overrides: Partial<SiteSettings> = {}): SiteSettings {
  return makeSite(overrides)
}

/**
 * The Arabic article (`qitarat.md`) and its English sibling (`night-trains.md`), as files;
 * `language` to say the right-to-left article is in another language of the Arabic script
 * (Persian, `fa`, has no message catalogue of its own).
 */
export function arabicArticleFiles(language = 'ar'): ArticleSource[] {
  return [
    {
      file: 'qitarat.md',
      source: articleFile(
        {
          title: ARABIC_TITLE,
          date: '2026-03-04 09:00',
          language,
          summary: 'شركات السكك الحديدية تعيد تشغيل الخطوط الليلية بين العواصم.',
          tags: ['Transport'],
          translators: [{ name: TRANSLATOR }],
          original: ORIGINAL,
        },
        ARABIC_BODY,
      ),
    },
    {
      file: 'night-trains.md',
      source: articleFile({
        title: 'Night trains return to Europe',
        date: '2026-03-03 09:00',
        // Said, not left to the site's language: on an Arabic site it would be a second Arabic translation.
        language: 'en',
        summary: 'Rail companies restart night lines between capitals.',
        tags: ['Transport'],
        translators: [{ name: 'Jane Doe' }],
        original: ORIGINAL,
      }),
    },
  ]
}

/** The English site with the Arabic article and its English sibling; `site` to change settings. */
export function arabicArticles(site: SiteSettings = arabicSite(), language = 'ar') {
  return appFor(arabicArticleFiles(language), site)
}

/** The same site, with Arabic credit wording: the whole credit block in Arabic. */
export function withArabicCredit(): SiteSettings {
  return arabicSite({ credit: { ar: ARABIC_CREDIT } })
}
