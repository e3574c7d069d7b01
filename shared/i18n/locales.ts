/** The UI languages: English, Simplified and Traditional Chinese (many operators are cross-border sellers in China). */
export const LOCALES = ['en', 'zh-CN', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];

/** Office's display language (e.g. "zh-HK", "en-GB") → one of ours; Traditional for TW/HK/MO, English otherwise. */
export function localeFor(displayLanguage: string | undefined): Locale {
  const tag = (displayLanguage ?? '').toLowerCase();
  if (!tag.startsWith('zh')) return 'en';
  return /^zh-(tw|hk|mo)|^zh-hant/.test(tag) ? 'zh-TW' : 'zh-CN';
}
