import { describe, expect, it } from 'vitest';
import { canonicalColumnOf, mapHeader } from '../../shared/columns/map-header.js';
import { LOCALES } from '../../shared/i18n/locales.js';
import { readSheetHeader } from '../../shared/i18n/sheet-vocabulary.js';
import { FACT_COLUMNS, factColumnHeader, factColumnOf, factTexts } from '../../shared/sheet/fact-columns.js';

describe('fact columns', () => {
  it('the feedback rating header of every sheet language is the engine\'s feedbackRating column', () => {
    for (const language of LOCALES) {
      const header = factColumnHeader('feedbackRating', language);
      expect(mapHeader(['order-id', header]).feedbackRating, `${language}: ${header}`).toEqual({ index: 1, header });
      expect(factColumnOf(header)).toBe('feedbackRating');
    }
  });

  it('the other headers are read back in any language, are no engine column and none of the status block\'s', () => {
    for (const spec of FACT_COLUMNS.filter((s) => s.key !== 'feedbackRating')) {
      for (const language of LOCALES) {
        const header = factColumnHeader(spec.key, language);
        expect(factColumnOf(header), header).toBe(spec.key);
        expect(canonicalColumnOf(header), header).toBeUndefined();
        expect(readSheetHeader(header), header).toBeUndefined();
      }
    }
    // A report's own columns of the same fields.
    expect(factColumnOf('tracking-number')).toBe('trackingNumber');
    expect(factColumnOf('Carrier')).toBe('carrier');
    expect(factColumnOf('shipment-date')).toBe('shipDate');
    expect(factColumnOf('feedback-rating')).toBe('feedbackRating');
    expect(factColumnOf('my notes')).toBeUndefined();
    // The Returns report's "Tracking ID" is the return label's number, not the shipment's: never written over.
    expect(factColumnOf('Tracking ID')).toBeUndefined();
  });

  it('says every shipment\'s carrier and tracking, the latest ship date, the latest return and its refund, the rating', () => {
    expect(
      factTexts({
        shipments: [
          { carrier: 'UPS', trackingNumber: '1Z1', shippedAt: '2024-02-22T18:00:00.000Z' },
          { carrier: 'UPS', trackingNumber: '1Z2', shippedAt: '2024-02-21T18:00:00.000Z' },
        ],
        returns: [{ status: 'Requested' }, { status: 'Approved', requestedAt: '2024-03-12T07:00:00.000Z', refundedAmount: '12.50', currency: 'USD' }],
        feedback: { rating: 2 },
      }),
    ).toEqual({
      feedbackRating: '2',
      carrier: 'UPS',
      trackingNumber: '1Z1, 1Z2',
      shipDate: '2024-02-22T18:00:00.000Z',
      returnStatus: 'Approved',
      returnRequested: '2024-03-12T07:00:00.000Z',
      refundedAmount: '12.50 USD',
    });
    expect(factTexts({ shipments: [], returns: [] })).toEqual({});
  });
  it('the latest return is the one requested last, whatever order the reports were imported in', () => {
    const newer = { status: 'Approved', requestedAt: '2024-03-12T07:00:00.000Z', refundedAmount: '12.50', currency: 'USD' };
    const older = { status: 'Closed', requestedAt: '2024-02-01T07:00:00.000Z', refundedAmount: '3.00', currency: 'USD' };
    expect(factTexts({ shipments: [], returns: [newer, older] })).toEqual({ returnStatus: 'Approved', returnRequested: newer.requestedAt, refundedAmount: '12.50 USD' });
    expect(factTexts({ shipments: [], returns: [older, newer] })).toMatchObject({ returnStatus: 'Approved' });
  });
});
