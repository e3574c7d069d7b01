import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../shared/policy/schema.js';

function issuesOf(input: unknown): string[] {
  try {
    parsePolicy(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).issues;
  }
  throw new Error('expected a PolicyError');
}

describe('policy defaults are the numbers of docs/rules.md', () => {
  it('every parameter', () => {
    expect(parsePolicy({})).toEqual({
      lateGraceDays: 3, // §2
      orderAgeCapDays: null, // §2: off by default
      claimWindowDays: 90, // §3
      noEddStandInDays: 30, // §3: purchase date + 30 days stands in for the max EDD
      contactFirstHours: 48, // §3
      requireContactFirst: true, // §3: on by default
      responseWindowHours: 72, // §4
      dueSoonHours: 24, // §4
      appealWindowDays: 30, // §5
      odrWindowDays: 60, // §6
      odrLagDays: 14, // §6
      odrTarget: 0.01, // §6: < 1 %
      defaultTimeZone: 'America/Los_Angeles', // §1
      timeZone: null, // §1: by sales channel unless the user overrides
      channelTimeZones: {},
    });
    expect(DEFAULT_POLICY).toEqual(parsePolicy({}));
    expect(parsePolicy(undefined)).toEqual(DEFAULT_POLICY);
    expect(parsePolicy(null)).toEqual(DEFAULT_POLICY);
  });

  it('the day window of §6 spans as-of −73 … −14', () => {
    expect(DEFAULT_POLICY.odrLagDays + DEFAULT_POLICY.odrWindowDays - 1).toBe(73);
  });
});

describe('overrides', () => {
  it('keep the other defaults', () => {
    const p = parsePolicy({ responseWindowHours: 48, orderAgeCapDays: 30, requireContactFirst: false, timeZone: 'Asia/Tokyo' });
    expect(p.responseWindowHours).toBe(48);
    expect(p.orderAgeCapDays).toBe(30);
    expect(p.requireContactFirst).toBe(false);
    expect(p.timeZone).toBe('Asia/Tokyo');
    expect(p.lateGraceDays).toBe(3);
    expect(p.claimWindowDays).toBe(90);
  });
  it('orderAgeCapDays can be turned off again with null', () => {
    expect(parsePolicy({ orderAgeCapDays: null }).orderAgeCapDays).toBeNull();
  });
});

describe('bad overrides give readable messages: path and message', () => {
  it('negative number', () => {
    const issues = issuesOf({ lateGraceDays: -1 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^lateGraceDays: /);
    expect(issues[0]).toMatch(/0/);
  });
  it('wrong type', () => {
    expect(issuesOf({ responseWindowHours: '72' })[0]).toMatch(/^responseWindowHours: .*number/);
    expect(issuesOf({ requireContactFirst: 'yes' })[0]).toMatch(/^requireContactFirst: .*boolean/);
  });
  it('fractional days', () => {
    expect(issuesOf({ claimWindowDays: 1.5 })[0]).toMatch(/^claimWindowDays: .*int/);
  });
  it('rate above 1', () => {
    expect(issuesOf({ odrTarget: 2 })[0]).toMatch(/^odrTarget: /);
  });
  it('not a time zone, at the top and inside the channel map', () => {
    expect(issuesOf({ defaultTimeZone: 'Nowhere/Land' })[0]).toMatch(/^defaultTimeZone: .*IANA time zone/);
    expect(issuesOf({ timeZone: 'Atlantis/Capital' })[0]).toMatch(/^timeZone: .*IANA time zone/);
    expect(issuesOf({ channelTimeZones: { 'Amazon.com.br': 'Mars/Base' } })[0]).toMatch(/^channelTimeZones\.Amazon\.com\.br: .*IANA time zone/);
  });
  it('several problems are all listed', () => {
    const issues = issuesOf({ lateGraceDays: -1, odrTarget: 5 });
    expect(issues).toHaveLength(2);
    const err = (() => {
      try {
        parsePolicy({ lateGraceDays: -1, odrTarget: 5 });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(/lateGraceDays/);
    expect(err?.message).toMatch(/odrTarget/);
  });
  it('unknown keys are rejected and named', () => {
    const issues = issuesOf({ lateGraceDayz: 5 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/lateGraceDayz/);
  });
  it('not an object', () => {
    expect(issuesOf(5)).toHaveLength(1);
    expect(issuesOf('policy')).toHaveLength(1);
  });
});
