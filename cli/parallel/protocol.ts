import type { OdrPiece } from '../../shared/evaluate-report.js';
import type { OutputFormat, WriterLabels } from '../../shared/output/writers.js';
import type { Policy } from '../../shared/policy/schema.js';
import type { RowError } from '../../shared/schemas/statuses.js';
import type { ReportLayout, ReportPieceNotes } from '../../shared/report/read-report.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import type { DateOrder } from '../../shared/time/parse.js';
import type { ByteRange } from './plan.js';

/** Everything needed to evaluate one range of the file (structured-cloned to a worker thread). */
export interface RangeJob {
  file: string;
  range: ByteRange;
  layout: ReportLayout;
  /** The report's header, trimmed (the CSV writer picks its columns from it). */
  headers: string[];
  policy: Policy;
  dateOrder: DateOrder | undefined;
  excelDateSystem: ExcelDateSystem | undefined;
  asOf: number;
  format: OutputFormat;
  words: WriterLabels;
  /** Whether to send progress messages (only when a progress bar is drawn). */
  progress: boolean;
}

/** What a range adds to the whole report's output, summary and warnings (its JSON row errors come as messages). */
export interface RangeOutcome {
  rows: number;
  errorRows: number;
  /** Whether the range's output holds any row (the JSON format then needs a comma before the next range's). */
  wroteRows: boolean;
  odr: OdrPiece;
  notes: ReportPieceNotes;
}

/** A worker thread's job: a range whose output goes to a temporary file. */
export type ToWorker = { type: 'job'; job: RangeJob; outFile: string };

export type FromWorker =
  /** Sent once the worker's modules are loaded: it can take a job. */
  | { type: 'ready' }
  /** JSON only: row errors of the range, in line order, for the end of the output. */
  | { type: 'row-errors'; errors: RowError[] }
  /** Totals of the range so far. */
  | { type: 'progress'; bytesRead: number; rows: number }
  | { type: 'done'; outcome: RangeOutcome }
  | { type: 'failed'; message: string; stack: string | undefined };
