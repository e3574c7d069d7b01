import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { IMPORT_FILE_TYPES, WorkerClient, WorkerError } from '../../addin/excel/index.js';
import { EXAMPLE, testWorker, type TestWorker } from '../worker/helpers.js';

/**
 * The pane's upload: XMLHttpRequest for its upload progress events. This double models what MDN documents
 * (https://developer.mozilla.org/en-US/docs/Web/API/XMLHttpRequest/open,
 * https://developer.mozilla.org/en-US/docs/Web/API/XMLHttpRequestUpload/progress_event,
 * https://developer.mozilla.org/en-US/docs/Web/API/XMLHttpRequest/load_event): open(method, url),
 * setRequestHeader, send(body); `upload.onprogress` with loaded/total/lengthComputable while the body goes
 * out; then `status`, `responseText` and `onload`; `onerror` when no answer comes. Here the request goes to
 * the worker's app in-process and progress comes in 4 steps.
 */
class FakeXhr {
  static worker: TestWorker | undefined;
  static sent: { method: string; url: string; headers: Record<string, string> }[] = [];
  upload: { onprogress: ((event: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  responseText = '';
  private method = '';
  private url = '';
  private headers: Record<string, string> = {};

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  send(body: Blob): void {
    FakeXhr.sent.push({ method: this.method, url: this.url, headers: { ...this.headers } });
    void (async () => {
      for (let step = 1; step <= 4; step++) this.upload.onprogress?.({ loaded: Math.round((body.size * step) / 4), total: body.size, lengthComputable: true });
      if (!FakeXhr.worker) return this.onerror?.();
      // send(Blob) sends the blob's bytes as they are (https://developer.mozilla.org/en-US/docs/Web/API/XMLHttpRequest/send).
      const response = await FakeXhr.worker.app.request(this.url, { method: this.method, headers: this.headers, body: new Uint8Array(await body.arrayBuffer()) });
      this.status = response.status;
      this.responseText = await response.text();
      this.onload?.();
    })();
  }
}

const globals = globalThis as { XMLHttpRequest?: unknown };
afterEach(() => {
  delete globals.XMLHttpRequest;
  FakeXhr.worker = undefined;
  FakeXhr.sent = [];
});

describe('the add-in\'s import upload (XMLHttpRequest, for progress)', () => {
  it('posts the file to the typed route\'s URL with its name, reports progress, and resolves to the 201 answer', async () => {
    FakeXhr.worker = await testWorker();
    globals.XMLHttpRequest = FakeXhr;
    const client = new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' });
    const progress: [number, number][] = [];
    const file = new Blob([EXAMPLE], { type: 'text/csv' });
    const result = await client.importReport(file, 'march orders.csv', (sent, total) => progress.push([sent, total]));

    expect(FakeXhr.sent).toEqual([
      {
        method: 'POST',
        url: 'http://worker.test/v1/imports?fileName=march+orders.csv',
        headers: { Authorization: 'Bearer token-of-seller-a', 'Content-Type': 'text/csv' },
      },
    ]);
    expect(progress.map(([sent]) => sent)).toEqual([1, 2, 3, 4].map((step) => Math.round((file.size * step) / 4)));
    expect(progress.every(([, total]) => total === file.size)).toBe(true);
    expect(result).toMatchObject({ status: 'committed', fileName: 'march orders.csv', counts: { inserted: 10, rejected: 0 } });
  });

  it('imports every kind the pane offers: a feedback report, a claim sheet saved from Excel (.xlsx), the Seller Performance report (.json)', async () => {
    expect(IMPORT_FILE_TYPES.split(',')).toEqual(expect.arrayContaining(['.csv', '.tsv', '.txt', '.xlsx', '.json']));
    FakeXhr.worker = await testWorker();
    globals.XMLHttpRequest = FakeXhr;
    const client = new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' });
    expect(await client.importReport(new Blob([EXAMPLE]), 'orders.csv')).toMatchObject({ status: 'committed', counts: { inserted: 10 } });

    const feedback = ['Date\tRating\tComments\tYour Response\tOrder ID\tRater Email', '3/10/24\t1\tNever arrived\t\t111-0000002-0000002\ta@example.com'].join('\n');
    expect(await client.importReport(new Blob([feedback]), 'feedback.txt')).toMatchObject({ status: 'committed', counts: { inserted: 1, rejected: 0 } });

    const { default: ExcelJS } = await import('exceljs');
    const book = new ExcelJS.Workbook();
    const claims = book.addWorksheet('Claims');
    claims.addRow(['order-id', 'claim-date', 'claim-reason', 'claim-status']);
    claims.addRow(['111-0000002-0000002', new Date(Date.UTC(2024, 2, 14, 9, 0)), 'Not received', 'open']);
    claims.getCell('B2').numFmt = 'yyyy-mm-dd hh:mm';
    const xlsx = new Blob([new Uint8Array(await book.xlsx.writeBuffer())]);
    expect(await client.importReport(xlsx, 'claims.xlsx')).toMatchObject({ status: 'committed', counts: { updated: 1, rejected: 0 } });

    const performance = readFileSync(new URL('../fixtures/amazon-reports/airbyte-seller-performance-report-odr.json.txt', import.meta.url), 'utf8');
    expect(await client.importReport(new Blob([performance]), 'seller-performance.json')).toMatchObject({ status: 'committed' });
    const summary = (await (await FakeXhr.worker.call('/v1/summary')).json()) as { amazonOdr?: unknown };
    expect(summary.amazonOdr).toBeDefined();
  });

  it('rejects with the worker\'s problem detail, or says the worker could not be reached', async () => {
    FakeXhr.worker = await testWorker();
    globals.XMLHttpRequest = FakeXhr;
    const refused = await new WorkerClient({ url: 'http://worker.test', token: 'wrong' }).importReport(new Blob([EXAMPLE]), 'a.csv').catch((error: unknown) => error);
    expect(refused).toEqual(new WorkerError(401, 'The bearer token is not valid.'));
    expect((refused as WorkerError).status).toBe(401);

    FakeXhr.worker = undefined;
    const unreachable = await new WorkerClient({ url: 'http://worker.test', token: 'x' }).importReport(new Blob([EXAMPLE]), 'a.csv').catch((error: unknown) => error);
    expect(unreachable).toEqual(new WorkerError(0, 'The worker could not be reached (network or CORS).'));
    expect((unreachable as WorkerError).status).toBe(0);
  });

  it('without XMLHttpRequest: fetch through the typed client, the same answer', async () => {
    const worker = await testWorker();
    const client = new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
    const progress: [number, number][] = [];
    const file = new Blob([EXAMPLE], { type: 'text/csv' });
    const result = await client.importReport(file, 'b.csv', (sent, total) => progress.push([sent, total]));
    expect(result).toMatchObject({ status: 'committed', fileName: 'b.csv', counts: { inserted: 10 } });
    expect(progress).toEqual([[file.size, file.size]]);
  });

  it('a fetch that fails (network, CORS) is the same "could not be reached" error', async () => {
    const client = new WorkerClient({ url: 'http://worker.test', token: 'x' }, () => Promise.reject(new TypeError('Failed to fetch')));
    await expect(client.testConnection()).rejects.toEqual(new WorkerError(0, 'The worker could not be reached (network or CORS).'));
    await expect(client.changes('0')).rejects.toBeInstanceOf(WorkerError);
  });

  it('patches a line whose order id has characters a URL path would break on (/ ? # % space)', async () => {
    const worker = await testWorker();
    const orderId = 'A/1 ?#%2F';
    const report = EXAMPLE.replaceAll('111-0000004-0000004', `"${orderId}"`);
    expect((await worker.call('/v1/imports', { method: 'POST', body: report, headers: { 'Content-Type': 'text/csv' } })).status).toBe(201);
    const client = new WorkerClient({ url: 'http://worker.test/', token: 'token-of-seller-a' }, (input, init) => Promise.resolve(worker.app.request(input, init)));
    const line = (await client.changes('0')).items.find((item) => item.orderId === orderId)!;
    expect(line).toBeDefined();
    const outcome = await client.patchLine(line, line.version, { claimStatus: 'granted' });
    expect(outcome).toMatchObject({ kind: 'saved', line: { orderId, version: line.version + 1, row: { claimStatus: 'granted' } } });
  });
});
