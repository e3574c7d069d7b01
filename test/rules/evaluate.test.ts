import { afterEach, describe, expect, it, vi } from 'vitest';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { odrSummary } from '../../shared/rules/odr-summary.js';
import { EvaluatedRowSchema } from '../../shared/schemas/statuses.js';
import { at, P, row } from '../helpers/rows.js';

describe('evaluateRow: every status of one row', () => {
  it('an Amazon.co.jp order with an open "not received" claim', () => {
    const r = row({
      orderId: '250-1234567-1234567',
      orderItemId: '12345678901234',
      sku: 'SKU-1',
      timeZone: 'Asia/Tokyo',
      purchaseAt: '2024-06-01T10:00:00+09:00',
      maxEddAt: '2024-06-05T23:59:59+09:00',
      buyerContactAt: '2024-06-07T09:00:00+09:00',
      claimAt: '2024-06-10T09:00:00+09:00',
      claimReason: 'not_received',
    });
    const out = evaluateRow(r, P, at('2024-06-12T10:00:00+09:00'), 5);
    expect(out).toEqual({
      line: 5,
      orderId: '250-1234567-1234567',
      orderItemId: '12345678901234',
      sku: 'SKU-1',
      timeZone: 'Asia/Tokyo',
      delivery: 'late', // as-of 06-12 > max EDD 06-05 + 3
      eligibility: 'eligible', // filed 06-10 > 06-08; contact 72 h before; inside the window
      eligibilityReasons: [],
      claimWindowLastDay: '2024-09-03', // 06-05 + 90
      response: 'due_soon', // due 06-13 09:00 JST, 23 h left
      responseDueAt: '2024-06-13T00:00:00.000Z',
      appeal: 'none',
      appealLastDay: null,
      odrDefect: true, // open claim
      nextAction: 'respond_now',
    });
    expect(() => EvaluatedRowSchema.parse(out)).not.toThrow();
  });

  it('an Amazon.com order decided against the seller', () => {
    const r = row({
      purchaseAt: '2024-05-01T10:00:00-07:00',
      maxEddAt: '2024-05-08T23:59:59-07:00',
      deliveredAt: '2024-05-20T10:00:00-07:00',
      buyerContactAt: '2024-05-10T09:00:00-07:00',
      claimAt: '2024-05-15T09:00:00-07:00',
      claimReason: 'damaged',
      claimStatus: 'granted',
      responseAt: '2024-05-18T09:00:01-07:00',
      decisionAt: '2024-05-25T16:00:00-07:00',
    });
    const out = evaluateRow(r, P, at('2024-06-01T00:00:00-07:00'), 9);
    expect(out).toMatchObject({
      delivery: 'delivered_late',
      eligibility: 'eligible',
      claimWindowLastDay: '2024-08-06', // 05-08 + 90: 23 to 05-31, 30 to 06-30, 31 to 07-31, 6 more
      response: 'responded_late', // due 05-15 09:00 + 72 h = 05-18 09:00 PDT; answered one second later
      responseDueAt: '2024-05-18T16:00:00.000Z',
      appeal: 'open',
      appealLastDay: '2024-06-24', // 05-25 + 30
      odrDefect: true,
      nextAction: 'appeal',
    });
  });
});

describe('nothing reads the clock: results depend only on the as-of instant', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  it('same row, same as-of, different system clocks → same result', () => {
    const rows = [
      row({ maxEddAt: '2024-06-10T23:59:59-07:00', purchaseAt: '2024-06-01T00:00:00-07:00' }),
      row({ orderId: 'B', claimAt: '2024-06-20T10:00:00-07:00', purchaseAt: '2024-06-01T00:00:00-07:00' }),
      row({ orderId: 'C', claimAt: '2024-06-20T10:00:00-07:00', claimStatus: 'granted', decisionAt: '2024-06-25T10:00:00-07:00' }),
    ];
    const asOf = at('2024-06-22T00:00:00-07:00');
    const run = () => ({
      rows: rows.map((r, i) => evaluateRow(r, P, asOf, i + 2)),
      odr: odrSummary(rows, P, asOf, 'America/Los_Angeles'),
    });
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
    const first = run();
    vi.setSystemTime(new Date('2039-07-01T12:00:00Z'));
    const second = run();
    expect(second).toEqual(first);
  });
});
