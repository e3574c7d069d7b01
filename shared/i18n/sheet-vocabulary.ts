import { normalizeName } from '../columns/normalize.js';
// Types only: the state lists come from the label tables, so this module loads no zod schema (the worker
// extends zod for OpenAPI before its schemas are built, and the add-in's imports must not get there first).
import type { EligibilityReason } from '../schemas/statuses.js';
import { HELPER_KEYS, STATUS_KEYS, type SheetColumnKey } from '../sheet/columns.js';
import { columnHeader } from '../sheet/columns.js';
import { LOCALES, type Locale } from './locales.js';
import { HELPER_SUFFIX, LIST_SEPARATOR, YES_NO } from './sheet-text.js';
import { APPEAL_LABELS, DELIVERY_LABELS, ELIGIBILITY_LABELS, NEXT_ACTION_TEXT, REASON_LABELS, RESPONSE_LABELS } from './status-labels.js';

/**
 * The sheet's words read and written in any of the three languages: our column headers and the
 * values of the status columns. Writing takes the workbook's language; reading accepts en, zh-CN,
 * zh-TW and the bare codes (sheets flagged before the sheet spoke languages), so sync, row help and
 * re-flagging work whatever language a sheet was flagged in.
 */

/** The status columns whose cells hold one state. */
export type ValuedColumn = 'delivery' | 'eligibility' | 'response' | 'appeal' | 'odrDefect' | 'nextAction';

const VALUES: Record<ValuedColumn, Record<string, Record<Locale, string>>> = {
  delivery: DELIVERY_LABELS,
  eligibility: ELIGIBILITY_LABELS,
  response: RESPONSE_LABELS,
  appeal: APPEAL_LABELS,
  odrDefect: YES_NO,
  nextAction: Object.fromEntries(
    Object.entries(NEXT_ACTION_TEXT).map(([action, text]) => [action, Object.fromEntries(LOCALES.map((l) => [l, text[l].label])) as Record<Locale, string>]),
  ),
};
const ELIGIBILITY_REASONS = Object.keys(REASON_LABELS) as EligibilityReason[];

/**
 * Words earlier versions wrote and no longer write (the wording review, docs/languages.md): still read,
 * so sync, row help and re-flag understand a sheet flagged before the change. Never written.
 */
const FORMER_VALUES: Partial<Record<ValuedColumn, Record<string, readonly string[]>>> = {
  eligibility: { eligible: ['可被索赔', '可被索賠'] },
};
const FORMER_REASONS: Partial<Record<EligibilityReason, readonly string[]>> = {
  chargeback: ['買家已提出信用卡爭議款'],
};

/** How a state reads in a column of a sheet in `language`. */
export function sheetValue(column: ValuedColumn, code: string, language: Locale): string {
  return VALUES[column][code]?.[language] ?? code;
}

/** Every label a column's cells can hold in `language` (for widths and tests). */
export function sheetValues(column: ValuedColumn, language: Locale): string[] {
  return Object.values(VALUES[column]).map((labels) => labels[language]);
}

/** The reasons of a row, joined as a cell in `language`. */
export function sheetReasons(reasons: readonly EligibilityReason[], language: Locale): string {
  return reasons.map((r) => REASON_LABELS[r][language]).join(LIST_SEPARATOR[language]);
}

const lookup = <T>(entries: Iterable<[string, T]>) => {
  const map = new Map<string, T>();
  for (const [text, value] of entries) map.set(normalizeName(text), value);
  return map;
};

const valueLookup = Object.fromEntries(
  (Object.keys(VALUES) as ValuedColumn[]).map((column) => [
    column,
    lookup(
      Object.entries(VALUES[column]).flatMap(([code, labels]) => [
        [code, code] as [string, string],
        ...LOCALES.map((l) => [labels[l], code] as [string, string]),
        ...(FORMER_VALUES[column]?.[code] ?? []).map((word) => [word, code] as [string, string]),
      ]),
    ),
  ]),
) as Record<ValuedColumn, Map<string, string>>;

/** The state code a status cell holds, in whichever language it was written; undefined if none. */
export function readSheetValue(column: ValuedColumn, text: string): string | undefined {
  return valueLookup[column].get(normalizeName(text));
}

const reasonLookup = lookup(
  ELIGIBILITY_REASONS.flatMap((r) => [
    [r, r] as [string, EligibilityReason],
    ...LOCALES.map((l) => [REASON_LABELS[r][l], r] as [string, EligibilityReason]),
    ...(FORMER_REASONS[r] ?? []).map((word) => [word, r] as [string, EligibilityReason]),
  ]),
);

/** The reasons in an "Eligibility reasons" cell of any language (or codes separated by spaces). */
export function readSheetReasons(text: string): EligibilityReason[] | undefined {
  // Labels are joined by "; " or "；"; codes (sheets flagged before the sheet spoke languages) by spaces.
  const parts = (/[;；]/.test(text) || !/^[a-z_\s]+$/.test(text) ? text.split(/[;；]/) : text.split(/\s+/)).map((p) => p.trim()).filter((p) => p !== '');
  const reasons = parts.map((p) => reasonLookup.get(normalizeName(p)));
  return reasons.every((r) => r !== undefined) ? (reasons as EligibilityReason[]) : undefined;
}

const ALL_KEYS: readonly SheetColumnKey[] = [...STATUS_KEYS, ...HELPER_KEYS];
// Headers are matched exactly (trimmed): a user's own "delivery" column is not ours.
/** Headers earlier versions wrote (the wording review): an older block of our columns is still found and reused. */
const FORMER_HEADERS: readonly { header: string; key: SheetColumnKey; language: Locale }[] = [
  { header: `申诉关闭${HELPER_SUFFIX['zh-CN']}`, key: 'appealClosesAt', language: 'zh-CN' },
];
const headerLookup = new Map([
  ...ALL_KEYS.flatMap((key) => LOCALES.map((l) => [columnHeader(key, l), { key, language: l }] as const)),
  ...FORMER_HEADERS.map(({ header, key, language }) => [header, { key, language }] as const),
]);

/** Which of our columns a header names, and in which language; undefined for anyone else's header. */
export function readSheetHeader(header: string): { key: SheetColumnKey; language: Locale } | undefined {
  return headerLookup.get(header.trim());
}
