/// <reference types="office-js" />
import type { CanonicalColumn } from '../../shared/columns/canonical.js';
import type { ColumnMap } from '../../shared/columns/map-header.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import { cellText, type TableLocation } from './find-table.js';
import type { SyncMeter } from './sync-meter.js';

/**
 * Only the columns the engine reads are loaded (a report has 30-odd others), as few contiguous
 * ranges as possible; their cells are packed into a compact row the RowBuilder reads through `columns`.
 */
export interface ReadLayout {
  runs: { firstColumn: number; count: number }[];
  /** The engine's column map, indexes into the compact row. */
  columns: ColumnMap;
  width: number;
}

export function readLayout(location: TableLocation): ReadLayout {
  const mapped = (Object.entries(location.columns) as [CanonicalColumn, { index: number; header: string }][])
    .map(([column, at]) => ({ column, header: at.header, sheetColumn: location.firstColumn + at.index }))
    .sort((a, b) => a.sheetColumn - b.sheetColumn);
  const sheetColumns = [...new Set(mapped.map((m) => m.sheetColumn))];
  const runs: ReadLayout['runs'] = [];
  for (const column of sheetColumns) {
    const last = runs.at(-1);
    if (last && last.firstColumn + last.count === column) last.count++;
    else runs.push({ firstColumn: column, count: 1 });
  }
  const columns: ColumnMap = {};
  for (const m of mapped) columns[m.column] = { index: sheetColumns.indexOf(m.sheetColumn), header: m.header };
  return { runs, columns, width: sheetColumns.length };
}

/**
 * Queues the load of sheet rows `fromRow`..`toRow` (1-based); after the sync the returned function
 * gives each row's compact cells as text (numbers such as date serials in their plain JS form).
 */
export function queueChunkRead(
  sheet: Excel.Worksheet,
  layout: ReadLayout,
  fromRow: number,
  toRow: number,
  meter: SyncMeter,
): () => string[][] {
  const ranges = layout.runs.map((run) => {
    const range = sheet.getRange(rangeAddress(run.firstColumn, fromRow, run.firstColumn + run.count - 1, toRow));
    range.load('values');
    meter.receive(range);
    return range;
  });
  return () => {
    const rows: string[][] = [];
    for (let r = 0; r <= toRow - fromRow; r++) {
      const cells: string[] = [];
      for (const range of ranges) for (const value of range.values[r]!) cells.push(cellText(value));
      rows.push(cells);
    }
    return rows;
  };
}
