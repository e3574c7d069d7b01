import { describe, expect, it } from 'vitest';
import { atoz } from '../helpers/cli.js';
import { AS_OF, bigReport, EXAMPLE, EXAMPLE_PATH, importReport, problemOf, testWorker, type TestWorker } from './helpers.js';

interface Line {
  lineKey: string;
  orderId: string;
  orderItemId: string | null;
  sku: string | null;
  version: number;
  etag: string;
  changeSeq: number;
  row: Record<string, unknown>;
  statuses: Record<string, unknown>;
}

const asOf = `asOf=${encodeURIComponent(AS_OF)}`;
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'PATCH',
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json', ...headers },
});

async function withExample(): Promise<TestWorker> {
  const worker = await testWorker();
  expect((await importReport(worker, EXAMPLE)).status).toBe(201);
  return worker;
}

/** Two lines of one order (by order-item id) and one line of another. */
const MULTI_LINE = [
  'amazon-order-id,order-item-id,sku,purchase-date,latest-delivery-date,sales-channel',
  '111-5555555-5555555,11111,LAMP-1,2024-03-01T09:00:00-08:00,2024-03-08,Amazon.com',
  '111-5555555-5555555,22222,HOSE-2,2024-03-01T09:00:00-08:00,2024-03-20,Amazon.com',
  '111-6666666-6666666,33333,MUG-3,2024-03-01T09:00:00-08:00,2024-03-20,Amazon.com',
].join('\n');

