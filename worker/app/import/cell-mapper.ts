import { STATUS_COLUMNS } from '../../../shared/output/columns.js';

/**
 * Maps a record's cells to the report's own headers. Status columns of an earlier evaluation (a sheet
 * exported with `--format csv` and imported back) are not report data; unnamed and repeated headers are skipped.
 */
export class CellMapper {
  private readonly columns: { header: string; index: number }[] = [];

  constructor(headers: readonly string[]) {
    const ours = new Set<string>(STATUS_COLUMNS);
    const seen = new Set<string>();
    headers.forEach((header, index) => {
      if (header === '' || seen.has(header) || ours.has(header.toLowerCase())) return;
      seen.add(header);
      this.columns.push({ header, index });
    });
  }

  cells(record: readonly string[]): Record<string, string> {
    return Object.fromEntries(this.columns.map(({ header, index }) => [header, record[index] ?? '']));
  }
}
