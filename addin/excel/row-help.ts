/// <reference types="office-js" />
import type { CanonicalColumn } from '../../shared/columns/canonical.js';
import { parsePolicy, type PolicyInput } from '../../shared/policy/schema.js';
import { RowBuilder } from '../../shared/report/row-builder.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { ClaimReason, ClaimStatus, Fulfillment, ItemType, OrderRow } from '../../shared/schemas/order-row.js';
import type { EvaluatedRow, RowError } from '../../shared/schemas/statuses.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import { FACT_COLUMNS, factColumnOf, type SheetFactValues } from '../../shared/sheet/fact-columns.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { parseDateCell } from '../../shared/time/parse.js';
import { formatWallClock } from '../../shared/time/format.js';
import type { DateOrder } from '../../shared/time/parse.js';
import { queueDateSystemProbe } from './date-system.js';
import { cellText, queueHeaderScan, queueUsedBounds } from './find-table.js';
import type { ExcelHost } from './host.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';
import { loadColumnMapping, loadDateSystemOverride, type ColumnOverrides } from './settings.js';

export interface RowHelpOptions {
  policy?: PolicyInput;
  dateOrder?: DateOrder;
  columnOverrides?: ColumnOverrides;
  asOf?: number;
  dateSystem?: ExcelDateSystem;
}

/** A row's facts for the help panel and the buyer-response and appeal drafts. */
export interface RowFacts {
  orderId: string;
  orderItemId?: string;
  sku?: string;
  salesChannel?: string;
  /** The marketplace zone its dates are shown in. */
  timeZone: string;
  fulfillment: Fulfillment;
  itemType: ItemType;
  claimReason?: ClaimReason;
  claimStatus?: ClaimStatus;
  chargeback: boolean;
  feedbackRating?: number;
  /** `YYYY-MM-DD HH:mm` on the marketplace clock. */
  dates: Partial<Record<'purchase' | 'maxEstimatedDelivery' | 'delivered' | 'claim' | 'buyerContact' | 'response' | 'decision' | 'appeal', string>>;
  /**
   * What the row's fact columns say (carrier, tracking number, ship date, return, refund: shared/sheet/fact-columns.ts,
   * written by Sync from the worker's reports), for the drafts to cite; dates `YYYY-MM-DD HH:mm` on the marketplace clock.
   */
  reports?: { [K in keyof SheetFactValues]?: string };
}

export type RowHelp =
  /** `cells`: the row's engine columns as the sheet shows them (`range.text`: a date as a date, not its serial). */
  | { kind: 'row'; sheetName: string; sheetRow: number; facts: RowFacts; result: EvaluatedRow; cells: Partial<Record<CanonicalColumn, string>> }
  | { kind: 'invalid'; sheetName: string; sheetRow: number; errors: RowError[]; cells: Partial<Record<CanonicalColumn, string>> }
  | { kind: 'outside'; sheetName: string; sheetRow: number; reason: 'header' | 'outside-table' | 'blank' | 'missing-columns' }
  /** Several areas selected (Ctrl+click): Excel's getSelectedRange refuses them; one row at a time. */
  | { kind: 'multiple-areas' };

/**
 * The selected row's statuses and facts, evaluated by the shared engine as of `asOf`: what the row-help
 * panel shows (next action in the user's language, drafts with the order's facts). Two syncs.
 */
