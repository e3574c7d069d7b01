import { describe, expect, it } from 'vitest';
import { connectExcel, WorkerClient } from '../../addin/excel/index.js';
import { SyncMeter } from '../../addin/excel/sync-meter.js';
import { SyncState } from '../../addin/excel/sync-state.js';
import { SEGMENT_CHARS, SnapshotStore, SYNC_XML_NAMESPACE } from '../../addin/excel/sync-store.js';
import { lineKeyOf } from '../../addin/excel/sync-sheet.js';
import { EXAMPLE, importReport, testWorker, type TestWorker } from '../worker/helpers.js';
import { CustomXmlParts } from './custom-xml-parts.js';
import { DocumentSettings } from './document-settings.js';
import { mockHost, type SheetModel, type WorkbookModel } from './mock-excel/index.js';
import { workbookOf } from './sheets.js';

/** Issue 10, point 6: document settings as Office shares them, the sync state in custom XML parts, two panes on one workbook. */
const LA = 'America/Los_Angeles';
const PAYLOAD_LIMIT = 5 * 1024 * 1024;

function clientOf(worker: TestWorker): WorkerClient {
  return new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
}

function savedState(model: WorkbookModel): Promise<SyncState> {
  const host = mockHost(model, LA);
  return host.run((context) => SyncState.load(context, host.settings, new SyncMeter()));
}

function setCell(sheet: SheetModel, orderId: string, header: string, value: string): void {
  const rows = sheet.read(sheet.usedRect()).map((row) => row.map(String));
  const row = rows.findIndex((r) => r[0] === orderId);
  sheet.setValue(row, rows[0]!.indexOf(header), value);
}

async function claimStatus(worker: TestWorker, orderId: string): Promise<unknown> {
  const response = await worker.call(`/v1/orders/${orderId}`);
  return ((await response.json()) as { lines: { row: Record<string, unknown> }[] }).lines[0]!.row.claimStatus;
}

describe('the doubles: document settings as Office shares them', () => {
  it('a pane sees what another saved only after refreshAsync, and saveAsync writes its whole copy', async () => {
    const document = new DocumentSettings();
    const a = document.pane();
    const b = document.pane();
    a.set('x', 1);
    expect(document.document.has('x')).toBe(false); // set touches the in-memory copy only
    await a.save();
    expect(b.get('x')).toBeUndefined();
    await b.refresh();
    expect(b.get('x')).toBe(1);
    const stale = document.pane();
    a.set('y', 2);
    await a.save();
    stale.set('z', 3);
    await stale.save(); // its bag never had y
    expect([...document.document.keys()].sort()).toEqual(['x', 'z']);
  });

  it('custom XML parts take one valid XML element, list by namespace and refuse what XML cannot carry', () => {
    const parts = new CustomXmlParts();
    const part = parts.add('<a xmlns="urn:test">1 &amp; 2</a>');
    expect(parts.byNamespace('urn:test').map((p) => p.id)).toEqual([part.id]);
    expect(() => parts.add('<a xmlns="urn:test">\u001f</a>')).toThrow('InvalidArgument');
    expect(() => parts.add('<a xmlns="urn:test">1 & 2</a>')).toThrow('InvalidArgument');
    expect(() => parts.add('not xml')).toThrow('InvalidArgument');
    parts.delete(part.id);
    expect(() => parts.delete(part.id)).toThrow('ItemNotFound');
  });
});

