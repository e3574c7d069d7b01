/**
 * The columns written beside an order sheet's own data: the statuses an operator reads (as of the
 * moment of flagging) and hidden helper columns that the live conditional formats and the dashboard's
 * formulas compare with NOW(). Both renderers (Office.js, exceljs) place exactly these, in this order.
 */

export type ColumnKind = 'text' | 'date' | 'datetime' | 'flag';

export interface SheetColumnSpec {
  key: SheetColumnKey;
  /** The header cell; the add-in finds its earlier columns again by these exact headers. */
  header: string;
  kind: ColumnKind;
  hidden: boolean;
  /** Character width for renderers that set one. */
  width: number;
  /** What the column holds (documentation, also shown to a user who unhides a helper). */
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

const visible = (key: StatusKey, header: string, kind: ColumnKind, width: number, about: string): SheetColumnSpec => ({
  key,
  header,
  kind,
  hidden: false,
  width,
  about,
});
const helper = (key: HelperKey, header: string, kind: ColumnKind, about: string): SheetColumnSpec => ({
  key,
  header: `${header} [atoz helper]`,
  kind,
  hidden: true,
  width: 12,
  about,
});

export const SHEET_COLUMNS: readonly SheetColumnSpec[] = [
  visible('delivery', 'Delivery', 'text', 18, 'docs/rules.md §2 state as of flagging'),
  visible('eligibility', 'Eligibility', 'text', 12, '§3 eligible / ineligible as of flagging'),
  visible('eligibilityReasons', 'Eligibility reasons', 'text', 24, '§3 reason codes, space-separated'),
  visible('claimWindowLastDay', 'Claim window last day', 'date', 14, '§3 last day a claim can stand (marketplace calendar)'),
  visible('response', 'Response', 'text', 14, '§4 state as of flagging'),
  visible('responseDue', 'Response due', 'datetime', 17, '§4 claim + response window, on the sheet clock'),
  visible('appeal', 'Appeal', 'text', 10, '§5 state as of flagging'),
  visible('appealLastDay', 'Appeal last day', 'date', 14, '§5 decision day + appeal window (marketplace calendar)'),
  visible('odrDefect', 'ODR defect', 'text', 10, '§6 yes / no for this line'),
  visible('nextAction', 'Next action', 'text', 22, '§7 as of flagging'),
  visible('rowErrors', 'Row errors', 'text', 30, 'bad cells of a row that could not be evaluated'),
  helper('atRiskFrom', 'At risk from', 'datetime', 'not delivered: 00:00 of the day after max EDD (marketplace), sheet clock'),
  helper('lateFrom', 'Late from', 'datetime', 'not delivered: 00:00 of the first late day (max EDD + grace, or the age cap), sheet clock'),
  helper('openClaimDue', 'Open claim due', 'datetime', 'open claim without a response: its due instant, sheet clock'),
  helper('eligibleUntil', 'Eligible until', 'datetime', 'eligible row: when the claim window closes (9999-12-31 if never), sheet clock'),
  helper('appealClosesAt', 'Appeal closes', 'datetime', 'appealable decision not yet appealed: 00:00 after the last appeal day, sheet clock'),
  helper('odrFrom', 'ODR from', 'datetime', 'ODR line: when its purchase day enters the window (purchase + lag), sheet clock'),
  helper('odrUntil', 'ODR until', 'datetime', 'ODR line: when its purchase day leaves the window, sheet clock'),
  helper('odrOrder', 'ODR order', 'flag', '1 on the first counted line of each order (an order counts once)'),
  helper('odrDefectOrder', 'ODR defect order', 'flag', '1 on the first defective counted line of each order'),
  helper('odrChannel', 'ODR channel', 'text', 'AFN or MFN: the order\'s fulfilment as the ODR splits it'),
  helper('claimStatus', 'Claim status', 'text', 'claim status code (open when filed without one)'),
  helper('claimReason', 'Claim reason', 'text', 'claim reason code (unspecified when filed without one)'),
];

/** Number format codes (the invariant form both Office.js `numberFormat` and exceljs `numFmt` take). */
export const NUMBER_FORMATS: Record<ColumnKind, string> = {
  text: '@',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  flag: '0',
};

export const SHEET_HEADERS: readonly string[] = SHEET_COLUMNS.map((c) => c.header);

export function columnSpec(key: SheetColumnKey): SheetColumnSpec {
  return SHEET_COLUMNS.find((c) => c.key === key)!;
}
