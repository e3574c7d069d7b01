/// <reference types="office-js" />
import { parsePolicy, type PolicyInput } from '../../shared/policy/schema.js';
import type { OdrSummary, RowError } from '../../shared/schemas/statuses.js';
import type { Locale } from '../../shared/i18n/locales.js';
import { SHEET_COLUMNS } from '../../shared/sheet/columns.js';
import type { SheetCell } from '../../shared/sheet/row-cells.js';
import { buildSheetPlan, DASHBOARD_SHEET_NAME } from '../../shared/sheet/plan.js';
import { SheetEvaluator } from '../../shared/sheet/sheet-evaluator.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import type { DateOrder } from '../../shared/time/parse.js';
import { ChunkSizer } from './chunk-sizer.js';
import { OurRuleFinder, queueRuleAdds } from './conditional-formats.js';
import { DashboardWriter } from './dashboard-sheet.js';
import { queueDateSystemProbe } from './date-system.js';
import { MissingColumnsError, queueHeaderScan, queueUsedBounds } from './find-table.js';
import type { ExcelHost } from './host.js';
import { queueChunkRead, readLayout } from './read-chunks.js';
import { loadColumnMapping, loadDateSystemOverride, settleSheetLanguage, type ColumnOverrides } from './settings.js';
import { columnRuns, placeStatusColumns } from './status-columns.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';
import { queueSheetLooks } from './sheet-looks.js';
import { SyncMeter } from './sync-meter.js';
import { queueTableColumns } from './table-object.js';
import { queueStatusChunk, queueStatusFrame } from './write-status.js';
import { queueWriteGuard } from './write-guard.js';
import { WriteSpeed } from './write-speed.js';

export interface FlagRowsOptions {
  /** Policy overrides (the settings panel's); defaults from docs/rules.md. */
  policy?: PolicyInput;
  /** How to read 01/02/2024-style text dates; without it such text is a row error. */
  dateOrder?: DateOrder;
  /** Canonical column → header text; default: the mapping saved in the workbook for this sheet. */
  columnOverrides?: ColumnOverrides;
  /** The instant to flag as of (ms); default now. */
  asOf?: number;
  /** Zone of the sheet clock for the deadline columns; default this computer's zone. */
  clockZone?: string;
  /** Default: the workbook setting, else detected. */
  dateSystem?: ExcelDateSystem;
  /**
   * The language to write the status columns and dashboard in; it becomes the workbook's. Default: the
   * workbook's language, else (first flagging) Office's display language.
   */
  language?: Locale;
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops before the next sync: chunks already written stay, rules (old ones included) and dashboard are not touched. */
  signal?: AbortSignal;
  /** Fixed rows per chunk (tests, benchmarks); default: sized to the payload budget. */
  chunkRows?: number;
}

export interface FlagRowsResult {
  sheetName: string;
  /** Data rows that got statuses. */
  rowsFlagged: number;
  /** Rows that could not be evaluated, with their sheet row, column and what would be accepted. */
  errors: RowError[];
  /** The engine's ODR as of `asOf` (the dashboard shows the same, live). */
  summary: OdrSummary;
  warnings: string[];
  asOf: number;
  clockZone: string;
  dateSystem: ExcelDateSystem;
  /** The language the sheet was written in (now the workbook's). */
  language: Locale;
  /** `context.sync()` calls: 2 to find the table, one per chunk, one to finish. */
  syncs: number;
  chunks: number;
  /** Largest JSON payload sent in one sync, and received. */
  largestRequestBytes: number;
  largestResponseBytes: number;
  engineMs: number;
  /** Our earlier conditional-format rules that were replaced. */
  rulesReplaced: number;
}

/**
 * Flags every row of the active sheet's order table: reads it in chunks, evaluates each row with the
 * shared engine, writes the status columns beside the data, replaces our live conditional formats and
 * refreshes the dashboard sheet. The number of syncs is 3 + the number of chunks, whatever the rows.
 * Our old colour rules are deleted in the same last sync that adds the new ones: a run cancelled or
 * failed half-way leaves the old rules in place.
 */
