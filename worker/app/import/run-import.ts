import { openReport, type ReportOptions } from '../../../shared/report/read-report.js';
import type { RowError } from '../../../shared/schemas/statuses.js';
import { lineKeyOf } from '../../store/line-key.js';
import type { ImportLine, ImportRecord, Store } from '../../store/types.js';
import { WorkerStoppingError } from '../body/errors.js';
import type { Upload } from '../body/upload.js';
import { Utf8Guard } from '../body/utf8-guard.js';
import { toProblem } from '../problem.js';
import { CellMapper } from './cell-mapper.js';

/** Row errors kept with an import; past this many only the count grows (a file of bad rows must not fill memory). */
export const MAX_LISTED_ERRORS = 1000;

export interface ImportJob {
  store: Store;
  accountId: string;
  upload: Upload;
  options: ReportOptions;
  fileName: string | null;
  /** Aborted at shutdown: the import stops at its next batch and is rolled back. */
  shutdown: AbortSignal;
  logError: (error: unknown, context: string) => void;
}

/**
 * Streams a report into the store: valid lines are staged batch by batch as they are read, then merged in
 * one commit. Input that is unusable from the start creates no import at all; any later failure (bad bytes,
 * body over the limit, client gone, shutdown, database error) marks the import failed and merges nothing.
 */
export async function runImport(job: ImportJob): Promise<ImportRecord> {
  const { store, accountId } = job;
  const utf8 = new Utf8Guard();
  const report = await openReport(utf8.check(job.upload.bytes), job.options);
  utf8.enforceFor(report.encoding);

  const record = await store.beginImport(accountId, job.fileName);
  try {
    const cells = new CellMapper(report.headers);
    const errors: RowError[] = [];
    let rows = 0;
    let rejectedRows = 0;
    let unlistedRows = 0;
    for await (const batch of report.batches) {
      if (job.shutdown.aborted) throw new WorkerStoppingError();
      const lines: ImportLine[] = [];
      for (const item of batch.items) {
        rows++;
        if (item.row) {
          lines.push({ lineKey: lineKeyOf(item.row), row: item.row, cells: cells.cells(item.cells) });
        } else {
          rejectedRows++;
          if (errors.length < MAX_LISTED_ERRORS) errors.push(...item.errors);
          else unlistedRows++;
        }
      }
      if (lines.length > 0) await store.stageImportLines(accountId, record.id, lines);
    }
    const warnings = [...report.warnings];
    if (rows === 0) warnings.push(`the report has a header line (line ${report.headerLine}) but no order rows: nothing to import`);
    if (unlistedRows > 0) warnings.push(`${rejectedRows} rows were rejected; the errors of the last ${unlistedRows} are not listed`);
    if (job.shutdown.aborted) throw new WorkerStoppingError();
    return await store.commitImport(accountId, record.id, errors, warnings, { rejectedRows });
  } catch (error) {
    // The client sees the reason in GET /v1/imports/{id}: the problem's text, never a database message.
    await store.failImport(accountId, record.id, toProblem(error).detail).catch((failError) => job.logError(failError, `marking import ${record.id} failed`));
    throw error;
  }
}
