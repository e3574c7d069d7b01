/**
 * A SQLite store whose writes run in a worker thread (sqlite-writer-thread.ts) with a connection of their own,
 * while reads stay on the event loop with theirs. better-sqlite3 is synchronous: run on the event loop, the
 * merge of a 300,000-line import held it for seconds (a /healthz waited 6-8 s). Same Store, same Kysely queries:
 * the thread runs the very KyselyStore the event loop would, and WAL lets the readers go on while it writes.
 */
import type { FactRecord } from '../../shared/report/facts.js';
import { Worker } from 'node:worker_threads';
import { threadEntry } from '../threads/thread-entry.js';
import { openSqlite } from './database.js';
import { KyselyStore } from './kysely-store.js';
import { processOwner } from './owner.js';
import { deserializeError, type FromWriter, type ToWriter, type WriteMethod, type WriterData } from './sqlite-writer-protocol.js';
import type { AccountSummary, CommitOptions, EncodedImportLine, ImportRecord, OperatorPatch, Page, Store, StoredOrder } from './types.js';
import { transferable, type PackedImportLines } from './packed-lines.js';
import type { RowError } from '../../shared/schemas/statuses.js';

export interface ThreadedSqliteOptions {
  path: string;
  lockTimeoutMs: number;
  now: () => number;
  /** Nice value of the writer thread, taken when the process's writer thread starts (default 0). */
  nice?: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: CommitOptions['onProgress'];
}

/** The process's writer thread, started with the first SQLite store and kept (unref'd when idle) for the next ones. */
class WriterThread {
  private static current: WriterThread | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private nextStore = 1;
  private stopped: Error | undefined;
  private readonly worker: Worker;

  static get(nice: number): WriterThread {
    if (!WriterThread.current || WriterThread.current.stopped) WriterThread.current = new WriterThread(nice);
    return WriterThread.current;
  }

