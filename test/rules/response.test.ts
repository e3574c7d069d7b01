import { describe, expect, it } from 'vitest';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { response, responseDueAt } from '../../shared/rules/response.js';
import { CLAIM_STATUSES } from '../../shared/schemas/order-row.js';
import { parseDateCell } from '../../shared/time/parse.js';
import { at, HOUR, P, policy, row } from '../helpers/rows.js';

const CLAIM = '2024-06-10T09:15:00-07:00';
const DUE = '2024-06-13T09:15:00-07:00'; // + 72 h (no DST change in between)
const open = row({ claimAt: CLAIM, claimReason: 'damaged' });

describe('§4 due at = claim instant + 72 h', () => {
  it('exactly 72 hours', () => {
    expect(responseDueAt(open, P)).toBe(at(DUE));
    expect(at(DUE) - at(CLAIM)).toBe(72 * HOUR);
    expect(evaluateRow(open, P, at(CLAIM), 2).responseDueAt).toBe('2024-06-13T16:15:00.000Z');
  });
  it('computed for every row with a claim date, open or closed', () => {
    for (const claimStatus of CLAIM_STATUSES) {
      const r = row({ claimAt: CLAIM, claimStatus });
      expect(responseDueAt(r, P)).toBe(at(DUE));
      expect(evaluateRow(r, P, at('2024-08-01T00:00:00Z'), 2).responseDueAt).toBe('2024-06-13T16:15:00.000Z');
    }
  });
  it('no claim: no due instant, state none', () => {
    const r = row({ maxEddAt: '2024-06-01T00:00:00-07:00' });
    expect(responseDueAt(r, P)).toBeNull();
    expect(response(r, P, at(CLAIM))).toBe('none');
    expect(evaluateRow(r, P, at(CLAIM), 2).responseDueAt).toBeNull();
  });
});

describe('§4 open claim, no response: due → due_soon → overdue', () => {
  it('just filed: due', () => {
    expect(response(open, P, at(CLAIM))).toBe('due');
  });
  it('24 h + 1 ms left: due; exactly 24 h left: due_soon', () => {
    expect(response(open, P, at(DUE) - 24 * HOUR - 1)).toBe('due');
    expect(response(open, P, at(DUE) - 24 * HOUR)).toBe('due_soon');
  });
  it('as-of = due instant: due_soon, not overdue', () => {
    expect(response(open, P, at(DUE))).toBe('due_soon');
  });
  it('due + 1 ms: overdue', () => {
    expect(response(open, P, at(DUE) + 1)).toBe('overdue');
    expect(response(open, P, at('2025-01-01T00:00:00Z'))).toBe('overdue');
  });
  it('an explicit "open" status is the same as none recorded', () => {
    const explicit = row({ claimAt: CLAIM, claimStatus: 'open' });
    expect(response(explicit, P, at(DUE))).toBe('due_soon');
    expect(response(explicit, P, at(DUE) + 1)).toBe('overdue');
  });
});

describe('§4 responded / responded_late', () => {
  it('response exactly at the due instant: responded', () => {
    expect(response(row({ claimAt: CLAIM, responseAt: DUE }), P, at('2024-07-01T00:00:00Z'))).toBe('responded');
  });
  it('response 1 ms after: responded_late', () => {
    expect(response(row({ claimAt: CLAIM, responseAt: at(DUE) + 1 }), P, at('2024-07-01T00:00:00Z'))).toBe('responded_late');
  });
  it('a response recorded on a closed claim still counts', () => {
    for (const claimStatus of ['granted', 'amazon_funded', 'denied', 'withdrawn', 'refunded'] as const) {
      expect(response(row({ claimAt: CLAIM, claimStatus, responseAt: '2024-06-11T09:00:00-07:00' }), P, at('2024-08-01T00:00:00Z'))).toBe('responded');
      expect(response(row({ claimAt: CLAIM, claimStatus, responseAt: '2024-06-14T09:00:00-07:00' }), P, at('2024-08-01T00:00:00Z'))).toBe('responded_late');
    }
  });
  it('the state of a recorded response does not depend on the as-of instant', () => {
    const r = row({ claimAt: CLAIM, responseAt: '2024-06-11T09:00:00-07:00' });
    expect(response(r, P, at(CLAIM))).toBe('responded');
    expect(response(r, P, at(DUE) + 1)).toBe('responded');
  });
});

describe('§4 closed claim without a response: none', () => {
  it.each(['granted', 'amazon_funded', 'denied', 'withdrawn', 'refunded'] as const)('%s', (claimStatus) => {
    const r = row({ claimAt: CLAIM, claimStatus });
    expect(response(r, P, at(CLAIM))).toBe('none');
    expect(response(r, P, at(DUE))).toBe('none');
    expect(response(r, P, at(DUE) + 1)).toBe('none');
  });
});

