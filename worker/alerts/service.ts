import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { countOpen, digestEvent, emptyCounts, eventKey, lineEvents, odrEvent, type AlertEvent } from '../../shared/alerts/events.js';
import { alertMessage } from '../../shared/alerts/messages.js';
import { AlertSettingsSchema, DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../../shared/alerts/settings.js';
import type { Policy } from '../../shared/policy/schema.js';
import { rowDays } from '../../shared/rules/days.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import { OdrAccumulator } from '../../shared/rules/odr-summary.js';
import { ChannelConfig, type AlertsApi, type Attempt, type CalendarTokenView, type ChannelPatch, type ChannelView, type DeliveryView } from '../app/alerts-api.js';
import { HttpProblem } from '../app/problem.js';
import { openPostgres, openSqlite, type StoreDatabase } from '../store/database.js';
import type { Store, StoreOptions } from '../store/index.js';
import { targetOf } from './formats.js';
import { asAlertDb, claimDue, enqueue, iso, recordAttempt, type DeliveryRow } from './queue.js';
import { SecretBox } from './seal.js';
import { sendToChannel, type SendResult } from './send.js';
import type { AlertTables } from './tables.js';

export interface AlertServiceOptions {
  /** The key of channel secrets (ATOZ_ALERTS_KEY); without it no channel can be added or used. */
  box: SecretBox | null;
  now: () => number;
  policy: Policy;
  allowHosts: ReadonlySet<string>;
  /** Per attempt (default 10 s): a channel that does not answer in time is tried again later. */
  timeoutMs?: number;
  /** Deliveries sent at once by this worker (default 16). */
  concurrency?: number;
  /** How often the queue is polled (default 1 s) and the accounts swept (default 60 s). */
  pollMs?: number;
  sweepMs?: number;
  log?: (line: string) => void;
}

/** Attempts before a delivery is given up (failed); retries back off 30 s, 1 min, 2 min … up to 1 h. */
export const MAX_ATTEMPTS = 8;
export const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 3_600_000);
const SCAN_BATCH = 1000;
/** alert_events_seen's key while the account's ODR is over its target. */
const ODR_OVER_MARKER = 'odr_over_target\u001f\u001fover';

/** The alert tables of the store described by `options`, through connections of their own. */
export function openAlertDatabase(options: StoreOptions): StoreDatabase {
  if (options.databaseUrl) return openPostgres({ url: options.databaseUrl, schema: options.schema, maxConnections: Math.min(options.maxConnections ?? 4, 4) });
  const path = options.sqlitePath ?? join(options.dataDir ?? './data', 'atoz.sqlite');
  if (path === ':memory:') throw new Error('alerts need a store file or PostgreSQL (an in-memory store is not shared)');
  return openSqlite({ path, lockTimeoutMs: options.lockTimeoutMs ?? 60_000 });
}

type ChannelRow = AlertTables['alert_channels'];

/**
 * Alerts (issue 12): the routes' AlertsApi, the sweep that turns the engine's statuses into events, and the
 * delivery loop. Every worker process runs one; they share the work through the database (worker/alerts/queue.ts).
 */
