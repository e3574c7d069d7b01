/**
 * A worker process for the kill -9 test: claims due deliveries and sends them (to a receiver that never answers),
 * printing "sending" once a request is out. The test kills it there, between sending and recording.
 */
import { DEFAULT_POLICY } from '../../../shared/policy/schema.js';
import { SecretBox } from '../../../worker/alerts/seal.js';
import { AlertService, openAlertDatabase } from '../../../worker/alerts/service.js';
import { openStore } from '../../../worker/store/index.js';

const { location, now, key } = JSON.parse(process.argv[2]!) as { location: Record<string, unknown>; now: number; key: string };
const store = await openStore({ ...location, now: () => now });
const alerts = new AlertService(openAlertDatabase(location), store, { box: SecretBox.fromText(key), now: () => now, policy: DEFAULT_POLICY, allowHosts: new Set(['127.0.0.1']), timeoutMs: 60_000 });
const claimed = await alerts.poll();
process.stdout.write(`claimed ${claimed}\n`);
