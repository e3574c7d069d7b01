import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../shared/alerts/settings.js';
import { alertWorker, onCleanup, putLines, receiver, testClock, type Received } from './harness.js';

const H = 3_600_000;
const D = 24 * H;
const SECRET = 'a-webhook-secret-of-the-team';
const CLAIM_AT = Date.parse('2024-03-13T16:00:00-07:00');

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-alerts-'));
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const clock = testClock(CLAIM_AT + H);
  const { store, alerts } = await alertWorker({ dataDir: dir }, clock.now);
  const account = await store.createAccount('seller');
  const hook = await receiver();
  await alerts.addChannel(account, { kind: 'webhook', name: 'ops', url: `${hook.url}/hook`, secret: SECRET });
  await alerts.sweep(); // the account's baseline: nothing stored yet
  return { store, alerts, account, hook, clock };
}

/** The webhook's body, after checking its signature as a receiver would. */
function verified(request: Received) {
  const timestamp = String(request.headers['x-atoz-timestamp']);
  const expected = createHmac('sha256', SECRET).update(`${timestamp}.${request.body}`).digest('hex');
  expect(request.headers['x-atoz-signature']).toBe(`v1=${expected}`);
  return JSON.parse(request.body) as { id: string; event: string; title: string; text: string; orderId: string | null };
}

const events = (received: Received[]) => received.map((r) => verified(r).event);

describe('the first sweep of an account', () => {
  it('marks what is open already as seen without sending it; what comes after is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoz-alerts-'));
    onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    const clock = testClock(CLAIM_AT + H);
    const { store, alerts } = await alertWorker({ dataDir: dir }, clock.now);
    const account = await store.createAccount('seller');
    await putLines(store, account, [{ claimAt: CLAIM_AT }, { claimAt: CLAIM_AT - 80 * H }]);
    const hook = await receiver();
    await alerts.addChannel(account, { kind: 'webhook', name: 'ops', url: `${hook.url}/hook`, secret: SECRET });
    expect(await alerts.sweep()).toMatchObject({ events: 3, queued: 0 }); // two new claims, one of them overdue: none sent
    await alerts.drain();
    expect(hook.received).toEqual([]);
    await putLines(store, account, [{ orderId: '111-0000099-0000099', claimAt: CLAIM_AT }]);
    expect(await alerts.sweep()).toMatchObject({ events: 1, queued: 1 });
    await alerts.drain();
    expect(events(hook.received)).toEqual(['new_claim']);
  });
});

