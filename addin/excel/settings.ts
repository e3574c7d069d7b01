import { CANONICAL_COLUMNS, type CanonicalColumn } from '../../shared/columns/canonical.js';
import { LOCALES, localeFor, type Locale } from '../../shared/i18n/locales.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import type { WorkbookSettings } from './host.js';

/**
 * What the add-in remembers in the workbook itself (Office document settings), so every colleague who
 * opens it flags it the same way: the column mapping per sheet, the date-system override, and the
 * workbook's language (the team's: the status columns and the dashboard are written in it).
 * Per-user preferences (policy, language) belong in roaming settings, not here.
 */
const MAPPING_KEY = 'atoz.columnMapping';
const DATE_SYSTEM_KEY = 'atoz.dateSystem';
const LANGUAGE_KEY = 'atoz.sheetLanguage';

export type ColumnOverrides = Partial<Record<CanonicalColumn, string>>;

const isColumn = (key: string): key is CanonicalColumn => Object.hasOwn(CANONICAL_COLUMNS, key);

function allMappings(settings: WorkbookSettings): Record<string, ColumnOverrides> {
  const stored = settings.get(MAPPING_KEY);
  return stored && typeof stored === 'object' ? (stored as Record<string, ColumnOverrides>) : {};
}

/** The picker's choices for a sheet (canonical column → header text); only valid entries survive. */
export function loadColumnMapping(settings: WorkbookSettings, sheetName: string): ColumnOverrides {
  const entry = allMappings(settings)[sheetName];
  if (!entry || typeof entry !== 'object') return {};
  return Object.fromEntries(Object.entries(entry).filter(([key, header]) => isColumn(key) && typeof header === 'string' && header !== ''));
}

export async function saveColumnMapping(settings: WorkbookSettings, sheetName: string, overrides: ColumnOverrides): Promise<void> {
  settings.set(MAPPING_KEY, { ...allMappings(settings), [sheetName]: overrides });
  await settings.save();
}

/** The user's date-system choice for this workbook, if any (else it is detected). */
export function loadDateSystemOverride(settings: WorkbookSettings): ExcelDateSystem | undefined {
  const value = settings.get(DATE_SYSTEM_KEY);
  return value === 1900 || value === 1904 ? value : undefined;
}

export async function saveDateSystemOverride(settings: WorkbookSettings, system: ExcelDateSystem | undefined): Promise<void> {
  settings.set(DATE_SYSTEM_KEY, system ?? null);
  await settings.save();
}

/** The workbook's language, if one was chosen or set by a first flagging. */
export function loadSheetLanguage(settings: WorkbookSettings): Locale | undefined {
  const value = settings.get(LANGUAGE_KEY);
  return (LOCALES as readonly unknown[]).includes(value) ? (value as Locale) : undefined;
}

export async function saveSheetLanguage(settings: WorkbookSettings, language: Locale): Promise<void> {
  settings.set(LANGUAGE_KEY, language);
  await settings.save();
}

/**
 * The language to flag in: the caller's choice, else the workbook's, else (the first time a workbook is
 * flagged) Office's display language. Whatever it is becomes the workbook's, so colleagues flag alike.
 */
export async function settleSheetLanguage(settings: WorkbookSettings, chosen: Locale | undefined, displayLanguage: string | undefined): Promise<Locale> {
  const stored = loadSheetLanguage(settings);
  const language = chosen ?? stored ?? localeFor(displayLanguage);
  if (language !== stored) await saveSheetLanguage(settings, language);
  return language;
}
