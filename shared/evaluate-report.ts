import type { Policy } from './policy/schema.js';
import type { OpenedReport, ReportBatch } from './report/read-report.js';
import { rowDays } from './rules/days.js';
import { evaluateRow } from './rules/evaluate.js';
import { OdrAccumulator } from './rules/odr-summary.js';
import type { OrderIdTable } from './rules/order-id-set.js';
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
    for await (const batch of report.batches) yield evaluateBatch(batch, policy, asOf, accumulator);
  }

  return {
    batches: batches(),
    summary: () => accumulator(policy.timeZone ?? policy.defaultTimeZone).summary(),
  };
}

/** What one piece of a report (consecutive lines evaluated apart, e.g. by a worker thread) adds to the ODR summary. */
export interface OdrPiece {
  /** Marketplace zone of the piece's first readable row, if it has one. */
  firstZone: string | undefined;
  orders: OrderIdTable;
}

export interface PieceEvaluation {
  batches: AsyncIterable<EvaluatedItem[]>;
  /** Complete once `batches` is exhausted. */
  odr(): OdrPiece;
}

/**
 * Evaluates one piece of a report like evaluateReport, but instead of a summary keeps what
 * mergeOdrPieces needs to make the whole report's summary from all pieces.
 */
export function evaluateReportPiece(pieceBatches: AsyncIterable<ReportBatch>, policy: Policy, asOf: number): PieceEvaluation {
  let firstZone: string | undefined;
  // The window's display zone is decided when the pieces are merged; this one's is never shown.
  const odr = new OdrAccumulator(policy, asOf, policy.defaultTimeZone);
  const accumulator = (zone: string) => {
    firstZone ??= zone;
    return odr;
  };

  async function* batches(): AsyncGenerator<EvaluatedItem[]> {
    for await (const batch of pieceBatches) yield evaluateBatch(batch, policy, asOf, accumulator);
  }

  return { batches: batches(), odr: () => ({ firstZone, orders: odr.orderTable() }) };
}

/**
 * The ODR summary of a whole report from its pieces, given in file order: equal to evaluateReport's.
 * The first piece's table is taken over (and changed) rather than copied: a million orders take 9 MB.
 */
export function mergeOdrPieces(pieces: readonly OdrPiece[], policy: Policy, asOf: number): OdrSummary {
  const firstZone = pieces.find((piece) => piece.firstZone !== undefined)?.firstZone;
  const zone = policy.timeZone ?? firstZone ?? policy.defaultTimeZone;
  const [first, ...later] = pieces;
  const odr = first ? OdrAccumulator.fromOrderTable(policy, asOf, zone, first.orders) : new OdrAccumulator(policy, asOf, zone);
  for (const piece of later) odr.mergeLater(piece.orders);
  return odr.summary();
}

function evaluateBatch(
  batch: ReportBatch,
  policy: Policy,
  asOf: number,
  accumulator: (zone: string) => OdrAccumulator,
): EvaluatedItem[] {
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
  return out;
}
