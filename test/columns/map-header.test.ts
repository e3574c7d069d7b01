import { describe, expect, it } from 'vitest';
import { canonicalColumnOf, mapHeader } from '../../shared/columns/map-header.js';
import { normalizeName } from '../../shared/columns/normalize.js';
import { claimReasons, claimStatuses, fulfillments, itemTypes, yesNo } from '../../shared/columns/vocabulary.js';

describe('header names', () => {
  it('ignore case, spaces, dashes and underscores', () => {
    for (const spelling of ['Claim Date', 'claim-date', 'claim_date', 'CLAIMDATE', ' claim - date ', 'Claim\u3000Date']) {
      expect(canonicalColumnOf(spelling)).toBe('claimDate');
    }
    expect(normalizeName('\uFEFFamazon-order-id')).toBe('amazonorderid');
  });

  it('know every alias the issue names', () => {
    const expected: Record<string, string> = {
      'amazon-order-id': 'orderId',
      'order-id': 'orderId',
      'Order ID': 'orderId',
      'purchase-date': 'purchaseDate',
      'order-status': 'orderStatus',
      'fulfillment-channel': 'fulfillmentChannel',
      'sales-channel': 'salesChannel',
      'item-type': 'itemType',
      'latest-delivery-date': 'maxEdd',
      'delivery-end-date': 'maxEdd',
      'promise-date': 'maxEdd',
      'estimated-arrival-date': 'maxEdd',
      'delivered-date': 'deliveredDate',
      'delivery-date': 'deliveredDate',
      'claim-date': 'claimDate',
      'claim-reason': 'claimReason',
      'claim-status': 'claimStatus',
      'buyer-contact-date': 'buyerContactDate',
      'response-date': 'responseDate',
      'decision-date': 'decisionDate',
      'appeal-date': 'appealDate',
      chargeback: 'chargeback',
      'feedback-rating': 'feedbackRating',
    };
    for (const [header, column] of Object.entries(expected)) expect(canonicalColumnOf(header), header).toBe(column);
  });

  it('know Chinese names of the claim-tracking columns, simplified and traditional', () => {
    const expected: Record<string, string> = {
      订单号: 'orderId',
      訂單號: 'orderId',
      索赔日期: 'claimDate',
      索賠日期: 'claimDate',
      索赔原因: 'claimReason',
      索赔状态: 'claimStatus',
      索賠狀態: 'claimStatus',
      买家联系日期: 'buyerContactDate',
      回复日期: 'responseDate',
      回覆日期: 'responseDate',
      裁决日期: 'decisionDate',
      申诉日期: 'appealDate',
      申訴日期: 'appealDate',
      最晚送达日期: 'maxEdd',
      送达日期: 'deliveredDate',
    };
    for (const [header, column] of Object.entries(expected)) expect(canonicalColumnOf(header), header).toBe(column);
  });

  it('prefer the better alias when a report has several, and let the picker override', () => {
    const headers = ['order-id', 'promise-date', 'latest-delivery-date', 'My EDD'];
    expect(mapHeader(headers).maxEdd).toEqual({ index: 2, header: 'latest-delivery-date' });
    expect(mapHeader(headers, { maxEdd: 'my edd' }).maxEdd).toEqual({ index: 3, header: 'My EDD' });
    expect(mapHeader(['x', 'y']).orderId).toBeUndefined();
  });
});

describe('vocabulary', () => {
  it('reads enum cells forgivingly', () => {
    expect(claimReasons.read('Not received')).toBe('not_received');
    expect(claimReasons.read('NOT-RECEIVED')).toBe('not_received');
    expect(claimReasons.read('not_as_described')).toBe('not_as_described');
    expect(claimReasons.read('未收到')).toBe('not_received');
    expect(claimReasons.read('lost in space')).toBeUndefined();
    expect(claimStatuses.read('Amazon Funded')).toBe('amazon_funded');
    expect(claimStatuses.read('已撤回')).toBe('withdrawn');
    expect(itemTypes.read('Gift Card')).toBe('stored_value');
    expect(itemTypes.read('stored value')).toBe('stored_value');
    expect(fulfillments.read('AFN')).toBe('afn');
    expect(fulfillments.read('Amazon')).toBe('afn');
    expect(fulfillments.read('Merchant')).toBe('mfn');
    expect(fulfillments.read('MFN')).toBe('mfn');
    for (const yes of ['yes', 'Y', 'true', 'TRUE', '1']) expect(yesNo.read(yes)).toBe('yes');
    for (const no of ['no', 'N', 'false', '0']) expect(yesNo.read(no)).toBe('no');
    expect(yesNo.read('maybe')).toBeUndefined();
  });
});