describe('the sweep walks through a claim\'s deadlines with an injected clock', () => {
  it('tells of a new claim, then its answer due within 24 h, then overdue: each once, whatever the number of sweeps', async () => {
    const { store, alerts, account, hook, clock } = await setup();
    await alerts.putSettings(account, { ...DEFAULT_ALERT_SETTINGS, digestAt: null, timeZone: 'Asia/Shanghai', disabled: ['odr_over_target'] });
    await putLines(store, account, [{ orderId: '111-0000004-0000004', purchaseAt: Date.parse('2024-02-20T08:00:00-08:00'), claimAt: CLAIM_AT, claimReason: 'damaged' }]);

    await alerts.sweep();
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['new_claim']);
    const first = verified(hook.received[0]!);
    expect(first.orderId).toBe('111-0000004-0000004');
    // The deadline in the marketplace's time and the readers': 72 h after 16:00 PDT on 13 March.
    expect(first.text).toContain('2024-03-16 16:00 (marketplace time, America/Los_Angeles) = 2024-03-17 07:00 (your time, Asia/Shanghai)');
    expect(hook.received[0]!.headers['idempotency-key']).toBe(first.id);

    clock.set(CLAIM_AT + 47 * H); // 25 h left: not yet
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['new_claim']);

    clock.set(CLAIM_AT + 49 * H); // 23 h left
    await alerts.sweep();
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['new_claim', 'claim_due_soon']);

    clock.set(CLAIM_AT + 72 * H + 60_000);
    await alerts.sweep();
    await alerts.drain();
    clock.advance(D);
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['new_claim', 'claim_due_soon', 'claim_overdue']);
    const deliveries = await alerts.listDeliveries(account, { limit: 10 });
    expect(deliveries.map((d) => d.state)).toEqual(['sent', 'sent', 'sent']);
    expect(new Set(deliveries.map((d) => d.idempotencyKey)).size).toBe(3);
  });

  it('tells of an appeal window closing within 3 days and of an order turned late, in the account\'s language', async () => {
    const { store, alerts, account, hook, clock } = await setup();
    await alerts.putSettings(account, { ...DEFAULT_ALERT_SETTINGS, digestAt: null, language: 'zh-CN', disabled: ['new_claim'] });
    const decision = Date.parse('2024-03-01T10:00:00-08:00');
    await putLines(store, account, [
      { orderId: '111-0000009-0000009', claimAt: Date.parse('2024-02-20T10:00:00-08:00'), claimStatus: 'granted', decisionAt: decision, responseAt: Date.parse('2024-02-21T10:00:00-08:00') },
      { orderId: '111-0000003-0000003', purchaseAt: Date.parse('2024-02-26T18:30:00-08:00'), maxEddAt: Date.parse('2024-03-06T00:00:00-08:00') },
    ]);
    clock.set(Date.parse('2024-03-09T12:00:00-08:00')); // EDD 6 March + 3 days' grace: late from 10 March
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual([]);

    clock.set(Date.parse('2024-03-10T12:00:00-07:00'));
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['order_late']);
    expect(verified(hook.received[0]!).title).toBe('订单已延误：买家现在可以提出“未收到”索赔');

    clock.set(Date.parse('2024-03-28T12:00:00-07:00')); // appeal last day 31 March: 3 days left
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['order_late', 'appeal_closing']);
    expect(verified(hook.received[1]!).text).toContain('最后一天: 2024-03-31');
  });

  it('sends the digest once a day from its time on the readers\' clock', async () => {
    const { store, alerts, account, hook, clock } = await setup();
    await alerts.putSettings(account, { ...DEFAULT_ALERT_SETTINGS, digestAt: '08:30', timeZone: 'Asia/Shanghai', disabled: ['new_claim', 'claim_due_soon'] });
    await putLines(store, account, [{ claimAt: CLAIM_AT }]);
    clock.set(Date.parse('2024-03-14T08:29:00+08:00'));
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual([]);
    clock.set(Date.parse('2024-03-14T08:30:00+08:00'));
    await alerts.sweep();
    clock.advance(H);
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['digest']);
    expect(verified(hook.received[0]!).text).toContain('Claims due: 1 (due within a day: 0, overdue: 0)');
    clock.set(Date.parse('2024-03-15T09:00:00+08:00'));
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['digest', 'digest']);
  });

  it('tells when the ODR crosses its target, once, and again after it went back under', async () => {
    const { store, alerts, account, hook, clock } = await setup();
    await alerts.putSettings(account, { ...DEFAULT_ALERT_SETTINGS, digestAt: null, disabled: ['new_claim', 'claim_due_soon', 'claim_overdue'] });
    const purchase = Date.parse('2024-02-01T10:00:00-08:00');
    const orders = Array.from({ length: 50 }, (_, i) => ({ orderId: `111-5000000-${String(i).padStart(7, '0')}`, purchaseAt: purchase }));
    await putLines(store, account, orders);
    clock.set(Date.parse('2024-03-15T12:00:00-07:00'));
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual([]);
    await putLines(store, account, [{ ...orders[0]!, feedbackRating: 1 }]); // 1 of 50 = 2 % ≥ 1 %
    await alerts.sweep();
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['odr_over_target']);
    expect(verified(hook.received[0]!).text).toContain('ODR 2.00 % (target below 1.00 %)');

    const more = Array.from({ length: 100 }, (_, i) => ({ orderId: `111-6000000-${String(i).padStart(7, '0')}`, purchaseAt: purchase }));
    await putLines(store, account, more); // 1 of 150: under the target again
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['odr_over_target']);
    await putLines(store, account, [{ ...more[0]!, feedbackRating: 2 }]); // 2 of 150: over again
    clock.advance(H);
    await alerts.sweep();
    await alerts.drain();
    expect(events(hook.received)).toEqual(['odr_over_target', 'odr_over_target']);
  });
});
