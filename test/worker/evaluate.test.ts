import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { atoz } from '../helpers/cli.js';
import { badInputs, factReports } from './bad-inputs.js';
import { AS_OF, bigReport, chunkedStream, csvPost, EXAMPLE, EXAMPLE_PATH, multipartBody, problemOf, splitBytes, testWorker } from './helpers.js';

const evaluatePath = (query = '') => `/v1/evaluate?asOf=${encodeURIComponent(AS_OF)}${query}`;

describe('POST /v1/evaluate answers exactly what the CLI prints', () => {
  it.each([
    ['json', 'application/json', 'application/json; charset=utf-8'],
    ['ndjson', 'application/x-ndjson', 'application/x-ndjson; charset=utf-8'],
    ['csv', 'text/csv', 'text/csv; charset=utf-8'],
  ])('%s', async (format, accept, contentType) => {
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--format', format]);
    expect(cli.code).toBe(0);
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: accept }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(contentType);
    const bytes = new Uint8Array(await response.arrayBuffer());
    // text() would drop the CSV's BOM: compare the bytes.
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(cli.stdout);
    if (format === 'csv') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('defaults to JSON without Accept, and with */* or application/*', async () => {
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF]);
    const worker = await testWorker();
    for (const accept of [undefined, '*/*', 'application/*', 'text/html, */*;q=0.1']) {
      const response = await worker.call(evaluatePath(), csvPost(EXAMPLE, accept ? { Accept: accept } : {}));
      expect(await response.text(), String(accept)).toBe(cli.stdout);
    }
  });

  it('picks by q-value', async () => {
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: 'application/json;q=0.5, text/csv' }));
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it('406 when none of its types is acceptable', async () => {
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: 'text/html' }));
    expect(response.status).toBe(406);
    expect((await problemOf(response)).detail).toContain('application/x-ndjson');
  });

  it('reads the same report from a chunked upload of tiny pieces, and from tab-separated text/plain', async () => {
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--format', 'ndjson']);
    const worker = await testWorker();
    const bytes = new TextEncoder().encode(EXAMPLE);
    const chunked = await worker.call(evaluatePath(), csvPost(chunkedStream(splitBytes(bytes, [1, 7, 64, 3])), { Accept: 'application/x-ndjson' }));
    expect(await chunked.text()).toBe(cli.stdout);

    const tsv = EXAMPLE.replace('"Desk Lamp, 12"" shade"', 'Desk Lamp 12 shade').replaceAll(',', '\t');
    const plain = await worker.call(evaluatePath(), { method: 'POST', body: tsv, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { rows: unknown[] }).rows).toHaveLength(10);
  });
});

describe('multipart uploads', () => {
  it('streams the file part, skipping fields before it', async () => {
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF]);
    const worker = await testWorker();
    const { body, contentType } = multipartBody([
      { name: 'note', content: 'uploaded from the add-in' },
      { name: 'report', fileName: 'orders.csv', contentType: 'text/csv', content: EXAMPLE },
    ]);
    for (const sizes of [[body.length], [1], [5, 1, 77], [4096]]) {
      const response = await worker.call(evaluatePath(), { method: 'POST', body: chunkedStream(splitBytes(body, sizes)), headers: { 'Content-Type': contentType } });
      expect(response.status, String(sizes)).toBe(200);
      expect(await response.text()).toBe(cli.stdout);
    }
  });

  it('takes a part named "file" without a filename (curl -F file=<orders.csv)', async () => {
    const worker = await testWorker();
    const { body, contentType } = multipartBody([{ name: 'file', content: EXAMPLE }]);
    const response = await worker.call(evaluatePath(), { method: 'POST', body, headers: { 'Content-Type': contentType } });
    expect(((await response.json()) as { rows: unknown[] }).rows).toHaveLength(10);
  });

  it('works with a FormData body as a browser sends it', async () => {
    const worker = await testWorker();
    const form = new FormData();
    form.append('file', new Blob([EXAMPLE], { type: 'text/csv' }), 'orders-and-claims.csv');
    const response = await worker.call(evaluatePath(), { method: 'POST', body: form });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { rows: unknown[] }).rows).toHaveLength(10);
  });

  it.each([
    ['no file part', multipartBody([{ name: 'note', content: 'hello' }]), 'no file part'],
    ['no boundary parameter', { body: new TextEncoder().encode(EXAMPLE), contentType: 'multipart/form-data' }, 'boundary'],
    ['a boundary that never occurs', { body: new TextEncoder().encode(EXAMPLE), contentType: 'multipart/form-data; boundary=xyz' }, 'no boundary line'],
  ])('400 for %s', async (_name, { body, contentType }, message) => {
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(), { method: 'POST', body, headers: { 'Content-Type': contentType } });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).detail).toContain(message);
  });
});

