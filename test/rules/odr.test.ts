import { describe, expect, it } from 'vitest';
import { fulfillments } from '../../shared/columns/vocabulary.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { odrDefect, odrWindow } from '../../shared/rules/odr.js';
import { OdrAccumulator, odrSummary } from '../../shared/rules/odr-summary.js';
import { OdrSummarySchema } from '../../shared/schemas/statuses.js';
import { at, dayNo, P, policy, row, type RowSpec } from '../helpers/rows.js';

const LA = 'America/Los_Angeles';
// As-of 2024-06-30 (LA). Window: as-of day − 73 … − 14 = 2024-04-18 … 2024-06-16 (13 + 31 + 16 = 60 days).
const ASOF = at('2024-06-30T12:00:00-07:00');
let n = 0;
const order = (purchaseIso: string, spec: RowSpec = {}) => row({ orderId: `ORD-${++n}`, purchaseAt: purchaseIso, ...spec });

describe('§6 ODR window: purchase days as-of − 73 through as-of − 14, both included', () => {
  it('the window days', () => {
    expect(odrWindow(dayNo('2024-06-30'), P)).toEqual({ start: dayNo('2024-04-18'), end: dayNo('2024-06-16') });
    expect(dayNo('2024-06-16') - dayNo('2024-04-18') + 1).toBe(60);
    const s = odrSummary([], P, ASOF, LA);
    expect(s.windowStart).toBe('2024-04-18');
    expect(s.windowEnd).toBe('2024-06-16');
    expect(() => OdrSummarySchema.parse(s)).not.toThrow();
  });
  it('both edges in, one day outside each edge out (LA calendar days)', () => {
    const rows = [
      order('2024-04-17T23:59:59-07:00'), // out: −74
      order('2024-04-18T00:00:00-07:00'), // in: −73
      order('2024-06-16T23:59:59-07:00'), // in: −14
      order('2024-06-17T00:00:00-07:00'), // out: −13
    ];
    expect(odrSummary(rows, P, ASOF, LA).orders).toBe(2);
  });
  it('edges are marketplace days, not UTC days', () => {
    // 2024-04-18T06:59:59Z is 04-17 23:59:59 PDT (out); 2024-06-17T06:59:59Z is 06-16 23:59:59 PDT (in)
    const rows = [order('2024-04-18T06:59:59Z'), order('2024-06-17T06:59:59Z'), order('2024-06-17T07:00:00Z')];
    expect(odrSummary(rows, P, ASOF, LA).orders).toBe(1);
  });
  it('the as-of day is the marketplace day: Tokyo rows use the Tokyo as-of day', () => {
    // as-of 2024-06-30T15:00Z is 07-01 00:00 JST → Tokyo window 2024-04-19 … 2024-06-17
    const asOf = at('2024-06-30T15:00:00Z');
    const tokyo = (iso: string) => order(iso, { timeZone: 'Asia/Tokyo' });
    const rows = [tokyo('2024-04-18T12:00:00+09:00'), tokyo('2024-04-19T00:00:00+09:00'), tokyo('2024-06-17T23:59:59+09:00'), tokyo('2024-06-18T00:00:00+09:00')];
    const s = odrSummary(rows, P, asOf, 'Asia/Tokyo');
    expect(s.orders).toBe(2);
    expect(s.windowStart).toBe('2024-04-19');
    expect(s.windowEnd).toBe('2024-06-17');
  });
  it('orders without a purchase date are not placed in the window', () => {
    expect(odrSummary([row({ orderId: 'X', chargeback: true })], P, ASOF, LA).orders).toBe(0);
  });
  it('window length and lag are parameters', () => {
    expect(odrWindow(dayNo('2024-06-30'), policy({ odrWindowDays: 30, odrLagDays: 0 }))).toEqual({ start: dayNo('2024-06-01'), end: dayNo('2024-06-30') });
  });
});

describe('§6 defects', () => {
  const claim = '2024-05-10T10:00:00-07:00';
  it.each([
    [{ feedbackRating: 1 }, true],
    [{ feedbackRating: 2 }, true],
    [{ feedbackRating: 3 }, false],
    [{ feedbackRating: 4 }, false],
    [{ feedbackRating: 5 }, false],
    [{ chargeback: true }, true],
    [{ claimAt: claim }, true],
    [{ claimAt: claim, claimStatus: 'open' }, true],
    [{ claimAt: claim, claimStatus: 'granted' }, true],
    [{ claimAt: claim, claimStatus: 'amazon_funded' }, true],
    [{ claimAt: claim, claimStatus: 'refunded' }, true],
    [{ claimAt: claim, claimStatus: 'denied' }, false],
    [{ claimAt: claim, claimStatus: 'withdrawn' }, false],
    [{}, false],
  ] as [RowSpec, boolean][])('%o → %s', (spec, defect) => {
    const r = row({ purchaseAt: '2024-05-01T10:00:00-07:00', ...spec });
    expect(odrDefect(r)).toBe(defect);
    expect(evaluateRow(r, P, ASOF, 2).odrDefect).toBe(defect);
    const s = odrSummary([r], P, ASOF, LA);
    expect(s.orders).toBe(1);
    expect(s.ordersWithDefects).toBe(defect ? 1 : 0);
  });
  it('a denied claim with 1-star feedback is still a defect (feedback)', () => {
    expect(odrDefect(row({ claimAt: claim, claimStatus: 'denied', feedbackRating: 1 }))).toBe(true);
  });
});

