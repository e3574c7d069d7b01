import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XLSX_MEDIA_TYPE } from '../../worker/app/negotiate.js';
import { nodeXlsxRenderer } from '../../worker/xlsx-renderer.js';
import { AS_OF, csvPost, EXAMPLE, multipartBody, problemOf, testWorker } from './helpers.js';

const PERFORMANCE = readFileSync(new URL('../fixtures/amazon-reports/airbyte-seller-performance-report-odr.json.txt', import.meta.url), 'utf8');
const evaluatePath = (query = '') => `/v1/evaluate?asOf=${encodeURIComponent(AS_OF)}${query}`;

/** The example sheet as a workbook saved from Excel: every cell as its text, on sheet `name` after a sheet of notes. */
async function exampleWorkbook(name = 'Claims', edit: (sheet: ExcelJS.Worksheet) => void = () => {}): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Notes').addRow(['nothing here']);
  const sheet = book.addWorksheet(name);
  for (const line of parseCsv(EXAMPLE)) sheet.addRow(line);
  edit(sheet);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The example's CSV (quoted cells with commas and doubled quotes) as rows of text. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n').filter((l) => l !== '')) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted && ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) cells.push(cell), (cell = '');
      else cell += ch;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

const post = (body: Uint8Array | string, contentType: string, accept?: string): RequestInit => ({
  method: 'POST',
  body: body as BodyInit,
  headers: { 'Content-Type': contentType, ...(accept ? { Accept: accept } : {}) },
});

