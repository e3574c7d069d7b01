import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectExcel } from '../../addin/excel/index.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { draftText } from '../../addin/taskpane/row-help/drafts.js';
import { readSheet } from '../helpers/sample-sheets.js';
import { mockHost } from './mock-excel/index.js';
import { rowsOfText, workbookOf } from './sheets.js';

const EXAMPLE = readFileSync(fileURLToPath(new URL('../../examples/orders-and-claims.csv', import.meta.url)), 'utf8');
const AS_OF = Date.parse('2024-03-15T12:00:00-07:00');

async function helpFor(row: number, rows = rowsOfText(EXAMPLE)) {
  const model = workbookOf(rows);
  model.selection = { row: row - 1, column: 3 };
  return connectExcel(mockHost(model)).readSelectedRowHelp({ asOf: AS_OF });
}

describe('help for the selected row', () => {
  it('gives the row\'s statuses from the engine and its facts for the drafts', async () => {
    const help = await helpFor(5);
    const { items } = await readSheet(EXAMPLE, DEFAULT_POLICY);
    const expected = evaluateRow(items.find((i) => i.line === 5)!.row!, DEFAULT_POLICY, AS_OF, 5);
    expect(help).toMatchObject({ kind: 'row', sheetName: 'Orders', sheetRow: 5, result: expected });
    if (help.kind !== 'row') throw new Error('not a row');
    expect(help.facts).toEqual({
      orderId: '111-0000004-0000004',
      salesChannel: 'Amazon.com',
      timeZone: 'America/Los_Angeles',
      fulfillment: 'mfn',
      itemType: 'physical',
      claimReason: 'not_received',
      claimStatus: 'open',
      chargeback: false,
      dates: {
        purchase: '2024-02-20 08:00',
        maxEstimatedDelivery: '2024-03-01 00:00',
        claim: '2024-03-13 16:00',
        buyerContact: '2024-03-09 10:00',
      },
    });
    expect(help.cells.claimReason).toBe('Not received');
  });

  it('gives the row\'s cells as the sheet shows them: a typed date as a date, not its serial', async () => {
    const rows = rowsOfText(EXAMPLE);
    const model = workbookOf(rows);
    const sheet = model.sheets[0]!;
    const claimDate = rows[0]!.indexOf('claim-date');
    sheet.setCellFormat(4, claimDate, 'yyyy-mm-dd hh:mm');
    sheet.writeValue(4, claimDate, '2024-03-13 16:00');
    expect(typeof sheet.getValue(4, claimDate)).toBe('number');
    model.selection = { row: 4, column: 3 };
    const help = await connectExcel(mockHost(model)).readSelectedRowHelp({ asOf: AS_OF });
    expect(help).toMatchObject({ kind: 'row', cells: { claimDate: '2024-03-13 16:00', orderId: '111-0000004-0000004' } });
  });

  it('explains a row it cannot evaluate', async () => {
    const rows = rowsOfText(EXAMPLE);
    rows[2]![rows[0]!.indexOf('claim-status')] = 'maybe';
    rows[2]![rows[0]!.indexOf('claim-date')] = '2024-03-10';
    const help = await helpFor(3, rows);
    expect(help).toMatchObject({ kind: 'invalid', sheetRow: 3, errors: [expect.objectContaining({ line: 3, column: 'claim-status' })] });
  });

  it('says when the selection is not on an order row', async () => {
    expect(await helpFor(1)).toMatchObject({ kind: 'outside', reason: 'header' });
    expect(await helpFor(40)).toMatchObject({ kind: 'outside', reason: 'outside-table' });
  });
});

describe('the row help cites the sheet\'s fact columns', () => {
  const withFacts = (header: string[], values: string[]) => {
    const rows = rowsOfText(EXAMPLE);
    return rows.map((row, i) => [...row, ...(i === 0 ? header : i === 4 ? values : header.map(() => ''))]);
  };

  it('a claim\'s response draft names the carrier, tracking number, ship date, return and refund the sheet has', async () => {
    const help = await helpFor(5, withFacts(['Carrier', 'Tracking number', 'Ship date', 'Return status', 'Return requested', 'Refunded amount'], ['UPS', '1Z999AA10123456784', '2024-02-21 10:00', 'Approved', '2024-03-12', '12.50 USD']));
    if (help.kind !== 'row') throw new Error('not a row');
    expect(help.facts.reports).toEqual({ carrier: 'UPS', trackingNumber: '1Z999AA10123456784', shipDate: '2024-02-21 10:00', returnStatus: 'Approved', returnRequested: '2024-03-12 00:00', refundedAmount: '12.50 USD' });
    const draft = draftText('response', help.facts, help.result, 'en');
    expect(draft).toContain('- Shipped: 2024-02-21 10:00 (America/Los_Angeles), with UPS, tracking number 1Z999AA10123456784');
    expect(draft).toContain('- Return: requested 2024-03-12 00:00 (America/Los_Angeles), status Approved, refunded 12.50 USD');
    expect(draft).not.toContain('[carrier, tracking number');
  });

  it('reads the Chinese headers too; without fact columns the draft keeps its placeholder', async () => {
    const help = await helpFor(5, withFacts(['承运人', '追踪编号'], ['UPS', '1Z999AA10123456784']));
    if (help.kind !== 'row') throw new Error('not a row');
    expect(draftText('response', help.facts, help.result, 'zh-CN')).toContain('承运商 UPS，追踪号 1Z999AA10123456784');
    const bare = await helpFor(5);
    if (bare.kind !== 'row') throw new Error('not a row');
    expect(bare.facts.reports).toBeUndefined();
    expect(draftText('response', bare.facts, bare.result, 'en')).toContain('[carrier, tracking number, latest scan]');
  });
});
