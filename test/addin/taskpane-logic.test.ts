import { describe, expect, it } from 'vitest';
import { en } from '../../addin/taskpane/i18n/en.js';
import { zhCN } from '../../addin/taskpane/i18n/zh-CN.js';
import { zhTW } from '../../addin/taskpane/i18n/zh-TW.js';
import { draftText, orderRowOf } from '../../addin/taskpane/row-help/drafts.js';
import { draftOf, POLICY_FIELDS, readDraft, type PolicyDraft } from '../../addin/taskpane/settings/policy-form.js';
import { UserSettingsStore } from '../../addin/taskpane/user-settings.js';
import type { RowFacts } from '../../addin/excel/index.js';
import { responseDraft } from '../../shared/drafts/claim-drafts.js';
import { DEFAULT_POLICY, PolicySchema } from '../../shared/policy/schema.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';

/** The task pane's plain logic, without a browser: per-user settings, the settings form, draft facts. */

function memoryStorage() {
  const items = new Map<string, string>();
  return { items, getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) };
}

describe('per-user settings (localStorage scoped by Office.context.partitionKey)', () => {
  it('prefixes the key with the partition key and stores only what differs from the defaults', () => {
    const storage = memoryStorage();
    const store = new UserSettingsStore(storage, 'partition-7/');
    store.save({ policy: { lateGraceDays: 3, claimWindowDays: 60, odrTarget: 0.01 }, dateOrder: 'DMY', locale: 'zh-TW' });
    expect([...storage.items.keys()]).toEqual(['partition-7/atoz-guard.user-settings.v1']);
    expect(JSON.parse(storage.items.get('partition-7/atoz-guard.user-settings.v1')!)).toEqual({ policy: { claimWindowDays: 60 }, dateOrder: 'DMY', locale: 'zh-TW' });
    expect(new UserSettingsStore(storage, 'partition-7/').load()).toEqual({ policy: { claimWindowDays: 60 }, dateOrder: 'DMY', locale: 'zh-TW' });
    expect(new UserSettingsStore(storage, 'another/').load()).toEqual({ policy: {} });
  });

  it('drops stored entries that are no longer valid, one by one', () => {
    const storage = memoryStorage();
    storage.setItem(
      'atoz-guard.user-settings.v1',
      JSON.stringify({ policy: { lateGraceDays: -1, claimWindowDays: 60, retired: true, timeZone: 'Mars/Base' }, dateOrder: 'YMD', locale: 'fr' }),
    );
    expect(new UserSettingsStore(storage, undefined).load()).toEqual({ policy: { claimWindowDays: 60 } });
    storage.setItem('atoz-guard.user-settings.v1', '{not json');
    expect(new UserSettingsStore(storage, undefined).load()).toEqual({ policy: {} });
  });

  it('keeps the settings for the session when localStorage refuses', () => {
    const blocked = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const store = new UserSettingsStore(blocked, undefined);
    store.save({ policy: { responseWindowHours: 48 } });
    expect(store.load()).toEqual({ policy: { responseWindowHours: 48 } });
  });
});

