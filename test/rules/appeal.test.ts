import { describe, expect, it } from 'vitest';
import { appeal, appealLastDay } from '../../shared/rules/appeal.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { at, dayNo, P, policy, row } from '../helpers/rows.js';

const CLAIM = '2024-06-20T10:00:00-07:00';
const DECISION = '2024-07-01T10:00:00-07:00'; // decision day 2024-07-01 → + 30 = 2024-07-31
const granted = row({ claimAt: CLAIM, claimStatus: 'granted', decisionAt: DECISION });

describe('§5 appeal window: decision day + 30 days for a granted (seller-funded) decision', () => {
  it('the last day is decision day + 30', () => {
    expect(appealLastDay(granted, P)).toBe(dayNo('2024-07-31'));
    expect(evaluateRow(granted, P, at('2024-07-02T00:00:00-07:00'), 2).appealLastDay).toBe('2024-07-31');
  });
  it('open on the decision day and through day 30', () => {
    expect(appeal(granted, P, at(DECISION))).toBe('open');
    expect(appeal(granted, P, at('2024-07-31T00:00:00-07:00'))).toBe('open');
    expect(appeal(granted, P, at('2024-07-31T23:59:59.999-07:00'))).toBe('open');
  });
  it('closed from day 31', () => {
    expect(appeal(granted, P, at('2024-08-01T00:00:00-07:00'))).toBe('closed');
    expect(appeal(granted, P, at('2025-01-01T00:00:00-08:00'))).toBe('closed');
  });
  it('days are counted in the marketplace zone', () => {
    expect(appeal(granted, P, at('2024-08-01T06:59:59Z'))).toBe('open'); // 07-31 23:59:59 PDT
    expect(appeal(granted, P, at('2024-08-01T07:00:00Z'))).toBe('closed');
    // Tokyo: decision 2024-07-01T20:00Z = 07-02 05:00 JST → last day 08-01
    const tokyo = row({ timeZone: 'Asia/Tokyo', claimAt: '2024-06-20T10:00:00+09:00', claimStatus: 'granted', decisionAt: '2024-07-01T20:00:00Z' });
    expect(appealLastDay(tokyo, P)).toBe(dayNo('2024-08-01'));
    expect(appeal(tokyo, P, at('2024-08-01T23:59:59+09:00'))).toBe('open');
    expect(appeal(tokyo, P, at('2024-08-02T00:00:00+09:00'))).toBe('closed');
  });
  it('appealed once an appeal date is recorded, inside or after the window', () => {
    const appealed = row({ claimAt: CLAIM, claimStatus: 'granted', decisionAt: DECISION, appealAt: '2024-07-10T10:00:00-07:00' });
    expect(appeal(appealed, P, at('2024-07-15T00:00:00-07:00'))).toBe('appealed');
    expect(appeal(appealed, P, at('2024-09-15T00:00:00-07:00'))).toBe('appealed');
  });
  it('appealWindowDays is a parameter', () => {
    const p = policy({ appealWindowDays: 10 });
    expect(appealLastDay(granted, p)).toBe(dayNo('2024-07-11'));
    expect(appeal(granted, p, at('2024-07-11T23:59:59-07:00'))).toBe('open');
    expect(appeal(granted, p, at('2024-07-12T00:00:00-07:00'))).toBe('closed');
  });
});

describe('§5 none: any other claim status, or no decision date', () => {
  it('granted without a decision date', () => {
    const r = row({ claimAt: CLAIM, claimStatus: 'granted' });
    expect(appeal(r, P, at('2024-07-02T00:00:00-07:00'))).toBe('none');
    expect(appealLastDay(r, P)).toBeNull();
    expect(evaluateRow(r, P, at('2024-07-02T00:00:00-07:00'), 2).appealLastDay).toBeNull();
  });
  it.each(['open', 'amazon_funded', 'denied', 'withdrawn', 'refunded'] as const)('%s with a decision date', (claimStatus) => {
    const r = row({ claimAt: CLAIM, claimStatus, decisionAt: DECISION });
    expect(appeal(r, P, at('2024-07-02T00:00:00-07:00'))).toBe('none');
    expect(appealLastDay(r, P)).toBeNull();
  });
  it('no status recorded (an open claim) with a decision date', () => {
    expect(appeal(row({ claimAt: CLAIM, decisionAt: DECISION }), P, at('2024-07-02T00:00:00-07:00'))).toBe('none');
  });
  it('no claim', () => {
    expect(appeal(row({ maxEddAt: '2024-06-10T00:00:00-07:00' }), P, at('2024-07-02T00:00:00-07:00'))).toBe('none');
  });
  it('an appeal date on a claim that is not appealable is still none', () => {
    expect(appeal(row({ claimAt: CLAIM, claimStatus: 'denied', decisionAt: DECISION, appealAt: '2024-07-05T00:00:00-07:00' }), P, at('2024-07-10T00:00:00-07:00'))).toBe(
      'none',
    );
  });
});
