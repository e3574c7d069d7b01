import { describe, expect, it } from 'vitest';
import { mergeCellValues, planCellMerge } from '../../../worker/store/cells.js';

const merged = (stored: Record<string, string>, imported: Record<string, string>, kind: Parameters<typeof planCellMerge>[2]) => {
  const plan = planCellMerge(Object.keys(stored), Object.keys(imported), kind);
  const values = mergeCellValues(plan, Object.values(stored), Object.values(imported));
  return Object.fromEntries(plan.headers.map((header, i) => [header, values[i]]));
};

describe('planCellMerge', () => {
  it('a claim sheet sets its claim, key and unread columns, keeps the stored order in front and adds its new columns after', () => {
    const stored = { 'amazon-order-id': 'A', 'purchase-date': '2024-03-04T10:00', 'order-status': 'Shipped', 'product-name': 'Hose', 'claim-date': '' };
    const sheet = { 'Claim Date': '2024-03-14', 'order-id': 'A', 'Order Date': '2024-03-04', 'order-status': 'Delivered', 'product-name': 'Hose 50ft', Notes: 'n' };
    const result = merged(stored, sheet, 'claims');
    expect(result).toStrictEqual({ 'amazon-order-id': 'A', 'purchase-date': '2024-03-04T10:00', 'order-status': 'Shipped', 'product-name': 'Hose 50ft', 'claim-date': '2024-03-14', Notes: 'n' });
    expect(Object.keys(result)).toEqual(['amazon-order-id', 'purchase-date', 'order-status', 'product-name', 'claim-date', 'Notes']);
  });

  it('an order report\'s columns lead, in its order, replacing another spelling of the same column; the rest stay after them', () => {
    const stored = { 'order-id': 'A', 'Order Date': '2024-03-04', Notes: 'n', 'claim-date': '2024-03-14' };
    const report = { 'amazon-order-id': 'A', 'purchase-date': '2024-03-04T10:00', 'order-status': 'Shipped' };
    const result = merged(stored, report, 'orders');
    expect(Object.keys(result)).toEqual(['amazon-order-id', 'purchase-date', 'order-status', 'Notes', 'claim-date']);
    expect(result).toMatchObject({ 'purchase-date': '2024-03-04T10:00', Notes: 'n', 'claim-date': '2024-03-14' });
  });

  it('a shipments report sets its carrier and tracking, not the order status', () => {
    const stored = { 'amazon-order-id': 'A', 'order-status': 'Shipped', carrier: 'USPS' };
    const shipments = { 'amazon-order-id': 'A', 'order-status': 'Pending', carrier: 'UPS', 'tracking-number': '1Z' };
    expect(merged(stored, shipments, 'shipments')).toStrictEqual({ 'amazon-order-id': 'A', 'order-status': 'Shipped', carrier: 'UPS', 'tracking-number': '1Z' });
  });
  it('a claim sheet fills its delivery dates and marketplace with a value, and an empty cell of theirs keeps the line\'s', () => {
    const stored = { 'amazon-order-id': 'A', 'sales-channel': 'Amazon.de', 'latest-delivery-date': '2024-03-13', 'delivered-date': '2024-03-12' };
    expect(merged(stored, { 'order-id': 'A', 'sales-channel': '', 'delivered-date': ' ', 'latest-delivery-date': '2024-03-15' }, 'claims')).toStrictEqual({
      ...stored,
      'latest-delivery-date': '2024-03-15',
    });
    expect(merged(stored, { 'order-id': 'A', 'Delivered Date': '2024-03-11' }, 'claims')).toStrictEqual({ ...stored, 'delivered-date': '2024-03-11' });
  });
  it('a claim sheet sets its own "Status", "Comments" and "Date" (words a feedback or returns report uses, which store no cells)', () => {
    const stored = { 'order-id': '1', 'claim-status': 'open', Status: 'waiting on buyer', Comments: 'first note', Date: '2024-03-01' };
    const sheet = { 'order-id': '1', 'claim-status': 'closed', Status: 'won', Comments: 'second note', Date: '2024-03-09' };
    expect(merged(stored, sheet, 'claims')).toStrictEqual(sheet);
  });
});
