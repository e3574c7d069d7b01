import { describe, expect, it } from 'vitest';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import { SHEET_COLUMNS, type SheetColumnKey } from '../../shared/sheet/columns.js';
import { SheetRowCells, type SheetCell } from '../../shared/sheet/row-cells.js';
import { instantSerial, neverSerial } from '../../shared/sheet/serial.js';
import { at, P, policy, row } from '../helpers/rows.js';

/** Serial of a wall-clock time given as UTC fields (Date.UTC arithmetic, independent of the code). */
const serial = (y: number, m: number, d: number, h = 0, min = 0, system: 1900 | 1904 = 1900) =>
  Date.UTC(y, m - 1, d, h, min) / 86_400_000 + 25_569 - (system === 1904 ? 1462 : 0);

const AS_OF = at('2024-03-15T12:00:00-07:00');

function cellsOf(rows: OrderRow[], options = { policy: P, clockZone: 'UTC', dateSystem: 1900 as const }) {
  const writer = new SheetRowCells(options);
  return rows.map((r, i) => {
    const cells = writer.cellsOf({ line: i + 2, row: r, result: evaluateRow(r, options.policy, AS_OF, i + 2) });
    return Object.fromEntries(SHEET_COLUMNS.map((c, k) => [c.key, cells[k]])) as Record<SheetColumnKey, SheetCell>;
  });
}

describe('instants on the sheet clock', () => {
  it('is the wall-clock serial of the zone, in either date system, across daylight saving', () => {
    expect(instantSerial(at('2024-03-10T06:59:00Z'), 'America/New_York', 1900)).toBeCloseTo(serial(2024, 3, 10, 1, 59), 8);
    expect(instantSerial(at('2024-03-10T07:00:00Z'), 'America/New_York', 1900)).toBeCloseTo(serial(2024, 3, 10, 3, 0), 8);
    expect(instantSerial(at('2024-03-10T07:00:00Z'), 'America/New_York', 1904)).toBeCloseTo(serial(2024, 3, 10, 3, 0, 1904), 8);
    expect(instantSerial(at('2024-06-01T00:00:00Z'), 'Asia/Tokyo', 1900)).toBeCloseTo(serial(2024, 6, 1, 9), 8);
  });
});

