import { open, rm, stat } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { mergeOdrPieces } from '../../shared/evaluate-report.js';
import { joinPiece, type OutputFormat, type OutputWriter, type WriterLabels } from '../../shared/output/writers.js';
import type { Policy } from '../../shared/policy/schema.js';
import { pieceWarnings, type OpenedReport } from '../../shared/report/read-report.js';
import type { OdrSummary, RowError } from '../../shared/schemas/statuses.js';
import type { ExcelDateSystem } from '../../shared/time/excel-serial.js';
import type { DateOrder } from '../../shared/time/parse.js';
import { evaluateRange, type RangeListener } from './evaluate-range.js';
import { canSplitAtLineFeeds, findBodyStart, reportLayout, splitBody, type ByteRange } from './plan.js';
import type { RangeJob, RangeOutcome } from './protocol.js';
import { RangeThread } from './range-thread.js';
import type { ParallelSettings } from './settings.js';
import { TempDir } from './temp-dir.js';

/** How many evaluations in this process took the parallel path: lets tests tell it from the fallback. */
export const parallelRuns = { count: 0 };

export interface ParallelEvaluation {
  file: string;
  /** The report as openReport opened it on the file: its header is found, its body not read yet. */
  report: OpenedReport;
  /** Closes the file stream `report` reads, once the ranges take over. */
  stopReadingReport: () => void;
  settings: ParallelSettings;
  policy: Policy;
  dateOrder: DateOrder | undefined;
  excelDateSystem: ExcelDateSystem | undefined;
  asOf: number;
  format: OutputFormat;
  words: WriterLabels;
  /** The whole output's writer; its start() is written already, its end() is the caller's to write. */
  writer: OutputWriter;
  write: (chunk: string | Uint8Array) => Promise<void>;
  /** Writes bytes and resolves once they are written out, so that their buffer may be reused. */
  writeBuffer: (bytes: Uint8Array) => Promise<void>;
  /** undefined when no progress bar is drawn. */
  progress: ((bytesRead: number, rows: number) => void) | undefined;
}

export interface EvaluationTotals {
  rows: number;
  errorRows: number;
  summary: OdrSummary;
  warnings: string[];
}

/**
 * Evaluates a large report file in byte ranges of whole lines, for the very output one thread gives: this thread
 * evaluates the first range and streams its output, worker threads evaluate the others into temporary files that
 * are appended in order afterwards, so memory stays flat. A range whose thread could not start, or failed, is
 * evaluated here in its turn. Resolves to undefined, having written nothing, when the file does not qualify (see
 * plan.ts): the caller then reads `report` itself.
 */
export async function evaluateInParallel(run: ParallelEvaluation): Promise<EvaluationTotals | undefined> {
  const { report, settings } = run;
  if (settings.threads < 2 || !canSplitAtLineFeeds(report)) return undefined;
  const stats = await stat(run.file);
  if (!stats.isFile() || stats.size < settings.minBytes) return undefined;

  const file = await open(run.file, 'r');
  let ranges: ByteRange[];
  let threads: Promise<RangeThread | undefined>[];
  try {
    const bodyStart = await findBodyStart(file, report.headerLine);
    if (bodyStart === undefined) return undefined;
    // The threads load their modules while this thread counts the lines before each range.
    threads = Array.from({ length: settings.threads - 1 }, () => RangeThread.start().catch(() => undefined));
    try {
      ranges = await splitBody(file, bodyStart, stats.size, report.headerLine, settings.threads);
    } catch (error) {
      await terminate(threads);
      throw error;
    }
  } finally {
    await file.close();
  }
  if (ranges.length < 2) {
    await terminate(threads);
    return undefined;
  }
  run.stopReadingReport();
  limitHeapGrowth();
  const temp = new TempDir('atoz-evaluate-');
  try {
    return await evaluateRanges(run, ranges, threads, temp);
  } finally {
    // Threads first: they may still be writing in the directory (after an error here).
    await terminate(threads);
    temp.remove();
  }
}

