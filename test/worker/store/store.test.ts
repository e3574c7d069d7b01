import { afterAll, describe, expect, it } from 'vitest';
import { cellsRecord, MAX_CACHED_HEADER_LISTS, encodeImportLines, openStore, storeOptionsFromEnv, ImportStateError, VersionConflictError, type ImportLine, type Store, type StoredOrder, type StoreOptions } from '../../../worker/store/index.js';
import { packImportLines } from '../../../worker/store/packed-lines.js';
import { BACKENDS } from './backends.js';
import { orderLine, orderLines, reportCells } from './lines.js';

const CLAIM_AT = Date.parse('2024-03-10T08:00:00Z');
const REPLY_AT = Date.parse('2024-03-11T08:00:00Z');

async function importLines(store: Store, accountId: string, lines: ImportLine[], fileName = 'orders.txt') {
  const started = await store.beginImport(accountId, fileName);
  await store.stageImportLines(accountId, started.id, encodeImportLines(lines));
  return store.commitImport(accountId, started.id, [], []);
}

async function allChanges(store: Store, accountId: string, since = 0, limit = 1000): Promise<StoredOrder[]> {
  const seen: StoredOrder[] = [];
  for (;;) {
    const page = await store.changesSince(accountId, since, limit);
    seen.push(...page.items);
    if (page.nextCursor === null) return seen;
    since = Number(page.nextCursor);
  }
}