export async function flagRows(host: ExcelHost, options: FlagRowsOptions = {}): Promise<FlagRowsResult> {
  const policy = parsePolicy(options.policy ?? {});
  const asOf = options.asOf ?? Date.now();
  const clockZone = options.clockZone ?? host.timeZone;
  const checkpoint = () => options.signal?.throwIfAborted();
  checkpoint();

  // What colleagues saved (column mapping, date system) counts: read the document's settings afresh.
  await host.settings.refresh();
  return host.run(async (context) => {
    const meter = new SyncMeter();
    const speed = new WriteSpeed(context, host);
    try {
      // Sync 1: the used range, the date system, and what exists of ours.
      const usedBounds = queueUsedBounds(context);
      const detectDateSystem = queueDateSystemProbe(context);
      const ourRules = new OurRuleFinder(context.workbook.worksheets.getActiveWorksheet());
      const dashboard = new DashboardWriter(context, DASHBOARD_SHEET_NAME);
      await meter.sync(context);

      // Sync 2: the header rows, our rules' formulas, the dashboard's charts.
      const bounds = usedBounds();
      // By name from here on: the user may switch sheets while the flagging runs.
      const sheet = context.workbook.worksheets.getItem(bounds.sheetName);
      const overrides = options.columnOverrides ?? loadColumnMapping(host.settings, bounds.sheetName);
      const located = queueHeaderScan(context, bounds, overrides);
      // Where the statuses go: the used range and the status block's room beside it.
      const writable = queueWriteGuard(context, host, bounds.sheetName, { ...bounds, lastColumn: bounds.lastColumn + SHEET_COLUMNS.length });
      ourRules.queueFormulas();
      dashboard.queueChartScan();
      checkpoint();
      await meter.sync(context);

      const location = located();
      if (location.missingRequired.length > 0) throw new MissingColumnsError(location);
      writable();
      dashboard.checkWritable();
      const dateSystem = options.dateSystem ?? loadDateSystemOverride(host.settings) ?? detectDateSystem();
      const placement = placeStatusColumns(location);
      const runs = columnRuns(placement.columnAt);
      const layout = readLayout(location);
      const language = await settleSheetLanguage(host.settings, options.language, host.displayLanguage);
      const evaluator = new SheetEvaluator({ policy, columns: layout.columns, asOf, clockZone, dateSystem, dateOrder: options.dateOrder, language });
      const firstDataRow = location.headerRow + 1;
      const lastDataRow = location.lastRow;
      const plan = buildSheetPlan({
        policy,
        dataSheetName: location.sheetName,
        headerRow: location.headerRow,
        lastDataRow,
        columnAt: placement.columnAt,
        clockZone,
        dateSystem,
        asOf,
        language,
        idColumn: location.columns.orderId && location.firstColumn + location.columns.orderId.index,
      });
      const total = Math.max(0, lastDataRow - firstDataRow + 1);

      // Rides on the first chunk's sync: the status block's frame. Our old rules stay until the last sync.
      await speed.begin();
      speed.beforeWriteSync();
      if (!placement.reused && location.table?.atRightEdge) queueTableColumns(sheet, location.table, plan.columns.map((column) => column.header));
      queueStatusFrame(sheet, runs, plan.columns, { headerRow: location.headerRow, firstDataRow, lastDataRow }, !placement.reused, meter);

      // One sync per chunk: read chunk k while chunk k-1's statuses are written.
      const sizer = new ChunkSizer(layout.width, SHEET_COLUMNS.length, options.chunkRows);
      let pending: { fromRow: number; cells: SheetCell[][] } | undefined;
      let chunks = 0;
      for (let fromRow = firstDataRow; fromRow <= lastDataRow; ) {
        checkpoint();
        if (pending) {
          speed.beforeWriteSync();
          const before = meter.pendingRequestBytes;
          queueStatusChunk(sheet, runs, pending.fromRow, pending.cells, meter);
          sizer.observeWrite(pending.cells.length, meter.pendingRequestBytes - before);
        }
        const toRow = Math.min(lastDataRow, fromRow + sizer.nextRows() - 1);
        const read = queueChunkRead(sheet, layout, fromRow, toRow, meter);
        const { responseBytes } = await meter.sync(context);
        sizer.observeRead(toRow - fromRow + 1, responseBytes);
        pending = { fromRow, cells: evaluator.evaluate(read(), fromRow) };
        chunks++;
        options.onProgress?.(toRow - firstDataRow + 1, total);
        fromRow = toRow + 1;
      }

      // The last sync: the last chunk, our old rules replaced by the new ones (all or nothing), the dashboard.
      checkpoint();
      speed.beforeWriteSync();
      if (pending) queueStatusChunk(sheet, runs, pending.fromRow, pending.cells, meter);
      const rulesReplaced = ourRules.queueDeletes();
      queueRuleAdds(sheet, plan.rules, meter);
      if (!placement.reused) queueSheetLooks(sheet, plan, host);
      dashboard.queueWrite(context, plan.dashboard, meter, host.supportsExcelApi(OPTIONAL_EXCEL_API.pageLayout));
      speed.queueRestore();
      await meter.sync(context);
      await speed.forget();
      if (total === 0) options.onProgress?.(0, 0);

      return {
        sheetName: location.sheetName,
        rowsFlagged: evaluator.rowsEvaluated,
        errors: evaluator.errors,
        summary: evaluator.summary(),
        warnings: evaluator.warnings(),
        asOf,
        clockZone,
        dateSystem,
        language,
        syncs: meter.syncs,
        chunks,
        largestRequestBytes: meter.largestRequestBytes,
        largestResponseBytes: meter.largestResponseBytes,
        engineMs: evaluator.engineMs,
        rulesReplaced,
      };
    } catch (error) {
      // Give the user back their calculation mode even when flagging stopped half-way; the record in
      // the workbook stays when even that fails, for the next load of the pane.
      if (speed.queueRestore()) await context.sync().then(() => speed.forget(), () => undefined);
      throw error;
    }
  });
}