  private constructor(nice: number) {
    const entry = threadEntry(import.meta.url, './sqlite-writer-thread');
    const workerData: WriterData = { ownerToken: processOwner().token, nice };
    this.worker = new Worker(entry.source, { eval: entry.eval, workerData });
    this.worker.unref();
    this.worker.on('message', (message: FromWriter) => this.receive(message));
    const stop = (error: Error) => {
      this.stopped ??= error;
      for (const call of this.pending.values()) call.reject(this.stopped);
      this.pending.clear();
    };
    this.worker.on('error', (error) => stop(new Error(`the SQLite writer thread failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => stop(new Error(`the SQLite writer thread exited (code ${code})`)));
  }

  /** Opens (and migrates) a store in the thread; resolves with its number once it is ready. */
  async open(path: string, lockTimeoutMs: number, now: number): Promise<number> {
    const store = this.nextStore++;
    this.post({ type: 'open', store, path, lockTimeoutMs, now });
    await this.request(() => ({ type: 'call', store, method: 'migrate', args: [], now, progress: false }));
    return store;
  }

  call<T>(store: number, method: WriteMethod, args: unknown[], now: number, onProgress?: CommitOptions['onProgress'], transfer: ArrayBuffer[] = []): Promise<T> {
    return this.request(() => ({ type: 'call', store, method, args, now, progress: onProgress !== undefined }), onProgress, transfer) as Promise<T>;
  }

  close(store: number): Promise<void> {
    return this.request(() => ({ type: 'close', store })) as Promise<void>;
  }

  private request(
    message: () => Omit<Extract<ToWriter, { id: number }>, 'id'> & { type: 'call' | 'close' },
    onProgress?: CommitOptions['onProgress'],
    transfer: ArrayBuffer[] = [],
  ): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.ref(); // a call in flight keeps the process alive
      this.post({ ...message(), id } as ToWriter, transfer);
    });
  }

  private receive(message: FromWriter): void {
    if (message.type === 'progress') {
      const call = this.pending.get(message.id);
      void Promise.resolve(call?.onProgress?.(message.lines)).finally(() => this.post({ type: 'ack', id: message.id }));
      return;
    }
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.type === 'result') call.resolve(message.value);
    else call.reject(deserializeError(message.error));
  }

  private post(message: ToWriter, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(message, transfer);
  }
}

export class ThreadedSqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly thread: WriterThread,
    private readonly id: number,
    private readonly reader: KyselyStore,
    private readonly now: () => number,
  ) {}

  /** Opens (and migrates) the file in the writer thread, then the event loop's read connection. */
  static async open({ path, lockTimeoutMs, now, nice = 0 }: ThreadedSqliteOptions): Promise<ThreadedSqliteStore> {
    const thread = WriterThread.get(nice);
    const id = await thread.open(path, lockTimeoutMs, now());
    const reader = new KyselyStore(openSqlite({ path, lockTimeoutMs, role: 'reader' }), { now, heartbeat: false });
    return new ThreadedSqliteStore(thread, id, reader, now);
  }

  private call<T>(method: WriteMethod, args: unknown[], onProgress?: CommitOptions['onProgress'], transfer?: ArrayBuffer[]): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    return this.thread.call<T>(this.id, method, args, this.now(), onProgress, transfer);
  }

  /** Lets the store's writes in flight finish in the thread, then closes its connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.thread.close(this.id).catch(() => {}); // a stopped thread has closed it already
      await this.reader.close();
    })();
    return this.closing;
  }

  // Writes: in the thread.
  migrate = (): Promise<void> => this.call('migrate', []);
  createAccount = (name: string): Promise<string> => this.call('createAccount', [name]);
  addToken = (accountId: string, tokenSha256: string, label: string): Promise<void> => this.call('addToken', [accountId, tokenSha256, label]);
  ensureTokenAccount = (tokenSha256: string, accountName: string, label: string): Promise<string> => this.call('ensureTokenAccount', [tokenSha256, accountName, label]);
  removeToken = (tokenSha256: string): Promise<boolean> => this.call('removeToken', [tokenSha256]);
  beginImport = (accountId: string, fileName: string | null): Promise<ImportRecord> => this.call('beginImport', [accountId, fileName]);
  /** A packed batch goes to the thread as it is, its bytes moved (not copied, no line cloned on the event loop). */
  stageImportLines = (accountId: string, importId: string, lines: readonly EncodedImportLine[] | PackedImportLines): Promise<void> => {
    if (!('bytes' in lines)) return this.call('stageImportLines', [accountId, importId, lines]);
    const { packed, buffer } = transferable(lines);
    return this.call('stageImportLines', [accountId, importId, packed], undefined, [buffer]);
  };
  commitImport = (accountId: string, importId: string, rejected: RowError[], warnings: string[], options: CommitOptions = {}): Promise<ImportRecord> => {
    const { onProgress, ...rest } = options;
    return this.call('commitImport', [accountId, importId, rejected, warnings, rest], onProgress);
  };
  failImport = (accountId: string, importId: string, reason: string): Promise<void> => this.call('failImport', [accountId, importId, reason]);
  cleanupStaleImports = (olderThanMs: number): Promise<number> => this.call('cleanupStaleImports', [olderThanMs]);
  reclaimAbandonedImports = (): Promise<number> => this.call('reclaimAbandonedImports', []);
  patchOrderLine = (accountId: string, lineKey: string, ifVersion: number, patch: OperatorPatch): Promise<StoredOrder | null> =>
    this.call('patchOrderLine', [accountId, lineKey, ifVersion, patch]);

  commitOrderFacts = (accountId: string, fileName: string | null, facts: readonly FactRecord[], rejected: RowError[], warnings: string[], rejectedRows: number): Promise<ImportRecord> =>
    this.call('commitOrderFacts', [accountId, fileName, facts, rejected, warnings, rejectedRows]);

  // Reads: on the event loop's own connection.
  getOrderFacts = (accountId: string, orderId: string): Promise<FactRecord[]> => this.readable().getOrderFacts(accountId, orderId);
  getFactsOfOrders = (accountId: string, orderIds: readonly string[]): Promise<Map<string, FactRecord[]>> => this.readable().getFactsOfOrders(accountId, orderIds);
  feedbackRatings = (accountId: string): Promise<Map<string, number>> => this.readable().feedbackRatings(accountId);
  accountForToken = (tokenSha256: string): Promise<string | null> => this.readable().accountForToken(tokenSha256);
  listAccounts = (): Promise<AccountSummary[]> => this.readable().listAccounts();
  getImport = (accountId: string, importId: string): Promise<ImportRecord | null> => this.readable().getImport(accountId, importId);
  getOrderLines = (accountId: string, orderId: string): Promise<StoredOrder[]> => this.readable().getOrderLines(accountId, orderId);
  listOrders = (accountId: string, cursor: string | null, limit: number): Promise<Page<StoredOrder>> => this.readable().listOrders(accountId, cursor, limit);
  changesSince = (accountId: string, sinceSeq: number, limit: number): Promise<Page<StoredOrder>> => this.readable().changesSince(accountId, sinceSeq, limit);
  scanOrders = (accountId: string, batchSize: number): AsyncIterable<StoredOrder[]> => this.readable().scanOrders(accountId, batchSize);

  private readable(): KyselyStore {
    return this.reader;
  }
}