describe('the cells written for a row', () => {
  it('a late order: statuses, and the helper instants its live rules compare with NOW()', () => {
    const [c] = cellsOf([row({ purchaseAt: '2024-03-01T10:00:00-08:00', maxEddAt: '2024-03-06T00:00:00-08:00' })], {
      policy: P,
      clockZone: 'Asia/Shanghai',
      dateSystem: 1900,
    });
    expect(c!.delivery).toBe('Late');
    // At risk from the day after max EDD (03-07 00:00 PST = 16:00 Shanghai), late from the day after EDD + 3 (03-10 00:00 PST).
    expect(c!.atRiskFrom).toBeCloseTo(serial(2024, 3, 7, 16), 8);
    expect(c!.lateFrom).toBeCloseTo(serial(2024, 3, 10, 16), 8);
    expect(c!.claimWindowLastDay).toBe(serial(2024, 6, 4));
    // Eligible until the window closes: 06-05 00:00 PDT = 15:00 Shanghai.
    expect(c!.eligibleUntil).toBeCloseTo(serial(2024, 6, 5, 15), 8);
    expect(c!.openClaimDue).toBe('');
    expect(c!.rowErrors).toBe('');
  });

  it('the order-age cap moves "late from" earlier', () => {
    const capped = policy({ orderAgeCapDays: 2 });
    const [c] = cellsOf([row({ purchaseAt: '2024-03-01T10:00:00Z', maxEddAt: '2024-03-20T00:00:00Z', timeZone: 'UTC' })], { policy: capped, clockZone: 'UTC', dateSystem: 1900 });
    expect(c!.lateFrom).toBe(serial(2024, 3, 4));
    expect(c!.atRiskFrom).toBe(serial(2024, 3, 21));
  });

  it('an open unanswered claim carries its due instant; an answered or closed one does not', () => {
    const claim = { purchaseAt: '2024-03-01T10:00:00Z', maxEddAt: '2024-03-05T00:00:00Z', deliveredAt: '2024-03-04T00:00:00Z', claimAt: '2024-03-14T10:00:00Z', buyerContactAt: '2024-03-11T10:00:00Z', claimReason: 'damaged' as const };
    const [open, answered, denied] = cellsOf([
      row(claim),
      row({ ...claim, responseAt: '2024-03-15T10:00:00Z' }),
      row({ ...claim, claimStatus: 'denied', decisionAt: '2024-03-15T00:00:00Z' }),
    ]);
    expect(open!.responseDue).toBeCloseTo(serial(2024, 3, 17, 10), 8);
    expect(open!.openClaimDue).toBeCloseTo(serial(2024, 3, 17, 10), 8);
    expect(answered!.responseDue).toBeCloseTo(serial(2024, 3, 17, 10), 8);
    expect(answered!.openClaimDue).toBe('');
    expect(denied!.openClaimDue).toBe('');
    expect([open!.claimStatus, open!.claimReason, denied!.claimStatus]).toEqual(['open', 'damaged', 'denied']);
    // A filed claim is judged on its filing day: its eligibility never expires.
    expect(open!.eligibility).toBe('Eligible');
    expect(open!.eligibleUntil).toBe(neverSerial(1900));
    expect(neverSerial(1900)).toBe(serial(9999, 12, 31));
  });

  it('an appealable decision carries the instant its window closes', () => {
    const [c] = cellsOf([
      row({ timeZone: 'UTC', claimAt: '2024-02-10T00:00:00Z', claimStatus: 'granted', decisionAt: '2024-02-20T00:00:00Z', maxEddAt: '2024-02-01T00:00:00Z' }),
    ]);
    expect(c!.appeal).toBe('Can appeal');
    expect(c!.appealLastDay).toBe(serial(2024, 3, 21));
    expect(c!.appealClosesAt).toBe(serial(2024, 3, 22));
  });

  it('ODR marks: an order counts once, on its first line; its defect once, on its first defective line', () => {
    const base = { purchaseAt: '2024-02-01T10:00:00Z', timeZone: 'UTC' };
    const cells = cellsOf([
      row({ ...base, orderId: 'A', fulfillment: 'afn' }),
      row({ ...base, orderId: 'A', fulfillment: 'mfn', feedbackRating: 1 }),
      row({ ...base, orderId: 'A', chargeback: true }),
      row({ ...base, orderId: 'B', orderStatus: 'Cancelled' }),
      row({ ...base, orderId: 'C', feedbackRating: 2 }),
      row({ orderId: 'D' }),
    ]);
    expect(cells.map((c) => [c.odrOrder, c.odrDefectOrder, c.odrChannel])).toEqual([
      [1, 0, 'AFN'],
      [0, 1, 'AFN'],
      [0, 0, 'AFN'],
      [0, 0, ''],
      [1, 1, 'MFN'],
      [0, 0, ''],
    ]);
    // In the window from purchase day + 14 through purchase day + 73.
    expect(cells[0]!.odrFrom).toBe(serial(2024, 2, 15));
    expect(cells[0]!.odrUntil).toBe(serial(2024, 4, 15));
  });

  it('a row with errors gets only its error text', () => {
    const writer = new SheetRowCells({ policy: P, clockZone: 'UTC', dateSystem: 1900 });
    const cells = writer.cellsOf({ line: 4, errors: [{ line: 4, column: 'claim-date', message: '"x" is not a date' }, { line: 4, column: null, message: 'bad' }] });
    expect(cells.filter((c) => c !== '')).toEqual(['claim-date: "x" is not a date; row: bad']);
  });
});
