/** The alert tables (migration 0005) as Kysely sees them. Instants are ISO text; JSON is text. */
export interface AlertTables {
  accounts: { id: string };
  alert_settings: { account_id: string; settings_json: string; sweep_until: string; swept_at: string | null; updated_at: string };
  alert_channels: {
    id: string;
    account_id: string;
    kind: string;
    name: string;
    config_sealed: string;
    target: string;
    status: 'ok' | 'broken';
    enabled: number;
    last_answer: string | null;
    created_at: string;
    updated_at: string;
  };
  alert_events_seen: { account_id: string; event_key: string; seen_at: string };
  alert_deliveries: {
    id: string;
    account_id: string;
    channel_id: string;
    event_key: string;
    kind: string;
    line_key: string;
    order_id: string | null;
    event_json: string;
    idempotency_key: string;
    state: 'pending' | 'sending' | 'sent' | 'failed' | 'held';
    attempt_count: number;
    attempts_json: string;
    next_attempt_at: string;
    lease_until: string | null;
    created_at: string;
    sent_at: string | null;
  };
  alert_calendar_tokens: { id: string; account_id: string; token_sha256: string; label: string; created_at: string };
}