describe('GET /v1/orders', () => {
  it('gives every line with the statuses the CLI computes for it', async () => {
    const worker = await withExample();
    const cli = JSON.parse((await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF])).stdout) as { rows: Record<string, unknown>[] };
    const page = (await (await worker.call(`/v1/orders?${asOf}`)).json()) as { asOf: string; items: Line[]; nextCursor: string | null };
    expect(page.asOf).toBe('2024-03-15T19:00:00.000Z');
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(10);
    for (const line of page.items) {
      const { line: _line, orderId, ...statuses } = cli.rows.find((row) => row.orderId === line.orderId)!;
      expect(line.statuses, String(orderId)).toEqual(statuses);
    }
  });

  it('filters by status (lists are "or", filters "and")', async () => {
    const worker = await withExample();
    const ids = async (query: string) =>
      ((await (await worker.call(`/v1/orders?${asOf}&${query}`)).json()) as { items: Line[] }).items.map((line) => line.orderId);
    expect(await ids('response=overdue')).toEqual(['111-0000005-0000005']);
    expect(await ids('response=overdue,due')).toEqual(['111-0000004-0000004', '111-0000005-0000005', '111-0000006-0000006']);
    expect(await ids('delivery=late&odrDefect=true')).toEqual(['111-0000004-0000004']);
    expect(await ids('nextAction=appeal')).toEqual(['111-0000007-0000007']);
    expect(await ids('eligibility=ineligible')).toEqual(['111-0000008-0000008']);
    expect(await ids('appeal=closed')).toEqual([]);
  });

  it('pages with an opaque cursor, also while filtering', async () => {
    const worker = await withExample();
    const collect = async (query: string) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const url: string = `/v1/orders?${asOf}&${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = (await (await worker.call(url)).json()) as { items: Line[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(Number(/limit=(\d+)/.exec(query)![1]));
        seen.push(...page.items.map((line) => line.orderId));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null && pages < 20);
      return { seen, pages };
    };
    const all = await collect('limit=3');
    expect(all.seen).toHaveLength(10);
    expect(new Set(all.seen).size).toBe(10);
    expect(all.pages).toBe(4);
    const late = await collect('limit=2&delivery=late');
    expect(late.seen).toEqual(['111-0000003-0000003', '111-0000004-0000004', '111-0000008-0000008', '249-0000010-0000010']);
  });

  it('answers a rare filter over a large account in bounded pages (at most 20,000 lines looked at each)', async () => {
    const worker = await testWorker();
    expect((await importReport(worker, bigReport(25_000))).status).toBe(201);
    const first = (await (await worker.call(`/v1/orders?${asOf}&response=overdue`)).json()) as { items: Line[]; nextCursor: string | null };
    expect(first.items).toEqual([]);
    expect(first.nextCursor).not.toBeNull();
    const second = (await (await worker.call(`/v1/orders?${asOf}&response=overdue&cursor=${encodeURIComponent(first.nextCursor!)}`)).json()) as typeof first;
    expect(second).toEqual({ asOf: '2024-03-15T19:00:00.000Z', items: [], nextCursor: null });
  });

  it('400 for an unknown status value, a bad limit, a forged cursor or an unknown parameter', async () => {
    const worker = await withExample();
    const cases: [string, string][] = [
      ['response=late', 'query.response'],
      ['limit=0', 'query.limit'],
      ['limit=5000', 'query.limit'],
      ['cursor=abc', 'query.cursor'],
      ['odrDefect=yes', 'query.odrDefect'],
      ['status=late', 'query.status'],
    ];
    for (const [query, name] of cases) {
      const response = await worker.call(`/v1/orders?${query}`);
      expect(response.status, query).toBe(400);
      expect((await problemOf(response)).invalidParams, query).toEqual([expect.objectContaining({ name })]);
    }
  });
});

describe('GET /v1/orders/{orderId}', () => {
  it('gives a one-line order with its ETag header', async () => {
    const worker = await withExample();
    const response = await worker.call(`/v1/orders/111-0000004-0000004?${asOf}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"1"');
    const order = (await response.json()) as { orderId: string; lines: Line[] };
    expect(order.lines).toHaveLength(1);
    expect(order.lines[0]).toMatchObject({
      lineKey: '111-0000004-0000004\u001f',
      etag: '"1"',
      version: 1,
      row: { claimReason: 'not_received', claimAt: '2024-03-13T23:00:00.000Z', timeZone: 'America/Los_Angeles' },
      statuses: { response: 'due', responseDueAt: '2024-03-16T23:00:00.000Z', nextAction: 'respond' },
    });
  });

  it('gives every line of a multi-line order, or one with ?line=', async () => {
    const worker = await testWorker();
    await importReport(worker, MULTI_LINE);
    const all = await worker.call('/v1/orders/111-5555555-5555555');
    expect(all.headers.get('etag')).toBeNull();
    const order = (await all.json()) as { lines: Line[] };
    expect(order.lines.map((l) => [l.lineKey, l.orderItemId, l.sku])).toEqual([
      ['111-5555555-5555555\u001f11111', '11111', 'LAMP-1'],
      ['111-5555555-5555555\u001f22222', '22222', 'HOSE-2'],
    ]);
    const one = await worker.call(`/v1/orders/111-5555555-5555555?line=${encodeURIComponent('111-5555555-5555555\u001f22222')}`);
    expect(one.headers.get('etag')).toBe('"1"');
    expect(((await one.json()) as { lines: Line[] }).lines.map((l) => l.sku)).toEqual(['HOSE-2']);
    const none = await worker.call(`/v1/orders/111-5555555-5555555?line=nope`);
    expect(none.status).toBe(404);
    expect((await problemOf(none)).detail).toContain('111-5555555-5555555\\u001f11111');
  });

  it('404 for an unknown order', async () => {
    const worker = await withExample();
    const response = await worker.call('/v1/orders/999-9999999-9999999');
    expect(response.status).toBe(404);
    expect((await problemOf(response)).detail).toBe('This account has no order 999-9999999-9999999.');
  });
});

