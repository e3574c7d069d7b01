import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../worker/app/create-app.js';
import type { Store } from '../../worker/store/index.js';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { atoz } from '../helpers/cli.js';
import { badInputs } from './bad-inputs.js';
import { AS_OF, bigReport, chunkedStream, csvPost, EXAMPLE, EXAMPLE_PATH, freshStore, importReport, multipartBody, problemOf, spyStore, testWorker as appWorker, type TestWorker } from './helpers.js';

interface ImportJson {
  id: string;
  status: string;
  fileName: string | null;
  counts: { inserted: number; updated: number; unchanged: number; rejected: number };
  errors: { line: number; column: string | null; message: string }[];
  warnings: string[];
  failure: string | null;
}

const HEADER = EXAMPLE.split('\n')[0]!;

const inPieces = (bytes: Uint8Array, size: number) => Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

async function orderCount(worker: TestWorker): Promise<number> {
  const page = (await (await worker.call('/v1/changes?limit=1000')).json()) as { items: unknown[] };
  return page.items.length;
}

// Every import test runs with the upload read in the request's thread (any runtime) and in reader threads (Node).
const threads = new ReaderThreads({ threads: 2 });
afterAll(() => threads.close());
const READERS = [
  ['read in the request thread', undefined],
  ['read in reader threads', threads.readImport],
] as const;

