import { describe, expect, it } from 'vitest';
import { claimWindowLastDay, eligibility, eligibilityReasons } from '../../shared/rules/eligibility.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { addDays, at, dayNo, HOUR, MINUTE, P, policy, row, type RowSpec } from '../helpers/rows.js';

const EDD = '2024-06-10T23:59:59-07:00'; // max EDD day 2024-06-10 (Los Angeles)
// 2024-06-10 + 90 days: 20 days to 06-30, 31 to 07-31, 31 to 08-31, 8 more → 2024-09-08
const LAST_DAY = '2024-09-08';

/** A filed claim with a buyer contact long enough before it, so only the rule under test can fire. */
function claim(spec: RowSpec & { claimAt: string }): RowSpec {
  return { buyerContactAt: at(spec.claimAt) - 72 * HOUR, ...spec };
}

describe('§3 claim window: max EDD + 90 days', () => {
  it('the last day is max EDD + 90', () => {
    expect(addDays('2024-06-10', 90)).toBe(LAST_DAY); // hand count agrees with Date
    expect(claimWindowLastDay(row({ maxEddAt: EDD }), P)).toBe(dayNo(LAST_DAY));
    expect(evaluateRow(row({ maxEddAt: EDD }), P, at('2024-06-01T00:00:00-07:00'), 2).claimWindowLastDay).toBe(LAST_DAY);
  });
  it('as-of on the last day: eligible; the day after: window_closed', () => {
    const r = row({ maxEddAt: EDD });
    expect(eligibilityReasons(r, P, at('2024-09-08T23:59:59.999-07:00'))).toEqual([]);
    expect(eligibility(r, P, at('2024-09-08T23:59:59.999-07:00'))).toBe('eligible');
    expect(eligibilityReasons(r, P, at('2024-09-09T00:00:00-07:00'))).toEqual(['window_closed']);
    expect(eligibility(r, P, at('2024-09-09T00:00:00-07:00'))).toBe('ineligible');
  });
  it('the as-of day is the marketplace day (LA, not UTC)', () => {
    const r = row({ maxEddAt: EDD });
    expect(eligibilityReasons(r, P, at('2024-09-09T06:59:59Z'))).toEqual([]); // 09-08 23:59:59 PDT
    expect(eligibilityReasons(r, P, at('2024-09-09T07:00:00Z'))).toEqual(['window_closed']);
  });
  it('Tokyo: the window closes at midnight Tokyo time', () => {
    const r = row({ timeZone: 'Asia/Tokyo', maxEddAt: '2024-06-09T20:00:00Z' }); // 06-10 05:00 JST
    expect(claimWindowLastDay(r, P)).toBe(dayNo(LAST_DAY));
    expect(eligibilityReasons(r, P, at('2024-09-08T14:59:59Z'))).toEqual([]);
    expect(eligibilityReasons(r, P, at('2024-09-08T15:00:00Z'))).toEqual(['window_closed']);
  });
  it('no max EDD: purchase + 30 stands in for it (purchase + 120)', () => {
    // purchase 2024-05-01 → stand-in 2024-05-31 → + 90 = 2024-08-29
    const r = row({ purchaseAt: '2024-05-01T15:00:00-07:00' });
    expect(addDays('2024-05-01', 120)).toBe('2024-08-29');
    expect(claimWindowLastDay(r, P)).toBe(dayNo('2024-08-29'));
    expect(eligibilityReasons(r, P, at('2024-08-29T23:59:59-07:00'))).toEqual([]);
    expect(eligibilityReasons(r, P, at('2024-08-30T00:00:00-07:00'))).toEqual(['window_closed']);
  });
  it('a max EDD wins over the purchase stand-in', () => {
    const r = row({ purchaseAt: '2024-01-01T15:00:00-08:00', maxEddAt: EDD });
    expect(claimWindowLastDay(r, P)).toBe(dayNo(LAST_DAY));
  });
  it('neither date: no window, never window_closed', () => {
    const r = row({});
    expect(claimWindowLastDay(r, P)).toBeNull();
    expect(eligibilityReasons(r, P, at('2030-01-01T00:00:00Z'))).toEqual([]);
    expect(evaluateRow(r, P, at('2030-01-01T00:00:00Z'), 2).claimWindowLastDay).toBeNull();
  });
  it('claimWindowDays and noEddStandInDays are parameters', () => {
    const p = policy({ claimWindowDays: 30, noEddStandInDays: 10 });
    expect(claimWindowLastDay(row({ maxEddAt: EDD }), p)).toBe(dayNo('2024-07-10'));
    expect(claimWindowLastDay(row({ purchaseAt: '2024-05-01T15:00:00-07:00' }), p)).toBe(dayNo('2024-06-10'));
  });
});

