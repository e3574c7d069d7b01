/**
 * Messages between a SQLite store on the event loop (ThreadedSqliteStore) and its writer thread.
 * Each call carries the caller's clock reading, so a test clock holds in the thread too.
 */
import { ImportStateError, VersionConflictError, type Store } from './types.js';

/** The Store methods that write: they run in the writer thread, on its own connection. */
export const WRITE_METHODS = [
  'createAccount',
  'addToken',
  'ensureTokenAccount',
  'removeToken',
  'beginImport',
  'stageImportLines',
  'commitImport',
  'failImport',
  'cleanupStaleImports',
  'reclaimAbandonedImports',
  'patchOrderLine',
  'commitOrderFacts',
  'migrate',
] as const satisfies readonly (keyof Store)[];
export type WriteMethod = (typeof WRITE_METHODS)[number];

export interface WriterData {
  ownerToken: string;
  /** Nice value the thread gives itself (worker/threads/thread-priority.ts). */
  nice: number;
}

/** Every store of the process has its writes in one thread (started once: loading it is the cost), told apart by `store`. */
export type ToWriter =
  | { type: 'open'; store: number; path: string; lockTimeoutMs: number; now: number }
  | { type: 'call'; store: number; id: number; method: WriteMethod; args: unknown[]; now: number; progress: boolean }
  /** The event loop has handled a progress report: the commit goes on. */
  | { type: 'ack'; id: number }
  | { type: 'close'; store: number; id: number };

export type FromWriter =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'progress'; id: number; lines: number };

export interface SerializedError {
  name: string;
  message: string;
  code?: unknown;
  importId?: string;
  status?: unknown;
  current?: unknown;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message, code: (error as { code?: unknown }).code };
  if (error instanceof ImportStateError) Object.assign(out, { importId: error.importId, status: error.status });
  if (error instanceof VersionConflictError) out.current = error.current;
  return out;
}

/** The error again on the event loop's side: the store's own classes keep their class (the routes test them). */
export function deserializeError(error: SerializedError): Error {
  if (error.name === 'ImportStateError') return new ImportStateError(error.importId!, error.status as ImportStateError['status']);
  if (error.name === 'VersionConflictError') return new VersionConflictError(error.current as VersionConflictError['current']);
  const rebuilt = error.name === 'RangeError' ? new RangeError(error.message) : new Error(error.message);
  if (error.name !== 'RangeError') rebuilt.name = error.name;
  if (error.code !== undefined) (rebuilt as { code?: unknown }).code = error.code;
  return rebuilt;
}
