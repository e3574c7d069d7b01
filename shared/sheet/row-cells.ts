import type { Policy } from '../policy/schema.js';
import { appealLastDay } from '../rules/appeal.js';
import { claimStatusOf, isCancelled, rowDays, type RowDays } from '../rules/days.js';
import { lateThresholdDay } from '../rules/delivery.js';
import { claimWindowLastDay } from '../rules/eligibility.js';
import { responseDueAt } from '../rules/response.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { EvaluatedRow, RowError } from '../schemas/statuses.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import type { Locale } from '../i18n/locales.js';
import { rowErrorMessage } from '../i18n/row-error-text.js';
import { LIST_SEPARATOR, ROW_WORD } from '../i18n/sheet-text.js';
import { sheetReasons, sheetValue } from '../i18n/sheet-vocabulary.js';
import { SHEET_COLUMNS, type SheetColumnKey } from './columns.js';
import { OdrLineMarker } from './odr-lines.js';
import { dayStartSerial, daySerial, instantSerial, neverSerial } from './serial.js';

/** A cell the plan writes: text, a number (dates are serials), or '' for empty. */
export type SheetCell = string | number;

/**
 * One sheet line: the typed row and its statuses (and, if the caller has them, the row's days from
 * rowDays, any as-of), or the errors that kept it from being evaluated.
 */
export type SheetRowInput =
  | { line: number; row: OrderRow; result: EvaluatedRow; days?: RowDays; errors?: undefined }
  | { line: number; row?: undefined; result?: undefined; errors: readonly RowError[] };

export interface RowCellOptions {
  policy: Policy;
  /** The zone whose wall clock NOW() shows where the sheet is used (see serial.ts). */
  clockZone: string;
  dateSystem: ExcelDateSystem;
  /** The workbook's language: the status cells' words (helpers stay language-neutral codes). Default en. */
  language?: Locale;
}

const AWAITING_DELIVERY = new Set(['pending', 'at_risk', 'late']);
const UNANSWERED = new Set(['due', 'due_soon', 'overdue']);

/** How a row error reads in the sheet's "Row errors" cell (as in the CSV's `row-errors`). */
export function rowErrorText(errors: readonly RowError[], language: Locale = 'en'): string {
  return errors.map((e) => `${e.column ?? ROW_WORD[language]}: ${rowErrorMessage(e.message, language)}`).join(LIST_SEPARATOR[language]);
}

/**
 * The cells of every plan column for each line, in SHEET_COLUMNS order, lines fed in sheet order
 * (the ODR marks depend on which line of an order comes first). Text is returned raw: each renderer
 * makes it formula-proof its own way.
 */
export class SheetRowCells {
  private readonly marker = new OdrLineMarker();
  private readonly empty: SheetCell[] = SHEET_COLUMNS.map(() => '');
  private readonly at: Record<SheetColumnKey, number>;
  private readonly dayStarts = new Map<string, Map<number, number>>();
  private readonly language: Locale;

  constructor(private readonly options: RowCellOptions) {
    this.language = options.language ?? 'en';
    this.at = Object.fromEntries(SHEET_COLUMNS.map((c, i) => [c.key, i])) as Record<SheetColumnKey, number>;
  }

  /** Serial (sheet clock) of 00:00 of a marketplace day; few distinct (zone, day) pairs, so they are kept. */
  private dayStart(epochDay: number, zone: string): number {
    let byDay = this.dayStarts.get(zone);
    if (!byDay) this.dayStarts.set(zone, (byDay = new Map()));
    let serial = byDay.get(epochDay);
    if (serial === undefined) {
      serial = dayStartSerial(epochDay, zone, this.options.clockZone, this.options.dateSystem);
      byDay.set(epochDay, serial);
    }
    return serial;
  }

  /** The cells of a blank sheet row: all empty (an earlier run's values are cleared). */
  blank(): SheetCell[] {
    return this.empty.slice();
  }

  cellsOf(input: SheetRowInput): SheetCell[] {
    const out = this.empty.slice();
    const at = this.at;
    if (!input.row) {
      out[at.rowErrors] = rowErrorText(input.errors, this.language);
      return out;
    }
    const { row, result } = input;
    const { policy, clockZone, dateSystem } = this.options;
    const zone = row.timeZone;
    // Only the row's own days are read here, never "today", so any as-of gives the same.
    const days = input.days ?? rowDays(row, 0);
    const windowLastDay = claimWindowLastDay(row, policy, days);
    const appealLast = appealLastDay(row, policy, days);
    const due = responseDueAt(row, policy);

    const language = this.language;
    out[at.delivery] = sheetValue('delivery', result.delivery, language);
    out[at.eligibility] = sheetValue('eligibility', result.eligibility, language);
    out[at.eligibilityReasons] = sheetReasons(result.eligibilityReasons, language);
    out[at.claimWindowLastDay] = windowLastDay === null ? '' : daySerial(windowLastDay, dateSystem);
    out[at.response] = sheetValue('response', result.response, language);
    out[at.responseDue] = due === null ? '' : instantSerial(due, clockZone, dateSystem);
    out[at.appeal] = sheetValue('appeal', result.appeal, language);
    out[at.appealLastDay] = appealLast === null ? '' : daySerial(appealLast, dateSystem);
    out[at.odrDefect] = sheetValue('odrDefect', result.odrDefect ? 'yes' : 'no', language);
    out[at.nextAction] = sheetValue('nextAction', result.nextAction, language);

    if (AWAITING_DELIVERY.has(result.delivery)) {
      out[at.atRiskFrom] = this.dayStart(days.edd! + 1, zone);
      out[at.lateFrom] = this.dayStart(lateThresholdDay(row, policy, days)! + 1, zone);
    }
    if (UNANSWERED.has(result.response)) out[at.openClaimDue] = out[at.responseDue]!;
    if (result.eligibility === 'eligible') {
      // Only the window closes with time, and only for an order without a claim (a claim is judged on its filing day).
      const closes = row.claimAt === undefined && windowLastDay !== null;
      out[at.eligibleUntil] = closes ? this.dayStart(windowLastDay + 1, zone) : neverSerial(dateSystem);
    }
    if (result.appeal === 'open' || result.appeal === 'closed') out[at.appealClosesAt] = this.dayStart(appealLast! + 1, zone);

    out[at.odrOrder] = 0;
    out[at.odrDefectOrder] = 0;
    if (days.purchase !== undefined && !isCancelled(row)) {
      const marks = this.marker.mark(row, result.odrDefect);
      out[at.odrFrom] = this.dayStart(days.purchase + policy.odrLagDays, zone);
      out[at.odrUntil] = this.dayStart(days.purchase + policy.odrLagDays + policy.odrWindowDays, zone);
      out[at.odrOrder] = marks.order ? 1 : 0;
      out[at.odrDefectOrder] = marks.defectOrder ? 1 : 0;
      out[at.odrChannel] = marks.channel === 'afn' ? 'AFN' : 'MFN';
    }
    const claimStatus = claimStatusOf(row);
    if (claimStatus !== undefined) {
      out[at.claimStatus] = claimStatus;
      out[at.claimReason] = row.claimReason ?? 'unspecified';
    }
    return out;
  }

}
