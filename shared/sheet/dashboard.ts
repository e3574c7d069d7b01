import type { Policy } from '../policy/schema.js';
import { CLAIM_REASONS, CLAIM_STATUSES } from '../schemas/order-row.js';
import type { Locale } from '../i18n/locales.js';
import { CLAIM_REASON_LABELS, CLAIM_STATUS_LABELS, COLUMN_HEADERS, COLUMN_HELP, DASHBOARD_TEXT as T, DATE_FORMATS } from '../i18n/sheet-text.js';
import { sheetValue, type ValuedColumn } from '../i18n/sheet-vocabulary.js';
import { STATUS_KEYS, type SheetColumnKey } from './columns.js';
import { cellAddress, rangeAddress } from './address.js';
import { APPEAL_CLOSING_DAYS } from './rules.js';

/**
 * The dashboard sheet, described once for both renderers. "live" cells are formulas over the data
 * sheet's helper columns and NOW(): they follow the clock (a claim turns overdue, an order late, the
 * ODR window moves) without the add-in. Other cells are facts of the flagging run. Data edits (a new
 * claim typed in) show after flagging again, since the states come from the engine.
 */
export interface DashboardCell {
  /** 1-based row, 0-based column on the dashboard sheet. */
  row: number;
  column: number;
  value?: string | number;
  /** Invariant form with a leading `=`. */
  formula?: string;
  numberFormat?: string;
  bold?: boolean;
  /** Names the figure (`delivery.late`, `odr.all.rate`…) for callers and tests. */
  id?: string;
}

export interface DashboardChart {
  title: string;
  /** Where the chart goes: its top-left and bottom-right cells (inside the print area). */
  from: string;
  to: string;
  /** The claims table (categories in its first column, one series per status), on the dashboard sheet. */
  dataRange: string;
}

export interface DashboardPlan {
  sheetName: string;
  cells: DashboardCell[];
  /** The rectangle holding every cell (for writing and clearing in one piece). */
  extent: { lastRow: number; lastColumn: number };
  columnWidths: number[];
  chart: DashboardChart;
  /** Written where the renderer cannot draw a chart, in column A of row `chartNoteRow`. */
  chartFallbackNote: string;
  chartNoteRow: number;
  /** Printed on one page: landscape, fitted, over every cell and the chart. */
  print: { orientation: 'landscape' | 'portrait'; area: string };
}

export interface DashboardInput {
  policy: Policy;
  sheetName: string;
  /** `'Sheet'!$X$2:$X$100` of a plan column's data cells. */
  columnRange: (key: SheetColumnKey) => string;
  clockZone: string;
  /** Serial of the flagging instant on the sheet clock. */
  flaggedAtSerial: number;
  /** The workbook's language: labels, and the status values the as-flagged counts compare with. */
  language?: Locale;
}

const COUNT = '0';
/** The chart sits right of the cells (columns J..R), inside the print area. */
const CHART_COLUMNS = { first: 9, last: 17 };
const PERCENT = '0.00%';
/** A COUNTIFS criterion comparing with a live value: `"<="&NOW()`. */
const vs = (operator: string, value = 'NOW()') => `"${operator}"&${value}`;

