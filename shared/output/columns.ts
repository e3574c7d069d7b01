import type { EvaluatedRow } from '../schemas/statuses.js';

/** The status columns written beside a report's own columns (CSV export, later the workbook). */
export const STATUS_COLUMNS = [
  'delivery',
  'eligibility',
  'eligibility-reasons',
  'claim-window-last-day',
  'response',
  'response-due-at',
  'appeal',
  'appeal-last-day',
  'odr-defect',
  'next-action',
  'time-zone',
  'row-errors',
] as const;

export type StatusColumn = (typeof STATUS_COLUMNS)[number];

/** Status cells of one evaluated row, in STATUS_COLUMNS order; `responseDueLocal` is the due time on the marketplace clock. */
export function statusCells(result: EvaluatedRow, responseDueLocal: string): string[] {
  return [
    result.delivery,
    result.eligibility,
    result.eligibilityReasons.join(' '),
    result.claimWindowLastDay ?? '',
    result.response,
    responseDueLocal,
    result.appeal,
    result.appealLastDay ?? '',
    result.odrDefect ? 'yes' : 'no',
    result.nextAction,
    result.timeZone,
    '',
  ];
}
