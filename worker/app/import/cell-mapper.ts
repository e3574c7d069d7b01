import { STATUS_COLUMNS } from '../../../shared/output/columns.js';
import { excerpt } from '../../../shared/text/excerpt.js';
import type { ReportCells } from '../../store/cells.js';

/**
 * Maps a record's cells to the report's own headers. Status columns of an earlier evaluation (a sheet
 * exported with `--format csv` and imported back) are not report data; unnamed and repeated headers are skipped.
 */
export class CellMapper {
  /** The kept headers, one array for every line of the report. */
  private readonly headers: string[] = [];
  private readonly indexes: number[] = [];
  /** One per repeated header: which two columns share the name and which one is kept. */
  readonly warnings: string[] = [];

  constructor(headers: readonly string[]) {
    const ours = new Set<string>(STATUS_COLUMNS);
    const seen = new Map<string, number>();
    headers.forEach((header, index) => {
      if (header === '' || ours.has(header.toLowerCase())) return;
      const first = seen.get(header);
      if (first !== undefined) {
        this.warnings.push(
          `columns ${columnName(first)} and ${columnName(index)} are both named ${excerpt(header)}: only column ${columnName(first)} is read and kept, ` +
            `column ${columnName(index)} is ignored; rename or remove one of them`,
        );
        return;
      }
      seen.set(header, index);
      this.headers.push(header);
      this.indexes.push(index);
    });
  }

  cells(record: readonly string[]): ReportCells {
    const values = new Array<string>(this.indexes.length);
    for (let i = 0; i < values.length; i++) values[i] = record[this.indexes[i]!] ?? '';
    return { headers: this.headers, values };
  }
}

/** A 0-based column index as a spreadsheet names it, with its number: `9 (I)`. */
function columnName(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${index + 1} (${letters})`;
}
