import type { ImportRecord } from './types.js';

/**
 * The tables as Kysely sees them. JSON is kept as text (the same in both dialects); instants are ISO
 * text (they sort as text); BIGINT comes back as a number on PostgreSQL too (see database.ts).
 */
export interface Database {
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
  imports: ImportsTable;
  import_lines: ImportLinesTable;
  orders: OrdersTable;
  cell_headers: CellHeadersTable;
  order_facts: OrderFactsTable;
}

/** Facts of feedback and returns imports by order (migration 0006): a FactRecord as JSON per import line. */
export interface OrderFactsTable {
  account_id: string;
  import_id: string;
  line: number;
  order_id: string;
  kind: string;
  fact_json: string;
}

/** The header lists of imported reports, each stored once; a line's cells are its values in that order. */
export interface CellHeadersTable {
  /** A hash of headers_json (see cells.ts), so every worker names a header list alike without asking. */
  id: string;
  /** The headers as a JSON array. */
  headers_json: string;
}

export interface AccountsTable {
  id: string;
  name: string;
  /** The last changeSeq given to one of the account's order lines; bumped under the account's lock. */
  change_seq: number;
  created_at: string;
}

export interface ApiTokensTable {
  token_sha256: string;
  account_id: string;
  label: string;
  created_at: string;
}

export interface ImportsTable {
  id: string;
  account_id: string;
  status: ImportRecord['status'];
  file_name: string | null;
  created_at: string;
  /** Last time lines were staged or the status changed: what cleanupStaleImports measures. */
  updated_at: string;
  counts_json: string;
  errors_json: string;
  warnings_json: string;
  failure: string | null;
  /** The worker process staging it (`host/pid/startedAt`), null for imports older than migration 0004. */
  owner: string | null;
  /** ISO instant until which the owner's heartbeat holds the import; past it a staging import is abandoned. */
  lease_until: string | null;
}

/** Lines of imports still staging, one per line key (a later line of the same key replaces it). */
export interface ImportLinesTable {
  import_id: string;
  line_key: string;
  /** The identity columns of orders, staged as columns so new lines are copied into orders by SQL alone. */
  order_id: string;
  order_item_id: string | null;
  sku: string | null;
  row_json: string;
  /** The report's cells as a JSON array of text, in the order of the header list `headers_id`. */
  cells_json: string;
  headers_id: string;
}

export interface OrdersTable {
  account_id: string;
  line_key: string;
  order_id: string;
  order_item_id: string | null;
  sku: string | null;
  row_json: string;
  /** The report's cells as a JSON array of text, in the order of the header list `headers_id`. */
  cells_json: string;
  headers_id: string;
  version: number;
  change_seq: number;
  updated_at: string;
  import_id: string | null;
  /** Operator fields an operator set (PATCH), comma-separated: an import never overwrites them. */
  operator_set: string;
}
