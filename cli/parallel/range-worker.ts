/**
 * Entry of a worker thread of `atoz evaluate`: evaluates one byte range of the report (see evaluate-range.ts) into
 * a temporary file, which the main thread appends to the output in order.
 */
import { parentPort } from 'node:worker_threads';
import { evaluateRange, FileSink } from './evaluate-range.js';
import type { FromWorker, RangeJob, ToWorker } from './protocol.js';

const PROGRESS_EVERY_MS = 100;

const port = parentPort!;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function run(job: RangeJob, outFile: string): Promise<void> {
  const sink = new FileSink(outFile);
  let lastProgress = 0;
  try {
    const outcome = await evaluateRange(job, sink, {
      rowErrors: (errors) => send({ type: 'row-errors', errors }),
      progress: (bytesRead, rows) => {
        if (!job.progress || Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = Date.now();
        send({ type: 'progress', bytesRead, rows });
      },
    });
    // The ODR table's buffers move to the main thread instead of being copied.
    const { keys, flags } = outcome.odr.orders;
    send({ type: 'done', outcome }, [keys.buffer, flags.buffer]);
  } catch (error) {
    const failure = error as Error;
    send({ type: 'failed', message: failure?.message ?? String(error), stack: failure?.stack });
  } finally {
    sink.close();
  }
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'job') void run(message.job, message.outFile);
});
send({ type: 'ready' });