describe('§3 a filed claim is judged by its claim date, not the as-of date', () => {
  const LATE_ASOF = at('2025-06-01T00:00:00-07:00'); // long after the window
  it('claim on the last day: not window_closed even though as-of is later', () => {
    const r = row(claim({ maxEddAt: EDD, claimAt: '2024-09-08T23:59:59-07:00', claimReason: 'damaged' }));
    expect(eligibilityReasons(r, P, LATE_ASOF)).toEqual([]);
  });
  it('claim on the day after: window_closed', () => {
    const r = row(claim({ maxEddAt: EDD, claimAt: '2024-09-09T00:00:00-07:00', claimReason: 'damaged' }));
    expect(eligibilityReasons(r, P, LATE_ASOF)).toEqual(['window_closed']);
  });
  it('the claim day is the marketplace day', () => {
    const open = row(claim({ maxEddAt: EDD, claimAt: '2024-09-09T06:59:59Z', claimReason: 'damaged' }));
    const closed = row(claim({ maxEddAt: EDD, claimAt: '2024-09-09T07:00:00Z', claimReason: 'damaged' }));
    expect(eligibilityReasons(open, P, LATE_ASOF)).toEqual([]);
    expect(eligibilityReasons(closed, P, LATE_ASOF)).toEqual(['window_closed']);
  });
});

describe('§3 filed_too_early: "not received" filed on or before max EDD + 3', () => {
  const nr = (claimAt: string) => row(claim({ maxEddAt: EDD, claimAt, claimReason: 'not_received' }));
  const ASOF = at('2024-07-01T00:00:00-07:00');
  it('filed on max EDD + 3 (last second): too early', () => {
    expect(eligibilityReasons(nr('2024-06-13T23:59:59-07:00'), P, ASOF)).toEqual(['filed_too_early']);
  });
  it('filed on the max EDD day or before: too early', () => {
    expect(eligibilityReasons(nr('2024-06-10T12:00:00-07:00'), P, ASOF)).toEqual(['filed_too_early']);
    expect(eligibilityReasons(nr('2024-06-05T12:00:00-07:00'), P, ASOF)).toEqual(['filed_too_early']);
  });
  it('filed on max EDD + 4: not too early', () => {
    expect(eligibilityReasons(nr('2024-06-14T00:00:00-07:00'), P, ASOF)).toEqual([]);
  });
  it('other reasons are never too early', () => {
    for (const reason of ['damaged', 'defective', 'not_as_described', 'return_not_refunded', 'international_return_label', 'unexpected_fees'] as const) {
      const r = row(claim({ maxEddAt: EDD, claimAt: '2024-06-11T12:00:00-07:00', claimReason: reason }));
      expect(eligibilityReasons(r, P, ASOF)).toEqual([]);
    }
  });
  it('a claim without a reason is not too early', () => {
    expect(eligibilityReasons(row(claim({ maxEddAt: EDD, claimAt: '2024-06-11T12:00:00-07:00' })), P, ASOF)).toEqual([]);
  });
  it('no max EDD (and no order-age cap): cannot be judged too early', () => {
    const r = row(claim({ purchaseAt: '2024-06-01T12:00:00-07:00', claimAt: '2024-06-02T12:00:00-07:00', claimReason: 'not_received' }));
    expect(eligibilityReasons(r, P, ASOF)).toEqual([]);
  });
  it('Tokyo: the claim day counted in Tokyo', () => {
    const tokyo = (claimAt: string) =>
      row(claim({ timeZone: 'Asia/Tokyo', maxEddAt: '2024-06-10T12:00:00+09:00', claimAt, claimReason: 'not_received' }));
    expect(eligibilityReasons(tokyo('2024-06-13T14:59:59Z'), P, ASOF)).toEqual(['filed_too_early']); // 06-13 23:59:59 JST
    expect(eligibilityReasons(tokyo('2024-06-13T15:00:00Z'), P, ASOF)).toEqual([]); // 06-14 00:00 JST
  });
  it('with the order-age cap, purchase + 30 can make it filable sooner (per §2)', () => {
    const r = row(claim({ purchaseAt: '2024-05-12T10:00:00-07:00', maxEddAt: EDD, claimAt: '2024-06-12T09:00:00-07:00', claimReason: 'not_received' }));
    expect(eligibilityReasons(r, P, ASOF)).toEqual(['filed_too_early']);
    expect(eligibilityReasons(r, policy({ orderAgeCapDays: 30 }), ASOF)).toEqual([]);
  });
});