describe('the sync state in the workbook', () => {
  it('lives in custom XML parts, not in the document settings; an old state in the settings is moved over', async () => {
    const model = workbookOf([]);
    model.settings.set('atoz.sync.cursor', '42');
    model.settings.set('atoz.sync.zones', [LA]);
    model.settings.set('atoz.sync.lines', { 'A-1\tX': [3, 0, '\topen'] });
    const host = mockHost(model, LA);
    await host.run(async (context) => {
      const state = await SyncState.load(context, host.settings, new SyncMeter());
      expect(state.cursor).toBe('42');
      await state.save();
    });
    expect([...model.settings.keys()].filter((key) => key.startsWith('atoz.sync.'))).toEqual([]);
    expect(model.customXmlParts.byNamespace(SYNC_XML_NAMESPACE)).toHaveLength(1);
    const again = await savedState(model);
    expect(again.cursor).toBe('42');
    expect(again.get(lineKeyOf('A-1', 'X'))).toEqual({ version: 3, zone: LA, texts: ['', 'open'] });
  });

  it('100,000 lines: saved in parts that each fit a sync, and read back whole', async () => {
    const model = workbookOf([]);
    const lines: Record<string, [number, number, string]> = {};
    for (let i = 0; i < 100_000; i++) lines[`111-${String(i).padStart(7, '0')}-0000001\tSKU-${i}`] = [i % 7, i % 2, i % 3 === 0 ? '\tA-to-z 申诉\t2024-03-01' : ''];
    const json = JSON.stringify({ zones: [LA, 'Europe/Berlin'], lines });
    const host = mockHost(model, LA);
    await host.run(async (context) => {
      const store = new SnapshotStore(context, new SyncMeter());
      await store.load();
      await store.save({ cursor: '100000', json });
    });
    const parts = model.customXmlParts.byNamespace(SYNC_XML_NAMESPACE);
    expect(parts.length).toBe(Math.ceil(json.length / SEGMENT_CHARS));
    expect(parts.length).toBeGreaterThan(3);
    expect(Math.max(...model.syncLog.map((s) => s.requestBytes))).toBeLessThan(PAYLOAD_LIMIT);

    const before = model.syncs;
    const state = await savedState(model);
    expect(Math.max(...model.syncLog.slice(before).map((s) => s.responseBytes))).toBeLessThan(PAYLOAD_LIMIT);
    expect(state.size).toBe(100_000);
    expect(state.cursor).toBe('100000');
    expect(state.get(lineKeyOf('111-0099998-0000001', 'SKU-99998'))).toEqual({ version: 99_998 % 7, zone: LA, texts: [''] });
    expect(state.get(lineKeyOf('111-0000003-0000001', 'SKU-3'))).toEqual({ version: 3, zone: 'Europe/Berlin', texts: ['', 'A-to-z 申诉', '2024-03-01'] });
    // Saved again by the sync, it replaces the parts it read.
    await host.run(async (context) => (await SyncState.load(context, host.settings, new SyncMeter())).save());
    expect(model.customXmlParts.byNamespace(SYNC_XML_NAMESPACE)).toHaveLength(parts.length);
    expect(model.customXmlParts.byNamespace(SYNC_XML_NAMESPACE).some((p) => parts.includes(p))).toBe(false);
  });

  it('a save cut short (a part missing) is ignored; the previous complete save is read', async () => {
    const model = workbookOf([]);
    model.settings.set('atoz.sync.cursor', '7');
    const host = mockHost(model, LA);
    await host.run(async (context) => (await SyncState.load(context, host.settings, new SyncMeter())).save());
    model.customXmlParts.add(`<atozSync xmlns="${SYNC_XML_NAMESPACE}" save="cut" index="0" count="2" cursor="99">{"zones":[],</atozSync>`);
    expect((await savedState(model)).cursor).toBe('7');
  });
});