describe('PATCH /v1/orders/{orderId}', () => {
  it('428 without If-Match, 409 with both versions on a stale one, 200 with the new ETag otherwise', async () => {
    const worker = await withExample();
    const path = `/v1/orders/111-0000004-0000004?${asOf}`;
    const missing = await worker.call(path, json({ responseAt: '2024-03-14T09:00:00-07:00' }));
    expect(missing.status).toBe(428);
    expect((await problemOf(missing)).type).toBe('urn:atoz-guard:problem:precondition-required');

    const ok = await worker.call(path, json({ responseAt: '2024-03-14T09:00:00-07:00' }, { 'If-Match': '"1"' }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const line = (await ok.json()) as Line;
    expect(line).toMatchObject({ version: 2, etag: '"2"', row: { responseAt: '2024-03-14T16:00:00.000Z' }, statuses: { response: 'responded', nextAction: 'await_decision' } });

    // Another operator still holds version 1.
    const stale = await worker.call(path, json({ claimStatus: 'withdrawn' }, { 'If-Match': '"1"' }));
    expect(stale.status).toBe(409);
    expect(stale.headers.get('etag')).toBe('"2"');
    const conflict = await problemOf(stale);
    expect(conflict).toMatchObject({
      type: 'urn:atoz-guard:problem:version-conflict',
      yourVersion: 1,
      yourPatch: { claimStatus: 'withdrawn' },
      currentVersion: 2,
      current: { version: 2, row: { responseAt: '2024-03-14T16:00:00.000Z', claimStatus: 'open' } },
    });

    // Nothing changed by the refused write; a patch that changes nothing keeps the version.
    const same = await worker.call(path, json({ responseAt: '2024-03-14T16:00:00Z' }, { 'If-Match': 'W/"2"' }));
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe('"2"');
  });

  it('reads a day alone as 00:00 in the line\'s marketplace zone, and null clears a field', async () => {
    const worker = await withExample();
    const path = '/v1/orders/249-0000010-0000010';
    const set = await worker.call(path, json({ claimAt: '2024-03-14', claimReason: 'not_received', buyerContactAt: '2024-03-10T10:00:00+09:00' }, { 'If-Match': '"1"' }));
    expect(set.status).toBe(200);
    expect(((await set.json()) as Line).row).toMatchObject({ claimAt: '2024-03-13T15:00:00.000Z', claimReason: 'not_received', timeZone: 'Asia/Tokyo' });
    const cleared = await worker.call(path, json({ claimAt: null, claimReason: null, buyerContactAt: null }, { 'If-Match': '"2"' }));
    const row = ((await cleared.json()) as Line).row;
    expect(row).not.toHaveProperty('claimAt');
    expect(row).not.toHaveProperty('claimReason');
  });

  it('400 with the field path for report fields, bad values, an empty body; 415 for a non-JSON body', async () => {
    const worker = await withExample();
    const path = '/v1/orders/111-0000004-0000004';
    const cases: [unknown, string][] = [
      [{ orderStatus: 'Shipped' }, 'body.orderStatus'],
      [{ claimStatus: 'won' }, 'body.claimStatus'],
      [{ feedbackRating: 6 }, 'body.feedbackRating'],
      [{ claimAt: '13/03/2024' }, 'body.claimAt'],
      [{ claimAt: '2024-03-13T16:00:00' }, 'body.claimAt'],
      [{ chargeback: 'yes' }, 'body.chargeback'],
      [{}, 'body'],
    ];
    for (const [body, name] of cases) {
      const response = await worker.call(path, json(body, { 'If-Match': '"1"' }));
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = await problemOf(response);
      expect(problem.invalidParams, JSON.stringify(body)).toEqual(expect.arrayContaining([expect.objectContaining({ name })]));
    }
    const orderStatus = await worker.call(path, json({ orderStatus: 'Shipped' }, { 'If-Match': '"1"' }));
    expect((await problemOf(orderStatus)).detail).toContain('not operator fields: orderStatus');

    const form = await worker.call(path, { method: 'PATCH', body: 'claimStatus=granted', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'If-Match': '"1"' } });
    expect(form.status).toBe(415);
    const malformed = await worker.call(path, { method: 'PATCH', body: '{"claimStatus":', headers: { 'Content-Type': 'application/json', 'If-Match': '"1"' } });
    expect(malformed.status).toBe(400);
    for (const ifMatch of ['*', '"1", "2"', 'v1']) {
      const response = await worker.call(path, json({ claimStatus: 'granted' }, { 'If-Match': ifMatch }));
      expect(response.status, ifMatch).toBe(400);
    }
    const line = (await (await worker.call(path)).json()) as { lines: Line[] };
    expect(line.lines[0]!.version).toBe(1);
  });

  it('needs ?line= for an order with several lines; 404 for an unknown order', async () => {
    const worker = await testWorker();
    await importReport(worker, MULTI_LINE);
    const ambiguous = await worker.call('/v1/orders/111-5555555-5555555', json({ claimStatus: 'granted' }, { 'If-Match': '"1"' }));
    expect(ambiguous.status).toBe(400);
    expect((await problemOf(ambiguous)).invalidParams).toEqual([{ name: 'query.line', reason: expect.stringContaining('has 2 lines') }]);
    const lineKey = encodeURIComponent('111-5555555-5555555\u001f22222');
    const chosen = await worker.call(`/v1/orders/111-5555555-5555555?line=${lineKey}`, json({ itemType: 'digital' }, { 'If-Match': '"1"' }));
    expect(chosen.status).toBe(200);
    expect(((await chosen.json()) as Line).statuses).toMatchObject({ eligibility: 'ineligible', eligibilityReasons: ['digital_item'] });
    const other = (await (await worker.call(`/v1/orders/111-5555555-5555555?line=${encodeURIComponent('111-5555555-5555555\u001f11111')}`)).json()) as { lines: Line[] };
    expect(other.lines[0]).toMatchObject({ version: 1, row: { itemType: 'physical' } });

    const unknown = await worker.call('/v1/orders/999-0000000-0000000', json({ claimStatus: 'granted' }, { 'If-Match': '"1"' }));
    expect(unknown.status).toBe(404);
  });

  it('refuses a PATCH body over 64 KB with 413', async () => {
    const worker = await withExample();
    const response = await worker.call('/v1/orders/111-0000004-0000004', json({ claimReason: 'x'.repeat(70_000) }, { 'If-Match': '"1"' }));
    expect(response.status).toBe(413);
    await problemOf(response);
  });
});

describe('GET /v1/changes', () => {
  it('pages through changed lines with a strictly increasing cursor, and picks up later changes', async () => {
    const worker = await withExample();
    const seen: number[] = [];
    let since = '0';
    for (;;) {
      const page = (await (await worker.call(`/v1/changes?since=${since}&limit=4`)).json()) as { items: Line[]; cursor: string; hasMore: boolean };
      seen.push(...page.items.map((line) => line.changeSeq));
      expect(Number(page.cursor)).toBeGreaterThanOrEqual(Number(since));
      if (page.items.length) expect(Number(page.cursor)).toBeGreaterThan(Number(since));
      since = page.cursor;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const idle = (await (await worker.call(`/v1/changes?since=${since}`)).json()) as { items: Line[]; cursor: string; hasMore: boolean };
    expect(idle).toMatchObject({ items: [], cursor: since, hasMore: false });

    await worker.call('/v1/orders/111-0000002-0000002', json({ claimAt: '2024-03-15T08:00:00-07:00' }, { 'If-Match': '"1"' }));
    const next = (await (await worker.call(`/v1/changes?since=${since}&${asOf}`)).json()) as { items: Line[]; cursor: string };
    expect(next.items.map((line) => [line.orderId, line.changeSeq, line.version])).toEqual([['111-0000002-0000002', 11, 2]]);
    expect(next.items[0]!.statuses).toMatchObject({ response: 'due' });
    expect(next.cursor).toBe('11');
  });

  it('400 for a cursor that is not one', async () => {
    const worker = await testWorker();
    const response = await worker.call('/v1/changes?since=abc');
    expect(response.status).toBe(400);
    expect((await problemOf(response)).invalidParams).toEqual([expect.objectContaining({ name: 'query.since' })]);
  });
});

describe('GET /v1/summary', () => {
  it('gives the CLI\'s ODR summary and the lines per status', async () => {
    const worker = await withExample();
    const cli = JSON.parse((await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF])).stdout) as { rows: { response: string }[]; summary: { odr: unknown } };
    const summary = (await (await worker.call(`/v1/summary?${asOf}`)).json()) as { lines: number; odr: unknown; counts: Record<string, Record<string, number>> };
    expect(summary.lines).toBe(10);
    expect(summary.odr).toEqual(cli.summary.odr);
    expect(summary.counts.response).toEqual({ none: 6, due: 2, due_soon: 0, overdue: 1, responded: 1, responded_late: 0 });
    for (const [status, count] of Object.entries(summary.counts.response!)) {
      expect(cli.rows.filter((row) => row.response === status)).toHaveLength(count);
    }
    expect(summary.counts.odrDefect).toEqual({ true: 4, false: 6 });
    expect(Object.values(summary.counts.delivery!).reduce((a, b) => a + b)).toBe(10);
  });

  it('is empty for an account without orders', async () => {
    const worker = await testWorker();
    const summary = (await (await worker.call(`/v1/summary?${asOf}`)).json()) as { lines: number; odr: { orders: number; rate: number | null; meetsTarget: boolean } };
    expect(summary).toMatchObject({ lines: 0, odr: { orders: 0, rate: null, meetsTarget: true } });
  });
});
