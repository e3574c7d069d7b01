import { readdirSync, readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AS_OF, generateOrders } from '../../bench/orders-generator.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { ReportError, type ReportOptions } from '../../shared/report/read-report.js';
import { PayloadTooLargeError, WorkerStoppingError } from '../../worker/app/body/errors.js';
import { readImport, type ImportBatch, type ImportReader } from '../../worker/app/import/read-import.js';
import { unpackImportLines } from '../../worker/store/packed-lines.js';
import type { EncodedImportLine } from '../../worker/store/types.js';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { FIXTURES } from '../helpers/cli.js';
import { bigReport, EXAMPLE } from './helpers.js';

const pools: ReaderThreads[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});
function pool(threads: number, idleMs?: number): ReaderThreads {
  const created = new ReaderThreads({ threads, idleMs });
  pools.push(created);
  return created;
}

/** The bytes in chunks of `size`, as an upload arrives; `onReturn` is told when the reader lets go of it early. */
async function* upload(bytes: Uint8Array, size = 16_384, hooks: { onReturn?: () => void; failAt?: number; failWith?: Error } = {}): AsyncGenerator<Uint8Array> {
  let finished = false;
  try {
    for (let at = 0, n = 0; at < bytes.length; at += size, n++) {
      if (hooks.failAt === n) throw hooks.failWith!;
      yield bytes.subarray(at, at + size);
    }
    finished = true;
  } finally {
    if (!finished) hooks.onReturn?.();
  }
}

/** A batch with its lines as objects (compared line by line: a mismatch names the line, not a byte). */
type ReadBatch = Omit<ImportBatch, 'lines'> & { lines: EncodedImportLine[] };
const unpacked = (batch: ImportBatch): ReadBatch => ({ ...batch, lines: unpackImportLines(batch.lines) });

/** Everything a reader gave for the bytes: its header facts, every batch, its warnings; or its error. */
async function readAll(reader: ImportReader, bytes: Uint8Array, options: ReportOptions = {}) {
  try {
    const reading = await reader(upload(bytes), options);
    const batches: ReadBatch[] = [];
    for await (const batch of reading.batches) batches.push(unpacked(batch));
    return { encoding: reading.encoding, headerLine: reading.headerLine, batches, warnings: reading.warnings() };
  } catch (error) {
    return { error: { class: (error as Error).constructor.name, message: (error as Error).message } };
  }
}

const generated = new TextEncoder().encode(`${[...generateOrders({ rows: 3000, seed: 7, asOf: DEFAULT_AS_OF })].join('\n')}\n`);

