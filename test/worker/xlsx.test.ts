import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XLSX_MEDIA_TYPE } from '../../worker/app/negotiate.js';
import { nodeXlsxRenderer } from '../../worker/xlsx-renderer.js';
import { testWorker } from './helpers.js';

const EXAMPLE = readFileSync(new URL('../../examples/orders-and-claims.csv', import.meta.url));

describe('POST /v1/evaluate answering with the flagged workbook', () => {
  it('returns an .xlsx with the status columns, live rules and the dashboard', async () => {
    const worker = await testWorker({ renderXlsx: nodeXlsxRenderer });
    const response = await worker.call('/v1/evaluate?asOf=2024-03-15T12:00:00-07:00&clockZone=America/Los_Angeles', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Accept: XLSX_MEDIA_TYPE },
      body: EXAMPLE,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(XLSX_MEDIA_TYPE);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a zip, as every .xlsx
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.buffer as ArrayBuffer);
    const names = book.worksheets.map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    const data = book.worksheets[0]!;
    const header = (data.getRow(1).values as unknown[]).filter(Boolean).map(String);
    expect(header).toContain('amazon-order-id');
    expect(header).toContain('Next action');
    expect(data.rowCount).toBeGreaterThanOrEqual(11);
    const rules = (data as unknown as { conditionalFormattings: unknown[] }).conditionalFormattings;
    expect(rules.length).toBeGreaterThan(0);
    const dashboard = book.worksheets.find((s) => /dashboard/i.test(s.name))!;
    expect(dashboard).toBeDefined();
    const formulas: string[] = [];
    dashboard.eachRow((row) => row.eachCell((cell) => cell.formula && formulas.push(cell.formula)));
    expect(formulas.some((f) => /COUNTIFS/i.test(f))).toBe(true);
  });

  it('is 406 on a runtime without the renderer, and a bad clockZone is 400', async () => {
    const bare = await testWorker();
    const refused = await bare.call('/v1/evaluate', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: XLSX_MEDIA_TYPE }, body: EXAMPLE });
    expect(refused.status).toBe(406);
    const worker = await testWorker({ renderXlsx: nodeXlsxRenderer });
    const bad = await worker.call('/v1/evaluate?clockZone=Mars/Base', { method: 'POST', headers: { 'Content-Type': 'text/csv', Accept: XLSX_MEDIA_TYPE }, body: EXAMPLE });
    expect(bad.status).toBe(400);
  });
});
