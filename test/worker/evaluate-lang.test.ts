import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnHeader } from '../../shared/sheet/columns.js';
import { answerLanguageFor, XLSX_MEDIA_TYPE } from '../../worker/app/negotiate.js';
import { nodeXlsxRenderer } from '../../worker/xlsx-renderer.js';
import { atoz } from '../helpers/cli.js';
import { AS_OF, csvPost, EXAMPLE, EXAMPLE_PATH, testWorker } from './helpers.js';

const evaluatePath = (query = '') => `/v1/evaluate?asOf=${encodeURIComponent(AS_OF)}${query}`;
const decode = (bytes: ArrayBuffer) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(bytes));

describe('POST /v1/evaluate in the operators\' language', () => {
  it('the CSV answer by ?lang= equals atoz evaluate --lang, and says its Content-Language', async () => {
    const cli = await atoz(['evaluate', EXAMPLE_PATH, '--as-of', AS_OF, '--format', 'csv', '--lang', 'zh-TW']);
    const worker = await testWorker();
    const response = await worker.call(evaluatePath('&lang=zh-TW'), csvPost(EXAMPLE, { Accept: 'text/csv' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-language')).toBe('zh-TW');
    expect(response.headers.get('vary')).toContain('Accept-Language');
    expect(decode(await response.arrayBuffer())).toBe(cli.stdout);
  });

  it('by Accept-Language when no ?lang=: zh-CN words in the CSV, zh-TW in the workbook', async () => {
    const worker = await testWorker({ renderXlsx: nodeXlsxRenderer });
    const csv = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: 'text/csv', 'Accept-Language': 'fr;q=1, zh-CN;q=0.8, en;q=0.5' }));
    expect(csv.headers.get('content-language')).toBe('zh-CN');
    expect(decode(await csv.arrayBuffer()).split('\r\n', 1)[0]).toContain(columnHeader('response', 'zh-CN'));
    const xlsx = await worker.call(evaluatePath('&clockZone=Asia/Taipei'), csvPost(EXAMPLE, { Accept: XLSX_MEDIA_TYPE, 'Accept-Language': 'zh-Hant-TW' }));
    expect(xlsx.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const header = (book.worksheets[0]!.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain(columnHeader('appealLastDay', 'zh-TW'));
    // JSON stays the machine contract: codes, whatever the Accept-Language.
    const json = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: 'application/json', 'Accept-Language': 'zh-CN' }));
    expect(json.headers.get('content-language')).toBeNull();
    expect(((await json.json()) as { rows: { delivery: string }[] }).rows.map((r) => r.delivery)).toContain('delivered_on_time');
  });

  it('a language it does not speak is a 400 by ?lang=, and codes by Accept-Language', async () => {
    const worker = await testWorker();
    expect((await worker.call(evaluatePath('&lang=fr'), csvPost(EXAMPLE, { Accept: 'text/csv' }))).status).toBe(400);
    expect(answerLanguageFor(undefined, 'fr, de;q=0.5')).toBeUndefined();
    expect(answerLanguageFor(undefined, 'zh-HK')).toBe('zh-TW');
    expect(answerLanguageFor(undefined, 'en-GB;q=0.9, zh;q=0.95')).toBe('zh-CN');
    expect(answerLanguageFor('en', 'zh-CN')).toBe('en');
  });
});
