import { afterAll, describe, expect, it } from 'vitest';
import type { FactRecord } from '../../../shared/report/facts.js';
import { openStore, type Store } from '../../../worker/store/index.js';
import { BACKENDS } from './backends.js';
import { orderLine } from './lines.js';
import { encodeImportLines, type ImportLine } from '../../../worker/store/index.js';

const fact = (orderId: string, line: number, rating: number): FactRecord => {
  const source = { file: 'upload', line, kind: 'feedback' as const };
  return { source, orderId, fields: { feedbackRating: rating }, feedback: { rating, date: '3/10/24', source } };
};

describe.each(BACKENDS)('order facts on $name (migration 0006)', (backend) => {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  it('keeps facts of orders not stored yet, names the import file, gives a fact imported twice once, and isolates accounts', async () => {
    const store = await openStore(await backend.location());
    opened.push(store);
    const account = await store.createAccount('A');
    const other = await store.createAccount('B');
    const first = await store.commitOrderFacts(account, 'feedback.txt', [fact('111-0000001-0000001', 2, 1), fact('111-0000002-0000002', 3, 5)], [{ line: 4, column: 'Order ID', message: 'the order id is empty' }], ['a note'], 1);
    expect(first).toMatchObject({ status: 'committed', fileName: 'feedback.txt', counts: { inserted: 2, updated: 0, unchanged: 0, rejected: 1 }, warnings: ['a note'] });
    expect(await store.getImport(account, first.id)).toMatchObject({ status: 'committed', errors: [{ line: 4 }] });

    const facts = await store.getOrderFacts(account, '111-0000001-0000001');
    expect(facts).toEqual([{ ...fact('111-0000001-0000001', 2, 1), source: { file: 'feedback.txt', line: 2, kind: 'feedback' }, feedback: { rating: 1, date: '3/10/24', source: { file: 'feedback.txt', line: 2, kind: 'feedback' } } }]);

    // The same report downloaded again, plus a changed rating: the repeat is given once, the change is kept.
    await store.commitOrderFacts(account, 'feedback-again.txt', [fact('111-0000001-0000001', 2, 1), fact('111-0000001-0000001', 3, 2)], [], [], 0);
    expect((await store.getOrderFacts(account, '111-0000001-0000001')).map((f) => [f.source.file, f.source.line, f.feedback!.rating])).toEqual([
      ['feedback.txt', 2, 1],
      ['feedback-again.txt', 3, 2],
    ]);
    expect(await store.getOrderFacts(other, '111-0000001-0000001')).toEqual([]);
    expect(await store.getOrderLines(account, '111-0000001-0000001')).toEqual([]);
  });
});

describe.each(BACKENDS)('an import sets only its own columns on $name', (backend) => {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  async function importLines(store: Store, accountId: string, lines: ImportLine[], sets?: string[]) {
    const started = await store.beginImport(accountId, 'upload.txt');
    await store.stageImportLines(accountId, started.id, encodeImportLines(lines));
    return store.commitImport(accountId, started.id, [], [], { sets });
  }

  it('a claim sheet never blanks the order report\'s columns, and an orders import never overwrites operator columns', async () => {
    const store = await openStore(await backend.location());
    opened.push(store);
    const account = await store.createAccount('A');
    const order = orderLine(1);
    await importLines(store, account, [order]);

    // A claim sheet's line: the order id and item, the claim columns, nothing of the order report.
    const claimAt = Date.parse('2024-03-10T17:00:00Z');
    const claim: ImportLine = { ...order, row: { ...order.row, purchaseAt: undefined, orderStatus: undefined, maxEddAt: undefined, salesChannel: undefined, claimAt, claimReason: 'not_received', claimStatus: 'open' } };
    expect((await importLines(store, account, [claim], ['claimAt', 'claimReason', 'claimStatus'])).counts.updated).toBe(1);
    let [stored] = await store.getOrderLines(account, order.row.orderId);
    expect(stored!.row).toMatchObject({ purchaseAt: order.row.purchaseAt, orderStatus: 'Shipped', maxEddAt: order.row.maxEddAt, salesChannel: 'Amazon.com', claimAt, claimReason: 'not_received', claimStatus: 'open' });

    // The operator decides; the order report imported again (its claim columns empty) changes neither that nor the claim.
    await store.patchOrderLine(account, stored!.lineKey, stored!.version, { claimStatus: 'granted' });
    const reimport = orderLine(1, { orderStatus: 'Cancelled' });
    await importLines(store, account, [reimport], ['purchaseAt', 'orderStatus', 'fulfillment', 'salesChannel', 'maxEddAt', 'claimAt', 'claimReason', 'claimStatus']);
    [stored] = await store.getOrderLines(account, order.row.orderId);
    expect(stored!.row).toMatchObject({ orderStatus: 'Cancelled', claimAt, claimReason: 'not_received', claimStatus: 'granted' });
  });
});

