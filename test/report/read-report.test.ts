import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateReport } from '../../shared/evaluate-report.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { openReport, ReportError, type ReportItem } from '../../shared/report/read-report.js';
import { FIXTURES } from '../helpers/cli.js';

async function readAll(file: string, options = {}) {
  const report = await openReport(readFileSync(`${FIXTURES}${file}`), options);
  const items: ReportItem[] = [];
  for await (const batch of report.batches) items.push(...batch.items);
  return { report, items, rows: items.filter((i) => i.row), bad: items.filter((i) => i.errors) };
}

describe('every real Amazon report fixture is read sensibly', () => {
  it('us-new-orders-2009: 6 lines of 4 orders, ISO offsets, trailing tabs', async () => {
    const { report, rows, bad } = await readAll('us-new-orders-2009-perl-test.txt');
    expect(report.delimiter).toBe('\t');
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(bad).toEqual([]);
    expect(new Set(rows.map((r) => r.row!.orderId)).size).toBe(4);
    expect(rows[0]!.row!.purchaseAt).toBe(Date.parse('2009-01-01T10:50:49-08:00'));
    expect(report.columns.maxEdd?.header).toBe('delivery-end-date');
  });

  it('it-all-orders-2017: one row, no final newline, Amazon.it counted in Europe/Berlin', async () => {
    const { rows } = await readAll('it-all-orders-2017-scrubbed-one-row.txt');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toMatchObject({ orderId: 'scrubbed', fulfillment: 'afn', timeZone: 'Europe/Berlin', orderStatus: 'Shipped' });
  });

  it('in-unshipped-orders-2025: promise-date is the max EDD, read on the marketplace clock', async () => {
    const { report, rows } = await readAll('in-unshipped-orders-2025.txt', { policy: { ...DEFAULT_POLICY, timeZone: 'Asia/Kolkata' } });
    expect(rows).toHaveLength(3);
    expect(report.columns.maxEdd?.header).toBe('promise-date');
    expect(rows[0]!.row!.maxEddAt).toBe(Date.parse('2025-08-21T18:29:59Z'));
    const evaluation = evaluateReport(report, { ...DEFAULT_POLICY, timeZone: 'Asia/Kolkata' }, Date.parse('2025-08-21T20:00:00+05:30'));
    // 23:59:59 IST on 08-21 is the max EDD day: still pending on 08-21 in Kolkata
    for await (const batch of evaluation.batches) for (const item of batch) expect(item.result?.delivery).toBe('pending');
  });

  it('in-unshipped-orders-2025 without a zone: a warning names the default zone', async () => {
    const { report } = await readAll('in-unshipped-orders-2025.txt');
    expect(report.warnings.join('\n')).toMatch(/no sales-channel column.*America\/Los_Angeles/);
  });

  it('us-fba-2013: the malformed purchase date is a row error with line and column', async () => {
    const { rows, bad } = await readAll('us-fba-amazon-fulfilled-shipments-2013-one-row.txt');
    expect(rows).toEqual([]);
    expect(bad[0]!.errors).toEqual([{ line: 2, column: 'purchase-date', message: expect.stringContaining('2013-01-15T12:24:57+00e00') }]);
  });

  it('jp-fba-2017 UTF-8 and its Shift_JIS copy read the same; Excel-mangled item ids are dropped with a warning', async () => {
    const utf8 = await readAll('jp-fba-amazon-fulfilled-shipments-2017.txt');
    const sjis = await readAll('jp-fba-amazon-fulfilled-shipments-2017.cp932-derived.txt');
    expect(sjis.report.encoding).toBe('shift_jis');
    expect(utf8.rows).toHaveLength(17);
    expect(sjis.items.map((i) => i.cells)).toEqual(utf8.items.map((i) => i.cells));
    expect(sjis.items.map((i) => i.row)).toEqual(utf8.items.map((i) => i.row));
    expect(utf8.rows[0]!.row).toMatchObject({ orderItemId: '67225985676654', fulfillment: 'afn', timeZone: 'Asia/Tokyo' });
    expect(utf8.rows[2]!.row!.orderItemId).toBeUndefined();
    expect(utf8.report.warnings.join('\n')).toMatch(/amazon-order-item-id: 15 values from line 4 on \(e\.g\. 5\.80293E\+13\)/);
    expect(utf8.rows.some((r) => r.cells.some((c) => c.includes('（')))).toBe(true);
  });

  it('us-all-orders-2020 has no header line: its 32 fields are the All Orders layout, read with it and said so', async () => {
    const { report, rows, bad } = await readAll('us-all-orders-2020-fba-rows-no-header-crlf.txt');
    expect(report.headerLine).toBe(0);
    expect(report.headers.slice(0, 3)).toEqual(['amazon-order-id', 'merchant-order-id', 'purchase-date']);
    expect(report.headers).toHaveLength(32);
    expect(bad).toEqual([]);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(rows[0]!.row).toMatchObject({ orderId: '114-4892924-3377867', fulfillment: 'afn', orderStatus: 'Shipped', purchaseAt: Date.parse('2020-02-18T05:05:21Z') });
    expect(rows[0]!.cells[10]).toMatch(/^Trendy Home 12" x 18"/);
    expect(report.warnings.join('\n')).toMatch(/no header line: line 1 already holds order data, and its 32 fields match Amazon's All Orders report/);
  });

  it('a header-less file is refused unless its first line is beyond doubt a known layout', async () => {
    const text = readFileSync(`${FIXTURES}us-all-orders-2020-fba-rows-no-header-crlf.txt`, 'latin1');
    const first = text.split('\r\n')[0]!.split('\t');
    const refused = async (cells: string[]) => {
      await expect(openReport(Buffer.from(`${cells.join('\t')}\r\n`))).rejects.toThrow(ReportError);
      await expect(openReport(Buffer.from(`${cells.join('\t')}\r\n`))).rejects.toThrow(/no header line/);
    };
    await refused(first.slice(0, 31)); // one field short of the layout
    await refused([...first, '']); // one field more
    await refused(first.map((c, i) => (i === 5 ? 'FBA' : c))); // no fulfilment channel where the layout has it
    await refused(first.map((c, i) => (i === 2 ? '18/02/2020' : c))); // no ISO purchase date there
    // Blank lines above the data: the lines keep their numbers.
    const blank = await openReport(Buffer.from(`\n\n${first.join('\t')}\n`));
    const items: ReportItem[] = [];
    for await (const batch of blank.batches) items.push(...batch.items);
    expect(blank.headerLine).toBe(2);
    expect(items.map((i) => i.line)).toEqual([3]);
  });

  it('airbyte mocks: header lines repeated as data are skipped with a warning', async () => {
    for (const file of ['airbyte-actionable-order-data-shipping-headers.txt', 'airbyte-archived-orders-by-order-date-headers.txt', 'airbyte-returns-by-return-date-a-to-z-claim-headers.txt']) {
      const { report, items } = await readAll(file);
      expect(items, file).toEqual([]);
      expect(report.warnings.join('\n'), file).toMatch(/lines 2, 3 repeat the header/);
    }
  });

  it('airbyte returns report: human-readable headers map (Order ID)', async () => {
    const { report } = await readAll('airbyte-returns-by-return-date-a-to-z-claim-headers.txt');
    expect(report.columns.orderId?.header).toBe('Order ID');
  });

  it('the seller-performance JSON is refused as not a report', async () => {
    await expect(readAll('airbyte-seller-performance-report-odr.json.txt')).rejects.toThrow(/JSON document/);
  });
});

describe('header detection', () => {
  it('skips title lines above the header', async () => {
    const text = 'My claims sheet\nexported 2024-03-15\norder-id,claim-date\n111-1111111-1111111,2024-03-10\n';
    const report = await openReport(text);
    expect(report.headerLine).toBe(3);
    expect(report.warnings.join()).toMatch(/above the header \(line 3\) were ignored/);
    const items = [];
    for await (const b of report.batches) items.push(...b.items);
    expect(items.map((i) => i.line)).toEqual([4]);
  });

  it('a user-picked column wins over the aliases', async () => {
    const report = await openReport('Ref,When bought\nA-1,2024-03-01\n', { columnOverrides: { orderId: 'ref', purchaseDate: 'When bought' } });
    const items = [];
    for await (const b of report.batches) items.push(...b.items);
    expect(items[0]!.row).toMatchObject({ orderId: 'A-1', purchaseAt: Date.parse('2024-03-01T00:00:00-08:00') });
  });
});

describe('arbitrary input', () => {
  it('never throws anything but a ReportError, whatever the bytes', async () => {
    const fc = (await import('fast-check')).default;
    const header = new TextEncoder().encode('amazon-order-id\tpurchase-date\tclaim-date\tclaim-status\tfeedback-rating\n');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (bytes, withHeader) => {
        const input = withHeader ? new Uint8Array([...header, ...bytes]) : bytes;
        try {
          const report = await openReport(input);
          for await (const batch of report.batches) for (const item of batch.items) if (!item.row && !item.errors?.length) return false;
        } catch (error) {
          if (!(error instanceof ReportError)) throw error;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