export async function readSelectedRowHelp(host: ExcelHost, options: RowHelpOptions = {}): Promise<RowHelp> {
  const policy = parsePolicy(options.policy ?? {});
  const asOf = options.asOf ?? Date.now();
  return host.run(async (context) => {
    // The active cell's row (1.7). getSelectedRange fails when several areas are selected
    // (https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1)):
    // where 1.9 has getSelectedRanges, the areas are counted instead.
    const selection = host.supportsExcelApi(OPTIONAL_EXCEL_API.activeCell) ? context.workbook.getActiveCell() : context.workbook.getSelectedRange();
    selection.load('rowIndex');
    const areas = host.supportsExcelApi(OPTIONAL_EXCEL_API.selectedRanges) ? context.workbook.getSelectedRanges() : undefined;
    areas?.load('areaCount');
    const usedBounds = queueUsedBounds(context);
    const detectDateSystem = queueDateSystemProbe(context);
    try {
      await context.sync();
    } catch (error) {
      if ((error as { code?: unknown }).code === 'InvalidSelection') return { kind: 'multiple-areas' };
      throw error;
    }
    if (areas && areas.areaCount > 1) return { kind: 'multiple-areas' };

    const bounds = usedBounds();
    const sheetRow = selection.rowIndex + 1;
    const overrides = options.columnOverrides ?? loadColumnMapping(host.settings, bounds.sheetName);
    const located = queueHeaderScan(context, bounds, overrides);
    const line = context.workbook.worksheets.getItem(bounds.sheetName).getRange(rangeAddress(bounds.firstColumn, sheetRow, bounds.lastColumn, sheetRow));
    line.load('values,text');
    await context.sync();

    const location = located();
    const where = { sheetName: bounds.sheetName, sheetRow };
    if (location.missingRequired.length > 0) return { kind: 'outside', ...where, reason: 'missing-columns' };
    if (sheetRow === location.headerRow) return { kind: 'outside', ...where, reason: 'header' };
    if (sheetRow < location.headerRow || sheetRow > location.lastRow) return { kind: 'outside', ...where, reason: 'outside-table' };
    const texts = (line.values[0] ?? []).map(cellText);
    if (texts.every((t) => t.trim() === '')) return { kind: 'outside', ...where, reason: 'blank' };

    const shown = line.text[0] ?? [];
    const cells = Object.fromEntries(
      (Object.entries(location.columns) as [CanonicalColumn, { index: number }][]).map(([column, at]) => [column, shown[at.index] ?? '']),
    ) as Partial<Record<CanonicalColumn, string>>;
    const dateSystem = options.dateSystem ?? loadDateSystemOverride(host.settings) ?? detectDateSystem();
    const built = new RowBuilder(location.columns, { policy, dateOrder: options.dateOrder, excelDateSystem: dateSystem }).build(texts, sheetRow);
    if (Array.isArray(built)) return { kind: 'invalid', ...where, errors: built, cells };
    const facts = factsOf(built);
    const reports = reportFacts(location.headers, texts, built.timeZone, dateSystem);
    if (reports) facts.reports = reports;
    return { kind: 'row', ...where, facts, result: evaluateRow(built, policy, asOf, sheetRow), cells };
  });
}

function factsOf(row: OrderRow): RowFacts {
  const show = (ms: number | undefined) => (ms === undefined ? undefined : formatWallClock(ms, row.timeZone));
  const dates: RowFacts['dates'] = {};
  const put = (key: keyof RowFacts['dates'], ms: number | undefined) => {
    const text = show(ms);
    if (text !== undefined) dates[key] = text;
  };
  put('purchase', row.purchaseAt);
  put('maxEstimatedDelivery', row.maxEddAt);
  put('delivered', row.deliveredAt);
  put('claim', row.claimAt);
  put('buyerContact', row.buyerContactAt);
  put('response', row.responseAt);
  put('decision', row.decisionAt);
  put('appeal', row.appealAt);
  const facts: RowFacts = {
    orderId: row.orderId,
    timeZone: row.timeZone,
    fulfillment: row.fulfillment,
    itemType: row.itemType,
    chargeback: row.chargeback,
    dates,
  };
  if (row.orderItemId !== undefined) facts.orderItemId = row.orderItemId;
  if (row.sku !== undefined) facts.sku = row.sku;
  if (row.salesChannel !== undefined) facts.salesChannel = row.salesChannel;
  if (row.claimReason !== undefined) facts.claimReason = row.claimReason;
  if (row.claimStatus !== undefined || row.claimAt !== undefined) facts.claimStatus = row.claimStatus ?? 'open';
  if (row.feedbackRating !== undefined) facts.feedbackRating = row.feedbackRating;
  return facts;
}

/** The row's fact columns (the first of each fact), dates read on the marketplace clock; undefined when all are empty. */
function reportFacts(headers: readonly string[], texts: readonly string[], zone: string, dateSystem: ExcelDateSystem): RowFacts['reports'] {
  const reports: NonNullable<RowFacts['reports']> = {};
  headers.forEach((header, index) => {
    const key = factColumnOf(header);
    const text = texts[index]?.trim() ?? '';
    if (key === undefined || key === 'feedbackRating' || text === '' || reports[key] !== undefined) return;
    if (FACT_COLUMNS.find((spec) => spec.key === key)!.kind === 'date') {
      const parsed = parseDateCell(text, { zone, excelDateSystem: dateSystem });
      if (parsed.ok) reports[key] = formatWallClock(parsed.ms, zone);
    } else reports[key] = text;
  });
  return Object.keys(reports).length === 0 ? undefined : reports;
}
