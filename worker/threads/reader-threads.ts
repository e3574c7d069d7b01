/**
 * Import reader threads (Node): each import's upload is parsed and encoded in a worker thread of its own
 * while the event loop streams the previous batch to the database and keeps answering other requests.
 * Threads are kept for the next import. Past `threads` imports at once, an import waits for a free thread
 * (first come, first served; its upload is not read meanwhile): parsing on the event loop instead froze it
 * (8 concurrent imports on 2 threads: /healthz max 2.2-4 s, see docs/worker-reliability.md). With 0 threads
 * every import is read in the event loop's thread (readImport itself).
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ReportOptions } from '../../shared/report/read-report.js';
import { readImport, type ImportBatch, type ImportReader, type ImportReading } from '../app/import/read-import.js';
import { WorkerStoppingError } from '../app/body/errors.js';
import { threadEntry } from './thread-entry.js';
import { type FromReader, fromFailure, type ImportRequest, type ReaderData, type ReaderFailure, type ReaderReady, type ToReader } from './reader-protocol.js';

export interface ReaderThreadsOptions {
  /** Threads at most (imports read at once off the event loop). */
  threads: number;
  /**
   * V8 young generation of each thread, MB. Parsing makes many short-lived objects; a larger nursery than
   * the default collects them with fewer scavenges: reading 100k rows took 129 scavenges (~550 ms) with
   * 16, 73 with 32 or 48, 36 (~135 ms) with 64 or 96 (GC entries of the thread, this machine).
   */
  youngGenerationMb?: number;
  /** How long a thread may stay idle (default IDLE_THREAD_MS). */
  idleMs?: number;
  /** Nice value each thread gives itself (thread-priority.ts; default 0, the process's). */
  nice?: number;
}

export const DEFAULT_YOUNG_GENERATION_MB = 64;
/** Upload bytes sent to a thread and not yet taken by its reader: beyond this the upload is not read further. */
const MAX_BYTES_IN_FLIGHT = 1 << 20;
/** Batches a thread may have read ahead of the store. */
const BATCH_CREDIT = 2;
/**
 * An idle thread is ended after this long: its heap (a 64 MB nursery when busy) goes back to the system,
 * and a new one starts in ~135 ms when the next import comes.
 */
export const IDLE_THREAD_MS = 60_000;

interface ReaderThread {
  worker: Worker;
  /** Set by the import the thread is reading: told when the thread dies under it. */
  onCrash: ((error: Error) => void) | undefined;
  crashed: boolean;
  /** Ends the thread once it has been idle for IDLE_THREAD_MS. */
  retire: ReturnType<typeof setTimeout> | undefined;
}

