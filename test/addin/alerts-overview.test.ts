import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkerClient, WorkerError } from '../../addin/excel/index.js';
import { testWorker, TOKEN_A } from '../worker/helpers.js';
import { alertWorker, onCleanup, receiver } from '../worker/alerts/harness.js';

describe('the task pane\'s alerts section: WorkerClient.alertsOverview', () => {
  it('reads the channels (broken ones with the service\'s answer) and the latest deliveries through the typed client', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atoz-pane-alerts-'));
    onCleanup(async () => rmSync(dir, { recursive: true, force: true }));
    const now = () => Date.parse('2024-03-15T19:00:00Z');
    const { store, alerts } = await alertWorker({ dataDir: dir }, now);
    const worker = await testWorker({ alerts, now }, store);
    const refusing = await receiver((_, res) => {
      res.statusCode = 403;
      res.end('invalid_token');
    });
    const channel = await alerts.addChannel(worker.accountA, { kind: 'slack', name: 'ops', url: `${refusing.url}/x` });
    await alerts.testChannel(worker.accountA, channel.id);

    const client = new WorkerClient({ url: 'http://worker.test', token: TOKEN_A }, async (input, init) => worker.app.request(input, init));
    const overview = await client.alertsOverview();
    expect(overview.channels).toEqual([expect.objectContaining({ name: 'ops', status: 'broken', lastAnswer: '403 invalid_token' })]);
    expect(overview.deliveries).toEqual([expect.objectContaining({ channelId: channel.id, event: 'test', state: 'failed' })]);

    const stranger = new WorkerClient({ url: 'http://worker.test', token: 'wrong' }, async (input, init) => worker.app.request(input, init));
    await expect(stranger.alertsOverview()).rejects.toBeInstanceOf(WorkerError);
  });
});
