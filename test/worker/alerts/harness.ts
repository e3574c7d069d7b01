import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/policy/schema.js';
import { SecretBox } from '../../../worker/alerts/seal.js';
import { AlertService, openAlertDatabase, type AlertServiceOptions } from '../../../worker/alerts/service.js';
import type { OrderRow } from '../../../shared/schemas/order-row.js';
import { encodeImportLine, lineKeyOf, openStore, type Store, type StoreOptions } from '../../../worker/store/index.js';

export const TEST_KEY = randomBytes(32).toString('base64');
/** The receivers listen on 127.0.0.1, which the SSRF guard refuses unless allowed. */
export const ALLOW_LOCAL = new Set(['127.0.0.1']);

export interface Received {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
export const onCleanup = (fn: () => Promise<void>) => cleanups.push(fn);

/** A local HTTP receiver (127.0.0.1): records every request; `answer` decides the reply (default 200 "ok"). */
export async function receiver(answer: (req: Received, res: ServerResponse) => void | Promise<void> = (_, res) => void res.end('ok')) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const item = { path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(item);
      void answer(item, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url, received };
}

/** Waits (no deadline of its own: vitest's test timeout is the limit) until `check` holds. */
export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 10));
}

/** A clock the test moves. */
export function testClock(start: number) {
  let now = start;
  return { now: () => now, set: (ms: number) => void (now = ms), advance: (ms: number) => void (now += ms) };
}

/** A store at `location` and an alert service on it (closed after the test). */
export async function alertWorker(location: StoreOptions, now: () => number, options: Partial<AlertServiceOptions> = {}): Promise<{ store: Store; alerts: AlertService }> {
  const store = await openStore({ ...location, now });
  const alerts = new AlertService(openAlertDatabase(location), store, {
    box: SecretBox.fromText(TEST_KEY),
    now,
    policy: DEFAULT_POLICY,
    allowHosts: ALLOW_LOCAL,
    timeoutMs: 2_000,
    ...options,
  });
  onCleanup(async () => {
    await alerts.close();
    await store.close();
  });
  return { store, alerts };
}

export const HEADER =
  'amazon-order-id,purchase-date,order-status,fulfillment-channel,sales-channel,product-name,latest-delivery-date,delivered-date,claim-date,claim-reason,claim-status,buyer-contact-date,response-date,decision-date,appeal-date,chargeback,feedback-rating,item-type';

/** Puts order lines in the account through the store's own import (beginImport → stage → commit). */
export async function putLines(store: Store, accountId: string, rows: Partial<OrderRow>[]): Promise<void> {
  const record = await store.beginImport(accountId, 'test');
  const lines = rows.map((partial, i) => {
    const row: OrderRow = { orderId: `111-0000000-${String(i).padStart(7, '0')}`, timeZone: 'America/Los_Angeles', fulfillment: 'mfn', itemType: 'physical', chargeback: false, ...partial };
    return encodeImportLine({ lineKey: lineKeyOf(row), row, cells: { headers: ['amazon-order-id'], values: [row.orderId] } });
  });
  await store.stageImportLines(accountId, record.id, lines);
  await store.commitImport(accountId, record.id, [], []);
}