export class ReaderThreads {
  private readonly idle: ReaderThread[] = [];
  private readonly busy = new Set<ReaderThread>();
  /** Imports waiting for a free thread, first come, first served. */
  private readonly waiting: { take: (thread: ReaderThread) => void; stop: (error: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly options: ReaderThreadsOptions) {
    if (!Number.isSafeInteger(options.threads) || options.threads < 0) throw new RangeError(`threads must be a whole number ≥ 0, got ${options.threads}`);
  }

  /** Starts one thread and waits until it has loaded: a worker whose threads cannot start fails at start, not at its first import. */
  async start(): Promise<void> {
    if (this.options.threads === 0) return;
    const thread = this.spawn();
    await new Promise<void>((resolve, reject) => {
      thread.onCrash = reject;
      thread.worker.once('message', (message: ReaderReady) => {
        if (message.type === 'ready') resolve();
      });
    });
    thread.onCrash = undefined;
    this.release(thread);
  }

  /** The ImportReader for createApp: on a free thread (waiting for one if need be); with 0 threads in this thread. */
  readonly readImport: ImportReader = async (bytes, options) => {
    if (this.options.threads === 0) return readImport(bytes, options);
    return this.readOn(await this.acquire(), bytes, options);
  };

  /** Threads in use and idle, imports waiting for one (tests, logs). */
  get size(): { busy: number; idle: number; waiting: number } {
    return { busy: this.busy.size, idle: this.idle.length, waiting: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.stop(new WorkerStoppingError());
    const threads = [...this.idle, ...this.busy];
    for (const thread of this.idle) clearTimeout(thread.retire);
    this.idle.length = 0;
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** A thread for one import: an idle one, a new one below `threads`, else the next one let go. */
  private acquire(): Promise<ReaderThread> {
    if (this.closed) return Promise.reject(new WorkerStoppingError());
    let thread = this.idle.pop();
    clearTimeout(thread?.retire);
    if (!thread && this.busy.size < this.options.threads) thread = this.spawn();
    if (thread) {
      this.busy.add(thread);
      return Promise.resolve(thread);
    }
    return new Promise((take, stop) => this.waiting.push({ take, stop }));
  }

  /** A thread is free (or one died): the next waiting import gets it, or a new one. */
  private handOver(thread: ReaderThread | null): boolean {
    const waiter = this.waiting.shift();
    if (!waiter) return false;
    const next = thread ?? this.spawn();
    this.busy.add(next);
    waiter.take(next);
    return true;
  }

  private release(thread: ReaderThread): void {
    this.busy.delete(thread);
    thread.onCrash = undefined;
    if (thread.crashed) return;
    if (this.closed) {
      void thread.worker.terminate();
      return;
    }
    if (this.handOver(thread)) return;
    this.idle.push(thread);
    thread.retire = setTimeout(() => {
      this.dropIdle(thread);
      void thread.worker.terminate();
    }, this.options.idleMs ?? IDLE_THREAD_MS).unref();
  }

  private dropIdle(thread: ReaderThread): void {
    const at = this.idle.indexOf(thread);
    if (at >= 0) this.idle.splice(at, 1);
  }

  private spawn(): ReaderThread {
    const entry = threadEntry(import.meta.url, './reader-thread');
    const worker = new Worker(entry.source, {
      eval: entry.eval,
      workerData: { nice: this.options.nice ?? 0 } satisfies ReaderData,
      resourceLimits: { maxYoungGenerationSizeMb: this.options.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB },
    });
    worker.unref(); // an idle thread never keeps the process alive
    const thread: ReaderThread = { worker, onCrash: undefined, crashed: false, retire: undefined };
    const crash = (error: Error) => {
      if (thread.crashed) return;
      thread.crashed = true;
      clearTimeout(thread.retire);
      const wasBusy = this.busy.delete(thread);
      this.dropIdle(thread);
      thread.onCrash?.(error);
      if (wasBusy && !this.closed) this.handOver(null); // a waiting import gets a new thread
    };
    worker.on('error', (error) => crash(new Error(`import reader thread failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => crash(new Error(`import reader thread exited (code ${code})`)));
    return thread;
  }

  /** One import on one thread: the upload streamed to it, its batches streamed back, both with back-pressure. */
  private async readOn(thread: ReaderThread, bytes: AsyncIterable<Uint8Array>, options: ReportOptions): Promise<ImportReading> {
    const { port1: port, port2 } = new MessageChannel();
    const inbox: FromReader[] = [];
    /** The thread died under the import (or the pool closed): ends the import at once. */
    let crash: Error | undefined;
    /** The upload's own error (over the limit, client gone, shutdown): the thread meets it after the last chunk sent. */
    let uploadError: Error | undefined;
    let inFlight = 0;
    let stopped = false;
    /** The thread has ended the import itself ("done" or "failed"), or died. */
    let threadDone = false;
    const waiting: (() => void)[] = [];
    const wake = () => {
      for (const resume of waiting.splice(0)) resume();
    };
    const until = async (ready: () => boolean) => {
      while (!ready()) await new Promise<void>((resolve) => waiting.push(resolve));
    };
    const send = (message: ToReader, transfer: ArrayBuffer[] = []) => {
      if (!stopped) port.postMessage(message, transfer);
    };

    port.on('message', (message: FromReader) => {
      if (message.type === 'pulled') inFlight -= message.bytes;
      else inbox.push(message);
      if (message.type === 'done' || message.type === 'failed') threadDone = true;
      wake();
    });
    const upload = bytes[Symbol.asyncIterator]();
    let pump: Promise<void> = Promise.resolve();

    /** Ends the import on this side, once: the thread is told to stop if it has not, and goes back to the pool when it has. */
    const end = () => {
      if (stopped) return;
      if (!threadDone) send({ type: 'abort' });
      stopped = true;
      wake();
      // Stops reading the body when the import ends before it (a no-op once the body is read to its end).
      void pump.then(() => upload.return?.(undefined)).catch(() => {});
      if (threadDone || thread.crashed) {
        port.close();
        this.release(thread);
      } else {
        // Back to the pool once the thread has let go of this import (it closes its end of the port).
        port.once('close', () => this.release(thread));
      }
    };
    thread.onCrash = (error) => {
      crash ??= this.closed ? new WorkerStoppingError() : error;
      threadDone = true;
      wake();
    };

    try {
      thread.worker.postMessage({ type: 'import', options, port: port2, credit: BATCH_CREDIT } satisfies ImportRequest, [port2]);
    } catch (error) {
      threadDone = true; // the thread never got the import
      end();
      throw error;
    }

    pump = (async () => {
      try {
        for (;;) {
          await until(() => stopped || inFlight < MAX_BYTES_IN_FLIGHT);
          if (stopped) return;
          const next = await upload.next();
          if (stopped) return;
          if (next.done) break;
          // A copy of exactly the chunk (it may be a view into a larger pooled buffer), moved, not cloned again.
          const chunk = new Uint8Array(next.value);
          inFlight += chunk.byteLength;
          send({ type: 'chunk', bytes: chunk }, [chunk.buffer]);
        }
        send({ type: 'end' });
      } catch (error) {
        // In order with the bytes: the reader meets the failure where it would reading in the request thread.
        uploadError = error as Error;
        send({ type: 'fail' });
      }
    })();

    const failureOf = (failure: ReaderFailure): Error => (failure.kind === 'upload' && uploadError ? uploadError : fromFailure(failure));
    const take = async (): Promise<FromReader> => {
      await until(() => crash !== undefined || inbox.length > 0);
      if (crash) throw crash;
      return inbox.shift()!;
    };

    let opened: FromReader;
    try {
      opened = await take();
      if (opened.type === 'failed') throw failureOf(opened.error);
      if (opened.type !== 'opened') throw new Error(`import reader thread: "${opened.type}" before "opened"`);
    } catch (error) {
      end();
      throw error;
    }

    let warnings: string[] = [];
    let finished = false;
    const next = async (): Promise<IteratorResult<ImportBatch, undefined>> => {
      if (finished) return { done: true, value: undefined };
      try {
        const message = await take();
        if (message.type === 'batch') {
          send({ type: 'more' });
          return { done: false, value: message.batch };
        }
        if (message.type === 'failed') throw failureOf(message.error);
        if (message.type !== 'done') throw new Error(`import reader thread: "${message.type}" among the batches`);
        warnings = message.warnings;
        finished = true;
        end();
        return { done: true, value: undefined };
      } catch (error) {
        finished = true;
        end();
        throw error;
      }
    };
    // An iterator of its own rather than a generator: return() must end the import even before the first next().
    const batches: AsyncIterableIterator<ImportBatch> = {
      next,
      return: async () => {
        finished = true;
        end();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return { encoding: opened.encoding, headerLine: opened.headerLine, kind: opened.kind, sets: opened.sets, batches, warnings: () => [...warnings] };
  }
}