export class AlertService implements AlertsApi {
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly inFlight = new Set<Promise<void>>();
  private timers: ReturnType<typeof setTimeout>[] = [];
  private sweeping: Promise<unknown> | undefined;
  private polling = false;
  private stopped = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly database: StoreDatabase,
    private readonly store: Store,
    private readonly options: AlertServiceOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.concurrency = options.concurrency ?? 16;
  }

  private get db() {
    return asAlertDb(this.database.reader);
  }
  private write<T>(work: (trx: ReturnType<typeof asAlertDb>) => Promise<T>): Promise<T> {
    return this.database.write((trx) => work(asAlertDb(trx)));
  }
  /** A lease covers an attempt's timeout with room to record it. */
  private get leaseMs() {
    return this.timeoutMs * 2 + 30_000;
  }

  // ---- channels ----

  async listChannels(accountId: string): Promise<ChannelView[]> {
    const rows = await this.db.selectFrom('alert_channels').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute();
    return rows.map(channelView);
  }

  async addChannel(accountId: string, config: ChannelConfig): Promise<ChannelView> {
    const box = this.requireBox();
    const id = randomUUID();
    const at = iso(this.options.now());
    const row: ChannelRow = { id, account_id: accountId, kind: config.kind, name: config.name, config_sealed: box.seal(JSON.stringify(config), id), target: targetOf(config), status: 'ok', enabled: 1, last_answer: null, created_at: at, updated_at: at };
    await this.write((trx) => trx.insertInto('alert_channels').values(row).execute());
    return channelView(row);
  }

  async updateChannel(accountId: string, id: string, patch: ChannelPatch): Promise<ChannelView | null> {
    const box = patch.config ? this.requireBox() : null;
    return this.write(async (trx) => {
      const row = await trx.selectFrom('alert_channels').selectAll().where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      if (!row) return null;
      const at = iso(this.options.now());
      const next: ChannelRow = { ...row, updated_at: at };
      if (patch.config) Object.assign(next, { kind: patch.config.kind, name: patch.config.name, config_sealed: box!.seal(JSON.stringify(patch.config), id), target: targetOf(patch.config) });
      if (patch.name !== undefined) next.name = patch.name;
      if (patch.enabled !== undefined) next.enabled = patch.enabled ? 1 : 0;
      // A fixed configuration, or switching it on again, is a fresh start: held deliveries are due now.
      if (patch.config || patch.enabled === true) {
        next.status = 'ok';
        next.last_answer = null;
        await trx.updateTable('alert_deliveries').set({ state: 'pending', next_attempt_at: at }).where('channel_id', '=', id).where('state', 'in', ['held', 'pending']).execute();
      }
      await trx.updateTable('alert_channels').set(next).where('id', '=', id).execute();
      return channelView(next);
    });
  }

  async removeChannel(accountId: string, id: string): Promise<boolean> {
    return this.write(async (trx) => {
      await trx.deleteFrom('alert_deliveries').where('channel_id', '=', id).where('account_id', '=', accountId).execute();
      const result = await trx.deleteFrom('alert_channels').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    });
  }

  async testChannel(accountId: string, id: string): Promise<DeliveryView | null> {
    this.requireBox();
    const channel = await this.db.selectFrom('alert_channels').select('id').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst();
    if (!channel) return null;
    const now = this.options.now();
    const key = `test\u001f\u001f${randomUUID()}`;
    const event = { kind: 'test', lineKey: '', occurrence: key, orderId: null } as unknown as AlertEvent;
    // Queued like any message (its attempt is listed), then sent at once, even on a broken channel: that is how one checks a fix.
    const deliveryId = await this.write(async (trx) => {
      await enqueue(trx, this.database.dialect, accountId, [{ key, event }], [id], now);
      return (await trx.selectFrom('alert_deliveries').select('id').where('channel_id', '=', id).where('event_key', '=', key).executeTakeFirstOrThrow()).id;
    });
    const claimed = await this.write(async (trx) =>
      trx.updateTable('alert_deliveries').set({ state: 'sending', lease_until: iso(now + this.leaseMs), attempt_count: 1 }).where('id', '=', deliveryId).returningAll().execute(),
    );
    await this.deliver(claimed[0]!, { test: true });
    const row = await this.db.selectFrom('alert_deliveries').selectAll().where('id', '=', deliveryId).executeTakeFirstOrThrow();
    return deliveryView(row);
  }

  async listDeliveries(accountId: string, options: { channelId?: string | undefined; limit: number }): Promise<DeliveryView[]> {
    let query = this.db.selectFrom('alert_deliveries').selectAll().where('account_id', '=', accountId);
    if (options.channelId !== undefined) query = query.where('channel_id', '=', options.channelId);
    const rows = await query.orderBy('created_at', 'desc').orderBy('id').limit(options.limit).execute();
    return rows.map(deliveryView);
  }

  // ---- settings ----

  async getSettings(accountId: string): Promise<AlertSettings> {
    const row = await this.db.selectFrom('alert_settings').select('settings_json').where('account_id', '=', accountId).executeTakeFirst();
    if (!row) return DEFAULT_ALERT_SETTINGS;
    const parsed = AlertSettingsSchema.safeParse(JSON.parse(row.settings_json));
    return parsed.success ? parsed.data : DEFAULT_ALERT_SETTINGS;
  }

  async putSettings(accountId: string, settings: AlertSettings): Promise<AlertSettings> {
    const at = iso(this.options.now());
    const json = JSON.stringify(settings);
    await this.write((trx) =>
      trx
        .insertInto('alert_settings')
        .values({ account_id: accountId, settings_json: json, sweep_until: '', swept_at: null, updated_at: at })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ settings_json: json, updated_at: at }))
        .execute(),
    );
    return settings;
  }

  // ---- calendar tokens ----

  async createCalendarToken(accountId: string, label: string): Promise<CalendarTokenView & { token: string }> {
    const token = `atozcal_${randomBytes(32).toString('base64url')}`;
    const row = { id: randomUUID(), account_id: accountId, token_sha256: sha256(token), label, created_at: iso(this.options.now()) };
    await this.write((trx) => trx.insertInto('alert_calendar_tokens').values(row).execute());
    return { id: row.id, label, createdAt: row.created_at, token };
  }

  async listCalendarTokens(accountId: string): Promise<CalendarTokenView[]> {
    const rows = await this.db.selectFrom('alert_calendar_tokens').select(['id', 'label', 'created_at']).where('account_id', '=', accountId).orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, label: r.label, createdAt: r.created_at }));
  }

  async revokeCalendarToken(accountId: string, id: string): Promise<boolean> {
    const result = await this.write((trx) => trx.deleteFrom('alert_calendar_tokens').where('id', '=', id).where('account_id', '=', accountId).executeTakeFirst());
    return Number(result.numDeletedRows) > 0;
  }

  async accountForCalendarToken(token: string): Promise<string | null> {
    const row = await this.db.selectFrom('alert_calendar_tokens').select('account_id').where('token_sha256', '=', sha256(token)).executeTakeFirst();
    return row?.account_id ?? null;
  }

  // ---- the sweep ----

  /**
   * Evaluates every stored line of every account with a channel, as of now, and queues each new event on each
   * of the account's channels. Per account one worker at a time (a lease in alert_settings); an event already
   * seen is never queued again (alert_events_seen), so sweeps may repeat and overlap freely.
   */
  async sweep(): Promise<{ accounts: number; lines: number; events: number; queued: number }> {
    const totals = { accounts: 0, lines: 0, events: 0, queued: 0 };
    for (const account of await this.store.listAccounts()) {
      const channels = (await this.db.selectFrom('alert_channels').select('id').where('account_id', '=', account.id).where('enabled', '=', 1).execute()).map((c) => c.id);
      if (channels.length === 0) continue;
      const taken = await this.takeSweep(account.id);
      if (!taken) continue;
      try {
        const result = await this.sweepAccount(account.id, taken.baseline ? [] : channels);
        totals.accounts++;
        totals.lines += result.lines;
        totals.events += result.events;
        totals.queued += result.queued;
      } finally {
        await this.write((trx) => trx.updateTable('alert_settings').set({ sweep_until: '', swept_at: iso(this.options.now()) }).where('account_id', '=', account.id).execute());
      }
    }
    return totals;
  }

  /**
   * Takes the account's sweep (null: another worker has it). `baseline`: its first sweep with a channel, which
   * marks what is open already as seen without sending it (the digest and the calendar list it): turning alerts
   * on for a store of a million lines must not send thousands of messages at once.
   */
  private async takeSweep(accountId: string): Promise<{ baseline: boolean } | null> {
    const now = this.options.now();
    return this.write(async (trx) => {
      await trx
        .insertInto('alert_settings')
        .values({ account_id: accountId, settings_json: JSON.stringify(DEFAULT_ALERT_SETTINGS), sweep_until: '', swept_at: null, updated_at: iso(now) })
        .onConflict((oc) => oc.column('account_id').doNothing())
        .execute();
      const taken = await trx
        .updateTable('alert_settings')
        .set({ sweep_until: iso(now + 10 * 60_000) })
        .where('account_id', '=', accountId)
        .where('sweep_until', '<', iso(now))
        .returning('swept_at')
        .executeTakeFirst();
      return taken ? { baseline: taken.swept_at === null } : null;
    });
  }

  private async sweepAccount(accountId: string, channels: string[]): Promise<{ lines: number; events: number; queued: number }> {
    const settings = await this.getSettings(accountId);
    const { policy } = this.options;
    const asOf = this.options.now();
    const open = emptyCounts();
    let odr: OdrAccumulator | undefined;
    let lines = 0;
    let events = 0;
    let queued = 0;
    for await (const batch of this.store.scanOrders(accountId, SCAN_BATCH)) {
      const found: AlertEvent[] = [];
      for (const { lineKey, row } of batch) {
        lines++;
        const days = rowDays(row, asOf);
        const statuses = evaluateRow(row, policy, asOf, 1, days);
        countOpen(open, statuses, row);
        (odr ??= new OdrAccumulator(policy, asOf, policy.timeZone ?? row.timeZone)).add(row, days);
        for (const event of lineEvents(lineKey, row, statuses, settings, asOf)) found.push(event);
      }
      const result = await this.record(accountId, found.map((event) => ({ seen: eventKey(event), event })), channels, asOf);
      events += result.events;
      queued += result.queued;
    }
    const accountWide: { seen: string; event: AlertEvent }[] = [];
    const digest = digestEvent(settings, asOf, open);
    if (digest) accountWide.push({ seen: eventKey(digest), event: digest });
    const summary = (odr ?? new OdrAccumulator(policy, asOf, policy.timeZone ?? policy.defaultTimeZone)).summary();
    const over = odrEvent(summary, settings, asOf);
    // Seen as "over target" (one marker) while it stays over; each crossing is its own event (its instant).
    if (over) accountWide.push({ seen: ODR_OVER_MARKER, event: over });
    else await this.write((trx) => trx.deleteFrom('alert_events_seen').where('account_id', '=', accountId).where('event_key', '=', ODR_OVER_MARKER).execute());
    const result = await this.record(accountId, accountWide, channels, asOf);
    return { lines, events: events + result.events, queued: queued + result.queued };
  }

  /** Marks the events not seen before as seen and queues them, in one transaction; the seen ones are left alone. */
  private async record(accountId: string, events: { seen: string; event: AlertEvent }[], channels: string[], now: number): Promise<{ events: number; queued: number }> {
    if (events.length === 0) return { events: 0, queued: 0 };
    const keyed = new Map(events.map(({ seen, event }) => [seen, event]));
    // Read first (most events of a sweep were seen by the one before): only new ones cost a write.
    const seen = new Set<string>();
    const keys = [...keyed.keys()];
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await this.db.selectFrom('alert_events_seen').select('event_key').where('account_id', '=', accountId).where('event_key', 'in', keys.slice(i, i + 1000)).execute();
      for (const r of rows) seen.add(r.event_key);
    }
    const fresh = [...keyed].filter(([key]) => !seen.has(key));
    if (fresh.length === 0) return { events: 0, queued: 0 };
    return this.write(async (trx) => {
      const inserted = await trx
        .insertInto('alert_events_seen')
        .values(fresh.map(([key]) => ({ account_id: accountId, event_key: key, seen_at: iso(now) })))
        .onConflict((oc) => oc.columns(['account_id', 'event_key']).doNothing())
        .returning('event_key')
        .execute();
      const newKeys = new Set(inserted.map((r) => r.event_key));
      const toQueue = fresh.filter(([key]) => newKeys.has(key)).map(([, event]) => ({ key: eventKey(event), event }));
      const queued = await enqueue(trx, this.database.dialect, accountId, toQueue, channels, now);
      return { events: toQueue.length, queued };
    });
  }

  // ---- delivery ----

  /** Claims what is due (up to the free slots) and sends each on its own: a slow channel holds only its own slots. */
  async poll(): Promise<number> {
    if (this.polling || this.stopped || !this.options.box) return 0;
    this.polling = true;
    try {
      const free = this.concurrency - this.inFlight.size;
      if (free <= 0) return 0;
      const rows = await claimDue(this.database, this.options.now(), this.leaseMs, free);
      for (const row of rows) {
        const sending = this.deliver(row).catch((error) => this.options.log?.(`atoz worker: alert delivery ${row.id}: ${String(error)}`));
        this.inFlight.add(sending);
        void sending.finally(() => this.inFlight.delete(sending));
      }
      return rows.length;
    } finally {
      this.polling = false;
    }
  }

  /** Waits until nothing is due or sending on this worker (tests, and the benchmark). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.poll();
      if (claimed === 0 && this.inFlight.size === 0) return;
      await Promise.race([...this.inFlight, new Promise((r) => setTimeout(r, 5))]);
    }
  }

  private async deliver(row: DeliveryRow, options: { test?: boolean } = {}): Promise<void> {
    const box = this.requireBox();
    const channel = await this.db.selectFrom('alert_channels').selectAll().where('id', '=', row.channel_id).executeTakeFirst();
    if (!channel) return;
    let config: ChannelConfig;
    try {
      config = ChannelConfig.parse(JSON.parse(box.open(channel.config_sealed, channel.id)));
    } catch {
      // Sealed with another key (ATOZ_ALERTS_KEY changed): the channel cannot be used until it is configured again.
      const answer = 'the channel\'s secrets cannot be opened with this ATOZ_ALERTS_KEY: set the key it was added with, or give the channel its configuration again';
      const attempt: Attempt = { at: iso(this.options.now()), outcome: 'refused', status: null, answer, ms: 0 };
      return recordAttempt(this.database, row, attempt, { state: options.test ? 'failed' : 'held', nextAttemptAt: null, now: this.options.now() }, { answer });
    }
    const settings = await this.getSettings(row.account_id);
    const event = JSON.parse(row.event_json) as AlertEvent;
    const message = alertMessage(options.test ? 'test' : event, settings.language, settings.timeZone);
    const now = this.options.now();
    const result: SendResult = await sendToChannel(config, { message, idempotencyKey: row.idempotency_key, event: options.test ? 'test' : event.kind, data: options.test ? null : event, now }, { timeoutMs: this.timeoutMs, allowHosts: this.options.allowHosts });
    const attempt: Attempt = { at: iso(now), outcome: result.outcome, status: result.status, answer: result.answer, ms: result.ms };
    const after = this.options.now();
    if (result.outcome === 'sent') return recordAttempt(this.database, row, attempt, { state: 'sent', nextAttemptAt: null, now: after });
    if (result.outcome === 'refused') {
      // The service refused the channel itself (bad URL, revoked hook, bad password): held until the channel is fixed.
      return recordAttempt(this.database, row, attempt, { state: options.test ? 'failed' : 'held', nextAttemptAt: null, now: after }, { answer: `${result.status ?? ''} ${result.answer ?? ''}`.trim() });
    }
    const giveUp = options.test || row.attempt_count >= MAX_ATTEMPTS;
    return recordAttempt(this.database, row, attempt, { state: giveUp ? 'failed' : 'pending', nextAttemptAt: giveUp ? null : after + backoffMs(row.attempt_count), now: after });
  }

  // ---- the loop ----

  /** Polls the queue and sweeps the accounts on timers (unref'd: they never keep the process alive). */
  start(): void {
    const { pollMs = 1000, sweepMs = 60_000 } = this.options;
    const poll = setInterval(() => void this.poll().catch((e) => this.options.log?.(`atoz worker: alerts: ${String(e)}`)), pollMs);
    const tick = () => {
      if (this.stopped) return;
      this.sweeping ??= this.sweep()
        .catch((e) => this.options.log?.(`atoz worker: alerts sweep: ${String(e)}`))
        .finally(() => (this.sweeping = undefined));
    };
    const sweep = setInterval(tick, sweepMs);
    const first = setTimeout(tick, Math.min(sweepMs, 1000)); // soon after start, not a whole interval later
    this.timers = [poll, sweep, first];
    for (const timer of this.timers) timer.unref();
  }

  /** Stops the timers, lets the sends in flight finish, closes the connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopped = true;
      for (const timer of this.timers) clearTimeout(timer);
      await Promise.allSettled([...this.inFlight, this.sweeping]);
      await this.database.close();
    })();
    return this.closing;
  }

  private requireBox(): SecretBox {
    if (!this.options.box) throw new HttpProblem(503, 'alerts-key-missing', 'Alerts are not set up', 'The worker has no ATOZ_ALERTS_KEY (32 bytes, base64: openssl rand -base64 32), which channel secrets are encrypted with.');
    return this.options.box;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function channelView(row: ChannelRow): ChannelView {
  return { id: row.id, kind: row.kind as ChannelView['kind'], name: row.name, target: row.target, status: row.status, lastAnswer: row.last_answer, createdAt: row.created_at, updatedAt: row.updated_at };
}

function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    channelId: row.channel_id,
    event: row.kind,
    lineKey: row.line_key,
    orderId: row.order_id,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    attempts: JSON.parse(row.attempts_json) as Attempt[],
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at : null,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
