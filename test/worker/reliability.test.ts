/**
 * Issue 15: no 500 on bad input, no input echoed back, cursors checked, operator values kept, files private,
 * and the smaller HTTP points. Every API test runs on both stores (SQLite, and PostgreSQL when it answers).
 */
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../worker/store/index.js';
import { ReaderThreads } from '../../worker/threads/reader-threads.js';
import { csvPost, EXAMPLE, importReport, problemOf, workersOn } from './helpers.js';
import { BACKENDS } from './store/backends.js';

const HEADER = EXAMPLE.split('\n')[0]!;
const threads = new ReaderThreads({ threads: 2 });
// Once, after both stores: a closed pool refuses imports (503), it does not read them on the event loop.
afterAll(() => threads.close());

describe.each(BACKENDS)('worker on $name', (backend) => {
  const workers = workersOn(backend);
  afterAll(() => workers.close());
  const worker = workers.worker;

  describe.each([
    ['read in the request thread', undefined],
    ['read in reader threads', threads.readImport],
  ] as const)('%s', (_how, readImport) => {
    it('answers a record longer than the reader\'s 32-million-character limit with a 422, not a 500 (imports and evaluate)', async () => {
      const w = await worker({ readImport });
      const endless = 'x'.repeat(33_000_000); // one line, no line break anywhere
      const imported = await importReport(w, endless);
      expect(imported.status).toBe(422);
      const problem = await problemOf(imported);
      expect(problem.type).toBe('urn:atoz-guard:problem:unusable-report');
      expect(problem.detail).toMatch(/longer than 32 million characters/);
      const evaluated = await w.call('/v1/evaluate', csvPost(endless));
      expect(evaluated.status).toBe(422);
      expect((await problemOf(evaluated)).detail).toMatch(/longer than 32 million characters/);
    });

    it('quotes at most a short, marked excerpt of a 10 MB line or cell in any error', async () => {
      const w = await worker({ readImport });
      const line = 'y'.repeat(10_000_000);
      const noHeader = await importReport(w, `${line}\n`);
      expect(noHeader.status).toBe(422);
      const text = await noHeader.clone().text();
      expect(text.length).toBeLessThan(3_000);
      expect((await problemOf(noHeader)).detail).toMatch(/"y{40}…" \(\+9,999,960 characters\)/);

      // A cell of a valid report: its row error quotes an excerpt, in the answer and in the stored import.
      const hugeCell = 'z'.repeat(1_000_000);
      const report = `${HEADER}\n111-0000001-0000001,2024-03-01T09:15:00-08:00,Shipped,Merchant,Amazon.com,Lamp,2024-03-08,,,,,,,,,${hugeCell},,\n`;
      const created = await importReport(w, report);
      expect(created.status).toBe(201);
      const body = await created.text();
      expect(body.length).toBeLessThan(3_000);
      const record = JSON.parse(body) as { id: string; errors: { column: string; message: string }[] };
      expect(record.errors[0]).toMatchObject({ column: 'chargeback', message: expect.stringMatching(/^"z{40}…" \(\+999,960 characters\) is not yes or no/) });
      expect((await (await w.call(`/v1/imports/${record.id}`)).text()).length).toBeLessThan(3_000);

      // A date cell: the date parser's messages quote excerpts too.
      const badDate = `${HEADER}\n111-0000001-0000001,${'9'.repeat(100_000)},Shipped,Merchant,Amazon.com,Lamp,2024-03-08,,,,,,,,,,,\n`;
      const dated = (await (await importReport(w, badDate)).json()) as { errors: { message: string }[] };
      expect(dated.errors[0]!.message.length).toBeLessThan(300);
      expect(dated.errors[0]!.message).toContain('…" (+99,960 characters)');
    });

    it('warns when two columns share a header, naming both', async () => {
      const w = await worker({ readImport });
      const report = `${HEADER},amazon-order-id\n${EXAMPLE.split('\n')[1]},999-0000000-0000000\n`;
      const created = await importReport(w, report);
      expect(created.status).toBe(201);
      const record = (await created.json()) as { counts: { inserted: number }; warnings: string[] };
      expect(record.counts.inserted).toBe(1);
      expect(record.warnings).toContainEqual(expect.stringMatching(/columns 1 \(A\) and 19 \(S\) are both named "amazon-order-id"/));
      expect(((await (await w.call('/v1/orders/111-0000001-0000001')).json()) as { lines: unknown[] }).lines).toHaveLength(1);
    });

    it('says which encoding it guessed for bytes that are not UTF-8, and refuses text no encoding reads cleanly', async () => {
      const w = await worker({ readImport });
      const latin = new TextEncoder().encode(`${HEADER}\n111-0000001-0000001,2024-03-01T09:15:00-08:00,Shipped,Merchant,Amazon.com,Caf?,2024-03-08,,,,,,,,,,,\n`);
      latin[latin.indexOf(0x3f)] = 0xe9; // é in Windows-1252, invalid as UTF-8
      const guessed = await importReport(w, latin);
      expect(guessed.status).toBe(201);
      expect(((await guessed.json()) as { warnings: string[] }).warnings).toContainEqual(expect.stringMatching(/not UTF-8: it was read as Windows-1252 \(a guess\)/));
      expect(((await (await w.call('/v1/orders/111-0000001-0000001')).json()) as { lines: { cells: Record<string, string> }[] }).lines[0]!.cells['product-name']).toBe('Café');

      const declared = await w.call('/v1/imports', csvPost(latin, { 'Content-Type': 'text/csv; charset=windows-1252' }));
      expect(declared.status).toBe(201);
      expect(((await declared.json()) as { warnings: string[] }).warnings.join(' ')).not.toMatch(/guess/);

      const unreadable = latin.slice();
      unreadable[unreadable.indexOf(0xe9)] = 0x81; // no character in Windows-1252, nor a valid UTF-8 byte
      const refused = await importReport(w, unreadable);
      expect(refused.status).toBe(422);
      expect((await problemOf(refused)).detail).toMatch(/No encoding reads this file cleanly.*line 2.*0x81/);
    });
  });

  it('validates /v1/changes?since= to the cursor\'s range: 400 past it', async () => {
    const w = await worker();
    await importReport(w, EXAMPLE);
    for (const since of ['100000000000000000000000', '9007199254740992']) {
      const response = await w.call(`/v1/changes?since=${since}`);
      expect(response.status).toBe(400);
      expect((await problemOf(response)).invalidParams).toEqual([{ name: 'query.since', reason: expect.stringContaining('9007199254740991') }]);
    }
    const last = await w.call('/v1/changes?since=9007199254740991');
    expect(last.status).toBe(200);
    expect(await last.json()).toMatchObject({ items: [], cursor: '9007199254740991', hasMore: false });
  });

  it('never lets an import overwrite a value an operator set, false and physical included', async () => {
    const w = await worker();
    await importReport(w, EXAMPLE);
    const id = '111-0000002-0000002';
    const line = await w.call(`/v1/orders/${id}`);
    const patched = await w.call(`/v1/orders/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': line.headers.get('etag')! },
      body: JSON.stringify({ chargeback: false, itemType: 'physical' }),
    });
    expect(patched.status).toBe(200);
    // A later report says chargeback yes and a digital item for that line (and for another, untouched one).
    const later = EXAMPLE.split('\n')
      .map((row) => (row.startsWith(id) || row.startsWith('111-0000001-0000001') ? row.replace(/,[^,]*,[^,]*,[^,]*$/, ',yes,,digital') : row))
      .join('\n');
    expect((await importReport(w, later)).status).toBe(201);
    const kept = (await (await w.call(`/v1/orders/${id}`)).json()) as { lines: { row: Record<string, unknown> }[] };
    expect(kept.lines[0]!.row).toMatchObject({ chargeback: false, itemType: 'physical' });
    const filled = (await (await w.call('/v1/orders/111-0000001-0000001')).json()) as { lines: { row: Record<string, unknown> }[] };
    expect(filled.lines[0]!.row).toMatchObject({ chargeback: true, itemType: 'digital' });

    // Cleared with null, the field is the import's to fill again.
    const now = await w.call(`/v1/orders/${id}`);
    await w.call(`/v1/orders/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'If-Match': now.headers.get('etag')! },
      body: JSON.stringify({ chargeback: null }),
    });
    await importReport(w, later);
    const refilled = (await (await w.call(`/v1/orders/${id}`)).json()) as { lines: { row: Record<string, unknown> }[] };
    expect(refilled.lines[0]!.row).toMatchObject({ chargeback: true, itemType: 'physical' });
  });

  it('answers PUT and DELETE on known routes with 405 and Allow; unknown paths stay 404', async () => {
    const w = await worker();
    await importReport(w, EXAMPLE);
    const put = await w.call('/v1/orders/111-0000001-0000001', { method: 'PUT', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, PATCH');
    expect((await problemOf(put)).type).toBe('urn:atoz-guard:problem:method-not-allowed');
    const del = await w.call('/v1/imports', { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('POST');
    expect((await w.call('/v1/orders', { method: 'DELETE' })).headers.get('allow')).toBe('GET, HEAD');
    expect((await w.call('/v1/nothing-here', { method: 'PUT' })).status).toBe(404);
  });

  it('answers an If-Match that is not a version with 400, not 409', async () => {
    const w = await worker();
    await importReport(w, EXAMPLE);
    for (const ifMatch of ['"99999999999999999999"', '"0"', '"007"', '"abc"']) {
      const response = await w.call('/v1/orders/111-0000001-0000001', {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': ifMatch },
        body: JSON.stringify({ chargeback: true }),
      });
      expect(response.status, ifMatch).toBe(400);
      expect((await problemOf(response)).invalidParams).toEqual([expect.objectContaining({ name: 'header.if-match' })]);
    }
  });
});

describe('store files', () => {
  it('creates the data directory 0700 and the SQLite files 0600 (they hold buyers\' names and addresses)', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'atoz-modes-'));
    try {
      const dataDir = join(parent, 'data');
      const store = await openStore({ dataDir });
      await store.createAccount('seller'); // a write: the WAL exists
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const file of ['atoz.sqlite', 'atoz.sqlite-wal', 'atoz.sqlite-shm']) expect(statSync(join(dataDir, file)).mode & 0o777, file).toBe(0o600);
      await store.close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
