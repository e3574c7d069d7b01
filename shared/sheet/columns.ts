/**
 * The columns written beside an order sheet's own data: the statuses an operator reads (as of the
 * moment of flagging) and hidden helper columns that the live conditional formats and the dashboard's
 * formulas compare with NOW(). Both renderers (Office.js, exceljs) place exactly these, in this order.
 */

import { COLUMN_HEADERS, COLUMN_HELP, DATE_FORMATS, HELPER_SUFFIX } from '../i18n/sheet-text.js';
import type { Locale } from '../i18n/locales.js';

export type ColumnKind = 'text' | 'date' | 'datetime' | 'flag';

export interface SheetColumnSpec {
  key: SheetColumnKey;
  /** The header cell; the add-in finds its earlier columns again by these exact headers. */
  header: string;
  kind: ColumnKind;
  hidden: boolean;
  /** Character width for renderers that set one. */
  width: number;
  /** What the column holds, in the sheet's language (the dashboard's column guide). */
  about: string;
}

export const STATUS_KEYS = [
  'delivery',
  'eligibility',
  'eligibilityReasons',
  'claimWindowLastDay',
  'response',
  'responseDue',
  'appeal',
  'appealLastDay',
  'odrDefect',
  'nextAction',
  'rowErrors',
] as const;

export const HELPER_KEYS = [
  'atRiskFrom',
  'lateFrom',
  'openClaimDue',
  'eligibleUntil',
  'appealClosesAt',
  'odrFrom',
  'odrUntil',
  'odrOrder',
  'odrDefectOrder',
  'odrChannel',
  'claimStatus',
  'claimReason',
] as const;

export type StatusKey = (typeof STATUS_KEYS)[number];
export type HelperKey = (typeof HELPER_KEYS)[number];
export type SheetColumnKey = StatusKey | HelperKey;

const visible = (key: StatusKey, kind: ColumnKind, width: number) => ({ key, kind, hidden: false, width });
const helper = (key: HelperKey, kind: ColumnKind) => ({ key, kind, hidden: true, width: 12 });

/** The columns without their words (those come in the sheet's language from shared/i18n/sheet-text.ts). */
const COLUMN_SHAPES: readonly Omit<SheetColumnSpec, 'header' | 'about'>[] = [
  visible('delivery', 'text', 18), // docs/rules.md §2 state as of flagging
  visible('eligibility', 'text', 12), // §3 eligible / ineligible as of flagging
  visible('eligibilityReasons', 'text', 24), // §3 reasons
  visible('claimWindowLastDay', 'date', 14), // §3 last day a claim can stand (marketplace calendar)
  visible('response', 'text', 14), // §4 state as of flagging
  visible('responseDue', 'datetime', 17), // §4 claim + response window, on the sheet clock
  visible('appeal', 'text', 10), // §5 state as of flagging
  visible('appealLastDay', 'date', 14), // §5 decision day + appeal window (marketplace calendar)
  visible('odrDefect', 'text', 10), // §6 yes / no for this line
  visible('nextAction', 'text', 22), // §7 as of flagging
  visible('rowErrors', 'text', 30), // bad cells of a row that could not be evaluated
  helper('atRiskFrom', 'datetime'), // not delivered: 00:00 of the day after max EDD (marketplace), sheet clock
  helper('lateFrom', 'datetime'), // not delivered: 00:00 of the first late day (max EDD + grace, or the age cap), sheet clock
  helper('openClaimDue', 'datetime'), // open claim without a response: its due instant, sheet clock
  helper('eligibleUntil', 'datetime'), // eligible row: when the claim window closes (9999-12-31 if never), sheet clock
  helper('appealClosesAt', 'datetime'), // appealable decision not yet appealed: 00:00 after the last appeal day, sheet clock
  helper('odrFrom', 'datetime'), // ODR line: when its purchase day enters the window (purchase + lag), sheet clock
  helper('odrUntil', 'datetime'), // ODR line: when its purchase day leaves the window, sheet clock
  helper('odrOrder', 'flag'), // 1 on the first counted line of each order (an order counts once)
  helper('odrDefectOrder', 'flag'), // 1 on the first defective counted line of each order
  helper('odrChannel', 'text'), // AFN or MFN: the order's fulfilment as the ODR splits it
  helper('claimStatus', 'text'), // claim status code (open when filed without one)
  helper('claimReason', 'text'), // claim reason code (unspecified when filed without one)
];

/** A column's header in a language: helpers carry a suffix so they never pass for report data. */
export function columnHeader(key: SheetColumnKey, language: Locale): string {
  const header = COLUMN_HEADERS[key][language];
  return (HELPER_KEYS as readonly string[]).includes(key) ? `${header}${HELPER_SUFFIX[language]}` : header;
}

const byLanguage = new Map<Locale, readonly SheetColumnSpec[]>();

/** The plan's columns with their headers and help in the sheet's language, in sheet order. */
export function sheetColumns(language: Locale): readonly SheetColumnSpec[] {
  let columns = byLanguage.get(language);
  if (!columns) {
    columns = COLUMN_SHAPES.map((shape) => ({ ...shape, header: columnHeader(shape.key, language), about: COLUMN_HELP[shape.key][language] }));
    byLanguage.set(language, columns);
  }
  return columns;
}

/** The columns in English (the default language). */
export const SHEET_COLUMNS: readonly SheetColumnSpec[] = sheetColumns('en');

/** Number format codes (the invariant form both Office.js `numberFormat` and exceljs `numFmt` take). */
export const NUMBER_FORMATS: Record<ColumnKind, string> = {
  text: '@',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  flag: '0',
};

export const SHEET_HEADERS: readonly string[] = SHEET_COLUMNS.map((c) => c.header);

/** Number formats in a sheet language: the date columns take the language's date format. */
export function numberFormats(language: Locale): Record<ColumnKind, string> {
  return { ...NUMBER_FORMATS, ...DATE_FORMATS[language] };
}

export function columnSpec(key: SheetColumnKey): SheetColumnSpec {
  return SHEET_COLUMNS.find((c) => c.key === key)!;
}
