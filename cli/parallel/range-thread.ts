import { Worker } from 'node:worker_threads';
import type { RangeListener } from './evaluate-range.js';
import type { FromWorker, RangeJob, RangeOutcome, ToWorker } from './protocol.js';

/** A worker thread that evaluates one range: started, given its job, then ended. */
export class RangeThread {
  private constructor(private readonly worker: Worker) {}

  /** Resolves once the thread has loaded its modules; rejects if it cannot start (the caller then reads alone). */
  static start(): Promise<RangeThread> {
    return new Promise((resolve, reject) => {
      const worker = newWorker(); // may throw (no threads available): the promise rejects
      const failed = (error: unknown) => {
        void worker.terminate();
        reject(error instanceof Error ? error : new Error(`the worker thread stopped (exit code ${String(error)})`));
      };
      worker.once('error', failed);
      worker.once('exit', failed);
      worker.once('message', (message: FromWorker) => {
        worker.off('error', failed);
        worker.off('exit', failed);
        if (message.type === 'ready') resolve(new RangeThread(worker));
        else failed(new Error(`unexpected first message from a worker thread: ${message.type}`));
      });
    });
  }

  /** Runs the job, its output going to `outFile`; rejects with the worker's error. */
  run(job: RangeJob, outFile: string, listener: RangeListener): Promise<RangeOutcome> {
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const stopped = (error: unknown) => reject(error instanceof Error ? error : new Error(`a worker thread stopped (exit code ${String(error)})`));
      worker.on('error', stopped);
      worker.on('exit', stopped);
      worker.on('message', (message: FromWorker) => {
        switch (message.type) {
          case 'row-errors':
            listener.rowErrors(message.errors);
            break;
          case 'progress':
            listener.progress(message.bytesRead, message.rows);
            break;
          case 'done':
            resolve(message.outcome);
            // Its heap is freed now, before the main thread appends the output and merges the summary.
            void this.terminate();
            break;
          case 'failed':
            reject(Object.assign(new Error(message.message), { stack: message.stack }));
            break;
          case 'ready':
            break;
        }
      });
      this.post({ type: 'job', job, outFile });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }

  private post(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}

/**
 * The built CLI runs dist/cli/parallel/range-worker.js. Run from the TypeScript sources (tests, `npm run atoz`),
 * the thread first registers tsx's loader, then imports range-worker.ts.
 */
function newWorker(): Worker {
  const entry = new URL(`./range-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true });
}
