import type { ReportOptions } from '../../../shared/report/read-report.js';
import type { RowError } from '../../../shared/schemas/statuses.js';
import type { ImportRecord, Store } from '../../store/types.js';
import { WorkerStoppingError } from '../body/errors.js';
import type { Upload } from '../body/upload.js';
import { limitText, MAX_DETAIL_CHARS } from '../echo-limit.js';
import { toProblem } from '../problem.js';
import { readImport, storesLines, type ImportReader, type ImportReading } from './read-import.js';
import type { FactRecord } from '../../../shared/report/facts.js';

export interface ImportJob {
  store: Store;
  accountId: string;
  upload: Upload;
  options: ReportOptions;
  fileName: string | null;
  /** Reads the upload into lines (default: in this thread; the Node worker passes its reader threads). */
  readImport?: ImportReader;
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
  const report = await (job.readImport ?? readImport)(job.upload.bytes, job.options);
  if (!storesLines(report.kind)) return importFacts(job, report);
  const batches = report.batches[Symbol.asyncIterator]();

  let record: ImportRecord;
  try {
    record = await store.beginImport(accountId, job.fileName);
  } catch (error) {
    await batches.return?.(); // stops the reading (a reader thread is let go)
    throw error;
  }
  try {
    const errors: RowError[] = [];
    const facts: FactRecord[] = [];
    let rows = 0;
    let rejectedRows = 0;
    let unlistedRows = 0;
    for (;;) {
      const next = await batches.next();
      if (next.done) break;
      const batch = next.value;
      if (job.shutdown.aborted) throw new WorkerStoppingError();
      rows += batch.rows;
      rejectedRows += batch.rejectedRows;
      unlistedRows += batch.unlistedRows;
      errors.push(...batch.errors);
      for (const fact of batch.facts) facts.push(fact);
      if (batch.lines.count > 0) await store.stageImportLines(accountId, record.id, batch.lines);
    }
    const warnings = report.warnings();
    if (rows === 0) warnings.push(`the report has a header line (line ${report.headerLine}) but no order rows: nothing to import`);
    if (unlistedRows > 0) warnings.push(`${rejectedRows} rows were rejected; the errors of the last ${unlistedRows} are not listed`);
    if (job.shutdown.aborted) throw new WorkerStoppingError();
    const committed = await store.commitImport(accountId, record.id, errors, warnings, { rejectedRows, sets: report.sets, kind: report.kind });
    if (facts.length === 0) return committed;
    // A shipments report's carrier and tracking, kept as facts once its lines are in (an import record of their own);
    // a report that made no order line at all (no purchase dates) answers with the facts' record.
    const kept = await store.commitOrderFacts(accountId, job.fileName, facts, [], [], 0);
    const { inserted, updated, unchanged } = committed.counts;
    return inserted + updated + unchanged === 0 ? { ...kept, errors: committed.errors, warnings: committed.warnings, counts: { ...kept.counts, rejected: committed.counts.rejected } } : committed;
  } catch (error) {
    await batches.return?.();
    // The client sees the reason in GET /v1/imports/{id}: the problem's text, never a database message.
    await store.failImport(accountId, record.id, limitText(toProblem(error).detail, MAX_DETAIL_CHARS)).catch((failError) => job.logError(failError, `marking import ${record.id} failed`));
    throw error;
  }
}

/**
 * A feedback, returns or shipments report: its lines are facts about orders, kept by order id whether the order is stored yet
 * or not (they join its lines when read), committed at once after the reading: a failure before that keeps nothing.
 */
async function importFacts(job: ImportJob, report: ImportReading): Promise<ImportRecord> {
  const facts: FactRecord[] = [];
  const errors: RowError[] = [];
  let rows = 0;
  let rejectedRows = 0;
  let unlistedRows = 0;
  for await (const batch of report.batches) {
    if (job.shutdown.aborted) throw new WorkerStoppingError();
    rows += batch.rows;
    rejectedRows += batch.rejectedRows;
    unlistedRows += batch.unlistedRows;
    errors.push(...batch.errors);
    for (const fact of batch.facts) facts.push(fact);
  }
  const warnings = report.warnings();
  if (rows === 0) warnings.push(`the report has a header line (line ${report.headerLine}) but no ${report.kind} lines: nothing to import`);
  if (unlistedRows > 0) warnings.push(`${rejectedRows} rows were rejected; the errors of the last ${unlistedRows} are not listed`);
  if (job.shutdown.aborted) throw new WorkerStoppingError();
  return job.store.commitOrderFacts(job.accountId, job.fileName, facts, errors, warnings, rejectedRows);
}
