/**
 * An import reader thread: reads uploads with the app's own readImport (UTF-8 check, report reader,
 * stored form of each line) so that parsing runs beside the event loop, which meanwhile streams the
 * previous batch to the database and answers other requests.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { readImport } from '../app/import/read-import.js';
import { type FromReader, type ImportRequest, type ReaderData, type ReaderReady, type ToReader, toFailure, UploadFailed } from './reader-protocol.js';
import { lowerThreadPriority } from './thread-priority.js';
import { transferable } from '../store/packed-lines.js';

class Aborted extends Error {}

/** What the event loop sent for one import, taken in order. */
class Inbox {
  /** Chunks in order; null: the end of the upload; an UploadFailed: where it failed. */
  private readonly chunks: (Uint8Array | null | UploadFailed)[] = [];
  private credit: number;
  private aborted = false;
  private waiting: (() => void)[] = [];

  constructor(port: MessagePort, credit: number) {
    this.credit = credit;
    port.on('message', (message: ToReader) => {
      if (message.type === 'chunk') this.chunks.push(message.bytes);
      else if (message.type === 'end') this.chunks.push(null);
      else if (message.type === 'fail') this.chunks.push(new UploadFailed());
      else if (message.type === 'more') this.credit++;
      else this.aborted = true;
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** The next chunk, or null at the end of the upload; throws UploadFailed where the upload failed. */
  async chunk(): Promise<Uint8Array | null> {
    await this.until(() => this.chunks.length > 0);
    const next = this.chunks.shift()!;
    if (next instanceof UploadFailed) throw next;
    return next;
  }

  /** Waits until a batch may be sent, and counts it. */
  async takeCredit(): Promise<void> {
    await this.until(() => this.credit > 0);
    this.credit--;
  }

  private async until(ready: () => boolean): Promise<void> {
    while (!ready()) {
      if (this.aborted) throw new Aborted();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    if (this.aborted) throw new Aborted();
  }
}

async function serve({ options, port, credit }: ImportRequest): Promise<void> {
  const inbox = new Inbox(port, credit);
  const send = (message: FromReader) => port.postMessage(message);
  async function* upload(): AsyncGenerator<Uint8Array> {
    for (let bytes = await inbox.chunk(); bytes !== null; bytes = await inbox.chunk()) {
      send({ type: 'pulled', bytes: bytes.byteLength });
      yield bytes;
    }
  }
  try {
    const reading = await readImport(upload(), options);
    send({ type: 'opened', encoding: reading.encoding, headerLine: reading.headerLine, kind: reading.kind, sets: reading.sets });
    for await (const batch of reading.batches) {
      await inbox.takeCredit();
      const { packed, buffer } = transferable(batch.lines);
      port.postMessage({ type: 'batch', batch: { ...batch, lines: packed } } satisfies FromReader, [buffer]); // the bytes moved, not copied
    }
    send({ type: 'done', warnings: reading.warnings() });
  } catch (error) {
    if (!(error instanceof Aborted)) send({ type: 'failed', error: toFailure(error) });
  } finally {
    port.close();
  }
}

if (!parentPort) throw new Error('reader-thread.ts runs as a worker thread (worker/threads/reader-threads.ts starts it)');
lowerThreadPriority((workerData as ReaderData | undefined)?.nice ?? 0);
parentPort.on('message', (request: ImportRequest) => {
  if (request.type === 'import') void serve(request);
});
parentPort.postMessage({ type: 'ready' } satisfies ReaderReady);
