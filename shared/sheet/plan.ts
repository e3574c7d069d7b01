import type { Policy } from '../policy/schema.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import { absoluteColumnRange, columnLetter, rangeAddress } from './address.js';
import { NUMBER_FORMATS, SHEET_COLUMNS, type SheetColumnKey, type SheetColumnSpec } from './columns.js';
import { buildDashboard, type DashboardPlan } from './dashboard.js';
import { RULE_SPECS, ruleFormula, TONES, type RuleTone } from './rules.js';
import { instantSerial } from './serial.js';

export const DASHBOARD_SHEET_NAME = 'A-to-z Dashboard';

export interface SheetPlanInput {
  policy: Policy;
  /** The sheet holding the orders and the status columns. */
  dataSheetName: string;
  /** 1-based row of the header; data rows follow it. */
  headerRow: number;
  /** 1-based last data row (headerRow when there are none). */
  lastDataRow: number;
  /** 0-based sheet column of every plan column. */
  columnAt: Record<SheetColumnKey, number>;
  /** The zone of the sheet clock (NOW() where the sheet is used). */
  clockZone: string;
  dateSystem: ExcelDateSystem;
  /** The flagging instant (ms). */
  asOf: number;
  dashboardSheetName?: string;
}

export interface PlacedColumn extends SheetColumnSpec {
  /** 0-based sheet column and its letters. */
  index: number;
  letter: string;
  numberFormat: string;
}

export interface PlacedRule {
  id: string;
  column: SheetColumnKey;
  /** The data cells of the column (`X2:X100`); formulas are written for its first row. */
  range: string;
  formula: string;
  tone: RuleTone;
  fill: string;
  fontColor: string;
}

/** Everything the renderers write besides the rows' own cells. */
export interface SheetPlan {
  dataSheetName: string;
  headerRow: number;
  firstDataRow: number;
  lastDataRow: number;
  columns: PlacedColumn[];
  rules: PlacedRule[];
  dashboard: DashboardPlan;
}

/**
 * Places the plan on a sheet: status and helper columns at the given positions, one conditional-format
 * rule per state and column over the data rows, and the dashboard's formulas over the same rows.
 */
export function buildSheetPlan(input: SheetPlanInput): SheetPlan {
  const { policy, columnAt, dataSheetName } = input;
  const firstDataRow = input.headerRow + 1;
  // With no data rows, ranges still cover one (empty) row, so every formula stays well formed.
  const lastDataRow = Math.max(input.lastDataRow, firstDataRow);
  const columns: PlacedColumn[] = SHEET_COLUMNS.map((spec) => ({
    ...spec,
    index: columnAt[spec.key],
    letter: columnLetter(columnAt[spec.key]),
    numberFormat: NUMBER_FORMATS[spec.kind],
  }));
  const ref = (key: SheetColumnKey) => `$${columnLetter(columnAt[key])}${firstDataRow}`;
  const rules: PlacedRule[] = RULE_SPECS.map((spec) => ({
    id: spec.id,
    column: spec.column,
    range: rangeAddress(columnAt[spec.column], firstDataRow, columnAt[spec.column], lastDataRow),
    formula: ruleFormula(spec, ref, policy),
    tone: spec.tone,
    fill: TONES[spec.tone].fill,
    fontColor: TONES[spec.tone].font,
  }));
  const dashboard = buildDashboard({
    policy,
    sheetName: input.dashboardSheetName ?? DASHBOARD_SHEET_NAME,
    columnRange: (key) => absoluteColumnRange(dataSheetName, columnAt[key], firstDataRow, lastDataRow),
    clockZone: input.clockZone,
    flaggedAtSerial: instantSerial(input.asOf, input.clockZone, input.dateSystem),
  });
  return { dataSheetName, headerRow: input.headerRow, firstDataRow, lastDataRow, columns, rules, dashboard };
}

/** Plan columns placed one after another from `firstColumn` (a new block beside the data). */
export function consecutiveColumns(firstColumn: number): Record<SheetColumnKey, number> {
  return Object.fromEntries(SHEET_COLUMNS.map((c, i) => [c.key, firstColumn + i])) as Record<SheetColumnKey, number>;
}