describe('§6 counting orders', () => {
  it('an order with several lines and several defects counts once', () => {
    const id = 'MULTI-1';
    const lines = [
      row({ orderId: id, orderItemId: 'A', purchaseAt: '2024-05-01T10:00:00-07:00', feedbackRating: 1 }),
      row({ orderId: id, orderItemId: 'B', purchaseAt: '2024-05-01T10:00:00-07:00', chargeback: true }),
      row({ orderId: id, orderItemId: 'C', purchaseAt: '2024-05-01T10:00:00-07:00', claimAt: '2024-05-10T10:00:00-07:00' }),
      row({ orderId: 'SINGLE-1', purchaseAt: '2024-05-01T10:00:00-07:00' }),
    ];
    const s = odrSummary(lines, P, ASOF, LA);
    expect(s.orders).toBe(2);
    expect(s.ordersWithDefects).toBe(1);
    expect(s.rate).toBe(0.5);
  });
  it('an order is a defect if any of its lines is (defect on a later line)', () => {
    const lines = [
      row({ orderId: 'M2', purchaseAt: '2024-05-01T10:00:00-07:00' }),
      row({ orderId: 'M2', purchaseAt: '2024-05-01T10:00:00-07:00', feedbackRating: 2 }),
    ];
    expect(odrSummary(lines, P, ASOF, LA)).toMatchObject({ orders: 1, ordersWithDefects: 1 });
  });
  it('cancelled orders are not counted (either spelling), even with a defect', () => {
    const rows = [
      order('2024-05-01T10:00:00-07:00', { orderStatus: 'Cancelled', chargeback: true }),
      order('2024-05-01T10:00:00-07:00', { orderStatus: 'Canceled', feedbackRating: 1 }),
      order('2024-05-01T10:00:00-07:00', { orderStatus: 'Shipped' }),
    ];
    expect(odrSummary(rows, P, ASOF, LA)).toMatchObject({ orders: 1, ordersWithDefects: 0 });
  });
  it('AFN / MFN split', () => {
    const rows = [
      order('2024-05-01T10:00:00-07:00', { fulfillment: 'afn', chargeback: true }),
      order('2024-05-01T10:00:00-07:00', { fulfillment: 'afn' }),
      order('2024-05-01T10:00:00-07:00', { fulfillment: 'afn' }),
      order('2024-05-01T10:00:00-07:00', { fulfillment: 'mfn', feedbackRating: 2 }),
      order('2024-05-01T10:00:00-07:00', { fulfillment: 'mfn', claimAt: '2024-05-05T10:00:00-07:00', claimStatus: 'denied' }),
    ];
    const s = odrSummary(rows, P, ASOF, LA);
    expect(s.afn).toEqual({ orders: 3, ordersWithDefects: 1 });
    expect(s.mfn).toEqual({ orders: 2, ordersWithDefects: 1 });
    expect(s.orders).toBe(5);
    expect(s.ordersWithDefects).toBe(2);
    expect(s.rate).toBe(0.4);
  });
  it('fulfilment spellings: Amazon/AFN are Amazon-fulfilled, Merchant/MFN seller-fulfilled', () => {
    expect(fulfillments.read('Amazon')).toBe('afn');
    expect(fulfillments.read('AFN')).toBe('afn');
    expect(fulfillments.read('Merchant')).toBe('mfn');
    expect(fulfillments.read('MFN')).toBe('mfn');
  });
});

describe('§6 rate and target (< 1 %)', () => {
  const many = (total: number, defects: number) =>
    Array.from({ length: total }, (_, i) => order('2024-05-01T10:00:00-07:00', { chargeback: i < defects }));
  it('no orders: rate null, target met', () => {
    const s = odrSummary([], P, ASOF, LA);
    expect(s).toMatchObject({ orders: 0, ordersWithDefects: 0, rate: null, target: 0.01, meetsTarget: true });
  });
  it('exactly 1 %: not below the target', () => {
    const s = odrSummary(many(100, 1), P, ASOF, LA);
    expect(s.rate).toBe(0.01);
    expect(s.meetsTarget).toBe(false);
  });
  it('1 of 101 (0.99 %): below the target', () => {
    const s = odrSummary(many(101, 1), P, ASOF, LA);
    expect(s.rate).toBeCloseTo(1 / 101, 4);
    expect(s.meetsTarget).toBe(true);
  });
  it('0 defects: rate 0', () => {
    expect(odrSummary(many(10, 0), P, ASOF, LA)).toMatchObject({ rate: 0, meetsTarget: true });
  });
  it('the target is a parameter', () => {
    expect(odrSummary(many(100, 1), policy({ odrTarget: 0.02 }), ASOF, LA).meetsTarget).toBe(true);
  });
  it('the accumulator streams the same result', () => {
    const acc = new OdrAccumulator(P, ASOF, LA);
    for (const r of many(8, 3)) acc.add(r);
    expect(acc.summary()).toMatchObject({ orders: 8, ordersWithDefects: 3, rate: 0.375, meetsTarget: false });
  });
  it('many orders: each counted exactly once', () => {
    const rows = many(5000, 50);
    const s = odrSummary([...rows, ...rows], P, ASOF, LA);
    expect(s.orders).toBe(5000);
    expect(s.ordersWithDefects).toBe(50);
    expect(s.meetsTarget).toBe(false);
  });
});