describe('parameters', () => {
  it('applies policy overrides from the query exactly as the CLI applies a --policy file', async () => {
    const worker = await testWorker();
    const policyFile = join(mkdtempSync(join(tmpdir(), 'atoz-policy-')), 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ responseWindowHours: 48, requireContactFirst: false, channelTimeZones: { 'Amazon.co.jp': 'Asia/Seoul' } }));
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--policy', policyFile]);
    const query = `&responseWindowHours=48&requireContactFirst=false&channelTimeZones=${encodeURIComponent('{"Amazon.co.jp":"Asia/Seoul"}')}`;
    const response = await worker.call(evaluatePath(query), csvPost(EXAMPLE));
    const text = await response.text();
    expect(text).toBe(cli.stdout);
    const rows = (JSON.parse(text) as { rows: { orderId: string; response: string; responseDueAt: string; timeZone: string }[] }).rows;
    // claim 03-13 16:00 PDT + 48 h = 03-15 23:00Z: due within 24 h of as-of
    expect(rows.find((r) => r.orderId === '111-0000004-0000004')).toMatchObject({ response: 'due_soon', responseDueAt: '2024-03-15T23:00:00.000Z' });
    expect(rows.find((r) => r.orderId === '249-0000010-0000010')).toMatchObject({ timeZone: 'Asia/Seoul' });
  });

  it('400 naming the parameter for a bad policy value, an unknown parameter, a bad asOf or zone', async () => {
    const worker = await testWorker();
    const cases: [string, string][] = [
      ['&responseWindowHours=-5', 'query.responseWindowHours'],
      ['&responseWindowHours=soon', 'query.responseWindowHours'],
      ['&requireContactFirst=maybe', 'query.requireContactFirst'],
      ['&channelTimeZones=notjson', 'query.channelTimeZones'],
      ['&responseWindowHour=48', 'query.responseWindowHour'],
      ['&timeZone=Mars/Olympus', 'query.timeZone'],
      ['&dateOrder=YMD', 'query.dateOrder'],
    ];
    for (const [query, name] of cases) {
      const response = await worker.call(evaluatePath(query), csvPost(EXAMPLE));
      expect(response.status, query).toBe(400);
      const problem = await problemOf(response);
      expect(problem.invalidParams, query).toEqual(expect.arrayContaining([expect.objectContaining({ name })]));
    }
    const badAsOf = await worker.call('/v1/evaluate?asOf=yesterday', csvPost(EXAMPLE));
    expect(badAsOf.status).toBe(400);
    expect((await problemOf(badAsOf)).invalidParams).toEqual([{ name: 'query.asOf', reason: expect.stringContaining('yesterday') }]);
  });

  it('reads the timeZone, dateOrder and encoding parameters like the CLI options', async () => {
    const worker = await testWorker();
    const csv = 'order-id,purchase-date,latest-delivery-date\n111-4444444-4444444,01/02/2024,03/08/2024\n';
    const refused = (await (await worker.call(evaluatePath(), csvPost(csv))).json()) as { errors: unknown[] };
    expect(refused.errors).toHaveLength(2);
    const mdy = (await (await worker.call(evaluatePath('&dateOrder=MDY&timeZone=Asia/Tokyo'), csvPost(csv))).json()) as { rows: { timeZone: string }[] };
    expect(mdy.rows).toEqual([expect.objectContaining({ timeZone: 'Asia/Tokyo' })]);
    const latin1 = new Uint8Array([...new TextEncoder().encode('order-id,product-name\n111-1111111-1111111,Caf'), 0xe9, 0x0a]);
    const cli = await atoz(['evaluate', '-', '--as-of', AS_OF, '--encoding', 'windows-1252', '--format', 'csv'], latin1);
    const response = await worker.call(evaluatePath('&encoding=windows-1252'), csvPost(latin1, { Accept: 'text/csv' }));
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe(cli.stdout);
    expect(cli.stdout).toContain('Café');
  });
});