async function evaluateRanges(
  run: ParallelEvaluation,
  ranges: ByteRange[],
  threads: Promise<RangeThread | undefined>[],
  temp: TempDir,
): Promise<EvaluationTotals> {
  const outFile = (i: number) => temp.file(`range-${i}`);
  const progress = ranges.map(() => ({ bytesRead: 0, rows: 0 }));
  const headBytes = ranges[0]!.start;
  const showProgress = () => {
    if (!run.progress) return;
    let bytesRead = headBytes;
    let rows = 0;
    for (const p of progress) {
      bytesRead += p.bytesRead;
      rows += p.rows;
    }
    run.progress(bytesRead, rows);
  };
  // JSON row errors come batch by batch; the output lists them all at its end, in line order.
  const listener = (i: number, rowErrors: RowError[]): RangeListener => ({
    rowErrors: (errors) => {
      for (const error of errors) rowErrors.push(error);
    },
    progress: (bytesRead, rows) => {
      progress[i] = { bytesRead, rows };
      showProgress();
    },
  });

  // Each later range runs in its thread as soon as that has started. Undefined: the thread could not start, or failed
  // (a ReportError, out of memory…); this thread then evaluates the range itself when its turn comes, and so gives
  // the very output, or error, one thread would.
  const threadRuns = ranges.slice(1).map(async (range, k) => {
    const thread = await threads[k];
    const rowErrors: RowError[] = [];
    const outcome = await thread?.run(rangeJob(run, range), outFile(k + 1), listener(k + 1, rowErrors)).catch(() => undefined);
    return outcome && { outcome, rowErrors };
  });
  // The first range, or one no thread evaluated, is evaluated here and streamed out directly. Its text
  // needs the joint to the ranges before (a JSON comma) only if it has rows, known by its first text (see writers.ts).
  const evaluateHere = async (i: number) => {
    let joined = false;
    const write = async (text: string) => {
      if (!joined) await run.write(joinPiece(run.writer, { wroteRows: true, errors: [] }));
      joined = true;
      await run.write(text);
    };
    const rowErrors: RowError[] = [];
    const outcome = await evaluateRange(rangeJob(run, ranges[i]!), { write }, listener(i, rowErrors));
    joinPiece(run.writer, { wroteRows: false, errors: rowErrors });
    return outcome;
  };
  const appendFromThread = async (i: number, { outcome, rowErrors }: { outcome: RangeOutcome; rowErrors: RowError[] }) => {
    await run.write(joinPiece(run.writer, { wroteRows: outcome.wroteRows, errors: rowErrors }));
    await appendFile(outFile(i), run.writeBuffer);
    return outcome;
  };

  const outcomes: RangeOutcome[] = [];
  for (let i = 0; i < ranges.length; i++) {
    const fromThread = i === 0 ? undefined : await threadRuns[i - 1];
    outcomes.push(fromThread ? await appendFromThread(i, fromThread) : await evaluateHere(i));
  }
  parallelRuns.count++;
  return {
    rows: outcomes.reduce((sum, o) => sum + o.rows, 0),
    errorRows: outcomes.reduce((sum, o) => sum + o.errorRows, 0),
    summary: mergeOdrPieces(outcomes.map((o) => o.odr), run.policy, run.asOf),
    warnings: pieceWarnings(run.report.warnings, run.report.encoding, outcomes.map((o) => o.notes)),
  };
}

function rangeJob(run: ParallelEvaluation, range: ByteRange): RangeJob {
  return {
    file: run.file,
    range,
    layout: reportLayout(run.report),
    headers: run.report.headers,
    policy: run.policy,
    dateOrder: run.dateOrder,
    excelDateSystem: run.excelDateSystem,
    asOf: run.asOf,
    format: run.format,
    words: run.words,
    progress: run.progress !== undefined,
  };
}

/**
 * Lets each thread's V8 heap grow to twice its live data between full collections, not up to 4x as V8 chooses for
 * long runs: two heaps of that size would pass 256 MB of RSS. The threads' live data is small (batches of 128
 * rows), so this costs ~3% of time: 1,000,000 rows on two threads, peak RSS 259 → 222 MB, 4.89 → 4.98 s.
 * (On one thread, with batches of 1024, it would cost 40%, so that path does not set it.) A V8 flag for the
 * whole process, read at each collection.
 */
function limitHeapGrowth(): void {
  setFlagsFromString('--heap-growing-percent=100');
}

/** Ends the threads that started. */
async function terminate(threads: readonly Promise<RangeThread | undefined>[]): Promise<void> {
  await Promise.all(threads.map(async (thread) => (await thread)?.terminate()));
}

/**
 * Appends a range's output through one reused buffer: 1 MB buffers read and dropped would pile up (tens of MB)
 * before this thread, which allocates little meanwhile, runs a garbage collection.
 */
async function appendFile(path: string, writeBuffer: (bytes: Uint8Array) => Promise<void>): Promise<void> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(1 << 20);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      await writeBuffer(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  // Free the disk space now rather than at the end.
  await rm(path, { force: true });
}
