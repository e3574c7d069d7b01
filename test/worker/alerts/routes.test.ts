import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { testWorker, TOKEN_A, TOKEN_B, problemOf } from '../helpers.js';
import { alertWorker, onCleanup, putLines, receiver, testClock } from './harness.js';
import type { AlertServiceOptions } from '../../../worker/alerts/service.js';
import { SecretBox } from '../../../worker/alerts/seal.js';

const NOW = Date.parse('2024-03-15T19:00:00Z');

const setupDirs: string[] = [];
async function setup(options: Partial<AlertServiceOptions> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-alert-routes-'));
  setupDirs.push(dir);
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const clock = testClock(NOW);
  const { store, alerts } = await alertWorker({ dataDir: dir }, clock.now, options);
  const worker = await testWorker({ alerts, now: clock.now }, store);
  const json = (method: string, body: unknown, token?: string) => ({ method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' }, ...(token ? { token } : {}) });
  return { ...worker, alerts, clock, json };
}

describe('/v1/alerts', () => {
  it('adds, lists, renames and removes channels per account, and never answers with a secret', async () => {
    const { call, json } = await setup();
    const secretUrl = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
    const added = await call('/v1/alerts/channels', json('POST', { kind: 'slack', name: 'ops', url: secretUrl }));
    expect(added.status).toBe(201);
    const channel = (await added.json()) as { id: string; target: string; status: string };
    expect(channel).toMatchObject({ target: 'hooks.slack.com', status: 'ok' });
    await call('/v1/alerts/channels', json('POST', { kind: 'email', name: 'mail', host: 'smtp.example.com', port: 587, user: 'u', password: 'hunter2-password', from: 'a@example.com', to: ['b@example.com'] }));
    const list = await call('/v1/alerts/channels');
    const text = await list.text();
    expect(JSON.parse(text).items).toHaveLength(2);
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('hunter2');
    // Seller B sees none of them and cannot touch them.
    expect((await (await call('/v1/alerts/channels', { token: TOKEN_B })).json()).items).toEqual([]);
    expect((await call(`/v1/alerts/channels/${channel.id}`, { method: 'DELETE', token: TOKEN_B })).status).toBe(404);
    const renamed = await call(`/v1/alerts/channels/${channel.id}`, json('PATCH', { name: 'night shift' }));
    expect(((await renamed.json()) as { name: string }).name).toBe('night shift');
    expect((await call(`/v1/alerts/channels/${channel.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await (await call('/v1/alerts/channels')).json()).items).toHaveLength(1);
  });

  it('keeps every channel secret sealed at rest, and holds a channel whose seal the key no longer opens', async () => {
    const { call, json, alerts, store, accountA } = await setup();
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=0123abcdTOKENxyz';
    const added = (await (await call('/v1/alerts/channels', json('POST', { kind: 'dingtalk', name: 'ding', url, secret: 'SECsigning-secret-xyz' }))).json()) as { id: string };
    await store.close();
    await alerts.close();
    const dir = setupDirs.at(-1)!;
    const raw = readFileSync(join(dir, 'atoz.sqlite')).toString('latin1') + (existsSync(join(dir, 'atoz.sqlite-wal')) ? readFileSync(join(dir, 'atoz.sqlite-wal')).toString('latin1') : '');
    expect(raw).toContain('oapi.dingtalk.com'); // the host, shown as the channel's target
    expect(raw).not.toContain('TOKENxyz');
    expect(raw).not.toContain('signing-secret');

    // The same store under another key: the channel is held with the reason, nothing is sent.
    const other = await alertWorker({ dataDir: dir }, () => NOW, { box: SecretBox.fromText(randomBytes(32).toString('base64')) });
    const delivery = await other.alerts.testChannel(accountA, added.id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: [{ outcome: 'refused', answer: expect.stringMatching(/cannot be opened with this ATOZ_ALERTS_KEY/) }] });
    expect((await other.alerts.listChannels(accountA))[0]).toMatchObject({ status: 'broken' });
  });

  it('refuses bad configurations with the field named, and requests without a token', async () => {
    const { call, json } = await setup();
    const bad = await call('/v1/alerts/channels', json('POST', { kind: 'webhook', name: 'x', url: 'ftp://example.com', secret: 'short' }));
    expect(bad.status).toBe(400);
    const problem = await problemOf(bad);
    expect((problem.invalidParams as { name: string }[]).map((p) => p.name)).toEqual(expect.arrayContaining(['body.url', 'body.secret']));
    expect((await call('/v1/alerts/channels', { token: null })).status).toBe(401);
    expect((await call('/v1/alerts/settings', json('PUT', { digestAt: '25:00' }))).status).toBe(400);
    const settings = await call('/v1/alerts/settings', json('PUT', { language: 'zh-TW', timeZone: 'Asia/Taipei' }));
    expect(await settings.json()).toMatchObject({ language: 'zh-TW', timeZone: 'Asia/Taipei', dueWithinHours: 24, appealClosesWithinDays: 3 });
  });

  it('a test message goes out at once; a channel its service refuses (4xx) is marked broken with the answer, and fixing it resumes it', async () => {
    const gone = await receiver((_, res) => {
      res.statusCode = 404;
      res.end('no_such_hook');
    });
    const good = await receiver();
    const { call, json, alerts, store, accountA } = await setup();
    await call('/v1/alerts/settings', json('PUT', { digestAt: null }));
    const added = (await (await call('/v1/alerts/channels', json('POST', { kind: 'slack', name: 'ops', url: `${gone.url}/hook` }))).json()) as { id: string };
    const test = await call(`/v1/alerts/channels/${added.id}/test`, { method: 'POST' });
    const delivery = (await test.json()) as { state: string; attempts: { status: number; answer: string }[] };
    expect(delivery.state).toBe('failed');
    expect(delivery.attempts[0]).toMatchObject({ status: 404, answer: 'no_such_hook' });
    const broken = (await (await call('/v1/alerts/channels')).json()).items[0];
    expect(broken).toMatchObject({ status: 'broken', lastAnswer: '404 no_such_hook' });

    // While broken, what the sweep finds waits.
    await alerts.sweep(); // the account's baseline
    await putLines(store, accountA, [{ claimAt: NOW - 3_600_000 }]);
    await alerts.sweep();
    await alerts.drain();
    expect(gone.received).toHaveLength(1);
    const fixed = await call(`/v1/alerts/channels/${added.id}`, json('PATCH', { config: { kind: 'slack', name: 'ops', url: `${good.url}/hook` } }));
    expect(await fixed.json()).toMatchObject({ status: 'ok', lastAnswer: null });
    await alerts.drain();
    expect(good.received.map((r) => JSON.parse(r.body).text)).toEqual(['New A-to-z claim']);
  });

  it('refuses to post to a private or loopback address that the allow list does not name', async () => {
    const local = await receiver();
    const { call, json } = await setup({ allowHosts: new Set() });
    for (const url of [`${local.url}/x`, 'http://169.254.169.254/latest/meta-data', 'http://[::1]:9/x', 'http://10.1.2.3/x']) {
      const added = (await (await call('/v1/alerts/channels', json('POST', { kind: 'wecom', name: 'x', url }))).json()) as { id: string };
      const delivery = (await (await call(`/v1/alerts/channels/${added.id}/test`, { method: 'POST' })).json()) as { state: string; attempts: { answer: string }[] };
      expect(delivery.state, url).toBe('failed');
      expect(delivery.attempts[0]!.answer, url).toMatch(/private, loopback or link-local address: refused/);
    }
    expect(local.received).toEqual([]);
  });
});

describe('GET /v1/calendar.ics', () => {
  it('serves the open deadlines as valid iCalendar with a read-only, revocable token', async () => {
    const { call, json, store, accountA } = await setup();
    await putLines(store, accountA, [
      { orderId: '111-0000004-0000004', claimAt: Date.parse('2024-03-13T16:00:00-07:00') },
      { orderId: '111-0000009-0000009', claimAt: Date.parse('2024-02-20T10:00:00-08:00'), responseAt: Date.parse('2024-02-21T10:00:00-08:00'), claimStatus: 'granted', decisionAt: Date.parse('2024-03-01T10:00:00-08:00') },
      { orderId: '111-0000003-0000003', sku: 'Lamp; "12", shade\\big', maxEddAt: Date.parse('2024-03-06T00:00:00-08:00'), timeZone: 'Asia/Tokyo' },
    ]);
    const created = await call('/v1/alerts/calendar-tokens', json('POST', { label: 'Outlook' }));
    expect(created.status).toBe(201);
    const { token, path, id } = (await created.json()) as { token: string; path: string; id: string };
    // The calendar token opens the feed only, not the API.
    expect((await call('/v1/alerts/channels', { token })).status).toBe(401);
    expect((await call(path, { token: null })).status).toBe(200);
    const response = await call(path, { token: null });
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const body = await response.text();
    expect(body.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/\n/);

    const calendar = new ICAL.Component(ICAL.parse(body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const bySummary = Object.fromEntries(events.map((e) => [e.summary, e]));
    const due = bySummary['Answer A-to-z claim: order 111-0000004-0000004']!;
    expect(due.startDate.isDate).toBe(false);
    expect(due.startDate.toJSDate().toISOString()).toBe('2024-03-16T23:00:00.000Z');
    const appeal = bySummary['Last day to appeal: order 111-0000009-0000009']!;
    expect(appeal.startDate.isDate).toBe(true);
    expect(appeal.startDate.toString()).toBe('2024-03-31');
    const late = bySummary['Claim window closes: late order 111-0000003-0000003']!;
    expect(late.startDate.toString()).toBe('2024-06-04'); // EDD 6 March in Tokyo (5 March 15:00 UTC... +90 days)
    expect(new Set(events.map((e) => e.uid)).size).toBe(3);

    expect((await call(`/v1/alerts/calendar-tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(path, { token: null })).status).toBe(401);
    expect((await call('/v1/calendar.ics?token=nonsense', { token: TOKEN_A })).status).toBe(401);
  });
});
