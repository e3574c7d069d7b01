import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeInit } from './fake-excel/browser.js';
import { chromiumAvailable, CHROMIUM } from './fake-excel/harness.js';
import { useServedPane } from './fake-excel/suite.js';
import { TOKEN_A, testWorker } from '../worker/helpers.js';
import { alertWorker, onCleanup, receiver } from '../worker/alerts/harness.js';

/** The Sync tab's alerts section in the built pane (headless Chromium, fake Excel), against a real worker with alerts. */
const NOW = Date.parse('2024-03-15T19:00:00Z');
const SKIPPED = chromiumAvailable() ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`;

describe.runIf(!SKIPPED)(`the task pane's alerts section${SKIPPED}`, { timeout: 180_000 }, () => {
  const pane = useServedPane('atoz-alerts-');

  it('shows the channels, a broken one with its service\'s answer, and the latest deliveries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoz-pane-alerts-'));
    onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    const { store, alerts } = await alertWorker({ dataDir: dir }, () => NOW);
    const { app, accountA } = await testWorker({ corsOrigins: [pane.site.origin], alerts, now: () => NOW }, store);
    const server = await new Promise<Server>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
    });
    onCleanup(() => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }));
    const ok = await receiver();
    const refusing = await receiver((_, res) => {
      res.statusCode = 410;
      res.end('hook deleted');
    });
    const good = await alerts.addChannel(accountA, { kind: 'slack', name: 'Ops room', url: `${ok.url}/x` });
    const bad = await alerts.addChannel(accountA, { kind: 'teams', name: 'Night shift', url: `${refusing.url}/x` });
    await alerts.testChannel(accountA, good.id);
    await alerts.testChannel(accountA, bad.id);

    const context = await pane.browser.newContext({ viewport: { width: 360, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.addInitScript((value) => (window.__ATOZ_FAKE_INIT__ = value), { timeZone: 'UTC', displayLanguage: 'en-US', sheets: [{ name: 'Orders', rows: [] }] } satisfies FakeInit);
    await page.goto(`${pane.site.origin}/taskpane.html`);
    await page.evaluate(() => window.__ATOZ_FAKE_EXCEL__!.ready);
    await page.getByTestId('tab-sync').click();
    await page.getByTestId('worker-url').fill(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await page.getByTestId('worker-token').fill(TOKEN_A);
    await page.getByTestId('worker-test').click();
    await page.getByTestId('worker-test-ok').waitFor();

    await page.getByTestId('alerts-refresh').click();
    const channels = page.getByTestId('alerts-channels');
    await channels.waitFor();
    const channelText = await channels.textContent();
    expect(channelText).toContain('Ops room (slack)');
    expect(channelText).toContain('Working');
    expect(channelText).toContain('Refused by its service: 410 hook deleted. Fix the channel to resume it.');
    expect(channelText).not.toContain('/x'); // the URLs are not shown (nor sent)
    const deliveries = await page.getByTestId('alerts-deliveries').textContent();
    expect(deliveries).toContain('test → Ops room');
    expect(deliveries).toContain('Sent');
    expect(deliveries).toContain('Failed');
    await context.close();
  });
});
