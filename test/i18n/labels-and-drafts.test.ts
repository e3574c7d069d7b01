import { describe, expect, it } from 'vitest';
import { appealDraft, responseDraft } from '../../shared/drafts/claim-drafts.js';
import { localeFor, LOCALES } from '../../shared/i18n/locales.js';
import { APPEAL_LABELS, DELIVERY_LABELS, NEXT_ACTION_TEXT, REASON_LABELS, RESPONSE_LABELS } from '../../shared/i18n/status-labels.js';
import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { APPEAL_STATES, DELIVERY_STATES, ELIGIBILITY_REASONS, NEXT_ACTIONS, RESPONSE_STATES } from '../../shared/schemas/statuses.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';

describe('labels', () => {
  it('exist for every state, reason and action in every language', () => {
    for (const locale of LOCALES) {
      for (const s of DELIVERY_STATES) expect(DELIVERY_LABELS[s][locale]).toBeTruthy();
      for (const s of RESPONSE_STATES) expect(RESPONSE_LABELS[s][locale]).toBeTruthy();
      for (const s of APPEAL_STATES) expect(APPEAL_LABELS[s][locale]).toBeTruthy();
      for (const r of ELIGIBILITY_REASONS) expect(REASON_LABELS[r][locale]).toBeTruthy();
      for (const a of NEXT_ACTIONS) expect(NEXT_ACTION_TEXT[a][locale].advice.length).toBeGreaterThan(10);
    }
  });

  it('follow Office display language', () => {
    expect(localeFor('zh-CN')).toBe('zh-CN');
    expect(localeFor('zh-SG')).toBe('zh-CN');
    expect(localeFor('zh-TW')).toBe('zh-TW');
    expect(localeFor('zh-HK')).toBe('zh-TW');
    expect(localeFor('en-GB')).toBe('en');
    expect(localeFor('ja-JP')).toBe('en');
    expect(localeFor(undefined)).toBe('en');
  });
});

describe('drafts', () => {
  const row: OrderRow = {
    orderId: '111-0000004-0000004',
    timeZone: 'America/Los_Angeles',
    fulfillment: 'mfn',
    itemType: 'physical',
    chargeback: false,
    purchaseAt: Date.parse('2024-02-20T08:00:00-08:00'),
    maxEddAt: Date.parse('2024-03-01T00:00:00-08:00'),
    claimAt: Date.parse('2024-03-02T16:00:00-08:00'),
    claimReason: 'not_received',
    claimStatus: 'granted',
    decisionAt: Date.parse('2024-03-08T00:00:00-08:00'),
  };
  const result = evaluateRow(row, DEFAULT_POLICY, Date.parse('2024-03-15T19:00:00Z'), 5);

  it('fill the order facts into the response', () => {
    const text = responseDraft({ row, result });
    expect(text).toContain('Order 111-0000004-0000004');
    expect(text).toContain('the item was not received');
    expect(text).toContain('Claim filed: 2024-03-02 16:00 (America/Los_Angeles)');
    expect(text).toContain('no message received before the claim');
    expect(responseDraft({ row, result }, 'zh-CN')).toContain('未收到商品');
  });

  it('build the appeal from the four parts, citing why the claim was contestable', () => {
    expect(result.eligibilityReasons).toEqual(['filed_too_early', 'no_prior_contact']);
    const text = appealDraft({ row, result });
    expect(text).toMatch(/^Order 111-0000004-0000004: appeal of the A-to-z Guarantee decision of 2024-03-08 00:00/);
    for (const part of ['1. The decision', '2. Communication with the buyer', '3. Why the decision is unfair', '4. A fair resolution']) expect(text).toContain(part);
    expect(text).toContain('before the delivery grace period');
    expect(appealDraft({ row, result }, 'zh-TW')).toContain('寬限期');
  });
});
