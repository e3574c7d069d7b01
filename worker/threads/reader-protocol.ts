import type { ReportKind } from '../../shared/report/kinds.js';
/**
 * Messages between the worker's event loop and an import reader thread. One import at a time per thread,
 * each over a MessageChannel of its own (sent with the `import` message), so nothing of a finished or
 * abandoned import can reach the next one.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ReportOptions } from '../../shared/report/read-report.js';
import { ReportError } from '../../shared/report/read-report.js';
import { ReportFormatError } from '../../shared/report/report-format-error.js';
import type { ImportBatch } from '../app/import/read-import.js';

/** The thread's workerData. */
export interface ReaderData {
  /** Nice value the thread gives itself (thread-priority.ts). */
  nice: number;
}

/** To the thread (its parentPort): read the upload that will arrive on `port`. */
export interface ImportRequest {
  type: 'import';
  options: ReportOptions;
  port: MessagePort;
  /** Batches the thread may send before it is asked for more. */
  credit: number;
}

/** To the thread, on the import's port. */
export type ToReader =
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'end' }
  /** The upload failed here after the chunks sent (its error stays on this side): the reader fails at this point. */
  | { type: 'fail' }
  /** One more batch may be sent. */
  | { type: 'more' }
  /** The import is over on the event loop's side: stop reading. */
  | { type: 'abort' };

/** From the thread, on the import's port. */
export type FromReader =
  /** The reader took a chunk: that many more bytes may be sent. */
  | { type: 'pulled'; bytes: number }
  | { type: 'opened'; encoding: string; headerLine: number; kind: ReportKind; sets: string[] }
  | { type: 'batch'; batch: ImportBatch }
  | { type: 'done'; warnings: string[] }
  | { type: 'failed'; error: ReaderFailure };

/** From the thread, on its parentPort: loaded and waiting for imports. */
export interface ReaderReady {
  type: 'ready';
}

/**
 * An error crossing the thread boundary: a ReportError keeps its class (a 422 for the client); `upload`
 * is the upload's own failure, whose error the event loop kept; anything else is internal.
 */
export type ReaderFailure = { kind: 'report'; message: string } | { kind: 'upload' } | { kind: 'internal'; message: string };

/** Thrown in the thread where the upload failed on the event loop's side. */
export class UploadFailed extends Error {}

export function toFailure(error: unknown): ReaderFailure {
  if (error instanceof ReportError || error instanceof ReportFormatError) return { kind: 'report', message: error.message };
  if (error instanceof UploadFailed) return { kind: 'upload' };
  return { kind: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

export function fromFailure(failure: ReaderFailure): Error {
  if (failure.kind === 'report') return new ReportError(failure.message);
  if (failure.kind === 'upload') return new Error('import reader thread: the upload failed');
  return new Error(`import reader thread: ${failure.message}`);
}
