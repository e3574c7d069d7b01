import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluatedRowJson } from '../../shared/output/row-json.js';
import {
  APPEAL_STATES,
  DELIVERY_STATES,
  ELIGIBILITY_REASONS,
  ELIGIBILITY_STATES,
  NEXT_ACTIONS,
  RESPONSE_STATES,
  type EvaluatedRow,
} from '../../shared/schemas/statuses.js';

const day = fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), { nil: null });
const row: fc.Arbitrary<EvaluatedRow> = fc.record(
  {
    line: fc.integer({ min: 2, max: 10_000_000 }),
    orderId: fc.string(),
    orderItemId: fc.string(),
    sku: fc.string({ unit: 'grapheme' }),
    timeZone: fc.constantFrom('America/Los_Angeles', 'Asia/Tokyo'),
    delivery: fc.constantFrom(...DELIVERY_STATES),
    eligibility: fc.constantFrom(...ELIGIBILITY_STATES),
    eligibilityReasons: fc.subarray([...ELIGIBILITY_REASONS]),
    claimWindowLastDay: day,
    response: fc.constantFrom(...RESPONSE_STATES),
    responseDueAt: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), { nil: null }),
    appeal: fc.constantFrom(...APPEAL_STATES),
    appealLastDay: day,
    odrDefect: fc.boolean(),
    nextAction: fc.constantFrom(...NEXT_ACTIONS),
  },
  { requiredKeys: ['line', 'orderId', 'timeZone', 'delivery', 'eligibility', 'eligibilityReasons', 'claimWindowLastDay', 'response', 'responseDueAt', 'appeal', 'appealLastDay', 'odrDefect', 'nextAction'] },
).map(({ orderItemId, sku, ...rest }) => {
  // evaluateRow adds the optional ids last; JSON.stringify follows insertion order
  const out: EvaluatedRow = { ...rest };
  if (orderItemId !== undefined) out.orderItemId = orderItemId;
  if (sku !== undefined) out.sku = sku;
  return out;
});

describe('evaluatedRowJson', () => {
  it('writes exactly what JSON.stringify writes, for any row', () => {
    fc.assert(fc.property(row, (r) => evaluatedRowJson(r) === JSON.stringify(r)), { numRuns: 2000 });
  });

  it('escapes what JSON needs escaped', () => {
    const r: EvaluatedRow = {
      line: 2,
      orderId: 'a"b\\c\n\u2028',
      timeZone: 'Asia/Tokyo',
      delivery: 'late',
      eligibility: 'eligible',
      eligibilityReasons: [],
      claimWindowLastDay: null,
      response: 'none',
      responseDueAt: null,
      appeal: 'none',
      appealLastDay: null,
      odrDefect: false,
      nextAction: 'none',
      sku: '=cmd|"x"',
    };
    const parsed = JSON.parse(evaluatedRowJson(r));
    expect(parsed.orderId).toBe('a"b\\c\n\u2028');
    expect(parsed.sku).toBe('=cmd|"x"');
  });
});
