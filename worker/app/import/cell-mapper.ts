import { STATUS_COLUMNS } from '../../../shared/output/columns.js';
import type { ReportCells } from '../../store/cells.js';

/**
 * Maps a record's cells to the report's own headers. Status columns of an earlier evaluation (a sheet
 * exported with `--format csv` and imported back) are not report data; unnamed and repeated headers are skipped.
 */
export class CellMapper {
  /** The kept headers, one array for every line of the report. */
  private readonly headers: string[] = [];
  private readonly indexes: number[] = [];

  constructor(headers: readonly string[]) {
    const ours = new Set<string>(STATUS_COLUMNS);
    const seen = new Set<string>();
    headers.forEach((header, index) => {
      if (header === '' || seen.has(header) || ours.has(header.toLowerCase())) return;
      seen.add(header);
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