describe('§3 no_prior_contact: the buyer must have contacted the seller 48 h before filing', () => {
  const CLAIM = '2024-06-20T10:00:00-07:00';
  const withContact = (contactMs: number | undefined) =>
    row({ maxEddAt: EDD, claimAt: CLAIM, claimReason: 'damaged', ...(contactMs === undefined ? {} : { buyerContactAt: contactMs }) });
  const ASOF = at('2024-07-01T00:00:00-07:00');
  it('exactly 48 h after first contact: fine', () => {
    expect(eligibilityReasons(withContact(at(CLAIM) - 48 * HOUR), P, ASOF)).toEqual([]);
  });
  it('47 h 59 min (or 48 h less 1 ms): contestable', () => {
    expect(eligibilityReasons(withContact(at(CLAIM) - 47 * HOUR - 59 * MINUTE), P, ASOF)).toEqual(['no_prior_contact']);
    expect(eligibilityReasons(withContact(at(CLAIM) - 48 * HOUR + 1), P, ASOF)).toEqual(['no_prior_contact']);
  });
  it('no contact: contestable', () => {
    expect(eligibilityReasons(withContact(undefined), P, ASOF)).toEqual(['no_prior_contact']);
  });
  it('contact only after the claim: contestable', () => {
    expect(eligibilityReasons(withContact(at(CLAIM) + HOUR), P, ASOF)).toEqual(['no_prior_contact']);
  });
  it('requireContactFirst = false switches the rule off', () => {
    const off = policy({ requireContactFirst: false });
    expect(eligibilityReasons(withContact(undefined), off, ASOF)).toEqual([]);
    expect(eligibilityReasons(withContact(at(CLAIM) - HOUR), off, ASOF)).toEqual([]);
  });
  it('contactFirstHours is a parameter', () => {
    const p24 = policy({ contactFirstHours: 24 });
    expect(eligibilityReasons(withContact(at(CLAIM) - 24 * HOUR), p24, ASOF)).toEqual([]);
    expect(eligibilityReasons(withContact(at(CLAIM) - 24 * HOUR + 1), p24, ASOF)).toEqual(['no_prior_contact']);
  });
  it('counts real hours across a DST change (LA spring-forward: noon to noon two days later is 47 h)', () => {
    const r = (claimAt: string) => row({ maxEddAt: EDD, buyerContactAt: '2024-03-08T12:00:00-08:00', claimAt, claimReason: 'damaged' });
    expect(eligibilityReasons(r('2024-03-10T12:00:00-07:00'), P, ASOF)).toEqual(['no_prior_contact']);
    expect(eligibilityReasons(r('2024-03-10T13:00:00-07:00'), P, ASOF)).toEqual([]);
  });
  it('does not apply to an order with no claim filed', () => {
    expect(eligibilityReasons(row({ maxEddAt: EDD }), P, ASOF)).toEqual([]);
  });
});

