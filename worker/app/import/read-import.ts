import { openReport, type ReportOptions } from '../../../shared/report/read-report.js';
import type { RowError } from '../../../shared/schemas/statuses.js';
import { encodeImportLine } from '../../store/encode-line.js';
import { lineKeyOf } from '../../store/line-key.js';
import type { EncodedImportLine } from '../../store/types.js';
import { Utf8Guard } from '../body/utf8-guard.js';
import { CellMapper } from './cell-mapper.js';

/** Row errors kept with an import; past this many only the count grows (a file of bad rows must not fill memory). */
export const MAX_LISTED_ERRORS = 1000;

/** One batch of a report read for an import: its valid lines as the store stages them, and its rejected rows. */
export interface ImportBatch {
  /** Report rows in the batch, valid and rejected. */
  rows: number;
  lines: EncodedImportLine[];
  rejectedRows: number;
  /** The rejected rows' errors, as long as fewer than MAX_LISTED_ERRORS were listed for the report. */
  errors: RowError[];
  /** Rejected rows past that limit, whose errors are not listed. */
  unlistedRows: number;
}

/** A report opened for an import: what its header told, then its batches as they are read. */
export interface ImportReading {
  encoding: string;
  /** The line the header is on (1-based). */
  headerLine: number;
  /** Throws ReportError for bytes that an import cannot keep (invalid UTF-8) or a report that turns unusable. */
  batches: AsyncIterable<ImportBatch>;
  /** The report's file-level warnings: complete once the batches are read. */
  warnings(): string[];
}

/**
 * Reads an upload for an import. Throws ReportError if the report is unusable from the start. The worker
 * on Node runs it in reader threads (worker/threads); any runtime can run it in the request's own thread.
 */
export type ImportReader = (bytes: AsyncIterable<Uint8Array>, options: ReportOptions) => Promise<ImportReading>;

/** The import reader itself: UTF-8 check, the shared report reader, the cell mapping and the stored form of each line. */
export const readImport: ImportReader = async (bytes, options) => {
  const utf8 = new Utf8Guard();
  const report = await openReport(utf8.check(bytes), options);
  utf8.enforceFor(report.encoding);
  const cells = new CellMapper(report.headers);
  let listedErrors = 0;

  async function* batches(): AsyncGenerator<ImportBatch> {
    for await (const batch of report.batches) {
      const read: ImportBatch = { rows: batch.items.length, lines: [], rejectedRows: 0, errors: [], unlistedRows: 0 };
      for (const item of batch.items) {
        if (item.row) {
          read.lines.push(encodeImportLine({ lineKey: lineKeyOf(item.row), row: item.row, cells: cells.cells(item.cells) }));
        } else {
          read.rejectedRows++;
          if (listedErrors < MAX_LISTED_ERRORS) {
            read.errors.push(...item.errors);
            listedErrors += item.errors.length;
          } else {
            read.unlistedRows++;
          }
        }
      }
      yield read;
    }
  }

  return { encoding: report.encoding, headerLine: report.headerLine, batches: batches(), warnings: () => [...report.warnings] };
};