describe('unusable input', () => {
  it('415 for other media types, a missing Content-Type, or a compressed body', async () => {
    const worker = await testWorker();
    const cases: Record<string, string>[] = [
      // (An .xlsx workbook is read, and a JSON body is a Seller Performance report's 422: evaluate-inputs.test.ts.)
      { 'Content-Type': 'application/x-www-form-urlencoded' },
      { 'Content-Type': 'application/pdf' },
      { 'Content-Type': 'text/csv', 'Content-Encoding': 'gzip' },
    ];
    for (const headers of cases) {
      const response = await worker.call(evaluatePath(), { method: 'POST', body: EXAMPLE, headers });
      expect(response.status, JSON.stringify(headers)).toBe(415);
      expect((await problemOf(response)).type).toBe('urn:atoz-guard:problem:unsupported-media-type');
    }
    const bare = await worker.call(evaluatePath(), { method: 'POST', body: new TextEncoder().encode(EXAMPLE) });
    expect(bare.status).toBe(415);
  });

  it('413 for a body over the limit, announced by Content-Length or found while streaming', async () => {
    const worker = await testWorker({ bodyLimitBytes: 500 });
    const declared = await worker.call(evaluatePath(), csvPost(EXAMPLE, { 'Content-Length': String(EXAMPLE.length) }));
    expect(declared.status).toBe(413);
    const streamed = await worker.call(evaluatePath(), csvPost(chunkedStream([EXAMPLE.slice(0, 400), EXAMPLE.slice(400)])));
    expect(streamed.status).toBe(413);
    expect(await problemOf(streamed)).toMatchObject({ type: 'urn:atoz-guard:problem:payload-too-large', limitBytes: 500 });
  });

  it('cuts the answer off (never a truncated answer that looks whole) when the limit is passed after it has begun', async () => {
    const logged: unknown[] = [];
    const worker = await testWorker({ bodyLimitBytes: 200_000, logError: (error) => logged.push(error) });
    const bytes = bigReport(3000);
    const pieces = Array.from({ length: Math.ceil(bytes.length / 16_384) }, (_, i) => bytes.subarray(i * 16_384, (i + 1) * 16_384));
    const response = await worker.call(evaluatePath(), csvPost(chunkedStream(pieces), { Accept: 'application/x-ndjson' }));
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    expect(logged).toHaveLength(1);
  });

  it.each([...badInputs(), ...factReports()])('422 with the reader\'s message: %s', async (_name, body, message) => {
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(), csvPost(body));
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.type).toBe('urn:atoz-guard:problem:unusable-report');
    expect(problem.detail).toMatch(message);
  });

  it('answers a report with only a header like the CLI: no rows', async () => {
    const worker = await testWorker();
    const header = `${EXAMPLE.split('\n')[0]}\n`;
    const cli = await atoz(['evaluate', '-', '--as-of', AS_OF], header);
    const response = await worker.call(evaluatePath(), csvPost(header));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(cli.stdout);
  });
});
