import { describe, expect, it } from 'vitest';
import { delivery, lateThresholdDay } from '../../shared/rules/delivery.js';
import { at, dayNo, P, policy, row } from '../helpers/rows.js';

// Max EDD 2024-06-10 in Los Angeles (PDT, −07:00), written as the end of that day.
const EDD = '2024-06-10T23:59:59-07:00';
const notDelivered = row({ purchaseAt: '2024-06-01T09:00:00-07:00', maxEddAt: EDD, orderStatus: 'Shipped' });
const asOf = (iso: string) => delivery(notDelivered, P, at(iso));

describe('§2 not delivered: pending → at_risk → late around max EDD + 3 days', () => {
  it('as-of day = max EDD: pending (to its last millisecond)', () => {
    expect(asOf('2024-06-10T00:00:00-07:00')).toBe('pending');
    expect(asOf('2024-06-10T23:59:59.999-07:00')).toBe('pending');
    expect(asOf('2024-06-01T12:00:00-07:00')).toBe('pending');
  });
  it('max EDD + 1: at_risk', () => {
    expect(asOf('2024-06-11T00:00:00-07:00')).toBe('at_risk');
  });
  it('max EDD + 3: still at_risk', () => {
    expect(asOf('2024-06-13T00:00:00-07:00')).toBe('at_risk');
    expect(asOf('2024-06-13T23:59:59.999-07:00')).toBe('at_risk');
  });
  it('max EDD + 4: late', () => {
    expect(asOf('2024-06-14T00:00:00-07:00')).toBe('late');
    expect(asOf('2024-09-01T00:00:00-07:00')).toBe('late');
  });
  it('the last not-late day is max EDD + 3', () => {
    expect(lateThresholdDay(notDelivered, P)).toBe(dayNo('2024-06-13'));
  });
  it('lateGraceDays is a parameter', () => {
    const p5 = policy({ lateGraceDays: 5 });
    expect(delivery(notDelivered, p5, at('2024-06-15T23:59:59-07:00'))).toBe('at_risk');
    expect(delivery(notDelivered, p5, at('2024-06-16T00:00:00-07:00'))).toBe('late');
    const p0 = policy({ lateGraceDays: 0 });
    expect(delivery(notDelivered, p0, at('2024-06-10T23:59:59-07:00'))).toBe('pending');
    expect(delivery(notDelivered, p0, at('2024-06-11T00:00:00-07:00'))).toBe('late');
  });
});

describe('§2 delivered: compared with max EDD by calendar day', () => {
  it('delivered on the max EDD day (even its last second): on time', () => {
    const r = row({ maxEddAt: EDD, deliveredAt: '2024-06-10T23:59:59-07:00' });
    expect(delivery(r, P, at('2024-07-01T00:00:00-07:00'))).toBe('delivered_on_time');
  });
  it('delivered before the max EDD day, the max EDD given early in its day: on time', () => {
    const r = row({ maxEddAt: '2024-06-10T00:00:00-07:00', deliveredAt: '2024-06-10T20:00:00-07:00' });
    expect(delivery(r, P, at('2024-07-01T00:00:00-07:00'))).toBe('delivered_on_time');
  });
  it('delivered the day after: late', () => {
    const r = row({ maxEddAt: EDD, deliveredAt: '2024-06-11T00:00:00-07:00' });
    expect(delivery(r, P, at('2024-07-01T00:00:00-07:00'))).toBe('delivered_late');
  });
  it('a delivery date overrides the as-of day (a delivered order is never pending/at_risk/late)', () => {
    const r = row({ maxEddAt: EDD, deliveredAt: '2024-06-12T10:00:00-07:00' });
    expect(delivery(r, P, at('2024-06-20T00:00:00-07:00'))).toBe('delivered_late');
  });
});

describe('§2 cancelled: never late, whatever the spelling', () => {
  it.each(['Cancelled', 'Canceled', 'CANCELLED', 'canceled', ' Cancelled '])('%j', (status) => {
    expect(delivery(row({ maxEddAt: EDD, orderStatus: status }), P, at('2024-09-01T00:00:00-07:00'))).toBe('cancelled');
    expect(delivery(row({ maxEddAt: EDD, orderStatus: status, deliveredAt: '2024-06-20T00:00:00-07:00' }), P, at('2024-09-01T00:00:00-07:00'))).toBe('cancelled');
    expect(delivery(row({ orderStatus: status }), P, at('2024-09-01T00:00:00-07:00'))).toBe('cancelled');
  });
  it('other statuses are not cancellation', () => {
    for (const status of ['Shipped', 'Unshipped', 'Pending', 'Delivered']) {
      expect(delivery(row({ maxEddAt: EDD, orderStatus: status }), P, at('2024-09-01T00:00:00-07:00'))).toBe('late');
    }
  });
});