describe('two panes, one workbook', () => {
  async function twoPanes() {
    const worker = await testWorker();
    expect((await importReport(worker, EXAMPLE)).status).toBe(201);
    const model = workbookOf([]);
    const paneA = connectExcel(mockHost(model, LA));
    const paneB = connectExcel(mockHost(model, LA)); // opened now, before A's first sync
    return { worker, model, sheet: () => model.sheets[0]!, paneA, paneB, options: { client: clientOf(worker) } };
  }

  it('a pane opened before a colleague synced reads the workbook afresh and still sends the edits made since', async () => {
    const { worker, sheet, paneA, paneB, options } = await twoPanes();
    await paneA.syncWithWorker(options);
    setCell(sheet(), '111-0000002-0000002', 'claim-status', 'granted');
    const result = await paneB.syncWithWorker(options);
    expect(result.pushed).toBe(1);
    expect(await claimStatus(worker, '111-0000002-0000002')).toBe('granted');
  });

  it('a column mapping saved by one pane is used by the other one\'s sync', async () => {
    const { model, paneA, paneB, options } = await twoPanes();
    await paneA.syncWithWorker(options);
    const sheet = model.sheets[0]!;
    sheet.setValue(0, 0, 'Bestellnummer');
    await paneA.saveColumnMapping('Orders', { orderId: 'Bestellnummer' });
    await expect(paneB.syncWithWorker(options)).resolves.toMatchObject({ pulled: 0, appendedRows: 0 });
  });

  it('both syncing at once, each with its own edits: nothing is lost, and the next sync finds nothing left to do', async () => {
    const { worker, model, sheet, paneA, paneB, options } = await twoPanes();
    await paneA.syncWithWorker(options);
    await paneB.syncWithWorker(options);
    setCell(sheet(), '111-0000002-0000002', 'claim-status', 'granted');
    setCell(sheet(), '111-0000003-0000003', 'claim-status', 'denied');
    const [a, b] = await Promise.all([paneA.syncWithWorker({ ...options, chunkRows: 3 }), paneB.syncWithWorker({ ...options, chunkRows: 4 })]);
    expect(a.conflicts).toEqual([]);
    expect(b.conflicts).toEqual([]);
    expect(await claimStatus(worker, '111-0000002-0000002')).toBe('granted');
    expect(await claimStatus(worker, '111-0000003-0000003')).toBe('denied');
    // Both saves survive and merge; the next sync, from either pane, has nothing to push.
    const state = await savedState(model);
    expect(state.size).toBe(10);
    expect(state.pendingLineKeys()).toEqual([]);
    const next = await connectExcel(mockHost(model, LA)).syncWithWorker(options);
    expect(next).toMatchObject({ pushed: 0, conflicts: [], errors: [] });
    expect(model.customXmlParts.byNamespace(SYNC_XML_NAMESPACE)).toHaveLength(1);
  });

  it('both syncing at once while the worker has new lines: every line is on the sheet once', async () => {
    const { worker, model, sheet, paneA, paneB, options } = await twoPanes();
    await paneA.syncWithWorker(options);
    const newLines = EXAMPLE.split('\n')
      .slice(1, 6)
      .map((line) => line.replace(/^111-00000(\d\d)-/, '222-00000$1-'))
      .join('\n');
    expect((await importReport(worker, `${EXAMPLE.split('\n')[0]}\n${newLines}\n`)).status).toBe(201);
    await Promise.all([paneA.syncWithWorker({ ...options, pageSize: 2 }), paneB.syncWithWorker({ ...options, pageSize: 3 })]);
    const ids = sheet()
      .read(sheet().usedRect())
      .slice(1)
      .map((row) => String(row[0]));
    expect(ids.filter((id) => id.startsWith('222-')).sort()).toEqual(['222-0000001-0000001', '222-0000002-0000002', '222-0000003-0000003', '222-0000004-0000004', '222-0000005-0000005']);
    expect(new Set(ids).size).toBe(ids.length);
    const next = await connectExcel(mockHost(model, LA)).syncWithWorker(options);
    expect(next).toMatchObject({ pushed: 0, pulled: 0, appendedRows: 0, conflicts: [] });
  });

  it('both appending different lines at once (each from its own view of the worker): no line is lost', async () => {
    // Two workers stand for two moments of one: pane B pulls lines pane A never saw, into the same rows.
    const workerA = await testWorker();
    const workerB = await testWorker();
    const other = EXAMPLE.replace(/^\d(\d\d-\d{7}-)/gm, '9$1');
    expect((await importReport(workerA, EXAMPLE)).status).toBe(201);
    expect((await importReport(workerB, other)).status).toBe(201);
    const model = workbookOf([]);
    const paneA = connectExcel(mockHost(model, LA));
    const paneB = connectExcel(mockHost(model, LA));
    const [a, b] = await Promise.all([paneA.syncWithWorker({ client: clientOf(workerA), pageSize: 4 }), paneB.syncWithWorker({ client: clientOf(workerB), pageSize: 3 })]);
    expect([a.appendedRows, b.appendedRows]).toEqual([10, 10]);
    const sheet = model.sheets[0]!;
    const ids = sheet
      .read(sheet.usedRect())
      .slice(1)
      .map((row) => String(row[0]));
    expect(ids.filter((id) => id.startsWith('9'))).toHaveLength(10);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toHaveLength(20);
  });
});
