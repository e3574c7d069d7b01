import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AlertEvent } from '../../shared/alerts/events.js';
import type { Attempt } from '../app/alerts-api.js';
import type { StoreDatabase } from '../store/database.js';
import type { AlertTables } from './tables.js';

/**
 * The delivery queue in the database, shared by every worker on it: one row per (channel, event) — the unique
 * key makes a second insert of the same pair a no-op — claimed with a lease (PostgreSQL: FOR UPDATE SKIP
 * LOCKED, so workers never take the same row; SQLite: its one write transaction at a time), then recorded.
 * A worker that dies while sending leaves the row `sending`; when its lease runs out another worker (or the
 * same after a restart) sends it again, with the same idempotency key.
 */
export type AlertDb = Kysely<AlertTables>;
export const asAlertDb = (db: unknown) => db as AlertDb;

export type DeliveryRow = AlertTables['alert_deliveries'];

/** The idempotency key of an event on a channel: the same on every attempt and every worker. */
export function idempotencyKey(channelId: string, eventKey: string): string {
  return `atoz-${createHash('sha256').update(`${channelId}\u0000${eventKey}`).digest('hex').slice(0, 32)}`;
}

export const iso = (ms: number) => new Date(ms).toISOString();

/** Enqueues each event on each channel once (an event already queued on a channel is left as it is). */
export async function enqueue(trx: AlertDb, dialect: StoreDatabase['dialect'], accountId: string, events: readonly { key: string; event: AlertEvent }[], channelIds: readonly string[], now: number): Promise<number> {
  const rows: DeliveryRow[] = [];
  for (const { key, event } of events) {
    for (const channelId of channelIds) {
      rows.push({
        id: randomUUID(),
        account_id: accountId,
        channel_id: channelId,
        event_key: key,
        kind: event.kind,
        line_key: event.lineKey,
        order_id: event.orderId,
        event_json: JSON.stringify(event),
        idempotency_key: idempotencyKey(channelId, key),
        state: 'pending',
        attempt_count: 0,
        attempts_json: '[]',
        next_attempt_at: iso(now),
        lease_until: null,
        created_at: iso(now),
        sent_at: null,
      });
    }
  }
  let inserted = 0;
  const perStatement = dialect === 'postgres' ? 4000 : 2000;
  for (let i = 0; i < rows.length; i += perStatement) {
    const result = await trx
      .insertInto('alert_deliveries')
      .values(rows.slice(i, i + perStatement))
      .onConflict((oc) => oc.columns(['channel_id', 'event_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/**
 * Takes up to `limit` deliveries that are due (pending and due, or sending with an expired lease) on channels
 * that are ok and enabled, and leases them until `now + leaseMs`. `onlyId`: that delivery alone (a test message).
 */
export async function claimDue(database: StoreDatabase, now: number, leaseMs: number, limit: number, onlyId?: string): Promise<DeliveryRow[]> {
  return database.write(async (raw) => {
    const trx = asAlertDb(raw);
    const at = iso(now);
    let query = trx
      .selectFrom('alert_deliveries as d')
      .innerJoin('alert_channels as c', 'c.id', 'd.channel_id')
      .select('d.id')
      .where('c.status', '=', 'ok')
      .where('c.enabled', '=', 1)
      .where((eb) => eb.or([eb.and([eb('d.state', '=', 'pending'), eb('d.next_attempt_at', '<=', at)]), eb.and([eb('d.state', '=', 'sending'), eb('d.lease_until', '<', at)])]))
      .orderBy('d.next_attempt_at')
      .limit(limit);
    if (onlyId !== undefined) query = query.where('d.id', '=', onlyId);
    if (database.lockRows) query = query.forUpdate('d').skipLocked();
    const ids = (await query.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    return trx
      .updateTable('alert_deliveries')
      .set((eb) => ({ state: 'sending', lease_until: iso(now + leaseMs), attempt_count: eb('attempt_count', '+', 1) }))
      .where('id', 'in', ids)
      .returningAll()
      .execute();
  });
}

/** Records an attempt and the delivery's next state. */
export async function recordAttempt(
  database: StoreDatabase,
  row: DeliveryRow,
  attempt: Attempt,
  next: { state: 'sent' | 'pending' | 'failed' | 'held'; nextAttemptAt: number | null; now: number },
  brokenChannel?: { answer: string },
): Promise<void> {
  await database.write(async (raw) => {
    const trx = asAlertDb(raw);
    const current = await trx.selectFrom('alert_deliveries').select(['attempts_json', 'state']).where('id', '=', row.id).executeTakeFirst();
    if (!current) return; // the channel was removed meanwhile
    const attempts = [...(JSON.parse(current.attempts_json) as Attempt[]), attempt].slice(-20);
    await trx
      .updateTable('alert_deliveries')
      .set({
        state: current.state === 'sent' ? 'sent' : next.state,
        attempts_json: JSON.stringify(attempts),
        lease_until: null,
        ...(next.nextAttemptAt !== null ? { next_attempt_at: iso(next.nextAttemptAt) } : {}),
        ...(next.state === 'sent' ? { sent_at: iso(next.now) } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    if (brokenChannel) {
      await trx.updateTable('alert_channels').set({ status: 'broken', last_answer: brokenChannel.answer, updated_at: iso(next.now) }).where('id', '=', row.channel_id).execute();
    }
  });
}
