import type { Policy } from '../policy/schema.js';
import type { ExcelDateSystem } from '../time/excel-serial.js';
import { absoluteColumnRange, columnLetter, rangeAddress } from './address.js';
import type { Locale } from '../i18n/locales.js';
import { sheetValues, type ValuedColumn } from '../i18n/sheet-vocabulary.js';
import { numberFormats, sheetColumns, SHEET_COLUMNS, type SheetColumnKey, type SheetColumnSpec } from './columns.js';
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
  /** The workbook's language (headers, values, dashboard); default en. */
  language?: Locale;
  /** 0-based sheet column of the order id, frozen with the header when it is among the first columns. */
  idColumn?: number | undefined;
}

/** How the data sheet is framed for reading: frozen panes, the header's height, the helpers' outline group. */
export interface SheetFrame {
  /** Columns frozen at the left (0: none): through the order id when it is one of the first FREEZE_MAX. */
  frozenColumns: number;
  /** Rows frozen at the top: through the header. */
  frozenRows: number;
  /** Header row height in points, so the wrapped headers show whole. */
  headerHeight: number;
  /** 0-based sheet columns of the hidden helpers, grouped as one outline (collapsed). */
  helperGroup: { first: number; last: number };
}

/** The order id is frozen only when it sits in one of the first columns (else the frozen pane would fill the screen). */
export const FREEZE_MAX = 3;
const LINE_POINTS = 15;

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
  language: Locale;
  dataSheetName: string;
  headerRow: number;
  firstDataRow: number;
  lastDataRow: number;
  columns: PlacedColumn[];
  rules: PlacedRule[];
  dashboard: DashboardPlan;
  frame: SheetFrame;
}

/**
 * Places the plan on a sheet: status and helper columns at the given positions, one conditional-format
 * rule per state and column over the data rows, and the dashboard's formulas over the same rows.
 */
export function buildSheetPlan(input: SheetPlanInput): SheetPlan {
  const { policy, columnAt, dataSheetName } = input;
  const language = input.language ?? 'en';
  const formats = numberFormats(language);
  const firstDataRow = input.headerRow + 1;
  // With no data rows, ranges still cover one (empty) row, so every formula stays well formed.
  const lastDataRow = Math.max(input.lastDataRow, firstDataRow);
  const columns: PlacedColumn[] = sheetColumns(language).map((spec) => ({
    ...spec,
    width: columnWidth(spec, language),
    index: columnAt[spec.key],
    letter: columnLetter(columnAt[spec.key]),
    numberFormat: formats[spec.kind],
  }));
  const ref = (key: SheetColumnKey) => `$${columnLetter(columnAt[key])}${firstDataRow}`;
  const rules: PlacedRule[] = RULE_SPECS.map((spec) => ({
    id: spec.id,
    column: spec.column,
    range: rangeAddress(columnAt[spec.column], firstDataRow, columnAt[spec.column], lastDataRow),
    formula: ruleFormula(spec, ref, policy, language),
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
    language,
  });
  const helpers = columns.filter((c) => c.hidden).map((c) => c.index);
  const headerLines = Math.max(...columns.filter((c) => !c.hidden).map((c) => Math.ceil(displayWidth(c.header) / Math.max(1, c.width - 1))));
  const frame: SheetFrame = {
    frozenColumns: input.idColumn !== undefined && input.idColumn < FREEZE_MAX ? input.idColumn + 1 : 0,
    frozenRows: input.headerRow,
    headerHeight: LINE_POINTS * Math.max(1, headerLines) + 3,
    helperGroup: { first: Math.min(...helpers), last: Math.max(...helpers) },
  };
  return { language, dataSheetName, headerRow: input.headerRow, firstDataRow, lastDataRow, columns, rules, dashboard, frame };
}

/** Plan columns placed one after another from `firstColumn` (a new block beside the data). */
export function consecutiveColumns(firstColumn: number): Record<SheetColumnKey, number> {
  return Object.fromEntries(SHEET_COLUMNS.map((c, i) => [c.key, firstColumn + i])) as Record<SheetColumnKey, number>;
}

const VALUED: ReadonlySet<string> = new Set<ValuedColumn>(['delivery', 'eligibility', 'response', 'appeal', 'odrDefect', 'nextAction']);

/** Display width of text in characters of the default font: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/** A status column wide enough for its longest value in the sheet's language (headers wrap instead). */
function columnWidth(spec: SheetColumnSpec, language: Locale): number {
  if (!VALUED.has(spec.key)) return spec.width;
  const longest = Math.max(...sheetValues(spec.key as ValuedColumn, language).map(displayWidth));
  return Math.min(40, Math.max(spec.width, longest + 2));
}