describe('the settings form', () => {
  const edit = (patch: Partial<PolicyDraft>, numbers: PolicyDraft['numbers'] = {}) => {
    const draft = draftOf(DEFAULT_POLICY);
    return readDraft({ ...draft, ...patch, numbers: { ...draft.numbers, ...numbers } }, en);
  };

  it('has a field for every policy parameter', () => {
    expect(Object.keys(POLICY_FIELDS).sort()).toEqual(Object.keys(PolicySchema.shape).sort());
    for (const strings of [en, zhCN, zhTW]) expect(Object.keys(strings.settings.fields).sort()).toEqual(Object.keys(PolicySchema.shape).sort());
  });

  it('reads back the defaults unchanged; the ODR target is edited in percent', () => {
    expect(draftOf(DEFAULT_POLICY).numbers.odrTarget).toBe('1');
    expect(edit({})).toEqual({ ok: true, policy: DEFAULT_POLICY });
    expect(edit({}, { odrTarget: '0,5' })).toMatchObject({ ok: true, policy: { odrTarget: 0.005 } });
  });

  it('turns the order-age cap on and off', () => {
    expect(edit({ orderAgeCapOn: true })).toMatchObject({ ok: true, policy: { orderAgeCapDays: 30 } });
    expect(edit({ orderAgeCapOn: false }, { orderAgeCapDays: 'x' })).toMatchObject({ ok: true, policy: { orderAgeCapDays: null } });
  });

  it('names each bad field with PolicySchema\'s reason, in the user\'s language and unit', () => {
    const result = edit({ defaultTimeZone: 'Mars/Base', timeZone: 'Nowhere' }, { lateGraceDays: 'three', claimWindowDays: '1.5', dueSoonHours: '-1', odrTarget: '150' });
    expect(result).toEqual({
      ok: false,
      errors: {
        lateGraceDays: 'Enter a number.',
        claimWindowDays: 'Enter a whole number.',
        dueSoonHours: 'At least 0.',
        odrTarget: 'At most 100.',
        defaultTimeZone: 'Not an IANA time zone (e.g. America/Los_Angeles).',
        timeZone: 'Not an IANA time zone (e.g. America/Los_Angeles).',
      },
    });
    const chinese = readDraft({ ...draftOf(DEFAULT_POLICY), numbers: { ...draftOf(DEFAULT_POLICY).numbers, appealWindowDays: '-3' } }, zhCN);
    expect(chinese).toEqual({ ok: false, errors: { appealWindowDays: '不能小于 0。' } });
  });

  it('checks the extra sales channels row by row', () => {
    const channels = [
      { channel: 'Amazon.com.mx', zone: 'America/Mexico_City' },
      { channel: '', zone: 'Europe/Paris' },
      { channel: 'Amazon.com.mx', zone: 'America/Cancun' },
      { channel: 'Amazon.xx', zone: 'Mars/Base' },
    ];
    expect(edit({ channels })).toEqual({
      ok: false,
      errors: { channels: { 1: 'Enter the sales channel name.', 2: 'This channel is listed twice.', 3: 'Not an IANA time zone (e.g. America/Los_Angeles).' } },
    });
    expect(edit({ channels: channels.slice(0, 1) })).toMatchObject({ ok: true, policy: { channelTimeZones: { 'Amazon.com.mx': 'America/Mexico_City' } } });
  });
});

describe('draft facts from the row help', () => {
  it('give the drafts the same order facts, minute for minute, across a DST change', () => {
    const row: OrderRow = {
      orderId: '111-0000004-0000004',
      timeZone: 'America/Los_Angeles',
      fulfillment: 'mfn',
      itemType: 'physical',
      chargeback: false,
      purchaseAt: Date.parse('2024-02-20T08:00:00-08:00'),
      maxEddAt: Date.parse('2024-03-01T00:00:00-08:00'),
      claimAt: Date.parse('2024-03-13T16:00:00-07:00'),
      buyerContactAt: Date.parse('2024-03-09T10:00:00-08:00'),
      claimReason: 'not_received',
      claimStatus: 'open',
    };
    const facts: RowFacts = {
      orderId: row.orderId,
      timeZone: row.timeZone,
      fulfillment: 'mfn',
      itemType: 'physical',
      chargeback: false,
      claimReason: 'not_received',
      claimStatus: 'open',
      dates: { purchase: '2024-02-20 08:00', maxEstimatedDelivery: '2024-03-01 00:00', claim: '2024-03-13 16:00', buyerContact: '2024-03-09 10:00' },
    };
    expect(orderRowOf(facts)).toEqual(row);
    const result = evaluateRow(row, DEFAULT_POLICY, Date.parse('2024-03-15T12:00:00-07:00'), 5);
    expect(draftText('response', facts, result, 'en')).toBe(responseDraft({ row, result }, 'en'));
  });
});