describe('import reader threads', () => {
  const threads = pool(2);

  it.each([
    ['a generated All Orders report (3,000 rows, claim columns)', generated],
    ['the example sheet', new TextEncoder().encode(EXAMPLE)],
    ...readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => [`fixture ${name}`, new Uint8Array(readFileSync(`${FIXTURES}${name}`))] as [string, Uint8Array]),
  ])('read %s exactly as the request thread does', async (_name, bytes) => {
    const expected = await readAll(readImport, bytes);
    const got = await readAll(threads.readImport, bytes);
    expect(got).toEqual(expected);
    expect(threads.size.busy).toBe(0);
  });

  it('with the options of a request (policy with a time zone, date order, encoding, Excel date system, column picks)', async () => {
    const options: ReportOptions = {
      policy: { ...DEFAULT_POLICY, timeZone: 'Asia/Tokyo' },
      dateOrder: 'DMY',
      excelDateSystem: 1904,
      encoding: 'shift_jis',
      columnOverrides: { orderId: 'order-id' },
    };
    const cp932 = new Uint8Array(readFileSync(`${FIXTURES}jp-fba-amazon-fulfilled-shipments-2017.cp932-derived.txt`));
    for (const bytes of [cp932, generated]) {
      const expected = await readAll(readImport, bytes, options);
      expect(expected).toHaveProperty('batches');
      expect(await readAll(threads.readImport, bytes, options)).toEqual(expected);
    }
    // The options change the reading (else this would not show they reached the thread).
    expect(await readAll(threads.readImport, generated, options)).not.toEqual(await readAll(threads.readImport, generated));
  });

  it('a report the reader refuses is the same ReportError, with its message, and the thread is free again', async () => {
    const invalidUtf8 = bigReport(2000, true);
    for (const bytes of [new Uint8Array(0), invalidUtf8, new TextEncoder().encode('[{"orderId":"1"}]')]) {
      const expected = await readAll(readImport, bytes);
      expect(expected).toMatchObject({ error: { class: 'ReportError' } });
      expect(await readAll(threads.readImport, bytes)).toEqual(expected);
    }
    await expect(threads.readImport(upload(new Uint8Array(0)), {})).rejects.toBeInstanceOf(ReportError);
    expect(threads.size).toEqual({ busy: 0, idle: expect.any(Number), waiting: 0 });
  });

  it("the upload's own error (body over the limit) ends the import with that very error, and the upload is let go", async () => {
    const tooLarge = new PayloadTooLargeError(1000);
    expect(bigReport(20_000).length).toBeGreaterThan(61 * 16_384); // every failAt is reached
    for (const failAt of [0, 10, 60]) {
      let returned = false;
      const read = async () => {
        const reading = await threads.readImport(upload(bigReport(20_000), 16_384, { failAt, failWith: tooLarge, onReturn: () => (returned = true) }), {});
        for await (const batch of reading.batches) expect(batch.lines.count).toBeGreaterThan(0);
      };
      await expect(read()).rejects.toBe(tooLarge);
      expect(returned).toBe(true);
    }
    expect(threads.size.busy).toBe(0);
  });

  it("the upload's error is met where it lies in the bytes, as in the request thread: before or after the header, or not at all behind an unusable report", async () => {
    const tooLarge = new PayloadTooLargeError(100_000);
    const pipes = new TextEncoder().encode(new TextDecoder().decode(bigReport(3000)).replaceAll(',', '|'));
    /** Where a reader fails: at opening or in the batches, and with what. */
    const failureOf = async (reader: ImportReader, bytes: Uint8Array, failAt: number) => {
      let stage = 'open';
      try {
        const reading = await reader(upload(bytes, 16_384, { failAt, failWith: tooLarge }), {});
        stage = 'batches';
        for await (const batch of reading.batches) expect(batch.rows).toBeGreaterThan(0);
        return { stage: 'none' };
      } catch (error) {
        return { stage, error: error === tooLarge ? 'the upload error' : (error as Error).constructor.name };
      }
    };
    for (const [bytes, failAt, expected] of [
      [bigReport(3000), 2, { stage: 'open', error: 'the upload error' }],
      [bigReport(3000), 8, { stage: 'batches', error: 'the upload error' }],
      [pipes, 8, { stage: 'open', error: 'ReportError' }],
    ] as const) {
      expect(await failureOf(readImport, bytes, failAt)).toEqual(expected);
      expect(await failureOf(threads.readImport, bytes, failAt)).toEqual(expected);
    }
    expect(threads.size.busy).toBe(0);
  });

  it('batches let go before the first is read (beginImport failed) end the import on the thread: it is free again and the upload let go', async () => {
    const one = pool(1);
    for (let i = 0; i < 3; i++) {
      let returned = false;
      const reading = await one.readImport(upload(bigReport(20_000), 16_384, { onReturn: () => (returned = true) }), {});
      expect(one.size.busy).toBe(1);
      await reading.batches[Symbol.asyncIterator]().return?.();
      await expect.poll(() => returned).toBe(true);
      await expect.poll(() => one.size).toEqual({ busy: 0, idle: 1, waiting: 0 });
    }
  });

  it('closing the pool under an import ends it as a shutdown (503), not as an internal error', async () => {
    const closing = pool(1);
    const reading = await closing.readImport(upload(bigReport(20_000), 4096), {});
    const read = async () => {
      for await (const batch of reading.batches) {
        expect(batch.rows).toBeGreaterThan(0);
        await closing.close();
      }
    };
    await expect(read()).rejects.toBeInstanceOf(WorkerStoppingError);
  });

  it('an import that stops early (a database error) stops the thread reading and lets go of the upload; the thread serves the next import', async () => {
    let returned = false;
    const reading = await threads.readImport(upload(bigReport(20_000), 16_384, { onReturn: () => (returned = true) }), {});
    for await (const batch of reading.batches) {
      expect(batch.lines.count).toBeGreaterThan(0);
      break; // as runImport does when staging fails
    }
    await expect.poll(() => returned).toBe(true);
    await expect.poll(() => threads.size.busy).toBe(0); // back in the pool once the thread has let go of the import
    const next = await readAll(threads.readImport, new TextEncoder().encode(EXAMPLE));
    expect(next).toEqual(await readAll(readImport, new TextEncoder().encode(EXAMPLE)));
  });

  it('reads at most `threads` imports at once, all off the event loop: one more waits for the first thread let go, and is read on it', async () => {
    const one = pool(1);
    const first = await one.readImport(upload(generated), {});
    expect(one.size).toEqual({ busy: 1, idle: 0, waiting: 0 });
    let secondOpened = false;
    const second = readAll(one.readImport, generated).finally(() => (secondOpened = true));
    await expect.poll(() => one.size.waiting).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(secondOpened).toBe(false); // not read in this thread meanwhile: it waits
    const firstBatches: ReadBatch[] = [];
    for await (const batch of first.batches) firstBatches.push(unpacked(batch));
    const secondRead = await second;
    expect(one.size).toEqual({ busy: 0, idle: 1, waiting: 0 }); // the one thread read both
    expect(secondRead).toEqual({ ...(await readAll(readImport, generated)) });
    expect({ batches: firstBatches, warnings: first.warnings() }).toEqual({ batches: (secondRead as { batches: ReadBatch[] }).batches, warnings: (secondRead as { warnings: string[] }).warnings });
  });

  it('an import waiting for a thread when the pool closes ends as a shutdown (503); a thread that dies hands a new one to the next waiting import', async () => {
    const closing = pool(1);
    const held = await closing.readImport(upload(generated), {});
    const waiting = closing.readImport(upload(generated), {});
    await expect.poll(() => closing.size.waiting).toBe(1);
    const stopped = expect(waiting).rejects.toBeInstanceOf(WorkerStoppingError);
    await closing.close();
    await stopped;
    await held.batches[Symbol.asyncIterator]().return?.();

    const fragile = pool(1);
    await fragile.readImport(upload(bigReport(20_000), 4096), {});
    const next = readAll(fragile.readImport, new TextEncoder().encode(EXAMPLE));
    await expect.poll(() => fragile.size.waiting).toBe(1);
    const [thread] = [...(fragile as unknown as { busy: Set<{ worker: Worker }> }).busy];
    await thread!.worker.terminate();
    expect(await next).toEqual(await readAll(readImport, new TextEncoder().encode(EXAMPLE)));
  });

  it('a thread that dies under an import fails that import (an internal error, not a report error); the next import gets a new thread', async () => {
    const fragile = pool(1);
    const reading = await fragile.readImport(upload(bigReport(20_000), 4096), {});
    const busy = (fragile as unknown as { busy: Set<{ worker: Worker }> }).busy;
    const [thread] = [...busy];
    const read = async () => {
      let n = 0;
      for await (const batch of reading.batches) {
        if (n++ === 0) await thread!.worker.terminate();
        expect(batch.rows).toBeGreaterThan(0);
      }
    };
    const failure = await read().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ReportError);
    expect((failure as Error).message).toMatch(/import reader thread exited/);
    expect(fragile.size).toEqual({ busy: 0, idle: 0, waiting: 0 });
    expect(await readAll(fragile.readImport, new TextEncoder().encode(EXAMPLE))).toMatchObject({ batches: [expect.objectContaining({ rows: expect.any(Number) })] });
    expect(fragile.size).toEqual({ busy: 0, idle: 1, waiting: 0 });
  });

  it('an idle thread is ended after idleMs; 0 threads reads everything in the request thread', async () => {
    const brief = pool(1, 50);
    await readAll(brief.readImport, new TextEncoder().encode(EXAMPLE));
    expect(brief.size.idle).toBe(1);
    await expect.poll(() => brief.size.idle, { timeout: 2000 }).toBe(0);

    const none = pool(0);
    await none.start();
    const reading = await none.readImport(upload(generated), {});
    expect(none.size).toEqual({ busy: 0, idle: 0, waiting: 0 });
    for await (const batch of reading.batches) expect(batch.rows).toBeGreaterThan(0);
  });

  it('start() loads a thread and fails if it cannot', async () => {
    const started = pool(1);
    await started.start();
    expect(started.size).toEqual({ busy: 0, idle: 1, waiting: 0 });
    expect(() => new ReaderThreads({ threads: -1 })).toThrow(RangeError);
  });
});
