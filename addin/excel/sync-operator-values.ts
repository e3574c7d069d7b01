import type { CanonicalColumn } from '../../shared/columns/canonical.js';
import { claimReasons, claimStatuses, itemTypes, yesNo } from '../../shared/columns/vocabulary.js';
import { formatDay, MS_PER_DAY, MS_PER_MINUTE } from '../../shared/time/civil.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { formatWallClock } from '../../shared/time/format.js';
import { parseDateCell } from '../../shared/time/parse.js';
import { zoneOffsetMinutes } from '../../shared/time/zone.js';

/**
 * The operator-owned columns (claim tracking) as the sheet shows them and as the worker's PATCH takes
 * them. The sheet holds text (or Excel date serials); the worker holds typed values. Comparing them
 * typed keeps "Not received" in the sheet equal to `not_received` on the worker.
 */
export const OPERATOR_SHEET_FIELDS = [
  { column: 'itemType', field: 'itemType', kind: 'itemType' },
  { column: 'claimDate', field: 'claimAt', kind: 'date' },
  { column: 'claimReason', field: 'claimReason', kind: 'claimReason' },
  { column: 'claimStatus', field: 'claimStatus', kind: 'claimStatus' },
  { column: 'buyerContactDate', field: 'buyerContactAt', kind: 'date' },
  { column: 'responseDate', field: 'responseAt', kind: 'date' },
  { column: 'decisionDate', field: 'decisionAt', kind: 'date' },
  { column: 'appealDate', field: 'appealAt', kind: 'date' },
  { column: 'chargeback', field: 'chargeback', kind: 'boolean' },
  { column: 'feedbackRating', field: 'feedbackRating', kind: 'rating' },
] as const satisfies readonly { column: CanonicalColumn; field: string; kind: string }[];

export type OperatorSheetField = (typeof OPERATOR_SHEET_FIELDS)[number];
export type OperatorFieldName = OperatorSheetField['field'];
/** A PATCH value as JSON: ISO instant, enum text, boolean, number; null clears the field. */
export type OperatorJsonValue = string | number | boolean | null;
/** The worker's operator values of a line (`row` of an OrderLine, restricted to operator fields). */
export type OperatorJsonValues = Partial<Record<OperatorFieldName, OperatorJsonValue | undefined>>;

export interface ValueContext {
  /** The line's marketplace zone: days and zone-less times are read in it. */
  zone: string;
  dateSystem: ExcelDateSystem;
}

export type ParsedValue = { ok: true; value: OperatorJsonValue } | { ok: false; message: string };

/**
 * The worker keeps these two required fields at their report-reader default when a cell is empty, so an
 * empty cell and the default are the same value.
 */
const EMPTY_DEFAULTS: Partial<Record<OperatorFieldName, OperatorJsonValue>> = { itemType: 'physical', chargeback: false };

/** A sheet cell's text as the PATCH value of its field (dates as ISO instants; empty → null). */
export function parseOperatorText(spec: OperatorSheetField, text: string, context: ValueContext): ParsedValue {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const refuse = (accepted: readonly string[]) => ({ ok: false as const, message: `"${trimmed}" is not one of ${accepted.join(', ')}` });
  switch (spec.kind) {
    case 'date': {
      const parsed = parseDateCell(trimmed, { zone: context.zone, excelDateSystem: context.dateSystem });
      return parsed.ok ? { ok: true, value: new Date(parsed.ms).toISOString() } : { ok: false, message: parsed.message };
    }
    case 'claimReason':
      return ok(claimReasons.read(trimmed)) ?? refuse(claimReasons.accepted);
    case 'claimStatus':
      return ok(claimStatuses.read(trimmed)) ?? refuse(claimStatuses.accepted);
    case 'itemType':
      return ok(itemTypes.read(trimmed)) ?? refuse(itemTypes.accepted);
    case 'boolean': {
      const answer = yesNo.read(trimmed);
      return answer === undefined ? refuse(['yes', 'no']) : { ok: true, value: answer === 'yes' };
    }
    case 'rating': {
      const rating = Number(trimmed);
      return Number.isInteger(rating) && rating >= 1 && rating <= 5 ? { ok: true, value: rating } : { ok: false, message: `"${trimmed}" is not a rating from 1 to 5` };
    }
  }
}

const ok = (value: string | undefined): ParsedValue | undefined => (value === undefined ? undefined : { ok: true, value });

/** Whether two values of a field mean the same (instants compared as instants, defaults as empty). */
export function sameOperatorValue(field: OperatorFieldName, a: OperatorJsonValue | undefined, b: OperatorJsonValue | undefined): boolean {
  const norm = (value: OperatorJsonValue | undefined) => {
    const v = value === undefined || value === EMPTY_DEFAULTS[field] ? null : value;
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : v;
  };
  return norm(a) === norm(b);
}

/** The text the sheet shows for a worker value: a day when it is midnight in the line's zone, else wall-clock time there. */
export function operatorText(field: OperatorFieldName, value: OperatorJsonValue | undefined, zone: string): string {
  if (value === undefined || value === null || value === EMPTY_DEFAULTS[field]) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  const ms = Date.parse(value);
  const local = ms + zoneOffsetMinutes(zone, ms) * MS_PER_MINUTE;
  return local % MS_PER_DAY === 0 ? formatDay(local / MS_PER_DAY) : formatWallClock(ms, zone);
}
