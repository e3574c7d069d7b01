import { describe, expect, it } from 'vitest';
import { connectExcel } from '../../addin/excel/index.js';
import { DASHBOARD_SHEET_NAME } from '../../shared/sheet/plan.js';
import { generatedReportAround } from '../helpers/sample-sheets.js';
import { mockHost, type WorkbookModel } from './mock-excel/index.js';
import { columnOf, rowsOfText, workbookOf } from './sheets.js';

const AS_OF = Date.parse('2024-03-15T19:00:00Z');
const FIVE_MB = 5 * 1024 * 1024;
const report = (rows: number) => rowsOfText(generatedReportAround(AS_OF, rows));

/** Syncs that send or receive cell data, per the mock's own measurement. */
const largest = (model: WorkbookModel) => ({
  request: Math.max(...model.syncLog.map((s) => s.requestBytes)),
  response: Math.max(...model.syncLog.map((s) => s.responseBytes)),
});

describe('reading and writing in chunks', () => {
  it('flags 100,000 rows in at most 12 syncs, every request and response under 5 MB', { timeout: 120_000 }, async () => {
    const model = workbookOf(report(100_000));
    const progress: [number, number][] = [];
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF, onProgress: (done, total) => progress.push([done, total]) });

    console.info(
      `100,000 rows: ${result.syncs} syncs, ${result.chunks} chunks, largest request ${result.largestRequestBytes} B, ` +
        `largest response ${result.largestResponseBytes} B, engine ${Math.round(result.engineMs)} ms`,
    );
    expect(result.rowsFlagged + result.errors.length).toBe(100_000);
    expect(result.syncs).toBeLessThanOrEqual(12);
    expect(result.syncs).toBe(result.chunks + 3);
    expect(model.syncs).toBe(result.syncs);
    // The glue's own meter and the mock's independent measurement agree, and both stay under the limit.
    const measured = largest(model);
    expect(measured.request).toBeLessThan(FIVE_MB);
    expect(measured.response).toBeLessThan(FIVE_MB);
    expect(result.largestResponseBytes).toBe(measured.response);
    expect(Math.abs(result.largestRequestBytes - measured.request)).toBeLessThan(measured.request * 0.01);
    // Progress once per chunk, rising to the total.
    expect(progress).toHaveLength(result.chunks);
    expect(progress.at(-1)).toEqual([100_000, 100_000]);
    expect(progress.every(([done], i) => i === 0 || done > progress[i - 1]![0])).toBe(true);
    // The last row was written too.
    const sheet = model.sheets[0]!;
    expect(sheet.getValue(100_000, columnOf(sheet, 'Delivery'))).not.toBe('');
  });

  it('the number of syncs grows with the number of chunks, not with the number of rows', { timeout: 60_000 }, async () => {
    const syncs = async (rows: number, chunkRows: number) =>
      (await connectExcel(mockHost(workbookOf(report(rows)))).flagRows({ asOf: AS_OF, chunkRows })).syncs;
    expect(await syncs(20_000, 2_000)).toBe(10 + 3);
    expect(await syncs(20_000, 5_000)).toBe(4 + 3);
    expect(await syncs(1_000, 100)).toBe(10 + 3);
    expect(await syncs(1_000, 1_000)).toBe(1 + 3);
  });
});

describe('screen updating and calculation during the writes', () => {
  it('with ExcelApi 1.9: calculation Manual during the run and restored, screen updating suspended once per run (repeated calls make Excel flicker)', async () => {
    const model = workbookOf(report(3_000));
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF, chunkRows: 1_000 });
    expect(model.calculationMode).toBe('Automatic');
    expect(result.chunks).toBe(3);
    expect(model.suspensions.get('suspendScreenUpdatingUntilNextSync')).toBe(1);
    expect(model.suspensions.get('suspendApiCalculationUntilNextSync')).toBeUndefined();
  });

  it('with ExcelApi 1.6 only: API calculation suspended per writing sync, nothing newer called', async () => {
    const model = workbookOf(report(3_000));
    model.apiMinor = 6;
    const result = await connectExcel(mockHost(model)).flagRows({ asOf: AS_OF, chunkRows: 1_000 });
    expect(model.suspensions.get('suspendApiCalculationUntilNextSync')).toBe(result.chunks + 1);
    expect(model.suspensions.get('suspendScreenUpdatingUntilNextSync')).toBeUndefined();
    expect(model.calculationMode).toBe('Automatic');
  });
});

describe('cancelling', () => {
  it('stops before the next sync: written chunks stay, rules and dashboard are untouched, calculation restored', async () => {
    const model = workbookOf(report(5_000));
    const controller = new AbortController();
    const run = connectExcel(mockHost(model)).flagRows({
      asOf: AS_OF,
      chunkRows: 1_000,
      signal: controller.signal,
      onProgress: (done) => done >= 2_000 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const sheet = model.sheets[0]!;
    expect(sheet.conditionalFormats).toEqual([]);
    expect(model.sheet(DASHBOARD_SHEET_NAME)).toBeUndefined();
    expect(model.calculationMode).toBe('Automatic');
    const delivery = columnOf(sheet, 'Delivery');
    expect(sheet.getValue(1, delivery)).not.toBe(''); // chunk 1 was written with chunk 2's read
    expect(sheet.getValue(4_999, delivery)).toBe('');
  });

  it('an already aborted signal never touches the workbook', async () => {
    const model = workbookOf(report(10));
    await expect(connectExcel(mockHost(model)).flagRows({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(model.syncs).toBe(0);
  });
});
