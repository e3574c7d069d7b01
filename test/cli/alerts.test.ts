import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { describe, expect, it } from 'vitest';
import { atoz } from '../helpers/cli.js';
import { testWorker, TOKEN_A } from '../worker/helpers.js';
import { alertWorker, onCleanup, receiver } from '../worker/alerts/harness.js';

async function runningWorker() {
  const dir = mkdtempSync(join(tmpdir(), 'atoz-cli-alerts-'));
  onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
  const now = () => Date.parse('2024-03-15T19:00:00Z');
  const { store, alerts } = await alertWorker({ dataDir: dir }, now);
  const { app } = await testWorker({ alerts, now }, store);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  onCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('atoz alerts', () => {
  it('adds a channel (secret from standard input), lists it, tests it, lists deliveries, makes a calendar token, removes it', async () => {
    const url = await runningWorker();
    const hook = await receiver();
    const auth = ['--url', url, '--token', TOKEN_A];
    const added = await atoz(['alerts', 'add', 'webhook', 'ops room', '--target', `${hook.url}/hook`, '--secret', '-', ...auth, '--json'], 'a-secret-of-16-chars-or-more\n');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const { id } = JSON.parse(added.stdout) as { id: string };

    const list = await atoz(['alerts', 'list', ...auth]);
    expect(list.stdout).toBe(`${id}  webhook  "ops room"  → ${new URL(hook.url).host}  ok\n`);
    expect(list.stdout).not.toContain('secret');

    const test = await atoz(['alerts', 'test', id, ...auth]);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/test {2}sent {2}last attempt .*: sent 200 "ok"/);
    expect(hook.received).toHaveLength(1);
    expect((await atoz(['alerts', 'deliveries', ...auth])).stdout.split('\n').filter(Boolean)).toHaveLength(1);

    const calendar = await atoz(['alerts', 'calendar-token', 'Outlook', ...auth]);
    expect(calendar.stdout).toMatch(new RegExp(`^calendar token \\(shown once\\): atozcal_\\S+\\nsubscribe to: ${url}/v1/calendar\\.ics\\?token=atozcal_`));

    expect((await atoz(['alerts', 'remove', id, ...auth])).stdout).toBe('removed\n');
    expect((await atoz(['alerts', 'list', ...auth])).stdout).toBe('(no channels)\n');
  });

  it('refusals exit 2 with the worker\'s reasons; bad arguments exit 2', async () => {
    const url = await runningWorker();
    const auth = ['--url', url, '--token', TOKEN_A];
    const bad = await atoz(['alerts', 'add', 'slack', 'x', '--target', 'not a url', ...auth]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/the worker answered 400 .*\n {2}body\.url: /);
    expect((await atoz(['alerts', 'remove', 'nope', ...auth])).code).toBe(2);
    expect((await atoz(['alerts', 'add', 'fax', 'x', ...auth])).stderr).toMatch(/KIND is one of webhook, slack/);
  });
});
