import { describe, expect, it } from 'vitest';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { nextAction } from '../../shared/rules/next-action.js';
import { EvaluatedRowSchema, type NextAction } from '../../shared/schemas/statuses.js';
import { at, HOUR, P, row, type RowSpec } from '../helpers/rows.js';

const EDD = '2024-06-10T23:59:59-07:00';
const CLAIM = '2024-06-20T10:00:00-07:00';
const DUE = at('2024-06-23T10:00:00-07:00');
const CONTACT = '2024-06-17T10:00:00-07:00';

function actionOf(spec: RowSpec, asOf: number): NextAction {
  const out = evaluateRow(row({ maxEddAt: EDD, ...spec }), P, asOf, 2);
  expect(() => EvaluatedRowSchema.parse(out)).not.toThrow();
  return out.nextAction;
}

describe('§7 no claim filed: the order side', () => {
  it('late → contact the buyer (before a claim is filed)', () => {
    expect(actionOf({}, at('2024-06-14T00:00:00-07:00'))).toBe('contact_buyer');
    expect(actionOf({ fulfillment: 'afn' }, at('2024-06-14T00:00:00-07:00'))).toBe('contact_buyer');
  });
  it('at risk → check the carrier', () => {
    expect(actionOf({}, at('2024-06-11T00:00:00-07:00'))).toBe('check_carrier');
    expect(actionOf({}, at('2024-06-13T23:59:59-07:00'))).toBe('check_carrier');
  });
  it('pending, delivered, unknown or cancelled → none', () => {
    expect(actionOf({}, at('2024-06-10T12:00:00-07:00'))).toBe('none');
    expect(actionOf({ deliveredAt: '2024-06-15T12:00:00-07:00' }, at('2024-06-20T00:00:00-07:00'))).toBe('none');
    expect(actionOf({ deliveredAt: '2024-06-09T12:00:00-07:00' }, at('2024-06-20T00:00:00-07:00'))).toBe('none');
    expect(evaluateRow(row({}), P, at('2024-06-20T00:00:00-07:00'), 2).nextAction).toBe('none');
    expect(actionOf({ orderStatus: 'Cancelled' }, at('2024-06-20T00:00:00-07:00'))).toBe('none');
    expect(actionOf({ orderStatus: 'Canceled' }, at('2024-06-12T00:00:00-07:00'))).toBe('none');
  });
});

describe('§7 open claim, seller-fulfilled: answer within the window', () => {
  const open: RowSpec = { claimAt: CLAIM, claimReason: 'damaged', buyerContactAt: CONTACT };
  it('more than 24 h left → respond', () => {
    expect(actionOf(open, at(CLAIM))).toBe('respond');
    expect(actionOf(open, DUE - 24 * HOUR - 1)).toBe('respond');
  });
  it('at most 24 h left → respond now', () => {
    expect(actionOf(open, DUE - 24 * HOUR)).toBe('respond_now');
    expect(actionOf(open, DUE)).toBe('respond_now');
  });
  it('past due → respond (overdue)', () => {
    expect(actionOf(open, DUE + 1)).toBe('respond_overdue');
  });
  it('answered (on time or late) → await the decision', () => {
    expect(actionOf({ ...open, responseAt: '2024-06-21T10:00:00-07:00' }, at('2024-06-22T00:00:00-07:00'))).toBe('await_decision');
    expect(actionOf({ ...open, responseAt: '2024-06-24T10:00:00-07:00' }, at('2024-06-25T00:00:00-07:00'))).toBe('await_decision');
  });
  it('an open claim outranks the order being late', () => {
    expect(actionOf({ ...open, claimReason: 'not_received' }, at(CLAIM))).toBe('respond');
    expect(actionOf({ ...open, responseAt: '2024-06-21T10:00:00-07:00' }, at('2024-06-25T00:00:00-07:00'))).toBe('await_decision');
  });
});

describe('§7 open claim on an Amazon-fulfilled (FBA) order → submit it to Amazon', () => {
  const fba: RowSpec = { fulfillment: 'afn', claimAt: CLAIM, claimReason: 'damaged', buyerContactAt: CONTACT };
  it('due, due soon and overdue', () => {
    expect(actionOf(fba, at(CLAIM))).toBe('submit_to_amazon');
    expect(actionOf(fba, DUE)).toBe('submit_to_amazon');
    expect(actionOf(fba, DUE + 1)).toBe('submit_to_amazon');
    expect(actionOf({ ...fba, claimReason: 'not_received', deliveredAt: '2024-06-15T10:00:00-07:00' }, at(CLAIM))).toBe('submit_to_amazon');
  });
});

describe('§7 "not received" but the carrier shows delivery → send proof of delivery', () => {
  const nr: RowSpec = { claimAt: CLAIM, claimReason: 'not_received', deliveredAt: '2024-06-12T10:00:00-07:00', buyerContactAt: CONTACT };
  it('while the claim is unanswered', () => {
    expect(actionOf(nr, at(CLAIM))).toBe('send_proof_of_delivery');
    expect(actionOf(nr, DUE)).toBe('send_proof_of_delivery');
  });
  it('an overdue answer comes first', () => {
    expect(actionOf(nr, DUE + 1)).toBe('respond_overdue');
  });
  it('without a recorded delivery: an ordinary answer', () => {
    const { deliveredAt: _ignored, ...noDelivery } = nr;
    expect(actionOf(noDelivery, at(CLAIM))).toBe('respond');
  });
  it('other reasons with a delivery: an ordinary answer', () => {
    expect(actionOf({ ...nr, claimReason: 'damaged' }, at(CLAIM))).toBe('respond');
  });
});

describe('§7 decided against the seller → appeal within the window', () => {
  const granted: RowSpec = { claimAt: CLAIM, claimStatus: 'granted', decisionAt: '2024-06-28T10:00:00-07:00', responseAt: '2024-06-21T10:00:00-07:00' };
  it('window open → appeal', () => {
    expect(actionOf(granted, at('2024-07-28T23:59:59-07:00'))).toBe('appeal');
  });
  it('window closed → none', () => {
    expect(actionOf(granted, at('2024-07-29T00:00:00-07:00'))).toBe('none');
  });
  it('granted without a response recorded: appeal, not respond (the claim is closed)', () => {
    const { responseAt: _ignored, ...unanswered } = granted;
    expect(actionOf(unanswered, at('2024-07-01T00:00:00-07:00'))).toBe('appeal');
  });
  it('granted without a decision date → none', () => {
    expect(actionOf({ claimAt: CLAIM, claimStatus: 'granted' }, at('2024-07-01T00:00:00-07:00'))).toBe('none');
  });
});

describe('§7 closed claims need nothing more', () => {
  it.each(['amazon_funded', 'denied', 'withdrawn', 'refunded'] as const)('%s → none (even on a late order)', (claimStatus) => {
    expect(actionOf({ claimAt: CLAIM, claimStatus, decisionAt: '2024-06-28T10:00:00-07:00' }, at('2024-07-01T00:00:00-07:00'))).toBe('none');
  });
});

describe('nextAction on its own', () => {
  it('reads only the states and the row', () => {
    const r = row({ claimAt: CLAIM });
    expect(nextAction(r, { delivery: 'unknown', response: 'overdue', appeal: 'none' })).toBe('respond_overdue');
    expect(nextAction(r, { delivery: 'unknown', response: 'due_soon', appeal: 'none' })).toBe('respond_now');
    expect(nextAction(row({}), { delivery: 'late', response: 'none', appeal: 'none' })).toBe('contact_buyer');
  });
});