export function buildDashboard(input: DashboardInput): DashboardPlan {
  const { policy, columnRange: col } = input;
  const language = input.language ?? 'en';
  const { date: DATE, datetime: DATETIME } = DATE_FORMATS[language];
  const say = (text: Record<Locale, string>) => text[language];
  /** A COUNTIF criterion matching a state as the status column writes it in this language. */
  const stateIs = (column: ValuedColumn, state: string) => `"${sheetValue(column, state, language).replace(/"/g, '""')}"`;
  const cells: DashboardCell[] = [];
  const addresses = new Map<string, string>();
  const put = (row: number, column: number, cell: Omit<DashboardCell, 'row' | 'column'>) => {
    cells.push({ row, column, ...cell });
    if (cell.id) addresses.set(cell.id, cellAddress(column, row));
  };
  /** The address of a figure placed earlier, so formulas follow the layout. */
  const ref = (id: string) => addresses.get(id)!;
  const label = (row: number, column: number, text: string, bold = false) => put(row, column, { value: text, bold });
  const countIfs = (...pairs: [SheetColumnKey, string][]) => `=COUNTIFS(${pairs.map(([k, c]) => `${col(k)},${c}`).join(',')})`;
  /** A state row: the state as the column writes it, count, and whether the count is live. */
  const stateRow = (row: number, id: string, state: string, formula: string, live: boolean) => {
    const [column] = id.split('.') as [ValuedColumn];
    const none = state === 'none' ? (column === 'response' ? T.responseNone : column === 'appeal' ? T.appealNone : undefined) : undefined;
    put(row, 0, { value: none ? say(none) : sheetValue(column, state, language) });
    put(row, 1, { formula, numberFormat: COUNT, id });
    put(row, 2, { value: say(live ? T.live : T.asFlagged) });
  };
  const soon = `(NOW()+${policy.dueSoonHours}/24)`;
  const closingSoon = `(NOW()+${APPEAL_CLOSING_DAYS})`;

  label(1, 0, say(T.title), true);
  label(2, 0, say(T.now));
  put(2, 1, { formula: '=NOW()', numberFormat: DATETIME, id: 'now' });
  label(3, 0, say(T.clock));
  put(3, 1, { value: input.clockZone });
  label(4, 0, say(T.flaggedAt));
  put(4, 1, { value: input.flaggedAtSerial, numberFormat: DATETIME });
  label(5, 0, say(T.rowsEvaluated));
  put(5, 1, { formula: `=COUNTIF(${col('delivery')},"?*")`, numberFormat: COUNT, id: 'rows.evaluated' });
  label(6, 0, say(T.rowsWithErrors));
  put(6, 1, { formula: `=COUNTIF(${col('rowErrors')},"?*")`, numberFormat: COUNT, id: 'rows.errors' });
  label(7, 0, say(T.liveNote));

  // Left block: line counts by state.
  label(9, 0, say(T.delivery), true);
  stateRow(10, 'delivery.pending', 'pending', countIfs(['atRiskFrom', vs('>')], ['lateFrom', vs('>')]), true);
  stateRow(11, 'delivery.at_risk', 'at_risk', countIfs(['atRiskFrom', vs('<=')], ['lateFrom', vs('>')]), true);
  stateRow(12, 'delivery.late', 'late', countIfs(['lateFrom', vs('<=')]), true);
  (['delivered_on_time', 'delivered_late', 'unknown', 'cancelled'] as const).forEach((state, i) =>
    stateRow(13 + i, `delivery.${state}`, state, `=COUNTIF(${col('delivery')},${stateIs('delivery', state)})`, false),
  );

  label(18, 0, say(T.response), true);
  stateRow(19, 'response.due', 'due', countIfs(['openClaimDue', vs('>', soon)]), true);
  stateRow(20, 'response.due_soon', 'due_soon', countIfs(['openClaimDue', vs('>=')], ['openClaimDue', vs('<=', soon)]), true);
  stateRow(21, 'response.overdue', 'overdue', countIfs(['openClaimDue', vs('<')]), true);
  (['responded', 'responded_late', 'none'] as const).forEach((state, i) =>
    stateRow(22 + i, `response.${state}`, state, `=COUNTIF(${col('response')},${stateIs('response', state)})`, false),
  );

  label(26, 0, say(T.appeal), true);
  stateRow(27, 'appeal.open', 'open', countIfs(['appealClosesAt', vs('>')]), true);
  stateRow(28, 'appeal.closed', 'closed', countIfs(['appealClosesAt', vs('<=')]), true);
  (['appealed', 'none'] as const).forEach((state, i) =>
    stateRow(29 + i, `appeal.${state}`, state, `=COUNTIF(${col('appeal')},${stateIs('appeal', state)})`, false),
  );

  label(32, 0, say(T.eligibility), true);
  stateRow(33, 'eligibility.eligible', 'eligible', countIfs(['eligibleUntil', vs('>')]), true);
  stateRow(34, 'eligibility.ineligible', 'ineligible', `=${ref('rows.evaluated')}-${ref('eligibility.eligible')}`, true);

  // Right block: the ODR and the deadlines.
  label(9, 4, say(T.odr), true);
  label(9, 5, say(T.orders), true);
  label(9, 6, say(T.withDefects), true);
  label(9, 7, say(T.rate), true);
  const inWindow: [SheetColumnKey, string][] = [
    ['odrFrom', vs('<=')],
    ['odrUntil', vs('>')],
  ];
  const odrRow = (row: number, id: string, text: string, channel?: 'AFN' | 'MFN') => {
    const side: [SheetColumnKey, string][] = channel ? [['odrChannel', `"${channel}"`]] : [];
    label(row, 4, text);
    put(row, 5, { formula: countIfs(['odrOrder', '1'], ...inWindow, ...side), numberFormat: COUNT, id: `odr.${id}.orders` });
    put(row, 6, { formula: countIfs(['odrDefectOrder', '1'], ...inWindow, ...side), numberFormat: COUNT, id: `odr.${id}.defects` });
    const [orders, defects] = [ref(`odr.${id}.orders`), ref(`odr.${id}.defects`)];
    put(row, 7, { formula: `=IF(${orders}=0,"",${defects}/${orders})`, numberFormat: PERCENT, id: `odr.${id}.rate` });
  };
  odrRow(10, 'all', say(T.allOrders));
  odrRow(11, 'afn', say(T.afn), 'AFN');
  odrRow(12, 'mfn', say(T.mfn), 'MFN');
  label(13, 4, say(T.target));
  put(13, 7, { value: policy.odrTarget, numberFormat: PERCENT, id: 'odr.target' });
  label(14, 4, say(T.meetsTarget));
  const [orders, defects, target] = [ref('odr.all.orders'), ref('odr.all.defects'), ref('odr.target')];
  put(14, 7, { formula: `=IF(${orders}=0,${stateIs('odrDefect', 'yes')},IF(${defects}/${orders}<${target},${stateIs('odrDefect', 'yes')},${stateIs('odrDefect', 'no')}))`, id: 'odr.meetsTarget' });
  label(15, 4, say(T.window));
  const lag = policy.odrLagDays;
  put(15, 5, { formula: `=TODAY()-${lag + policy.odrWindowDays - 1}`, numberFormat: DATE, id: 'odr.windowStart' });
  put(15, 6, { formula: `=TODAY()-${lag}`, numberFormat: DATE, id: 'odr.windowEnd' });

  label(17, 4, say(T.deadlines), true);
  label(18, 4, T.dueSoon[language](policy.dueSoonHours));
  put(18, 5, { formula: `=${ref('response.due_soon')}`, numberFormat: COUNT, id: 'deadlines.dueSoon' });
  label(19, 4, say(T.overdue));
  put(19, 5, { formula: `=${ref('response.overdue')}`, numberFormat: COUNT, id: 'deadlines.overdue' });
  label(20, 4, T.appealsClosing[language](APPEAL_CLOSING_DAYS));
  put(20, 5, {
    formula: countIfs(['appealClosesAt', vs('>')], ['appealClosesAt', vs('<=', closingSoon)]),
    numberFormat: COUNT,
    id: 'deadlines.appealsClosing',
  });
  label(21, 4, say(T.lateOrders));
  put(21, 5, { formula: `=${ref('delivery.late')}`, numberFormat: COUNT, id: 'deadlines.late' });

  // Claims by reason and status (lines with a claim), the chart's data.
  const top = 37;
  label(top - 1, 0, say(T.claims), true);
  label(top, 0, say(T.reason), true);
  CLAIM_STATUSES.forEach((status, i) => label(top, 1 + i, say(CLAIM_STATUS_LABELS[status]!), true));
  label(top, 1 + CLAIM_STATUSES.length, say(T.total), true);
  const reasons = [...CLAIM_REASONS, 'unspecified'];
  reasons.forEach((reason, r) => {
    const row = top + 1 + r;
    put(row, 0, { value: say(CLAIM_REASON_LABELS[reason]!) });
    CLAIM_STATUSES.forEach((status, i) =>
      put(row, 1 + i, {
        formula: `=COUNTIFS(${col('claimReason')},"${reason}",${col('claimStatus')},"${status}")`,
        numberFormat: COUNT,
        id: `claims.${reason}.${status}`,
      }),
    );
    const first = cellAddress(1, row);
    const last = cellAddress(CLAIM_STATUSES.length, row);
    put(row, 1 + CLAIM_STATUSES.length, { formula: `=SUM(${first}:${last})`, numberFormat: COUNT, id: `claims.${reason}.total` });
  });
  const lastRow = top + reasons.length;
  const chartNoteRow = lastRow + 2;
  const chartFallbackNote = say(T.chartFallback);

  // The column guide: what each status column says, and what the hidden helpers are for.
  const guideTop = chartNoteRow + 2;
  label(guideTop, 0, say(T.guide), true);
  STATUS_KEYS.forEach((key, i) => {
    label(guideTop + 1 + i, 0, say(COLUMN_HEADERS[key]));
    label(guideTop + 1 + i, 1, say(COLUMN_HELP[key]));
  });
  const guideEnd = guideTop + 1 + STATUS_KEYS.length;
  label(guideEnd, 0, say(T.helpersNote));

  return {
    sheetName: input.sheetName,
    cells,
    extent: { lastRow: guideEnd, lastColumn: 7 },
    chartNoteRow,
    columnWidths: [30, 14, 12, 14, 44, 12, 12, 10],
    chart: { title: say(T.chartTitle), dataRange: rangeAddress(0, top, CLAIM_STATUSES.length, lastRow), from: cellAddress(CHART_COLUMNS.first, 2), to: cellAddress(CHART_COLUMNS.last, 24) },
    print: { orientation: 'landscape', area: rangeAddress(0, 1, CHART_COLUMNS.last, guideEnd) },
    chartFallbackNote,
  };
}

/** The row a renderer without charts writes its note in. */
export function chartNoteRow(plan: DashboardPlan): number {
  return plan.chartNoteRow;
}