describe.each(BACKENDS)('store on $name', (backend) => {
  const opened: Store[] = [];
  async function open(options?: StoreOptions): Promise<Store> {
    const store = await openStore(options ?? (await backend.location()));
    opened.push(store);
    return store;
  }
  // One store for the tests that only need accounts of their own (accounts isolate them).
  const shared = (async () => open())();

  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await backend.cleanup();
  });

  it('migrates idempotently, also with several stores opening one location at once', async () => {
    const location = await backend.location();
    const stores = await Promise.all([open(location), open(location), open(location)]);
    await stores[0]!.migrate();
    await stores[1]!.migrate();
    expect(stores[0]!.dialect).toBe(backend.name);
    const account = await stores[2]!.createAccount('after migrations');
    await stores[1]!.addToken(account, 'a'.repeat(64), 'token');
    expect(await stores[0]!.accountForToken('a'.repeat(64))).toBe(account);
  });

  it('maps token hashes to accounts; ensureTokenAccount creates one account once, even racing', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    await store.addToken(account, 'ab'.repeat(32), 'laptop');
    expect(await store.accountForToken('ab'.repeat(32))).toBe(account);
    expect(await store.accountForToken('cd'.repeat(32))).toBeNull();

    const location = await backend.location();
    const [a, b] = await Promise.all([open(location), open(location)]);
    const hash = 'ef'.repeat(32);
    const ids = await Promise.all([a.ensureTokenAccount(hash, 'default', 'env'), b.ensureTokenAccount(hash, 'default', 'env'), a.ensureTokenAccount(hash, 'default', 'env')]);
    expect(new Set(ids).size).toBe(1);
    expect(await b.ensureTokenAccount(hash, 'other', 'env')).toBe(ids[0]);
  });

  it('lists accounts with their token counts and forgets a removed token', async () => {
    const store = await open();
    const a = await store.createAccount('Shop A');
    const b = await store.createAccount('Shop B');
    await store.addToken(a, 'a1'.repeat(32), 'one');
    await store.addToken(a, 'a2'.repeat(32), 'two');
    // Oldest first; two made in the same millisecond come in either order.
    expect((await store.listAccounts()).map((x) => [x.id, x.name, x.tokens]).sort((x, y) => String(x[1]).localeCompare(String(y[1])))).toEqual([
      [a, 'Shop A', 2],
      [b, 'Shop B', 0],
    ]);
    expect(await store.removeToken('a1'.repeat(32))).toBe(true);
    expect(await store.removeToken('a1'.repeat(32))).toBe(false);
    expect(await store.accountForToken('a1'.repeat(32))).toBeNull();
    expect(await store.accountForToken('a2'.repeat(32))).toBe(a);
    expect((await store.listAccounts()).find((x) => x.id === a)?.tokens).toBe(1);
  });

  it('inserts new lines and gives back exactly what was imported', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const lines = orderLines(0, 5);
    lines[1] = orderLine(1, { sku: undefined, claimAt: CLAIM_AT, claimReason: 'not_received', feedbackRating: 2, itemType: 'digital', chargeback: true });
    const done = await importLines(store, account, lines);
    expect(done).toMatchObject({ status: 'committed', accountId: account, fileName: 'orders.txt', counts: { inserted: 5, updated: 0, unchanged: 0, rejected: 0 } });
    expect(await store.getImport(account, done.id)).toEqual(done);

    const stored = await store.getOrderLines(account, lines[1]!.row.orderId);
    const line = stored.find((s) => s.lineKey === lines[1]!.lineKey)!;
    expect(line.row).toStrictEqual(lines[1]!.row); // undefined fields present, instants as numbers
    expect(line.cells).toStrictEqual(cellsRecord(lines[1]!.cells));
    expect(line).toMatchObject({ orderId: lines[1]!.row.orderId, orderItemId: lines[1]!.row.orderItemId, sku: null, version: 1, importId: done.id });
    expect(Date.parse(line.updatedAt)).not.toBeNaN();
    const changes = await allChanges(store, account);
    expect(changes.map((c) => c.changeSeq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('re-importing the same lines changes nothing: all unchanged, no version or changeSeq bump', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const lines = orderLines(0, 300, { claimAt: CLAIM_AT, claimStatus: 'open' });
    await importLines(store, account, lines);
    const before = await allChanges(store, account);
    const again = await importLines(store, account, lines);
    expect(again.counts).toEqual({ inserted: 0, updated: 0, unchanged: 300, rejected: 0 });
    expect(await allChanges(store, account)).toEqual(before);
    expect((await store.changesSince(account, 300, 10)).items).toEqual([]);
  });

  it('counts inserted, updated and unchanged lines; report fields and cells follow the import', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    await importLines(store, account, orderLines(0, 10));
    const next = [...orderLines(0, 4), ...orderLines(4, 3, { orderStatus: 'Cancelled', deliveredAt: undefined, maxEddAt: 1 }), ...orderLines(10, 5)];
    const done = await importLines(store, account, next);
    expect(done.counts).toEqual({ inserted: 5, updated: 3, unchanged: 4, rejected: 0 });
    const [line] = await store.getOrderLines(account, orderLine(5).row.orderId).then((ls) => ls.filter((l) => l.lineKey === orderLine(5).lineKey));
    expect(line!.row.orderStatus).toBe('Cancelled');
    expect(line!.row.maxEddAt).toBe(1);
    expect(line!.cells['order-status']).toBe('Cancelled');
    expect(line!.version).toBe(2);
    expect(line!.changeSeq).toBeGreaterThan(10);
    expect(line!.importId).toBe(done.id);

    // Only a cell the engine does not read changed: the line is updated for the sheet's sake.
    const noted = orderLine(8);
    noted.cells = reportCells({ ...cellsRecord(noted.cells), '买家备注': '放在门口' });
    expect((await importLines(store, account, [noted])).counts).toMatchObject({ updated: 1 });
    const [withNote] = (await store.getOrderLines(account, noted.row.orderId)).filter((l) => l.lineKey === noted.lineKey);
    expect(withNote).toMatchObject({ version: 2, cells: cellsRecord(noted.cells), row: noted.row });

    // A report that no longer has a column (deliveredAt) clears a report-owned field.
    await importLines(store, account, [orderLine(20, { deliveredAt: REPLY_AT })]);
    await importLines(store, account, [orderLine(20)]);
    const [cleared] = await store.getOrderLines(account, orderLine(20).row.orderId).then((ls) => ls.filter((l) => l.lineKey === orderLine(20).lineKey));
    expect(cleared!.row.deliveredAt).toBeUndefined();
    expect(cleared!.version).toBe(2);
  });

  it('keeps non-empty operator values on re-import and fills the empty ones', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const key = orderLine(1).lineKey;
    await importLines(store, account, [orderLine(1, { claimAt: CLAIM_AT, claimReason: 'damaged', itemType: 'digital' })]);

    const reimport = orderLine(1, {
      claimAt: CLAIM_AT + 1,
      claimReason: 'not_received',
      itemType: 'service',
      claimStatus: 'denied',
      responseAt: REPLY_AT,
      chargeback: true,
      orderStatus: 'Pending',
    });
    const done = await importLines(store, account, [reimport]);
    expect(done.counts.updated).toBe(1);
    const [line] = await store.getOrderLines(account, reimport.row.orderId).then((ls) => ls.filter((l) => l.lineKey === key));
    expect(line!.row).toMatchObject({
      claimAt: CLAIM_AT, // kept
      claimReason: 'damaged', // kept
      itemType: 'digital', // kept
      claimStatus: 'denied', // filled
      responseAt: REPLY_AT, // filled
      chargeback: true, // filled: false is what an empty cell reads as
      orderStatus: 'Pending', // report field
    });

    // The same file again: the merged result equals the stored line.
    expect((await importLines(store, account, [reimport])).counts.unchanged).toBe(1);
    // A later report with empty claim columns leaves them alone.
    expect((await importLines(store, account, [orderLine(1, { orderStatus: 'Pending' })])).counts).toMatchObject({ unchanged: 0, updated: 1 });
    const [after] = await store.getOrderLines(account, reimport.row.orderId).then((ls) => ls.filter((l) => l.lineKey === key));
    expect(after!.row).toMatchObject({ claimAt: CLAIM_AT, claimStatus: 'denied', itemType: 'digital', chargeback: true });
  });

  it('counts a line key repeated in one import once, the later line winning', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, null);
    await store.stageImportLines(account, started.id, encodeImportLines([orderLine(1, { orderStatus: 'first' }), orderLine(2), orderLine(1, { orderStatus: 'second' })]));
    await store.stageImportLines(account, started.id, encodeImportLines([orderLine(2, { orderStatus: 'third' })]));
    const done = await store.commitImport(account, started.id, [{ line: 9, column: 'purchase-date', message: 'bad date' }], ['a warning']);
    expect(done).toMatchObject({ fileName: null, counts: { inserted: 2, updated: 0, unchanged: 0, rejected: 1 } });
    expect(done.errors).toEqual([{ line: 9, column: 'purchase-date', message: 'bad date' }]);
    expect(done.warnings).toEqual(['a warning']);
    expect(await store.getImport(account, started.id)).toEqual(done);
    const statuses = (await store.listOrders(account, null, 10)).items.map((o) => o.row.orderStatus);
    expect(statuses.sort()).toEqual(['second', 'third']);
  });

  it('stores any text exactly (PostgreSQL copies it in binary): tabs, line breaks, backslashes, quotes, CJK, emoji', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const awkward = ['a\tb', 'line\nbreak\r\n', 'back\\slash \\N', '"quoted" \'single\'', '送货前请致电', '😀 \u00e9\u2028', '', '\\.'];
    const lines = awkward.map((text, i) => {
      const line = orderLine(i, { sku: `SKU\t${text}`, orderStatus: text });
      return { ...line, cells: reportCells({ 'amazon-order-id': line.row.orderId, 'product-name': text, [`note ${text}`]: text }) };
    });
    expect((await importLines(store, account, lines)).counts.inserted).toBe(awkward.length);
    const stored = (await store.listOrders(account, null, 100)).items;
    for (const line of lines) {
      const found = stored.find((s) => s.lineKey === line.lineKey);
      expect(found?.row).toStrictEqual(line.row);
      expect(found?.cells).toStrictEqual(cellsRecord(line.cells));
    }
    expect((await importLines(store, account, lines)).counts.unchanged).toBe(awkward.length);
  });

  it('stages a packed batch (a reader thread\'s) exactly as the same lines given as objects; its bytes may be moved', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const awkward = ['a\tb', 'line\nbreak', '"quoted" \\', '送货前请致电', '😀 \u2028', ''];
    const lines = awkward.map((text, i) => {
      const line = orderLine(i, { sku: i % 2 ? undefined : `SKU ${text}`, orderStatus: text });
      return { ...line, cells: reportCells({ 'amazon-order-id': line.row.orderId, 'product-name': text }) };
    });
    const packed = packImportLines(encodeImportLines(lines));
    const started = await store.beginImport(account, 'packed.txt');
    await store.stageImportLines(account, started.id, packed);
    expect((await store.commitImport(account, started.id, [], [])).counts.inserted).toBe(lines.length);
    const stored = (await store.listOrders(account, null, 100)).items;
    for (const line of lines) {
      const found = stored.find((s) => s.lineKey === line.lineKey);
      expect(found?.row).toStrictEqual(line.row);
      expect(found?.cells).toStrictEqual(cellsRecord(line.cells));
    }
    // The same lines as objects are all unchanged.
    expect((await importLines(store, account, lines)).counts.unchanged).toBe(lines.length);
  });

  it('keeps each line\'s cells under the header list of the report that brought them', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const line = orderLine(1);
    await importLines(store, account, [line]);
    // The same values under other headers (a column renamed): the line changes for the sheet's sake.
    const renamed = { ...line, cells: { headers: line.cells.headers.map((h) => (h === 'sku' ? 'seller-sku' : h)), values: line.cells.values } };
    expect((await importLines(store, account, [renamed])).counts).toMatchObject({ updated: 1 });
    const [stored] = await store.getOrderLines(account, line.row.orderId);
    expect(stored!.cells).toStrictEqual(cellsRecord(renamed.cells));
    expect(stored!.cells['seller-sku']).toBe(line.row.sku);
    // Fewer values than headers: the missing ones are stored empty.
    const short = { ...line, cells: { headers: ['amazon-order-id', 'sku', 'extra'], values: [line.row.orderId, 'S'] } };
    await importLines(store, account, [short]);
    expect((await store.getOrderLines(account, line.row.orderId))[0]!.cells).toStrictEqual({ 'amazon-order-id': line.row.orderId, sku: 'S', extra: '' });
  });

  it('reads lines under more header lists than it keeps in memory, a page of them at once', async () => {
    const store = await open();
    const account = await store.createAccount('seller');
    const count = MAX_CACHED_HEADER_LISTS + 5;
    // Each line under a header list of its own (a column named after the line).
    const lines = orderLines(0, count).map((line, i) => ({ ...line, cells: reportCells({ 'amazon-order-id': line.row.orderId, [`note ${i}`]: `n${i}` }) }));
    await importLines(store, account, lines);
    const firstPage = await store.listOrders(account, null, 10);
    expect(firstPage.items).toHaveLength(10);
    const all = await store.listOrders(account, null, count);
    expect(all.items).toHaveLength(count);
    for (const item of all.items) expect(Object.keys(item.cells)).toHaveLength(2);
    expect(Object.values(all.items.find((item) => item.lineKey === lines[7]!.lineKey)!.cells)).toEqual([lines[7]!.row.orderId, 'n7']);
  });

  it('keeps a header named __proto__ as a cell of its own', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const line = { ...orderLine(1), cells: { headers: ['amazon-order-id', '__proto__', 'x'], values: ['111', 'P', 'X'] } };
    await importLines(store, account, [line]);
    const [stored] = await store.getOrderLines(account, line.row.orderId);
    expect(Object.keys(stored!.cells)).toEqual(['amazon-order-id', '__proto__', 'x']);
    expect(JSON.parse(JSON.stringify(stored!.cells))).toEqual(JSON.parse('{"amazon-order-id":"111","__proto__":"P","x":"X"}'));
  });

  it('commits the header lists with the merge; lines staged elsewhere without their list fail the commit', async () => {
    const location = await backend.location();
    const store = await open(location);
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, null);
    await store.stageImportLines(account, started.id, encodeImportLines(orderLines(0, 3)));
    // Another store (another worker process) commits what this one staged: it checks the lists are there.
    const other = await open(location);
    await expect(other.commitImport(account, started.id, [], [])).rejects.toThrow(/header list is missing/);
    // The staging store writes them with the merge.
    expect((await store.commitImport(account, started.id, [], [])).counts.inserted).toBe(3);
    expect((await other.listOrders(account, null, 10)).items.map((o) => o.cells['买家备注'])).toEqual(['送货前请致电', '送货前请致电', '送货前请致电']);
    // Once stored, another store's commit of lines under the same list passes the check.
    const again = await store.beginImport(account, null);
    await store.stageImportLines(account, again.id, encodeImportLines(orderLines(3, 2)));
    expect((await other.commitImport(account, again.id, [], [])).counts.inserted).toBe(2);
  });

  it('never shows staged lines; a failed import stays out and cannot be committed', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, 'big.txt');
    expect(started).toMatchObject({ status: 'staging', counts: { inserted: 0, updated: 0, unchanged: 0, rejected: 0 }, failure: null });
    await store.stageImportLines(account, started.id, encodeImportLines(orderLines(0, 50)));
    expect((await store.listOrders(account, null, 100)).items).toEqual([]);
    expect((await store.getImport(account, started.id))!.status).toBe('staging');

    await store.failImport(account, started.id, 'the upload was cut');
    expect(await store.getImport(account, started.id)).toMatchObject({ status: 'failed', failure: 'the upload was cut' });
    await expect(store.commitImport(account, started.id, [], [])).rejects.toThrow(ImportStateError);
    await expect(store.stageImportLines(account, started.id, encodeImportLines(orderLines(0, 1)))).rejects.toMatchObject({ status: 'failed' });
    await store.failImport(account, started.id, 'again'); // no-op
    expect((await store.getImport(account, started.id))!.failure).toBe('the upload was cut');
    expect((await store.listOrders(account, null, 100)).items).toEqual([]);

    const done = await importLines(store, account, orderLines(0, 2));
    await expect(store.commitImport(account, done.id, [], [])).rejects.toMatchObject({ status: 'committed' });
    await store.failImport(account, done.id, 'too late');
    expect((await store.getImport(account, done.id))!.status).toBe('committed');
  });

  it('throws the error of a staging write at the next call for the import', async () => {
    const location = await backend.location();
    const [a, b] = await Promise.all([open(location), open(location)]);
    const account = await a.createAccount('seller');
    const started = await a.beginImport(account, null);
    await a.stageImportLines(account, started.id, encodeImportLines(orderLines(0, 10)));
    await a.stageImportLines(account, started.id, encodeImportLines(orderLines(10, 10))); // waits for the first write
    await b.failImport(account, started.id, 'stopped by the other worker');
    await a.stageImportLines(account, started.id, encodeImportLines(orderLines(20, 10))).catch(() => {}); // may or may not see it yet
    await expect(a.commitImport(account, started.id, [], [])).rejects.toMatchObject({ name: 'ImportStateError', status: 'failed' });
    expect((await a.listOrders(account, null, 100)).items).toEqual([]);
  });

  it('marks stale staging imports failed', async () => {
    let now = Date.parse('2024-03-15T00:00:00Z');
    const store = await open({ ...(await backend.location()), now: () => now });
    const account = await store.createAccount('seller');
    const old = await store.beginImport(account, null);
    await store.stageImportLines(account, old.id, encodeImportLines(orderLines(0, 3)));
    now += 60 * 60_000;
    const fresh = await store.beginImport(account, null);
    now += 30 * 60_000;
    expect(await store.cleanupStaleImports(60 * 60_000)).toBe(1);
    expect(await store.getImport(account, old.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('abandoned') });
    expect((await store.getImport(account, fresh.id))!.status).toBe('staging');
    await store.stageImportLines(account, fresh.id, encodeImportLines(orderLines(0, 3)));
    expect((await store.commitImport(account, fresh.id, [], [])).counts.inserted).toBe(3);
  });

  it("keeps accounts apart: B can neither see nor change A's lines and imports", async () => {
    const store = await shared;
    const a = await store.createAccount('A');
    const b = await store.createAccount('B');
    const lines = orderLines(0, 4);
    const done = await importLines(store, a, lines);
    // The same line keys in B are B's own lines.
    await importLines(store, b, [orderLine(0, { orderStatus: 'B-only' })]);

    const key = lines[2]!.lineKey;
    const orderId = lines[2]!.row.orderId;
    expect(await store.getOrderLines(b, orderId)).toEqual([]);
    expect((await store.listOrders(b, null, 100)).items.map((o) => o.row.orderStatus)).toEqual(['B-only']);
    expect((await allChanges(store, b)).map((o) => o.row.orderStatus)).toEqual(['B-only']);
    expect(await store.getImport(b, done.id)).toBeNull();
    expect(await store.patchOrderLine(b, key, 1, { claimStatus: 'granted' })).toBeNull();
    const scanned: StoredOrder[] = [];
    for await (const batch of store.scanOrders(b, 10)) scanned.push(...batch);
    expect(scanned).toHaveLength(1);

    const pending = await store.beginImport(a, null);
    await expect(store.stageImportLines(b, pending.id, encodeImportLines(orderLines(0, 1)))).rejects.toMatchObject({ status: null });
    await expect(store.commitImport(b, pending.id, [], [])).rejects.toThrow(ImportStateError);
    await store.failImport(b, pending.id, 'not yours');
    expect((await store.getImport(a, pending.id))!.status).toBe('staging');

    const [aLine] = (await store.getOrderLines(a, orderId)).filter((l) => l.lineKey === key);
    expect(aLine).toMatchObject({ version: 1 });
    expect(aLine!.row.claimStatus).toBeUndefined();
    expect((await store.getOrderLines(a, lines[0]!.row.orderId)).every((l) => l.row.orderStatus === 'Shipped')).toBe(true);
  });

  it('patches operator fields with optimistic concurrency', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const [line] = orderLines(0, 1);
    await importLines(store, account, [line!, ...orderLines(1, 2)]);

    const patched = await store.patchOrderLine(account, line!.lineKey, 1, { claimAt: CLAIM_AT, claimStatus: 'open', itemType: 'digital' });
    expect(patched).toMatchObject({ version: 2, changeSeq: 4 });
    expect(patched!.row).toStrictEqual({ ...line!.row, claimAt: CLAIM_AT, claimStatus: 'open', itemType: 'digital' });
    expect(patched!.cells).toStrictEqual(cellsRecord(line!.cells));

    const conflict = await store.patchOrderLine(account, line!.lineKey, 1, { claimStatus: 'denied' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect((conflict as VersionConflictError).current).toEqual(patched);

    // null clears; a required field goes back to what an empty cell reads as.
    const cleared = await store.patchOrderLine(account, line!.lineKey, 2, { claimStatus: null, itemType: null });
    expect(cleared!.row).toMatchObject({ claimAt: CLAIM_AT, claimStatus: undefined, itemType: 'physical' });
    expect(cleared).toMatchObject({ version: 3, changeSeq: 5 });
    // A patch that changes nothing is no change.
    expect(await store.patchOrderLine(account, line!.lineKey, 3, { claimAt: CLAIM_AT })).toEqual(cleared);
    expect(await store.patchOrderLine(account, 'no such line', 1, { claimAt: CLAIM_AT })).toBeNull();

    // The operator's value survives the next import of the same report.
    const again = await importLines(store, account, [orderLine(0, { claimAt: CLAIM_AT + 5, claimStatus: 'granted' }), ...orderLines(1, 2)]);
    expect(again.counts).toMatchObject({ updated: 1, unchanged: 2 });
    const [merged] = (await store.getOrderLines(account, line!.row.orderId)).filter((l) => l.lineKey === line!.lineKey);
    expect(merged!.row).toMatchObject({ claimAt: CLAIM_AT, claimStatus: 'granted' });
    expect(merged).toMatchObject({ version: 4, changeSeq: 6 });
  });

  it('pages changes by changeSeq; a changed line moves to the end', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const lines = orderLines(0, 25);
    await importLines(store, account, lines);
    await store.patchOrderLine(account, lines[3]!.lineKey, 1, { feedbackRating: 1 });

    const first = await store.changesSince(account, 0, 10);
    expect(first.items.map((o) => o.changeSeq)).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10, 11]);
    expect(first.nextCursor).toBe('11');
    const all = await allChanges(store, account, 0, 10);
    expect(all).toHaveLength(25);
    expect(all.at(-1)).toMatchObject({ lineKey: lines[3]!.lineKey, changeSeq: 26, version: 2 });
    const seqs = all.map((o) => o.changeSeq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(await store.changesSince(account, 20, 6)).toMatchObject({ nextCursor: null });
    expect((await store.changesSince(account, 26, 10)).items).toEqual([]);
    await expect(store.changesSince(account, 0, 0)).rejects.toThrow(RangeError);
  });

  it('pages order lines by line key and scans them in batches', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const lines = orderLines(0, 23);
    await importLines(store, account, lines);
    const keys = lines.map((l) => l.lineKey).sort();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: StoredOrder[]; nextCursor: string | null } = await store.listOrders(account, cursor, 5);
      seen.push(...page.items.map((o) => o.lineKey));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(seen).toEqual(keys);
    expect(pages).toBe(5);

    const batches: number[] = [];
    const scanned: string[] = [];
    for await (const batch of store.scanOrders(account, 10)) {
      batches.push(batch.length);
      scanned.push(...batch.map((o) => o.lineKey));
    }
    expect(batches).toEqual([10, 10, 3]);
    expect(scanned).toEqual(keys);

    const order = await store.getOrderLines(account, lines[0]!.row.orderId);
    expect(order.map((o) => o.lineKey)).toEqual([lines[0]!.lineKey, lines[1]!.lineKey]);
  });

  it('commits an import without lines (a report with a header only)', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, 'empty.csv');
    await store.stageImportLines(account, started.id, encodeImportLines([]));
    const done = await store.commitImport(account, started.id, [], ['no order rows']);
    expect(done).toMatchObject({ status: 'committed', counts: { inserted: 0, updated: 0, unchanged: 0, rejected: 0 }, warnings: ['no order rows'] });
    expect((await store.changesSince(account, 0, 10)).items).toEqual([]);
  });

  it('lets a commit in flight finish when it closes, then refuses work', async () => {
    const location = await backend.location();
    const store = await openStore(location);
    const account = await store.createAccount('seller');
    const started = await store.beginImport(account, null);
    await store.stageImportLines(account, started.id, encodeImportLines(orderLines(0, 2_000)));
    const commit = store.commitImport(account, started.id, [], []);
    await store.close();
    expect((await commit).counts.inserted).toBe(2_000);
    await expect(store.createAccount('too late')).rejects.toThrow('closed');

    const reopened = await open(location);
    expect((await reopened.getImport(account, started.id))!.status).toBe('committed');
  });

  it('merges an import with more than one page (5,000) of changed lines in one go', async () => {
    const store = await shared;
    const account = await store.createAccount('seller');
    const lines = orderLines(0, 11_000);
    const first = await importLines(store, account, lines);
    expect(first.counts.inserted).toBe(11_000);
    // Every other line changed (5,500: two pages), plus 1,000 new lines.
    const next = [...lines.map((l, i) => (i % 2 ? orderLine(i, { orderStatus: 'Delivered' }) : l)), ...orderLines(11_000, 1_000)];
    const second = await importLines(store, account, next);
    expect(second.counts).toEqual({ inserted: 1_000, updated: 5_500, unchanged: 5_500, rejected: 0 });
    const changes = await allChanges(store, account, 11_000);
    expect(changes).toHaveLength(6_500);
    expect(changes.map((c) => c.changeSeq)).toEqual(Array.from({ length: 6_500 }, (_, i) => 11_001 + i));
    expect(changes.filter((c) => c.version === 2).every((c) => c.row.orderStatus === 'Delivered')).toBe(true);
  });
});

describe('store options', () => {
  it('reads ATOZ_DATA_DIR and DATABASE_URL, empty meaning unset', () => {
    expect(storeOptionsFromEnv({ ATOZ_DATA_DIR: '/var/lib/atoz', DATABASE_URL: '' })).toEqual({ dataDir: '/var/lib/atoz', databaseUrl: undefined });
    expect(storeOptionsFromEnv({ DATABASE_URL: 'postgres://db/atoz' })).toEqual({ dataDir: undefined, databaseUrl: 'postgres://db/atoz' });
  });

  it('opens an in-memory SQLite store on one connection', async () => {
    const store = await openStore({ sqlitePath: ':memory:' });
    try {
      const account = await store.createAccount('seller');
      const done = await importLines(store, account, orderLines(0, 3));
      expect(done.counts.inserted).toBe(3);
      expect((await store.listOrders(account, null, 10)).items).toHaveLength(3);
    } finally {
      await store.close();
    }
  });
});
