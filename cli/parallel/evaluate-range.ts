import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { evaluateReportPiece } from '../../shared/evaluate-report.js';
import { createWriter, takePieceCarry } from '../../shared/output/writers.js';
import { openReportPiece } from '../../shared/report/read-report.js';
import type { RowError } from '../../shared/schemas/statuses.js';
import { FILE_CHUNK_BYTES } from '../file-chunks.js';
import { countBytes } from '../progress.js';
import type { RangeJob, RangeOutcome } from './protocol.js';

/** Where a range's output text goes, in order (a promise holds the next batch back: backpressure). */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

/** What a range reports while it runs. */
export interface RangeListener {
  /** JSON only: the row errors of each batch, which the JSON format keeps till its end (in the main thread). */
  rowErrors(errors: RowError[]): void;
  progress(bytesRead: number, rows: number): void;
}

/**
 * Reads, evaluates and writes one range of the report, as the single-threaded command does for the whole file,
 * and returns what the main thread needs to finish the output (ODR orders, warnings, whether rows were written).
 * The main thread runs it for the first range, worker threads for the others.
 */
export async function evaluateRange(job: RangeJob, sink: TextSink, listener: RangeListener): Promise<RangeOutcome> {
  let bytesRead = 0;
  const input = createReadStream(job.file, { start: job.range.start, end: job.range.end - 1, highWaterMark: FILE_CHUNK_BYTES });
  const piece = openReportPiece(countBytes(input, (n) => (bytesRead = n)), job.layout, job.range.firstLine, {
    policy: job.policy,
    dateOrder: job.dateOrder,
    excelDateSystem: job.excelDateSystem,
  });
  const evaluation = evaluateReportPiece(piece.batches, job.policy, job.asOf);
  const writer = createWriter(job.format, job.words);
  // Sets the CSV writer's columns; the text itself (BOM, header line) is the main thread's to write.
  writer.start({ asOf: '', headers: job.headers });
  let rows = 0;
  let errorRows = 0;
  for await (const items of evaluation.batches) {
    for (const item of items) if (item.errors) errorRows++;
    rows += items.length;
    const text = writer.batch(items);
    if (errorRows > 0) {
      const { errors } = takePieceCarry(writer);
      if (errors.length > 0) listener.rowErrors(errors);
    }
    if (text) await sink.write(text);
    listener.progress(bytesRead, rows);
  }
  const { wroteRows, errors } = takePieceCarry(writer);
  if (errors.length > 0) listener.rowErrors(errors);
  return { rows, errorRows, wroteRows, odr: evaluation.odr(), notes: piece.notes() };
}

/** Writes straight to a file with blocking writes: a worker thread has nothing else to do meanwhile. */
export class FileSink implements TextSink {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    // A string is encoded into a temporary native buffer, freed at once (a Buffer would wait for the GC).
    const written = writeSync(this.fd, text);
    const length = Buffer.byteLength(text);
    if (written < length) {
      const bytes = Buffer.from(text, 'utf8');
      for (let at = written; at < length; ) at += writeSync(this.fd, bytes, at);
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
