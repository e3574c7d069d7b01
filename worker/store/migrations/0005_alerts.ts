import type { Kysely, Migration } from 'kysely';

/**
 * Alerts (issue 12, docs/alerts.md): per account its settings and channels (secrets encrypted), the events
 * already seen (so each is sent once), the deliveries with their attempts (the queue every worker takes from),
 * and the calendar feed's read-only tokens (SHA-256 only).
 */
export function alerts(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('alert_settings')
        .addColumn('account_id', 'text', (col) => col.primaryKey().references('accounts.id').onDelete('cascade'))
        .addColumn('settings_json', 'text', (col) => col.notNull())
        // The sweep of the account is taken by one worker at a time until then (ISO instant).
        .addColumn('sweep_until', 'text', (col) => col.notNull().defaultTo(''))
        // The first sweep of the account with a channel (its baseline); null until then.
        .addColumn('swept_at', 'text')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();

      await db.schema
        .createTable('alert_channels')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('name', 'text', (col) => col.notNull())
        // The configuration (URLs, keys, passwords) as AES-256-GCM ciphertext: base64 of iv | tag | data.
        .addColumn('config_sealed', 'text', (col) => col.notNull())
        .addColumn('target', 'text', (col) => col.notNull())
        .addColumn('status', 'text', (col) => col.notNull())
        .addColumn('enabled', 'integer', (col) => col.notNull().defaultTo(1))
        .addColumn('last_answer', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
      await db.schema.createIndex('alert_channels_account').on('alert_channels').column('account_id').execute();

      await db.schema
        .createTable('alert_events_seen')
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('event_key', 'text', (col) => col.notNull())
        .addColumn('seen_at', 'text', (col) => col.notNull())
        .addPrimaryKeyConstraint('alert_events_seen_pk', ['account_id', 'event_key'])
        .execute();

      await db.schema
        .createTable('alert_deliveries')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) => col.notNull())
        .addColumn('channel_id', 'text', (col) => col.notNull().references('alert_channels.id').onDelete('cascade'))
        .addColumn('event_key', 'text', (col) => col.notNull())
        .addColumn('kind', 'text', (col) => col.notNull())
        .addColumn('line_key', 'text', (col) => col.notNull())
        .addColumn('order_id', 'text')
        .addColumn('event_json', 'text', (col) => col.notNull())
        .addColumn('idempotency_key', 'text', (col) => col.notNull())
        // pending → sending (leased) → sent | failed; pending waits while its channel is broken or disabled.
        .addColumn('state', 'text', (col) => col.notNull())
        .addColumn('attempt_count', 'integer', (col) => col.notNull().defaultTo(0))
        .addColumn('attempts_json', 'text', (col) => col.notNull().defaultTo('[]'))
        .addColumn('next_attempt_at', 'text', (col) => col.notNull())
        .addColumn('lease_until', 'text')
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('sent_at', 'text')
        .addUniqueConstraint('alert_deliveries_once', ['channel_id', 'event_key'])
        .execute();
      await db.schema.createIndex('alert_deliveries_due').on('alert_deliveries').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('alert_deliveries_account').on('alert_deliveries').columns(['account_id', 'created_at']).execute();

      await db.schema
        .createTable('alert_calendar_tokens')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('account_id', 'text', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('token_sha256', 'text', (col) => col.notNull().unique())
        .addColumn('label', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .execute();
    },
  };
}
