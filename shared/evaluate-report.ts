import type { Policy } from './policy/schema.js';
import type { OpenedReport } from './report/read-report.js';
import { rowDays } from './rules/days.js';
import { evaluateRow } from './rules/evaluate.js';
import { OdrAccumulator } from './rules/odr-summary.js';
import type { EvaluatedRow, OdrSummary, RowError } from './schemas/statuses.js';

/** One record after evaluation: the statuses of a readable row, or the errors of a bad one. */
export type EvaluatedItem = { line: number; cells: string[] } & (
  | { result: EvaluatedRow; errors?: undefined }
  | { result?: undefined; errors: RowError[] }
);

export interface ReportEvaluation {
  batches: AsyncIterable<EvaluatedItem[]>;
  /** Complete once `batches` is exhausted. */
  summary(): OdrSummary;
}

/**
 * Evaluates an opened report as of `asOf`, batch by batch, and accumulates the ODR summary.
 * The summary's window is shown in the policy's zone override, else the first row's marketplace zone.
 */
export function evaluateReport(report: OpenedReport, policy: Policy, asOf: number): ReportEvaluation {
  let odr: OdrAccumulator | undefined;
  const accumulator = (zone: string) => (odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? zone));

  async function* batches(): AsyncGenerator<EvaluatedItem[]> {
    for await (const batch of report.batches) {
      const out: EvaluatedItem[] = new Array(batch.items.length);
      for (let i = 0; i < batch.items.length; i++) {
        const item = batch.items[i]!;
        if (item.row) {
          const days = rowDays(item.row, asOf);
          accumulator(item.row.timeZone).add(item.row, days);
          out[i] = { line: item.line, cells: item.cells, result: evaluateRow(item.row, policy, asOf, item.line, days) };
        } else {
          out[i] = { line: item.line, cells: item.cells, errors: item.errors };
        }
      }
      yield out;
    }
  }

  return {
    batches: batches(),
    summary: () => accumulator(policy.timeZone ?? policy.defaultTimeZone).summary(),
  };
}