describe.each(READERS)('%s', (_reader, readImport) => {
  const testWorker = (options: Partial<AppOptions> = {}, store?: Store) => appWorker({ readImport, ...options }, store);

  describe('POST /v1/imports', () => {
    it('inserts, then counts a re-import as unchanged, then updates what changed', async () => {
      const worker = await testWorker();
      const first = await importReport(worker, EXAMPLE, { query: '?fileName=orders.csv' });
      expect(first.status).toBe(201);
      const created = (await first.json()) as ImportJson;
      expect(first.headers.get('location')).toBe(`/v1/imports/${created.id}`);
      expect(created).toMatchObject({ status: 'committed', fileName: 'orders.csv', counts: { inserted: 10, updated: 0, unchanged: 0, rejected: 0 }, errors: [], failure: null });

      const again = (await (await importReport(worker, EXAMPLE)).json()) as ImportJson;
      expect(again.counts).toEqual({ inserted: 0, updated: 0, unchanged: 10, rejected: 0 });
      const changesAfterRepeat = (await (await worker.call('/v1/changes')).json()) as { cursor: string };
      expect(changesAfterRepeat.cursor).toBe('10');

      const edited = `${EXAMPLE.replace('Garden Hose 50ft', 'Garden Hose 75ft')}111-0000099-0000099,2024-03-10T08:00:00-07:00,Shipped,Merchant,Amazon.com,Mug,2024-03-18,,,,,,,,,,,\n`;
      const third = (await (await importReport(worker, edited)).json()) as ImportJson;
      expect(third.counts).toEqual({ inserted: 1, updated: 1, unchanged: 9, rejected: 0 });
      const hose = (await (await worker.call('/v1/orders/111-0000002-0000002')).json()) as { lines: { version: number; cells: Record<string, string> }[] };
      expect(hose.lines[0]).toMatchObject({ version: 2, cells: { 'product-name': 'Garden Hose 75ft' } });

      const fetched = await worker.call(`/v1/imports/${created.id}`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toEqual(created);
    });

    it('a header-less All Orders file is imported with that layout\'s columns, and the answer says so', async () => {
      const worker = await testWorker();
      const bytes = readFileSync(fileURLToPath(new URL('../fixtures/amazon-reports/us-all-orders-2020-fba-rows-no-header-crlf.txt', import.meta.url)));
      const response = await importReport(worker, bytes, { query: '?fileName=orders.txt' });
      expect(response.status).toBe(201);
      const created = (await response.json()) as ImportJson;
      expect(created.counts).toEqual({ inserted: 13, updated: 0, unchanged: 0, rejected: 0 });
      expect(created.warnings.join('\n')).toMatch(/no header line: line 1 already holds order data, and its 32 fields match Amazon's All Orders report/);
      const line = (await (await worker.call('/v1/orders/114-4892924-3377867')).json()) as { lines: { cells: Record<string, string>; row: Record<string, unknown> }[] };
      expect(line.lines[0]!.cells).toMatchObject({ 'amazon-order-id': '114-4892924-3377867', 'fulfillment-channel': 'Amazon', 'ship-city': 'MEMPHIS' });
      expect(line.lines[0]!.row).toMatchObject({ purchaseAt: '2020-02-18T05:05:21.000Z', fulfillment: 'afn' });
    });

    it('never overwrites an operator\'s value, and fills an empty one', async () => {
      const worker = await testWorker();
      await importReport(worker, EXAMPLE);
      const line = await worker.call('/v1/orders/111-0000004-0000004');
      const patched = await worker.call('/v1/orders/111-0000004-0000004', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': line.headers.get('etag')! },
        body: JSON.stringify({ claimStatus: 'granted', decisionAt: '2024-03-14' }),
      });
      expect(patched.status).toBe(200);
      // The report still says "open" and has no decision date; a later report brings a response date.
      const withResponse = EXAMPLE.replace('2024-03-09T10:00:00-08:00,,,', '2024-03-09T10:00:00-08:00,2024-03-14T09:00:00-07:00,,');
      const counts = ((await (await importReport(worker, withResponse)).json()) as ImportJson).counts;
      expect(counts).toEqual({ inserted: 0, updated: 1, unchanged: 9, rejected: 0 });
      const after = (await (await worker.call('/v1/orders/111-0000004-0000004')).json()) as { lines: { row: Record<string, unknown> }[] };
      expect(after.lines[0]!.row).toMatchObject({ claimStatus: 'granted', decisionAt: '2024-03-14T07:00:00.000Z', responseAt: '2024-03-14T16:00:00.000Z' });
    });

    it('rejects rows with bad cells, lists their errors, and imports the rest', async () => {
      const worker = await testWorker();
      const csv = [
        'order-id,purchase-date,claim-date,claim-reason,latest-delivery-date',
        '111-1111111-1111111,2024-03-01,,,2024-03-08',
        '111-2222222-2222222,2024-03-01,2024-03-10,lost in space,2024-03-08',
        '111-3333333-3333333,yesterday,,,2024-03-08',
        '111-4444444-4444444,someday,2024-03-10,lost again,2024-03-08',
      ].join('\n');
      const response = await importReport(worker, csv);
      expect(response.status).toBe(201);
      const record = (await response.json()) as ImportJson;
      // rows, not cell errors: line 5 has two bad cells and counts once
      expect(record.counts).toEqual({ inserted: 1, updated: 0, unchanged: 0, rejected: 3 });
      expect(record.errors).toEqual([
        { line: 3, column: 'claim-reason', message: expect.stringContaining('not_received') },
        { line: 4, column: 'purchase-date', message: expect.stringContaining('"yesterday" is not a date') },
        { line: 5, column: 'purchase-date', message: expect.stringContaining('"someday" is not a date') },
        { line: 5, column: 'claim-reason', message: expect.stringContaining('"lost again"') },
      ]);
      expect(await orderCount(worker)).toBe(1);
    });

    it('keeps the report\'s own cells, not the status columns of an exported evaluation', async () => {
      const worker = await testWorker();
      const exported = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--format', 'csv']);
      const response = await importReport(worker, exported.stdout);
      expect(((await response.json()) as ImportJson).counts.inserted).toBe(10);
      const order = (await (await worker.call('/v1/orders/111-0000001-0000001')).json()) as { lines: { cells: Record<string, string> }[] };
      expect(Object.keys(order.lines[0]!.cells)).toEqual(HEADER.split(','));
    });

    it('takes the multipart filename, and lets fileName= override it', async () => {
      const worker = await testWorker();
      const { body, contentType } = multipartBody([{ name: 'file', fileName: 'Unshipped Orders 2024-03-15.txt', content: EXAMPLE }]);
      const named = (await (await worker.call('/v1/imports', { method: 'POST', body, headers: { 'Content-Type': contentType } })).json()) as ImportJson;
      expect(named).toMatchObject({ fileName: 'Unshipped Orders 2024-03-15.txt', counts: { inserted: 10 } });
      const renamed = (await (await worker.call('/v1/imports?fileName=daily.txt', { method: 'POST', body, headers: { 'Content-Type': contentType } })).json()) as ImportJson;
      expect(renamed).toMatchObject({ fileName: 'daily.txt', counts: { unchanged: 10 } });
    });

    it('imports a report larger than one batch in one commit', async () => {
      const worker = await testWorker();
      const response = await importReport(worker, bigReport(5000));
      expect(((await response.json()) as ImportJson).counts).toEqual({ inserted: 5000, updated: 0, unchanged: 0, rejected: 0 });
    });

    it('8 imports at once of overlapping reports (more than there are reader threads): all committed, every line once', async () => {
      const worker = await testWorker();
      const [header, ...rows] = new TextDecoder().decode(bigReport(4000)).trimEnd().split('\n');
      const reports = Array.from({ length: 8 }, (_, k) => `${header}\n${rows.slice(k * 400, k * 400 + 1200).join('\n')}\n`);
      const answers = await Promise.all(reports.map((report) => importReport(worker, report)));
      const records = (await Promise.all(answers.map((answer) => answer.json()))) as ImportJson[];
      expect(records.map((record) => record.status)).toEqual(Array(8).fill('committed'));
      expect(records.reduce((sum, record) => sum + record.counts.inserted, 0)).toBe(4000);
      const keys: string[] = [];
      for (let since = '0', more = true; more; ) {
        const page = (await (await worker.call(`/v1/changes?since=${since}&limit=1000`)).json()) as { items: { lineKey: string }[]; cursor: string; hasMore: boolean };
        keys.push(...page.items.map((item) => item.lineKey));
        ({ cursor: since, hasMore: more } = page);
      }
      expect(keys).toHaveLength(4000);
      expect(new Set(keys).size).toBe(4000);
    });

    it('answers a header-only report with 201, zero counts and a warning (a valid empty report, e.g. no unshipped orders today)', async () => {
      const worker = await testWorker();
      const response = await importReport(worker, `${HEADER}\r\n`);
      expect(response.status).toBe(201);
      const record = (await response.json()) as ImportJson;
      expect(record).toMatchObject({ status: 'committed', counts: { inserted: 0, updated: 0, unchanged: 0, rejected: 0 } });
      expect(record.warnings).toContain('the report has a header line (line 1) but no order rows: nothing to import');
      expect(await orderCount(worker)).toBe(0);
    });

    it('404 for an unknown import id', async () => {
      const worker = await testWorker();
      const response = await worker.call('/v1/imports/no-such-import');
      expect(response.status).toBe(404);
      await problemOf(response);
    });
  });

  describe('a failed import stores nothing', () => {
    it.each(badInputs())('%s: 422, no import created, no orders', async (_name, body, message) => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const response = await worker.call('/v1/imports', csvPost(body));
      expect(response.status).toBe(422);
      expect((await problemOf(response)).detail).toMatch(message);
      expect(calls).not.toContain('beginImport');
      expect(await orderCount(worker)).toBe(0);
    });

    it('415 for a wrong content type, before reading anything', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const response = await worker.call('/v1/imports', { method: 'POST', body: EXAMPLE, headers: { 'Content-Type': 'application/json' } });
      expect(response.status).toBe(415);
      expect(calls).not.toContain('beginImport');
    });

    it('invalid UTF-8 in a body declared UTF-8: 422 naming the line, nothing stored', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const bytes = new Uint8Array([...new TextEncoder().encode(`${HEADER}\n111-0000001-0000001,2024-03-01,Shipped,Merchant,Amazon.com,Caf`), 0xe9, 0x2c, 0x0a]);
      const response = await worker.call('/v1/imports', csvPost(bytes, { 'Content-Type': 'text/csv; charset=utf-8' }));
      expect(response.status).toBe(422);
      expect((await problemOf(response)).detail).toContain('line 2 holds bytes that are not UTF-8');
      expect(calls).not.toContain('beginImport');
    });

    it('invalid UTF-8 past the first 64 KB of a UTF-8 file: 422, the import failed, no orders', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const bytes = bigReport(5000, true);
      const response = await worker.call('/v1/imports', csvPost(chunkedStream(inPieces(bytes, 16_384))));
      expect(response.status).toBe(422);
      expect((await problemOf(response)).detail).toContain('line 5002 holds bytes that are not UTF-8');
      expect(calls).toContain('beginImport');
      expect(calls).toContain('failImport');
      expect(calls).not.toContain('commitImport');
      expect(await orderCount(worker)).toBe(0);
    });

    it('Content-Length over the limit: 413 at once, nothing read', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({ bodyLimitBytes: 1000 }, store);
      const response = await worker.call('/v1/imports', csvPost(EXAMPLE + 'x'.repeat(1000), { 'Content-Length': String(EXAMPLE.length + 1000) }));
      expect(response.status).toBe(413);
      expect(await problemOf(response)).toMatchObject({ type: 'urn:atoz-guard:problem:payload-too-large', limitBytes: 1000 });
      expect(calls).not.toContain('beginImport');
    });

    it('a chunked upload without Content-Length growing past the limit: 413, the import failed, no orders', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({ bodyLimitBytes: 200_000 }, store);
      const bytes = bigReport(3000); // ~300 KB: the import has begun after the first ~100 KB, then the limit is passed
      expect(bytes.length).toBeGreaterThan(200_000);
      const response = await worker.call('/v1/imports', csvPost(chunkedStream(inPieces(bytes, 16_384))));
      expect(response.status).toBe(413);
      await problemOf(response);
      expect(calls).toContain('beginImport');
      expect(calls).toContain('failImport');
      expect(calls).not.toContain('commitImport');
      expect(await orderCount(worker)).toBe(0);
    });

    it('a small chunked upload past the limit: 413 before any import begins', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({ bodyLimitBytes: 100 }, store);
      const response = await worker.call('/v1/imports', csvPost(chunkedStream([EXAMPLE.slice(0, 80), EXAMPLE.slice(80)])));
      expect(response.status).toBe(413);
      expect(calls).not.toContain('beginImport');
    });

    it('an upload that breaks off (client gone): the import failed, no orders', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const response = await worker.call('/v1/imports', csvPost(chunkedStream(inPieces(bigReport(5000), 16_384).slice(0, 20), 'error')));
      expect(response.status).toBe(400);
      expect((await problemOf(response)).type).toBe('urn:atoz-guard:problem:upload-interrupted');
      expect(calls).toContain('failImport');
      expect(await orderCount(worker)).toBe(0);
    });

    it('a multipart upload cut off before its closing boundary: the import failed, no orders', async () => {
      const { store, calls } = spyStore(await freshStore());
      const worker = await testWorker({}, store);
      const { body, contentType } = multipartBody([{ name: 'file', fileName: 'big.csv', content: bigReport(2000) }]);
      const cut = body.subarray(0, body.length - 60);
      const response = await worker.call('/v1/imports', { method: 'POST', body: cut, headers: { 'Content-Type': contentType } });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).detail).toContain('closing boundary');
      expect(calls).toContain('failImport');
      expect(await orderCount(worker)).toBe(0);
    });

    it('a database error at commit: 500 without its text, the import failed with a generic reason, no orders', async () => {
      const real = await freshStore();
      let beganId: string | undefined;
      const { store } = spyStore(real, {
        beginImport: async (...args: never[]) => {
          const record = await real.beginImport(...(args as unknown as [string, string | null]));
          beganId = record.id;
          return record;
        },
        commitImport: () => Promise.reject(new Error('SQLITE_FULL: database or disk is full')),
      });
      const logged: unknown[] = [];
      const worker = await testWorker({ logError: (error) => logged.push(error) }, store);
      const response = await importReport(worker, EXAMPLE);
      expect(response.status).toBe(500);
      expect(JSON.stringify(await problemOf(response))).not.toContain('SQLITE');
      expect(logged).toHaveLength(1);
      expect(await orderCount(worker)).toBe(0);
      const failed = await real.getImport(worker.accountA, beganId!);
      expect(failed).toMatchObject({ status: 'failed', failure: 'The worker failed while handling this request; the error is in its log.' });
    });

    it('shutdown during an import: 503, the import failed, no orders', async () => {
      const { store, calls } = spyStore(await freshStore());
      const stopping = new AbortController();
      const worker = await testWorker({ shutdown: stopping.signal }, store);
      const pieces = inPieces(bigReport(5000), 16_384);
      let pulls = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // SIGTERM while the client is still sending (the import has begun after ~100 KB)
          if (++pulls === 20) stopping.abort();
          const piece = pieces.shift();
          if (piece) controller.enqueue(piece);
          else controller.close();
        },
      });
      const response = await worker.call('/v1/imports', csvPost(body));
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(calls).toContain('beginImport');
      expect(calls).toContain('failImport');
      expect(calls).not.toContain('commitImport');
      expect(await orderCount(worker)).toBe(0);
    });
  });
});