describe('POST /v1/evaluate reads an .xlsx workbook like the same sheet as CSV', () => {
  it.each([
    ['json', 'application/json'],
    ['ndjson', 'application/x-ndjson'],
    ['csv', 'text/csv'],
  ])('answers %s exactly as for the CSV, whatever the workbook is labelled (?sheet= picks the sheet)', async (_format, accept) => {
    const worker = await testWorker();
    const fromCsv = await worker.call(evaluatePath(), csvPost(EXAMPLE, { Accept: accept }));
    expect(fromCsv.status).toBe(200);
    const expected = new Uint8Array(await fromCsv.arrayBuffer());
    const xlsx = await exampleWorkbook();
    const multipart = multipartBody([{ name: 'file', fileName: 'claims.xlsx', contentType: XLSX_MEDIA_TYPE, content: xlsx }]);
    for (const init of [post(xlsx, XLSX_MEDIA_TYPE, accept), post(xlsx, 'text/csv', accept), post(multipart.body, multipart.contentType, accept)]) {
      const response = await worker.call(evaluatePath('&sheet=Claims'), init);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(fromCsv.headers.get('content-type'));
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(expected);
    }
  });

  it('answers the flagged workbook for a workbook', async () => {
    const worker = await testWorker({ renderXlsx: nodeXlsxRenderer });
    const flagged = async (init: RequestInit) => {
      const response = await worker.call(evaluatePath('&clockZone=America/Los_Angeles'), init);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(XLSX_MEDIA_TYPE);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
      const rows: unknown[][] = [];
      book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v))));
      return rows;
    };
    const fromCsv = await flagged(post(EXAMPLE, 'text/csv', XLSX_MEDIA_TYPE));
    expect(fromCsv).toHaveLength(11);
    // The first sheet (no ?sheet=): a workbook whose first sheet is the claim sheet.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Sheet1');
    for (const line of parseCsv(EXAMPLE)) sheet.addRow(line);
    expect(await flagged(post(new Uint8Array(await book.xlsx.writeBuffer()), XLSX_MEDIA_TYPE, XLSX_MEDIA_TYPE))).toEqual(fromCsv);
  });

  it('reads date cells as dates and names a bad cell by its sheet row and column', async () => {
    const worker = await testWorker();
    const xlsx = await exampleWorkbook('Claims', (sheet) => {
      // Row 3 (order 2): its claim date a real date cell; row 4: a claim date that is no date.
      const claimDate = (sheet.getRow(1).values as string[]).indexOf('claim-date');
      sheet.getRow(3).getCell(claimDate).value = new Date(Date.UTC(2024, 2, 14, 9, 0));
      sheet.getRow(3).getCell(claimDate).numFmt = 'yyyy-mm-dd hh:mm';
      sheet.getRow(4).getCell(claimDate).value = 'soon';
    });
    const response = await worker.call(evaluatePath('&sheet=Claims'), post(xlsx, XLSX_MEDIA_TYPE));
    expect(response.status).toBe(200);
    type Answer = { rows: { orderId: string; response: string }[]; errors: { line: number; column?: string; message: string }[] };
    const answer = (await response.json()) as Answer;
    // The same claim date as text with its offset, in a CSV: the same statuses for order 2.
    const rows = parseCsv(EXAMPLE);
    rows[2]![rows[0]!.indexOf('claim-date')] = '2024-03-14T09:00:00-07:00';
    const csv = rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\n');
    const fromCsv = (await (await worker.call(evaluatePath(), csvPost(csv))).json()) as Answer;
    const order2 = (a: Answer) => a.rows.find((row) => row.orderId === '111-0000002-0000002');
    expect(order2(answer)).toEqual(order2(fromCsv));
    expect(order2(answer)!.response).not.toBe('none');
    expect(answer.errors).toEqual([expect.objectContaining({ line: 4, column: 'claim-date' })]);
    expect(answer.rows.map((row) => row.orderId)).not.toContain('111-0000003-0000003');
  });

  it('refuses a workbook it cannot read with a 4xx (415 without a reader, 422 for a missing sheet or a broken workbook), never a 500', async () => {
    const xlsx = await exampleWorkbook();
    const bare = await testWorker({ readXlsx: undefined });
    const refused = await bare.call(evaluatePath(), post(xlsx, XLSX_MEDIA_TYPE));
    expect(refused.status).toBe(415);
    expect((await problemOf(refused)).detail).toContain('save the sheet as CSV');

    const worker = await testWorker();
    const missing = await worker.call(evaluatePath('&sheet=Nope'), post(xlsx, XLSX_MEDIA_TYPE));
    expect(missing.status).toBe(422);
    expect((await problemOf(missing)).detail).toContain('"Notes", "Claims"');
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('not really a zip '.repeat(100))]);
    const unreadable = await worker.call(evaluatePath(), post(broken, XLSX_MEDIA_TYPE));
    expect(unreadable.status).toBeGreaterThanOrEqual(400);
    expect(unreadable.status).toBeLessThan(500);
    expect((await problemOf(unreadable)).detail).not.toContain('not really a zip not really');
    const sheetOfText = await worker.call(evaluatePath('&sheet=Claims'), csvPost(EXAMPLE));
    expect(sheetOfText.status).toBe(422);
  });
});

describe('POST /v1/evaluate with Amazon\'s Seller Performance report', () => {
  it.each([
    ['declared', '&kind=seller-performance', () => csvPost(PERFORMANCE)],
    ['a .json file part', '', () => {
      const multipart = multipartBody([{ name: 'file', fileName: 'seller-performance.json', content: PERFORMANCE }]);
      return post(multipart.body, multipart.contentType);
    }],
    ['sent as application/json', '', () => post(PERFORMANCE, 'application/json')],
  ])('%s: a 422 saying it has no order lines and where it goes, the report not echoed', async (_name, query, init) => {
    const worker = await testWorker();
    const response = await worker.call(evaluatePath(query), init());
    expect(response.status).toBe(422);
    const problem = await problemOf(response);
    expect(problem.type).toMatch(/no-order-lines$/);
    expect(problem.detail).toMatch(/Seller Performance report.*no order lines/);
    expect(problem.detail).toContain('POST /v1/imports?kind=seller-performance');
    expect(problem.detail).toContain('GET /v1/summary');
    expect(problem.detail).not.toContain('orderDefectRate');
  });
});