describe('§3 not a physical product, chargeback', () => {
  const ASOF = at('2024-06-15T00:00:00-07:00');
  it.each([
    ['digital', 'digital_item'],
    ['stored_value', 'stored_value'],
    ['service', 'service'],
  ] as const)('%s → %s', (itemType, reason) => {
    expect(eligibilityReasons(row({ maxEddAt: EDD, itemType }), P, ASOF)).toEqual([reason]);
    expect(eligibility(row({ maxEddAt: EDD, itemType }), P, ASOF)).toBe('ineligible');
  });
  it('physical: eligible', () => {
    expect(eligibility(row({ maxEddAt: EDD, itemType: 'physical' }), P, ASOF)).toBe('eligible');
  });
  it('chargeback', () => {
    expect(eligibilityReasons(row({ maxEddAt: EDD, chargeback: true }), P, ASOF)).toEqual(['chargeback']);
  });
});

describe('§3 cancellation does not change eligibility', () => {
  it('a cancelled order has the same reasons and window as the same order not cancelled', () => {
    for (const asOfIso of ['2024-06-15T00:00:00-07:00', '2024-09-09T00:00:00-07:00']) {
      for (const spec of [{ maxEddAt: EDD }, claim({ maxEddAt: EDD, claimAt: '2024-06-12T00:00:00-07:00', claimReason: 'not_received' })]) {
        const cancelled = row({ ...spec, orderStatus: 'Cancelled' });
        const shipped = row({ ...spec, orderStatus: 'Shipped' });
        expect(eligibilityReasons(cancelled, P, at(asOfIso))).toEqual(eligibilityReasons(shipped, P, at(asOfIso)));
        expect(claimWindowLastDay(cancelled, P)).toBe(dayNo(LAST_DAY));
      }
    }
    expect(eligibilityReasons(row({ maxEddAt: EDD, orderStatus: 'Canceled' }), P, at('2024-09-09T00:00:00-07:00'))).toEqual(['window_closed']);
    expect(eligibility(row({ maxEddAt: EDD, orderStatus: 'Canceled' }), P, at('2024-06-15T00:00:00-07:00'))).toBe('eligible');
  });
});

describe('§3 every reason is listed, in the rule book order', () => {
  it('service + chargeback + window_closed + no_prior_contact', () => {
    const r = row({ itemType: 'service', chargeback: true, maxEddAt: EDD, claimAt: '2024-10-01T00:00:00-07:00', claimReason: 'damaged' });
    expect(eligibilityReasons(r, P, at('2024-10-02T00:00:00-07:00'))).toEqual(['service', 'chargeback', 'window_closed', 'no_prior_contact']);
  });
  it('stored_value + chargeback + filed_too_early + no_prior_contact', () => {
    const r = row({ itemType: 'stored_value', chargeback: true, maxEddAt: EDD, claimAt: '2024-06-11T00:00:00-07:00', claimReason: 'not_received' });
    expect(eligibilityReasons(r, P, at('2024-06-12T00:00:00-07:00'))).toEqual(['stored_value', 'chargeback', 'filed_too_early', 'no_prior_contact']);
    const out = evaluateRow(r, P, at('2024-06-12T00:00:00-07:00'), 7);
    expect(out.eligibility).toBe('ineligible');
    expect(out.eligibilityReasons).toEqual(['stored_value', 'chargeback', 'filed_too_early', 'no_prior_contact']);
  });
});
