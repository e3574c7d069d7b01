import { describe, expect, it } from 'vitest';
import { connectExcel, MissingColumnsError } from '../../addin/excel/index.js';
import { mockHost } from './mock-excel/index.js';
import { workbookOf } from './sheets.js';

const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');

describe('finding the order table on the active sheet', () => {
  it('finds the header below title rows and maps its columns with the shared aliases', async () => {
    const model = workbookOf([
      ['Claims for March'],
      [],
      ['', 'Order ID', 'Purchase date', 'latest delivery date', 'Claim date', 'Notes'],
      ['', '111-0000001-0000001', '2024-03-01T09:15:00-08:00', '2024-03-08', '', 'call back'],
    ]);
    const where = await connectExcel(mockHost(model)).locateTable();
    expect(where.sheetName).toBe('Orders');
    expect(where.headerRow).toBe(3);
    expect(where.firstColumn).toBe(0);
    expect(where.headers).toEqual(['', 'Order ID', 'Purchase date', 'latest delivery date', 'Claim date', 'Notes']);
    expect(where.columns.orderId).toEqual({ index: 1, header: 'Order ID' });
    expect(where.columns.maxEdd).toEqual({ index: 3, header: 'latest delivery date' });
    expect(where.missingRequired).toEqual([]);
    expect(where.missingRecommended).toContain('fulfillmentChannel');
    expect(where.missingRecommended).not.toContain('purchaseDate');
  });

  it('reports a missing order-id column for the picker, and flagging refuses without writing anything', async () => {
    const model = workbookOf([
      ['Order #', 'Purchase date'],
      ['111-0000001-0000001', '2024-03-01T09:15:00-08:00'],
    ]);
    const excel = connectExcel(mockHost(model));
    const where = await excel.locateTable();
    expect(where.missingRequired).toEqual(['orderId']);
    expect(where.headerRow).toBe(1);
    expect(where.headers).toEqual(['Order #', 'Purchase date']);

    const refused = await excel.flagRows({ asOf: AS_OF }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MissingColumnsError);
    expect((refused as MissingColumnsError).location.missingRequired).toEqual(['orderId']);
    expect(model.sheets.map((s) => s.name)).toEqual(['Orders']);
    expect(model.sheets[0]!.usedRect()).toEqual({ r1: 0, c1: 0, r2: 1, c2: 1 });
  });

  it('uses the picker\'s mapping, remembered per sheet in the workbook settings', async () => {
    const model = workbookOf([
      ['Order #', 'Bought', 'Promised by'],
      ['111-0000001-0000001', '2024-03-01T09:15:00-08:00', '2024-03-08'],
    ]);
    const excel = connectExcel(mockHost(model));
    await excel.saveColumnMapping('Orders', { orderId: 'Order #', purchaseDate: 'Bought', maxEdd: 'Promised by' });
    expect(model.settingsSaves).toBe(1);
    expect(excel.loadColumnMapping('Orders')).toEqual({ orderId: 'Order #', purchaseDate: 'Bought', maxEdd: 'Promised by' });
    expect(excel.loadColumnMapping('Other sheet')).toEqual({});

    const where = await excel.locateTable();
    expect(where.missingRequired).toEqual([]);
    expect(where.columns.maxEdd).toEqual({ index: 2, header: 'Promised by' });
    const result = await excel.flagRows({ asOf: AS_OF });
    expect(result.rowsFlagged).toBe(1);
    expect(result.errors).toEqual([]);
  });

  it('ignores settings entries that are not columns or not text', async () => {
    const model = workbookOf([['order-id'], ['1']]);
    model.settings.set('atoz.columnMapping', { Orders: { orderId: 'order-id', bogus: 'x', sku: 7 } });
    expect(connectExcel(mockHost(model)).loadColumnMapping('Orders')).toEqual({ orderId: 'order-id' });
  });
});
