/**
 * The add-in's only door to Excel (Office.js). The task pane calls these; everything else it needs
 * (policy, statuses, translations of codes) comes from shared/ and never touches Office.
 *
 *   const excel = connectExcel();                       // inside Office.onReady
 *   const where = await excel.locateTable();            // headers + missing columns for the picker
 *   await excel.saveColumnMapping(where.sheetName, { orderId: 'Order #' });
 *   const result = await excel.flagRows({ policy, onProgress, signal });
 *   const help = await excel.readSelectedRowHelp({ policy });
 */
import type { Locale } from '../../shared/i18n/locales.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import { flagRows, type FlagRowsOptions, type FlagRowsResult } from './flag-rows.js';
import type { TableLocation } from './find-table.js';
import { officeHost, type ExcelHost } from './host.js';
import { locateTable } from './locate.js';
import { readSelectedRowHelp, type RowHelp, type RowHelpOptions } from './row-help.js';
import {
  loadColumnMapping,
  loadDateSystemOverride,
  saveColumnMapping,
  saveDateSystemOverride,
  loadSheetLanguage,
  saveSheetLanguage,
  type ColumnOverrides,
} from './settings.js';
import { officeErrorsAsProblems } from './write-guard.js';
import { restoreInterruptedRun } from './write-speed.js';
import { resolveSyncConflict, syncWithWorker, type ConflictChoice, type ResolveOutcome, type SyncConflict, type SyncOptions, type SyncResult } from './sync-workbook.js';

export interface ExcelGlue {
  locateTable(options?: { columnOverrides?: ColumnOverrides }): Promise<TableLocation>;
  flagRows(options?: FlagRowsOptions): Promise<FlagRowsResult>;
  readSelectedRowHelp(options?: RowHelpOptions): Promise<RowHelp>;
  loadColumnMapping(sheetName: string): ColumnOverrides;
  saveColumnMapping(sheetName: string, overrides: ColumnOverrides): Promise<void>;
  loadDateSystemOverride(): ExcelDateSystem | undefined;
  saveDateSystemOverride(system: ExcelDateSystem | undefined): Promise<void>;
  /** The workbook's language (status columns, dashboard), if chosen or set by a first flagging. */
  loadSheetLanguage(): Locale | undefined;
  saveSheetLanguage(language: Locale): Promise<void>;
  /** Pushes the sheet's operator edits to the worker and pulls its changes into the active sheet. */
  syncWithWorker(options: SyncOptions): Promise<SyncResult>;
  resolveSyncConflict(conflict: SyncConflict, choice: ConflictChoice, options: SyncOptions): Promise<ResolveOutcome>;
  /** On the pane's load: the calculation mode a run cut short left behind is restored (write-speed.ts). */
  restoreInterruptedRun(): Promise<string | undefined>;
}

/** The glue bound to a host: the real Excel by default, office-addin-mock or a fake host in tests. */
export function connectExcel(host: ExcelHost = officeHost()): ExcelGlue {
  return {
    locateTable: (options) => locateTable(host, options),
    flagRows: (options) => officeErrorsAsProblems(() => flagRows(host, options)),
    readSelectedRowHelp: (options) => officeErrorsAsProblems(() => readSelectedRowHelp(host, options)),
    loadColumnMapping: (sheetName) => loadColumnMapping(host.settings, sheetName),
    saveColumnMapping: (sheetName, overrides) => saveColumnMapping(host.settings, sheetName, overrides),
    loadDateSystemOverride: () => loadDateSystemOverride(host.settings),
    saveDateSystemOverride: (system) => saveDateSystemOverride(host.settings, system),
    loadSheetLanguage: () => loadSheetLanguage(host.settings),
    saveSheetLanguage: (language) => saveSheetLanguage(host.settings, language),
    syncWithWorker: (options) => officeErrorsAsProblems(() => syncWithWorker(host, options)),
    resolveSyncConflict: (conflict, choice, options) => officeErrorsAsProblems(() => resolveSyncConflict(host, conflict, choice, options)),
    restoreInterruptedRun: () => restoreInterruptedRun(host),
  };
}

export { MissingColumnsError, RECOMMENDED_COLUMNS, REQUIRED_COLUMNS, type TableLocation } from './find-table.js';
export type { FlagRowsOptions, FlagRowsResult } from './flag-rows.js';
export type { ExcelHost, ExcelRun, WorkbookSettings } from './host.js';
export { officeHost } from './host.js';
export { MIN_EXCEL_API, OPTIONAL_EXCEL_API } from './requirements.js';
export type { RowFacts, RowHelp, RowHelpOptions } from './row-help.js';
export type { ColumnOverrides } from './settings.js';
export { IMPORT_FILE_TYPES, WorkerClient, WorkerError, type AlertChannel, type AlertDelivery, type ImportResult, type WorkerConnection } from './sync-client.js';
export { SYNC_XML_NAMESPACE } from './sync-store.js';
export { SheetBlockedError, type SheetProblem } from './write-guard.js';
export type { ConflictChoice, ResolveOutcome, SyncCellError, SyncConflict, SyncOptions, SyncResult } from './sync-workbook.js';
