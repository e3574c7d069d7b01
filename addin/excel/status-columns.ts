import { columnLetter, rangeAddress } from '../../shared/sheet/address.js';
import { readSheetHeader } from '../../shared/i18n/sheet-vocabulary.js';
import { SHEET_COLUMNS, type SheetColumnKey } from '../../shared/sheet/columns.js';
import { consecutiveColumns } from '../../shared/sheet/plan.js';
import type { TableLocation } from './find-table.js';

/**
 * Where the status and helper columns go: an earlier run's block is found again by its exact headers
 * in order, in whichever language it was flagged, and reused (rewritten in the workbook's language);
 * otherwise a new block starts right of the used range. Requiring the whole block
 * keeps a user's own column that happens to be called "Response" from being overwritten.
 */
export interface StatusPlacement {
  columnAt: Record<SheetColumnKey, number>;
  reused: boolean;
}

export function placeStatusColumns(location: TableLocation): StatusPlacement {
  const { headers, firstColumn } = location;
  for (let i = 0; i + SHEET_COLUMNS.length <= headers.length; i++) {
    if (SHEET_COLUMNS.every((spec, k) => readSheetHeader(headers[i + k]!)?.key === spec.key)) {
      return { columnAt: consecutiveColumns(firstColumn + i), reused: true };
    }
  }
  return { columnAt: consecutiveColumns(location.lastColumn + 1), reused: false };
}

/** The plan's columns as contiguous runs of sheet columns, each written with one range per chunk. */
export interface ColumnRun {
  firstColumn: number;
  /** Indexes into SHEET_COLUMNS, left to right. */
  specs: number[];
}

export function columnRuns(columnAt: Record<SheetColumnKey, number>): ColumnRun[] {
  const placed = SHEET_COLUMNS.map((spec, i) => ({ i, column: columnAt[spec.key] })).sort((a, b) => a.column - b.column);
  const runs: ColumnRun[] = [];
  for (const { i, column } of placed) {
    const last = runs.at(-1);
    if (last && last.firstColumn + last.specs.length === column) last.specs.push(i);
    else runs.push({ firstColumn: column, specs: [i] });
  }
  return runs;
}

/** `X5:AP900` of a run over sheet rows `fromRow`..`toRow`. */
export function runAddress(run: ColumnRun, fromRow: number, toRow: number): string {
  return rangeAddress(run.firstColumn, fromRow, run.firstColumn + run.specs.length - 1, toRow);
}

/** `X:Z` whole columns. */
export function columnsAddress(first: number, last: number): string {
  return `${columnLetter(first)}:${columnLetter(last)}`;
}