describe.each(BACKENDS)('facts bump the change cursor of their order\'s lines on $name', (backend) => {
  const opened: Store[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  it('gives every stored line of an order gaining a fact a new changeSeq (not a new version), and a repeat bumps nothing', async () => {
    const store = await openStore(await backend.location());
    opened.push(store);
    const account = await store.createAccount('A');
    const other = await store.createAccount('B');
    // Lines 1..5: order 0 has line 1, order 1 lines 2 and 3, order 2 lines 4 and 5.
    const lines = [1, 2, 3, 4, 5].map((n) => orderLine(n));
    for (const id of [account, other]) {
      const started = await store.beginImport(id, 'orders.txt');
      await store.stageImportLines(id, started.id, encodeImportLines(lines));
      await store.commitImport(id, started.id, [], []);
    }
    const before = (await store.changesSince(account, 0, 100)).items;
    const cursor = Math.max(...before.map((line) => line.changeSeq));
    const order1 = lines[1]!.row.orderId;
    const order2 = lines[3]!.row.orderId;

    // Feedback for order 1 and for an order not stored: order 1's two lines come again, after the cursor, at their version.
    await store.commitOrderFacts(account, 'feedback.txt', [fact(order1, 2, 1), fact('111-9999999-0000001', 3, 5)], [], [], 0);
    const bumped = (await store.changesSince(account, cursor, 100)).items;
    expect(bumped.map((line) => line.lineKey)).toEqual([lines[1]!.lineKey, lines[2]!.lineKey]);
    expect(bumped.map((line) => line.version)).toEqual([1, 1]);
    expect(bumped.map((line) => line.changeSeq)).toEqual([cursor + 1, cursor + 2]);
    // The other account's lines of the same order ids did not move.
    const otherCursor = Math.max(...(await store.changesSince(other, 0, 100)).items.map((line) => line.changeSeq));
    expect(otherCursor).toBe(cursor);

    // The same report again: nothing new, nothing bumped; a PATCH after it numbers on from the bump.
    await store.commitOrderFacts(account, 'feedback-again.txt', [fact(order1, 2, 1)], [], [], 0);
    expect((await store.changesSince(account, cursor + 2, 100)).items).toEqual([]);
    const patched = await store.patchOrderLine(account, lines[0]!.lineKey, 1, { claimStatus: 'open' });
    expect(patched).toMatchObject({ version: 2, changeSeq: cursor + 3 });

    // A new rating for order 2 (and the known one of order 1): only order 2's lines move.
    await store.commitOrderFacts(account, 'feedback-3.txt', [fact(order1, 2, 1), fact(order2, 3, 2)], [], [], 0);
    expect((await store.changesSince(account, cursor + 3, 100)).items.map((line) => [line.lineKey, line.version, line.changeSeq])).toEqual([
      [lines[3]!.lineKey, 1, cursor + 4],
      [lines[4]!.lineKey, 1, cursor + 5],
    ]);

    // The facts of a page's orders in one call: orders without facts are not in the map; repeats given once.
    const byOrder = await store.getFactsOfOrders(account, [lines[0]!.row.orderId, order1, order2, order1]);
    expect([...byOrder.keys()].sort()).toEqual([order1, order2].sort());
    expect(byOrder.get(order1)!.map((f) => [f.source.file, f.feedback!.rating])).toEqual([['feedback.txt', 1]]);
    expect(byOrder.get(order2)!.map((f) => [f.source.file, f.feedback!.rating])).toEqual([['feedback-3.txt', 2]]);
    expect(await store.getOrderFacts(account, order1)).toEqual(byOrder.get(order1));
    expect((await store.getFactsOfOrders(other, [order1])).size).toBe(0);
  });
});
