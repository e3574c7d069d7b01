import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { LOCALES, type Locale } from '../../../shared/i18n/locales.js';
import { en, type UiStrings } from './en.js';
import { zhCN } from './zh-CN.js';
import { zhTW } from './zh-TW.js';

export type { UiStrings } from './en.js';

const STRINGS: Record<Locale, UiStrings> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

/** Each language named in itself, so a user can find theirs whatever the pane shows. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文' };

export const isLocale = (value: unknown): value is Locale => (LOCALES as readonly unknown[]).includes(value);

export interface I18n {
  locale: Locale;
  t: UiStrings;
  /** A count with the locale's grouping (12,345). */
  count(n: number): string;
  percent(rate: number): string;
}

export function i18nFor(locale: Locale): I18n {
  const integer = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return { locale, t: STRINGS[locale], count: (n) => integer.format(n), percent: (rate) => percent.format(rate) };
}

const I18nContext = createContext<I18n>(i18nFor('en'));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const value = useMemo(() => i18nFor(locale), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export const useI18n = (): I18n => useContext(I18nContext);
