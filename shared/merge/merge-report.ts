import type { RowError } from '../schemas/statuses.js';
import { FactBuilder, statedFields, type FactReadOptions, type FactSource } from '../report/facts.js';
import type { OpenedReport, ReportBatch } from '../report/read-report.js';
import { FactIndex, mergeLine, type LineFacts } from './merge-facts.js';

/** At most this many merge warnings are listed one by one; the rest are counted. */
export const LISTED_MERGE_WARNINGS = 100;

/** A row error of a report read for its facts: its file, line, column and what was wrong. */
export interface FileRowError extends RowError {
  file: string;
}

/** Reads every line of an opened report into `index`; lines that cannot be used come back as row errors. */
export async function collectFacts(report: OpenedReport, file: string, index: FactIndex, options: FactReadOptions = {}): Promise<{ lines: number; errors: FileRowError[] }> {
  const builder = new FactBuilder(report.kind, report.headers, report.columns, file, options);
  let lines = 0;
  const errors: FileRowError[] = [];
  for await (const batch of report.batches) {
    for (const item of batch.items) {
      lines++;
      const built = builder.build(item);
      if (Array.isArray(built)) for (const error of built) errors.push({ ...error, file });
      else index.add(built);
    }
  }
  return { lines, errors };
}

/** Notes on the merge of a whole report, complete once its batches are read. */
export class MergeNotes {
  readonly warnings: string[] = [];
  private unlisted = 0;

  add(warnings: readonly string[]): void {
    for (const warning of warnings) {
      if (this.warnings.length < LISTED_MERGE_WARNINGS) this.warnings.push(warning);
      else this.unlisted++;
    }
  }

  /** The warnings to show, the count of those not listed, and the orders other files name that no line had. */
  summary(index: FactIndex, primaryFile: string): string[] {
    const out = [...this.warnings];
    if (this.unlisted > 0) out.push(`and ${this.unlisted} more facts stated differently in two files`);
    for (const { file, lines, example } of index.unmatched()) {
      out.push(`${file}: ${lines} line${lines > 1 ? 's name orders' : ' names an order'} not in ${primaryFile} (e.g. ${example}); not evaluated`);
    }
    return out;
  }
}

/**
 * The primary report (the one whose lines are evaluated) with every line merged with the facts of the other
 * reports, streaming: the index holds the other reports, the primary is never held whole. `onLine` sees each
 * merged line's facts (the add-in's sync and the drafts use them). Merge warnings go to `notes`.
 */
export function mergedReport(
  report: OpenedReport,
  file: string,
  index: FactIndex,
  notes: MergeNotes,
  onLine?: (line: number, facts: LineFacts) => void,
): OpenedReport {
  const stated = statedFields(report.columns);
  async function* batches(): AsyncGenerator<ReportBatch> {
    for await (const batch of report.batches) {
      for (const item of batch.items) {
        if (!item.row) continue;
        const facts = index.take(item.row.orderId);
        if (facts.length === 0) continue;
        const source: FactSource = { file, line: item.line, kind: report.kind };
        const merged = mergeLine(item.row, source, stated, facts);
        item.row = merged.row;
        notes.add(merged.warnings);
        onLine?.(item.line, merged.facts);
      }
      yield batch;
    }
  }
  return { ...report, batches: batches() };
}
