/// <reference types="office-js" />
import { rangeAddress } from '../../shared/sheet/address.js';
import type { ExcelHost } from './host.js';
import { OPTIONAL_EXCEL_API } from './requirements.js';

/**
 * Sheets the add-in cannot write, found before anything is written so that nothing is left half done:
 *
 * - a protected sheet (worksheet.protection.protected, ExcelApi 1.2): Excel refuses writes to locked
 *   cells with AccessDenied
 *   (https://learn.microsoft.com/javascript/api/excel/excel.worksheetprotection);
 * - merged cells where the add-in writes (range.getMergedAreasOrNullObject, ExcelApi 1.13,
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getmergedareasornullobject-member(1));
 * - formulas in the columns Sync writes (range.getSpecialCellsOrNullObject('Formulas'), ExcelApi 1.9,
 *   https://learn.microsoft.com/javascript/api/excel/excel.range#excel-excel-range-getspecialcellsornullobject-member(1)):
 *   Sync would replace them with the report's values.
 *
 * And an Office error that still comes mid-run (a co-author protected the sheet meanwhile, …) is
 * turned into a SheetBlockedError too: the pane shows a message in the user's language, never the raw
 * exception.
 */
export type SheetProblem =
  | { kind: 'protected'; sheetName: string }
  | { kind: 'merged'; sheetName: string; address: string }
  | { kind: 'formulas'; sheetName: string; address: string }
  | { kind: 'multipleAreas' }
  | { kind: 'excel'; code: string };

export class SheetBlockedError extends Error {
  constructor(readonly problem: SheetProblem) {
    const detail = problem.kind === 'excel' ? `Excel answered ${problem.code}` : problem.kind;
    super(`The add-in cannot write this sheet: ${detail}${'address' in problem ? ` (${problem.address})` : ''}.`);
    this.name = 'SheetBlockedError';
  }
}

/** 1-based rows, 0-based columns, inclusive. */
export interface GuardArea {
  firstRow: number;
  lastRow: number;
  firstColumn: number;
  lastColumn: number;
}

/** Queues the protection and merged-cells checks of `area`; after the sync, the returned check throws if the sheet cannot be written. */
export function queueWriteGuard(context: Excel.RequestContext, host: ExcelHost, sheetName: string, area: GuardArea): () => void {
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const protection = sheet.protection;
  protection.load('protected');
  let merged: Excel.RangeAreas | undefined;
  if (host.supportsExcelApi(OPTIONAL_EXCEL_API.mergedAreas)) {
    merged = sheet.getRange(addressOf(area)).getMergedAreasOrNullObject();
    merged.load('address');
  }
  return () => {
    if (protection.protected) throw new SheetBlockedError({ kind: 'protected', sheetName });
    if (merged && !merged.isNullObject) throw new SheetBlockedError({ kind: 'merged', sheetName, address: firstAreas(merged.address) });
  };
}

/** Queues the check for formulas in the columns Sync writes (whole columns of `columns`, rows of `rows`). */
export function queueFormulaGuard(context: Excel.RequestContext, host: ExcelHost, sheetName: string, rows: { firstRow: number; lastRow: number }, columns: readonly number[]): () => void {
  if (columns.length === 0 || rows.lastRow < rows.firstRow || !host.supportsExcelApi(OPTIONAL_EXCEL_API.specialCells)) return () => undefined;
  const sheet = context.workbook.worksheets.getItem(sheetName);
  const found = columnRuns(columns).map((run) => {
    const cells = sheet.getRange(rangeAddress(run.first, rows.firstRow, run.last, rows.lastRow)).getSpecialCellsOrNullObject('Formulas' as Excel.SpecialCellType);
    cells.load('address');
    return cells;
  });
  return () => {
    const hit = found.find((cells) => !cells.isNullObject);
    if (hit) throw new SheetBlockedError({ kind: 'formulas', sheetName, address: firstAreas(hit.address) });
  };
}

/**
 * Runs `work`; an Office error (it has a string `code`, e.g. AccessDenied, MergedRangeConflict) comes
 * out as a SheetBlockedError, other errors unchanged.
 */
export async function officeErrorsAsProblems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asSheetProblem(error);
  }
}

const OFFICE_CODE = /^[A-Z][A-Za-z]+$/;

function asSheetProblem(error: unknown): unknown {
  if (error instanceof SheetBlockedError || !(error instanceof Error)) return error;
  if (error.name === 'AbortError' || error.name === 'MissingColumnsError' || error.name === 'WorkerError') return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !OFFICE_CODE.test(code)) return error;
  if (code === 'InvalidSelection') return new SheetBlockedError({ kind: 'multipleAreas' });
  return new SheetBlockedError({ kind: 'excel', code });
}

const addressOf = (area: GuardArea) => rangeAddress(area.firstColumn, area.firstRow, area.lastColumn, area.lastRow);

/** The first areas of a RangeAreas address, without the sheet name, short enough for a message. */
function firstAreas(address: string): string {
  const areas = address.split(',').map((a) => a.slice(a.lastIndexOf('!') + 1));
  return areas.length <= 3 ? areas.join(', ') : `${areas.slice(0, 3).join(', ')}, …`;
}

function columnRuns(columns: readonly number[]): { first: number; last: number }[] {
  const sorted = [...new Set(columns)].sort((a, b) => a - b);
  const runs: { first: number; last: number }[] = [];
  for (const column of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.last === column - 1) last.last = column;
    else runs.push({ first: column, last: column });
  }
  return runs;
}