describe('§2 unknown: no max EDD', () => {
  it('not delivered, or delivered', () => {
    expect(delivery(row({ purchaseAt: '2024-01-01T00:00:00-08:00' }), P, at('2024-09-01T00:00:00-07:00'))).toBe('unknown');
    expect(delivery(row({ deliveredAt: '2024-06-01T00:00:00-07:00' }), P, at('2024-09-01T00:00:00-07:00'))).toBe('unknown');
  });
});

describe('§2 orderAgeCapDays: "not received" from the sooner of max EDD + 3 and purchase + 30', () => {
  // purchase 2024-05-12 → purchase + 30 = 2024-06-11, sooner than max EDD + 3 = 2024-06-13
  const capped = row({ purchaseAt: '2024-05-12T10:00:00-07:00', maxEddAt: EDD });
  const cap = policy({ orderAgeCapDays: 30 });
  it('off by default: the max EDD rule alone', () => {
    expect(delivery(capped, P, at('2024-06-12T12:00:00-07:00'))).toBe('at_risk');
    expect(delivery(capped, P, at('2024-06-13T12:00:00-07:00'))).toBe('at_risk');
  });
  it('on (30): late from the day after purchase + 30', () => {
    expect(lateThresholdDay(capped, cap)).toBe(dayNo('2024-06-11'));
    expect(delivery(capped, cap, at('2024-06-11T23:59:59-07:00'))).toBe('at_risk');
    expect(delivery(capped, cap, at('2024-06-12T00:00:00-07:00'))).toBe('late');
  });
  it('on, but max EDD + 3 is sooner: the max EDD rule', () => {
    const recent = row({ purchaseAt: '2024-06-01T10:00:00-07:00', maxEddAt: EDD });
    expect(lateThresholdDay(recent, cap)).toBe(dayNo('2024-06-13'));
    expect(delivery(recent, cap, at('2024-06-13T23:59:59-07:00'))).toBe('at_risk');
    expect(delivery(recent, cap, at('2024-06-14T00:00:00-07:00'))).toBe('late');
  });
  it('on, and purchase + 30 before the max EDD: late the day after max EDD', () => {
    // purchase 2024-04-20 → purchase + 30 = 2024-05-20, long before the max EDD 2024-06-10
    const longLead = row({ purchaseAt: '2024-04-20T10:00:00-07:00', maxEddAt: EDD });
    expect(delivery(longLead, cap, at('2024-06-11T00:00:00-07:00'))).toBe('late');
    // the buyer may file "not received" from 05-21 on, before the max EDD: late, not pending
    expect(delivery(longLead, cap, at('2024-05-20T23:59:59-07:00'))).toBe('pending');
    expect(delivery(longLead, cap, at('2024-05-21T00:00:00-07:00'))).toBe('late');
    expect(delivery(longLead, P, at('2024-05-21T00:00:00-07:00'))).toBe('pending');
  });
});

