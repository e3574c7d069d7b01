/**
 * Issue 15, point 1: on SQLite (better-sqlite3 is synchronous) the writer's work never runs on the event loop.
 * The commit is made to block synchronously inside its transaction, the way a long merge statement does; the
 * worker must meanwhile answer /healthz and GET /v1/orders/:id. (The latency figures are bench:worker's.)
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { encodeImportLines } from '../../worker/store/index.js';
import { EXAMPLE, freshStore, importReport, testWorker } from './helpers.js';
import { orderLines } from './store/lines.js';

describe('SQLite writes off the event loop', () => {
  it('answers reads while a commit is stuck inside its transaction, and sees the commit once it is done', async () => {
    const store = await freshStore();
    const worker = await testWorker({}, store);
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);

    const started = await store.beginImport(worker.accountA, 'big.txt');
    await store.stageImportLines(worker.accountA, started.id, encodeImportLines(orderLines(0, 2_000)));
    const hold = new Int32Array(new SharedArrayBuffer(8));
    Atomics.store(hold, 0, 1);
    const committing = store.commitImport(worker.accountA, started.id, [], [], { hold });
    // On the event loop this poll would never run again: the writer would be blocking it.
    while (Atomics.load(hold, 1) !== 1) await sleep(5);

    expect((await worker.app.request('/healthz')).status).toBe(200);
    const order = await worker.call('/v1/orders/111-0000001-0000001');
    expect(order.status).toBe(200);
    expect((await store.listOrders(worker.accountA, null, 100)).items).toHaveLength(10); // not committed yet

    Atomics.store(hold, 0, 0);
    Atomics.notify(hold, 0);
    expect((await committing).counts.inserted).toBe(2_000);
    expect((await store.listOrders(worker.accountA, null, 5_000)).items).toHaveLength(2_010);
  });
});
