import { DEFAULT_POLICY } from '../../shared/policy/schema.js';
import type { Store, StoreOptions } from '../store/index.js';
import { SecretBox } from './seal.js';
import { AlertService, openAlertDatabase } from './service.js';
import { allowListFromEnv } from './ssrf.js';

/**
 * The alerts of a worker process, from its environment: ATOZ_ALERTS_KEY (the channel secrets' key; without it
 * alerts stay off and say so), ATOZ_ALERTS_ALLOW_HOSTS (private hosts channels may reach), ATOZ_ALERTS_SWEEP_SECONDS
 * (how often the stored lines are swept, default 60). Started: every
 * `npm run serve` process takes part in delivery.
 */
export function startAlerts(storeOptions: StoreOptions, store: Store, env: Record<string, string | undefined>, log: (line: string) => void): AlertService {
  const key = env.ATOZ_ALERTS_KEY;
  let box: SecretBox | null = null;
  if (key) box = SecretBox.fromText(key);
  else log('atoz worker: no ATOZ_ALERTS_KEY: alert channels cannot be added or sent to (set it to 32 random bytes, base64: openssl rand -base64 32)');
  const service = new AlertService(openAlertDatabase(storeOptions), store, {
    box,
    now: () => Date.now(),
    policy: DEFAULT_POLICY,
    allowHosts: allowListFromEnv(env),
    sweepMs: sweepSeconds(env.ATOZ_ALERTS_SWEEP_SECONDS) * 1000,
    log,
  });
  service.start();
  return service;
}

function sweepSeconds(text: string | undefined): number {
  if (text === undefined || text === '') return 60;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 86_400) throw new Error(`ATOZ_ALERTS_SWEEP_SECONDS must be a whole number from 1 to 86400, not "${text}"`);
  return value;
}