describe('§1/§4 a date-only claim date is 00:00 of that day in the marketplace zone', () => {
  it('Los Angeles: 2024-06-10 → 00:00 PDT, due 2024-06-13 00:00 PDT', () => {
    const parsed = parseDateCell('2024-06-10', { zone: 'America/Los_Angeles' });
    expect(parsed).toEqual({ ok: true, ms: at('2024-06-10T00:00:00-07:00'), dateOnly: true });
    const r = row({ claimAt: parsed.ok ? parsed.ms : Number.NaN });
    expect(responseDueAt(r, P)).toBe(at('2024-06-13T00:00:00-07:00'));
    expect(response(r, P, at('2024-06-13T00:00:00-07:00'))).toBe('due_soon');
    expect(response(r, P, at('2024-06-13T00:00:00.001-07:00'))).toBe('overdue');
  });
  it('Tokyo: 2024-06-10 → 00:00 JST (2024-06-09T15:00Z), due 2024-06-13 00:00 JST', () => {
    const parsed = parseDateCell('2024-06-10', { zone: 'Asia/Tokyo' });
    expect(parsed).toEqual({ ok: true, ms: at('2024-06-09T15:00:00Z'), dateOnly: true });
    const r = row({ timeZone: 'Asia/Tokyo', claimAt: parsed.ok ? parsed.ms : Number.NaN });
    expect(responseDueAt(r, P)).toBe(at('2024-06-13T00:00:00+09:00'));
    expect(response(r, P, at('2024-06-12T15:00:00.001Z'))).toBe('overdue');
    expect(response(r, P, at('2024-06-11T15:00:00Z'))).toBe('due_soon');
    expect(response(r, P, at('2024-06-11T14:59:59.999Z'))).toBe('due');
  });
});

describe('§1/§4 a 72 h window across a DST change is 72 real hours', () => {
  it('Los Angeles spring-forward: claim Sat 2024-03-09 12:00 PST → due Tue 13:00 PDT', () => {
    const r = row({ claimAt: '2024-03-09T12:00:00-08:00' });
    expect(responseDueAt(r, P)).toBe(at('2024-03-12T13:00:00-07:00'));
    // 12:30 PDT on Tuesday is 72 h on the wall clock but only 71.5 real hours
    expect(response(r, P, at('2024-03-12T12:30:00-07:00'))).toBe('due_soon');
    expect(response(r, P, at('2024-03-12T13:00:00-07:00'))).toBe('due_soon');
    expect(response(r, P, at('2024-03-12T13:00:00.001-07:00'))).toBe('overdue');
  });
  it('Los Angeles fall-back: claim Sat 2024-11-02 12:00 PDT → due Tue 11:00 PST', () => {
    const r = row({ claimAt: '2024-11-02T12:00:00-07:00' });
    expect(responseDueAt(r, P)).toBe(at('2024-11-05T11:00:00-08:00'));
    expect(response(r, P, at('2024-11-05T11:30:00-08:00'))).toBe('overdue');
  });
  it('London spring-forward and fall-back', () => {
    expect(responseDueAt(row({ timeZone: 'Europe/London', claimAt: '2024-03-30T12:00:00+00:00' }), P)).toBe(at('2024-04-02T13:00:00+01:00'));
    expect(responseDueAt(row({ timeZone: 'Europe/London', claimAt: '2024-10-26T12:00:00+01:00' }), P)).toBe(at('2024-10-29T11:00:00+00:00'));
  });
  it('a date-only claim on the spring-forward weekend: 00:00 PST + 72 h = 01:00 PDT', () => {
    const parsed = parseDateCell('2024-03-09', { zone: 'America/Los_Angeles' });
    expect(parsed.ok && parsed.ms).toBe(at('2024-03-09T00:00:00-08:00'));
    expect(responseDueAt(row({ claimAt: parsed.ok ? parsed.ms : Number.NaN }), P)).toBe(at('2024-03-12T01:00:00-07:00'));
  });
});

describe('§4 policy overrides', () => {
  it('a 48 h response window', () => {
    const p = policy({ responseWindowHours: 48 });
    const due48 = at('2024-06-12T09:15:00-07:00');
    expect(responseDueAt(open, p)).toBe(due48);
    expect(response(open, p, due48)).toBe('due_soon');
    expect(response(open, p, due48 + 1)).toBe('overdue');
    expect(response(open, p, due48 - 24 * HOUR - 1)).toBe('due');
    expect(response(row({ claimAt: CLAIM, responseAt: due48 + 1 }), p, due48 + 2)).toBe('responded_late');
    expect(response(row({ claimAt: CLAIM, responseAt: due48 + 1 }), P, due48 + 2)).toBe('responded');
  });
  it('a 12 h due-soon threshold', () => {
    const p = policy({ dueSoonHours: 12 });
    expect(response(open, p, at(DUE) - 12 * HOUR - 1)).toBe('due');
    expect(response(open, p, at(DUE) - 12 * HOUR)).toBe('due_soon');
  });
});
