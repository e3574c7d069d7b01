import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appeal } from '../../shared/rules/appeal.js';
import { delivery } from '../../shared/rules/delivery.js';
import { eligibilityReasons } from '../../shared/rules/eligibility.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { response, responseDueAt } from '../../shared/rules/response.js';
import { CLAIM_STATUSES } from '../../shared/schemas/order-row.js';
import { EvaluatedRowSchema } from '../../shared/schemas/statuses.js';
import { at, HOUR, P, policy, row } from '../helpers/rows.js';

const ZONES = ['America/Los_Angeles', 'Europe/London', 'Asia/Tokyo', 'Asia/Kolkata', 'Australia/Sydney', 'Europe/Berlin', 'America/Toronto'];
const FROM = at('2023-01-01T00:00:00Z');
const TO = at('2026-12-31T00:00:00Z');
const instant = fc.integer({ min: FROM, max: TO });
const asOfs = fc.array(instant, { minLength: 2, maxLength: 25 }).map((xs) => [...xs].sort((a, b) => a - b));

const DELIVERY_RANK: Record<string, number> = { pending: 0, at_risk: 1, late: 2 };
const RESPONSE_RANK: Record<string, number> = { due: 0, due_soon: 1, overdue: 2 };

describe('properties over a moving as-of', () => {
  it('delivery never goes from late back to at_risk/pending, nor at_risk back to pending', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        instant,
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
        fc.integer({ min: 0, max: 10 }),
        asOfs,
        (timeZone, purchaseAt, eddAfterDays, cap, grace, times) => {
          const r = row({ timeZone, purchaseAt, maxEddAt: purchaseAt + eddAfterDays * 24 * HOUR });
          const p = policy({ orderAgeCapDays: cap, lateGraceDays: grace });
          let last = -1;
          for (const t of times) {
            const state = delivery(r, p, t);
            const rank = DELIVERY_RANK[state];
            expect(rank).toBeDefined();
            expect(rank!).toBeGreaterThanOrEqual(last);
            last = rank!;
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an open claim never goes from overdue back to due/due_soon, nor due_soon back to due', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 72 }), asOfs, (timeZone, claimAt, windowH, soonH, times) => {
        const r = row({ timeZone, claimAt });
        const p = policy({ responseWindowHours: windowH, dueSoonHours: soonH });
        let last = -1;
        for (const t of times) {
          const rank = RESPONSE_RANK[response(r, p, t)];
          expect(rank).toBeDefined();
          expect(rank!).toBeGreaterThanOrEqual(last);
          last = rank!;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the response due instant is the claim instant + the window in real hours, in every zone', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, fc.constantFrom(...CLAIM_STATUSES), (timeZone, claimAt, claimStatus) => {
        expect(responseDueAt(row({ timeZone, claimAt, claimStatus }), P)).toBe(claimAt + 72 * HOUR);
      }),
    );
  });

  it('an appeal window never reopens once closed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, asOfs, (timeZone, decisionAt, times) => {
        const r = row({ timeZone, claimAt: decisionAt - 7 * 24 * HOUR, claimStatus: 'granted', decisionAt });
        let closed = false;
        for (const t of times) {
          const state = appeal(r, P, t);
          if (closed) expect(state).toBe('closed');
          closed = state === 'closed';
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an unfiled order’s claim window never reopens once closed', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, asOfs, (timeZone, maxEddAt, times) => {
        const r = row({ timeZone, maxEddAt });
        let closed = false;
        for (const t of times) {
          const isClosed = eligibilityReasons(r, P, t).includes('window_closed');
          if (closed) expect(isClosed).toBe(true);
          closed = isClosed;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every evaluated row fits the output contract', () => {
    const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({
          timeZone: fc.constantFrom(...ZONES),
          purchaseAt: opt(instant),
          maxEddAt: opt(instant),
          deliveredAt: opt(instant),
          claimAt: opt(instant),
          claimReason: opt(fc.constantFrom('not_received', 'damaged', 'defective') as fc.Arbitrary<'not_received' | 'damaged' | 'defective'>),
          claimStatus: opt(fc.constantFrom(...CLAIM_STATUSES)),
          buyerContactAt: opt(instant),
          responseAt: opt(instant),
          decisionAt: opt(instant),
          appealAt: opt(instant),
          fulfillment: fc.constantFrom('afn', 'mfn') as fc.Arbitrary<'afn' | 'mfn'>,
          itemType: fc.constantFrom('physical', 'digital', 'stored_value', 'service') as fc.Arbitrary<'physical' | 'digital' | 'stored_value' | 'service'>,
          chargeback: fc.boolean(),
          orderStatus: opt(fc.constantFrom('Shipped', 'Cancelled', 'Canceled', 'Pending')),
        }),
        instant,
        (spec, asOf) => {
          const r = row(spec);
          if (r.claimStatus !== undefined && r.claimAt === undefined) delete r.claimStatus;
          const out = evaluateRow(r, P, asOf, 2);
          expect(() => EvaluatedRowSchema.parse(out)).not.toThrow();
          expect(out.eligibility === 'eligible').toBe(out.eligibilityReasons.length === 0);
          if (out.delivery === 'cancelled') expect(['Cancelled', 'Canceled']).toContain(r.orderStatus);
          if (r.claimAt === undefined) expect(out.response).toBe('none');
        },
      ),
      { numRuns: 500 },
    );
  });
});