describe('§1/§2 calendar days are counted in the marketplace zone', () => {
  it('Tokyo: an as-of that is already the next day in Tokyo but not in UTC', () => {
    const r = row({ timeZone: 'Asia/Tokyo', maxEddAt: '2024-06-10T12:00:00+09:00' });
    // 2024-06-13T15:00Z = 2024-06-14 00:00 JST = max EDD + 4 in Tokyo (still 06-13 in UTC)
    expect(delivery(r, P, at('2024-06-13T14:59:59.999Z'))).toBe('at_risk');
    expect(delivery(r, P, at('2024-06-13T15:00:00Z'))).toBe('late');
    // 2024-06-10T15:00Z = 06-11 00:00 JST
    expect(delivery(r, P, at('2024-06-10T14:59:59.999Z'))).toBe('pending');
    expect(delivery(r, P, at('2024-06-10T15:00:00Z'))).toBe('at_risk');
  });
  it('Tokyo: a max EDD instant on the previous UTC day is the Tokyo day', () => {
    // 2024-06-09T20:00Z = 2024-06-10 05:00 JST: max EDD day 06-10, not 06-09
    const r = row({ timeZone: 'Asia/Tokyo', maxEddAt: '2024-06-09T20:00:00Z' });
    expect(delivery(r, P, at('2024-06-13T12:00:00+09:00'))).toBe('at_risk');
    expect(delivery(r, P, at('2024-06-14T00:00:00+09:00'))).toBe('late');
    expect(delivery(row({ timeZone: 'Asia/Tokyo', maxEddAt: '2024-06-09T20:00:00Z', deliveredAt: '2024-06-10T14:59:59Z' }), P, at('2024-07-01T00:00:00Z'))).toBe(
      'delivered_on_time',
    );
  });
  it('Los Angeles: an as-of that is still the previous day in LA though the next in UTC', () => {
    // 2024-06-14T06:59:59Z = 2024-06-13 23:59:59 PDT = max EDD + 3
    expect(asOf('2024-06-14T06:59:59.999Z')).toBe('at_risk');
    expect(asOf('2024-06-14T07:00:00Z')).toBe('late');
    // delivered 2024-06-11T06:30Z = 06-10 23:30 PDT: on the max EDD day
    expect(delivery(row({ maxEddAt: EDD, deliveredAt: '2024-06-11T06:30:00Z' }), P, at('2024-07-01T00:00:00Z'))).toBe('delivered_on_time');
    expect(delivery(row({ maxEddAt: EDD, deliveredAt: '2024-06-11T07:00:00Z' }), P, at('2024-07-01T00:00:00Z'))).toBe('delivered_late');
  });
  it('Kolkata: a max EDD of 2025-08-21T18:29:59+00:00 is 23:59:59 on 2025-08-21 IST', () => {
    const r = row({ timeZone: 'Asia/Kolkata', maxEddAt: '2025-08-21T18:29:59+00:00' });
    expect(delivery(r, P, at('2025-08-21T18:29:59+00:00'))).toBe('pending');
    expect(delivery(r, P, at('2025-08-21T18:30:00+00:00'))).toBe('at_risk'); // 08-22 00:00 IST
    expect(delivery(r, P, at('2025-08-24T18:29:59.999+00:00'))).toBe('at_risk'); // 08-24 23:59:59.999 IST
    expect(delivery(r, P, at('2025-08-24T18:30:00+00:00'))).toBe('late'); // 08-25 00:00 IST
    const deliveredOnDay = row({ timeZone: 'Asia/Kolkata', maxEddAt: '2025-08-21T18:29:59+00:00', deliveredAt: '2025-08-21T18:29:59+00:00' });
    const deliveredNextDay = row({ timeZone: 'Asia/Kolkata', maxEddAt: '2025-08-21T18:29:59+00:00', deliveredAt: '2025-08-21T18:30:00+00:00' });
    expect(delivery(deliveredOnDay, P, at('2025-09-01T00:00:00Z'))).toBe('delivered_on_time');
    expect(delivery(deliveredNextDay, P, at('2025-09-01T00:00:00Z'))).toBe('delivered_late');
  });
  it('the same max EDD instant is a different day in Tokyo (2025-08-22 03:29:59 JST)', () => {
    const r = row({ timeZone: 'Asia/Tokyo', maxEddAt: '2025-08-21T18:29:59+00:00' });
    expect(delivery(r, P, at('2025-08-22T23:59:59+09:00'))).toBe('pending');
    expect(delivery(r, P, at('2025-08-25T23:59:59+09:00'))).toBe('at_risk');
    expect(delivery(r, P, at('2025-08-26T00:00:00+09:00'))).toBe('late');
  });
  it('Los Angeles across spring-forward: max EDD 2024-03-09 (PST), late from 2024-03-13 00:00 PDT', () => {
    const r = row({ maxEddAt: '2024-03-09T18:00:00-08:00' });
    expect(delivery(r, P, at('2024-03-12T23:59:59-07:00'))).toBe('at_risk');
    expect(delivery(r, P, at('2024-03-13T00:00:00-07:00'))).toBe('late');
  });
  it('London across fall-back: max EDD 2024-10-26 (BST), late from 2024-10-30 00:00 GMT', () => {
    const r = row({ timeZone: 'Europe/London', maxEddAt: '2024-10-26T12:00:00+01:00' });
    expect(delivery(r, P, at('2024-10-29T23:30:00+00:00'))).toBe('at_risk');
    expect(delivery(r, P, at('2024-10-30T00:00:00+00:00'))).toBe('late');
  });
});
