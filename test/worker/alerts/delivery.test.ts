import { spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../shared/alerts/settings.js';
import { BACKENDS } from '../store/backends.js';
import { alertWorker, putLines, receiver, TEST_KEY, testClock, until } from './harness.js';

const CHILD = fileURLToPath(new URL('./deliver-child.ts', import.meta.url));
const NOW = Date.parse('2024-03-15T19:00:00Z');
const ONLY_NEW_CLAIMS = { ...DEFAULT_ALERT_SETTINGS, digestAt: null, disabled: ['claim_due_soon', 'claim_overdue', 'odr_over_target', 'order_late', 'appeal_closing'] as const };
const claims = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ orderId: `111-7000000-${String(from + i).padStart(7, '0')}`, claimAt: NOW - 3_600_000 }));

describe.each(BACKENDS)('delivery on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('a channel that does not answer delays no other; its 500 is retried with backoff until sent', async () => {
    const location = await backend.location();
    const clock = testClock(NOW);
    const { store, alerts } = await alertWorker(location, clock.now, { timeoutMs: 60_000 });
    const account = await store.createAccount('seller');
    await alerts.putSettings(account, { ...ONLY_NEW_CLAIMS, disabled: [...ONLY_NEW_CLAIMS.disabled] });
    const held: ServerResponse[] = [];
    let answers = 0;
    const slow = await receiver((_, res) => {
      answers++;
      if (answers === 1) held.push(res); // the first request hangs
      else if (answers === 2) {
        res.statusCode = 500;
        res.end('busy');
      } else res.end('ok');
    });
    const fast = await receiver();
    const slowChannel = await alerts.addChannel(account, { kind: 'slack', name: 'slow', url: `${slow.url}/x` });
    await alerts.addChannel(account, { kind: 'slack', name: 'fast', url: `${fast.url}/x` });
    await alerts.sweep(); // the account's baseline
    await putLines(store, account, claims(1));
    expect((await alerts.sweep()).queued).toBe(2);
    await alerts.poll();
    await until(() => fast.received.length === 1 && held.length === 1);
    const states = async () => Object.fromEntries((await alerts.listDeliveries(account, { limit: 10 })).map((d) => [d.channelId === slowChannel.id ? 'slow' : 'fast', d.state]));
    await until(async () => (await states()).fast === 'sent');
    expect(await states()).toEqual({ slow: 'sending', fast: 'sent' });

    held[0]!.statusCode = 503;
    held[0]!.end('later');
    await alerts.drain();
    const [first] = await alerts.listDeliveries(account, { channelId: slowChannel.id, limit: 1 });
    expect(first).toMatchObject({ state: 'pending', nextAttemptAt: new Date(NOW + 30_000).toISOString() });
    clock.advance(30_000);
    await alerts.drain(); // the 500
    clock.advance(59_999);
    await alerts.drain(); // not yet due: 60 s after the second attempt
    expect(slow.received).toHaveLength(2);
    clock.advance(1);
    await alerts.drain();
    const [done] = await alerts.listDeliveries(account, { channelId: slowChannel.id, limit: 1 });
    expect(done!.state).toBe('sent');
    expect(done!.attempts.map((a) => [a.outcome, a.status])).toEqual([
      ['retry', 503],
      ['retry', 500],
      ['sent', 200],
    ]);
    expect(new Set(slow.received.map((r) => r.body)).size).toBe(1);
    expect(fast.received).toHaveLength(1);
  });

  it('kill -9 while sending: the message is sent once more, with the same idempotency key, and no more', async () => {
    const location = await backend.location();
    const clock = testClock(NOW);
    const { store, alerts } = await alertWorker(location, clock.now);
    const account = await store.createAccount('seller');
    await alerts.putSettings(account, { ...ONLY_NEW_CLAIMS, disabled: [...ONLY_NEW_CLAIMS.disabled] });
    let hang = true;
    const hook = await receiver((_, res) => {
      if (!hang) res.end('ok');
    });
    await alerts.addChannel(account, { kind: 'webhook', name: 'hook', url: `${hook.url}/x`, secret: 'a-secret-of-16-chars' });
    await alerts.sweep(); // the account's baseline
    await putLines(store, account, claims(1));
    await alerts.sweep();

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ location, now: NOW, key: TEST_KEY })], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => hook.received.length === 1);
    child.kill('SIGKILL');
    await exited;
    const [orphan] = await alerts.listDeliveries(account, { limit: 1 });
    expect(orphan!.state).toBe('sending');

    // Within the dead worker's lease nobody sends it; after, this worker does, once.
    hang = false;
    await alerts.drain();
    expect(hook.received).toHaveLength(1);
    clock.advance(60_000 * 2 + 30_000 + 1);
    await alerts.drain();
    await alerts.sweep();
    await alerts.drain();
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.headers['idempotency-key']).toBe(hook.received[0]!.headers['idempotency-key']);
    expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
    const [sent] = await alerts.listDeliveries(account, { limit: 1 });
    expect(sent!.state).toBe('sent');
  }, 30_000);
});

const postgres = BACKENDS.find((b) => b.name === 'postgres');
describe.runIf(postgres)('three workers on one PostgreSQL', () => {
  afterAll(() => postgres!.cleanup());

  it('deliver one set of events: each message exactly once', async () => {
    const location = await postgres!.location();
    const clock = testClock(NOW);
    const workers = await Promise.all([1, 2, 3].map(() => alertWorker(location, clock.now, { concurrency: 4 })));
    const [{ store, alerts }] = workers as [(typeof workers)[0]];
    const account = await store.createAccount('seller');
    await alerts.putSettings(account, { ...ONLY_NEW_CLAIMS, disabled: [...ONLY_NEW_CLAIMS.disabled] });
    const a = await receiver();
    const b = await receiver();
    await alerts.addChannel(account, { kind: 'webhook', name: 'a', url: `${a.url}/x`, secret: 'a-secret-of-16-chars' });
    await alerts.addChannel(account, { kind: 'slack', name: 'b', url: `${b.url}/x` });
    await alerts.sweep(); // the account's baseline
    await putLines(store, account, claims(60));
    // Every worker sweeps and delivers at once, twice over.
    for (let round = 0; round < 2; round++) {
      await Promise.all(workers.map((w) => w.alerts.sweep()));
      await Promise.all(workers.map((w) => w.alerts.drain()));
    }
    const keys = (received: typeof a.received) => received.map((r) => String(r.headers['idempotency-key'] ?? JSON.parse(r.body).text));
    expect(a.received).toHaveLength(60);
    expect(new Set(keys(a.received)).size).toBe(60);
    expect(b.received).toHaveLength(60);
    const deliveries = await alerts.listDeliveries(account, { limit: 500 });
    expect(deliveries).toHaveLength(120);
    expect(deliveries.every((d) => d.state === 'sent' && d.attempts.length === 1)).toBe(true);
  });
});
