/// <reference types="office-js" />
import { formulaSafe } from '../../shared/output/safe-text.js';
import { rangeAddress } from '../../shared/sheet/address.js';
import type { PlacedColumn } from '../../shared/sheet/plan.js';
import type { SheetCell } from '../../shared/sheet/row-cells.js';
import type { ColumnRun } from './status-columns.js';
import { columnsAddress, runAddress } from './status-columns.js';
import type { SyncMeter } from './sync-meter.js';

/** Excel column widths are in points; a character of the default font is about 7. */
/** Excel's column width in points per character of the default font (about). */
export const POINTS_PER_CHAR = 7;

/**
 * Queues the status block's frame: headers, each column's number format over the data rows (one
 * value for the whole range, Office's "single input copy"), hidden helpers, and widths for a new block.
 * One range per column keeps the mixed formats apart; all of it rides on the first chunk's sync.
 * Text columns get the text format "@" first, so Excel keeps every text as text.
 */
export function queueStatusFrame(
  sheet: Excel.Worksheet,
  runs: readonly ColumnRun[],
  /** The plan's columns (in the workbook's language), in SHEET_COLUMNS order. */
  columns: readonly PlacedColumn[],
  rows: { headerRow: number; firstDataRow: number; lastDataRow: number },
  newBlock: boolean,
  meter: SyncMeter,
): void {
  const send = <T>(value: T) => {
    meter.send(value);
    return value;
  };
  for (const run of runs) {
    const header = sheet.getRange(runAddress(run, rows.headerRow, rows.headerRow));
    header.values = send([run.specs.map((i) => columns[i]!.header)]);
    header.format.font.bold = true;
    header.format.wrapText = true;
    run.specs.forEach((specIndex, offset) => {
      const spec = columns[specIndex]!;
      const column = run.firstColumn + offset;
      if (rows.lastDataRow >= rows.firstDataRow) {
        sheet.getRange(rangeAddress(column, rows.firstDataRow, column, rows.lastDataRow)).numberFormat = send([[spec.numberFormat]]);
      }
      // Helpers are hidden; a status column the user hid or resized is left as they set it.
      const whole = sheet.getRange(columnsAddress(column, column));
      if (spec.hidden) whole.columnHidden = true;
      else if (newBlock) whole.format.columnWidth = spec.width * POINTS_PER_CHAR;
    });
  }
}

/**
 * Queues one chunk of status cells (rows from `fromRow`, in SHEET_COLUMNS order). Office.js runs text
 * starting with = + - @ as a formula, so such text gets the leading apostrophe that marks it as text.
 */
export function queueStatusChunk(sheet: Excel.Worksheet, runs: readonly ColumnRun[], fromRow: number, cells: readonly SheetCell[][], meter: SyncMeter): void {
  if (cells.length === 0) return;
  for (const run of runs) {
    const values = cells.map((row) =>
      run.specs.map((i) => {
        const cell = row[i]!;
        return typeof cell === 'string' ? formulaSafe(cell) : cell;
      }),
    );
    meter.send(values);
    sheet.getRange(runAddress(run, fromRow, fromRow + cells.length - 1)).values = values;
  }
}
