import { CANONICAL_COLUMNS, type CanonicalColumn } from '../../shared/columns/canonical.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import type { WorkbookSettings } from './host.js';

/**
 * What the add-in remembers in the workbook itself (Office document settings), so every colleague who
 * opens it flags it the same way: the column mapping per sheet and the date-system override.
 * Per-user preferences (policy, language) belong in roaming settings, not here.
 */
const MAPPING_KEY = 'atoz.columnMapping';
const DATE_SYSTEM_KEY = 'atoz.dateSystem';

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
