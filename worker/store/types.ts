import type { FactRecord } from '../../shared/report/facts.js';
import type { ReportKind } from '../../shared/report/kinds.js';
import type { ReportCells } from './cells.js';
import type { PackedImportLines } from './packed-lines.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import type { RowError } from '../../shared/schemas/statuses.js';

/**
 * The worker's storage contract. Two implementations share one Kysely query layer:
 * SQLite (embedded, default, a file under ATOZ_DATA_DIR) and PostgreSQL (DATABASE_URL).
 * Every method that touches orders takes the account id: nothing crosses seller accounts.
 */

/**
 * OrderRow fields that operators own (claim tracking). An import never overwrites a non-empty one.
 * Empty is undefined, or for the two required fields the value the report reader gives an empty cell
 * (itemType `physical`, chargeback `false`); see worker/store/merge.ts.
 */
export const OPERATOR_FIELDS = [
  'itemType',
  'claimAt',
  'claimReason',
  'claimStatus',
  'buyerContactAt',
  'responseAt',
  'decisionAt',
  'appealAt',
  'chargeback',
  'feedbackRating',
] as const satisfies readonly (keyof OrderRow)[];
export type OperatorField = (typeof OPERATOR_FIELDS)[number];
/** A PATCH body after validation: null clears a field, a missing key leaves it alone. */
export type OperatorPatch = { [K in OperatorField]?: OrderRow[K] | null };

/** One order line as stored. */
export interface StoredOrder {
  /** `orderId` + U+001F + (orderItemId ?? sku ?? ''): what identifies an order line across imports. */
  lineKey: string;
  orderId: string;
  orderItemId: string | null;
  sku: string | null;
  /** Typed values (report-owned and operator-owned merged), instants as ms: what the engine evaluates. */
  row: OrderRow;
  /** The report's own cells from the latest import that touched the line, header as written → text (for sheet sync). */
  cells: Record<string, string>;
  /** Starts at 1, +1 on every change of the line: the ETag. */
  version: number;
  /** Account-wide, strictly increasing with every change (import or patch): the /v1/changes cursor. */
  changeSeq: number;
  /** ISO instant of the last change. */
  updatedAt: string;
  importId: string | null;
}

/** One valid line of an import, built by the shared report reader. */
export interface ImportLine {
  lineKey: string;
  row: OrderRow;
  cells: ReportCells;
}

/**
 * An import line in the form it is staged in (encodeImportLine): plain strings, so it can be built where
 * the report is read (a reader thread) and handed to the store cheaply.
 */
export interface EncodedImportLine {
  lineKey: string;
  orderId: string;
  orderItemId: string | null;
  sku: string | null;
  /** The typed row as stored (codec.encodeRow). */
  rowJson: string;
  /** The report's kept headers: one array shared by the lines of a report. */
  headers: readonly string[];
  /** The line's values under those headers, as stored (cells.encodeCellValues). */
  valuesJson: string;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface ImportRecord {
  id: string;
  accountId: string;
  createdAt: string;
  /** `staging` while rows arrive; `committed` once merged in one transaction; `failed` if it never will be. */
  status: 'staging' | 'committed' | 'failed';
  fileName: string | null;
  counts: ImportCounts;
  /** Row errors (line, column, message) of the rejected rows. */
  errors: RowError[];
  warnings: string[];
  /** Why it failed, for status `failed`. */
  failure: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null when there is no more. */
  nextCursor: string | null;
}

/** stageImportLines / commitImport on an import that is not (or no longer) staging, or not the account's. */
export class ImportStateError extends Error {
  constructor(
    readonly importId: string,
    /** The import's status now, null when the account has no such import. */
    readonly status: ImportRecord['status'] | null,
  ) {
    super(status === null ? `no import ${importId}` : `import ${importId} is ${status}, not staging`);
    this.name = 'ImportStateError';
  }
}

export interface CommitOptions {
  /** Called after each merged batch with the number of staged lines merged so far (progress, and tests). */
  onProgress?: (mergedLines: number) => void | Promise<void>;
  /** Rows left out for bad cells; default: the distinct lines of `rejected` (a caller that lists only some errors says how many). */
  rejectedRows?: number;
  /**
   * The row fields this import sets (the columns its header has that its kind owns: docs/reports.md). A stored
   * line keeps every other field: a claim sheet never blanks an order report's columns. Default: every field.
   */
  sets?: readonly string[] | undefined;
  /**
   * The import's kind: a stored line's `cells` then merge with the import's (worker/store/cells.ts planCellMerge): the
   * import sets the cells of the columns its kind owns, and the line keeps the others. Default: the import's replace them.
   */
  kind?: ReportKind | undefined;
  /**
   * Tests: once merged, before committing, the writer blocks synchronously (Atomics.wait, at most 30 s) while
   * `hold[0]` is 1, after setting `hold[1]` to 1 — what a long statement does to the thread that runs it.
   */
  hold?: Int32Array;
}

export class VersionConflictError extends Error {
  constructor(readonly current: StoredOrder) {
    super(`version conflict: the order line is now at version ${current.version}`);
    this.name = 'VersionConflictError';
  }
}

export interface AccountSummary {
  id: string;
  name: string;
  createdAt: string;
  tokens: number;
}

export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  /** Applies the versioned migrations that are not applied yet. Idempotent; safe with several workers (PostgreSQL). */
  migrate(): Promise<void>;
  /** Lets the writes in flight (a commit, a staged batch) finish, then closes; later calls reject. */
  close(): Promise<void>;

  /** Accounts and bearer tokens; tokens are stored as SHA-256 hex hashes only. */
  createAccount(name: string): Promise<string>;
  addToken(accountId: string, tokenSha256: string, label: string): Promise<void>;
  accountForToken(tokenSha256: string): Promise<string | null>;
  /**
   * The account of a token, creating both (account named `accountName`) if the token is unknown: for a
   * token from the environment. Safe when several workers start at once (one account wins).
   */
  ensureTokenAccount(tokenSha256: string, accountName: string, label: string): Promise<string>;
  /** Every account with how many tokens it has, oldest first. */
  listAccounts(): Promise<AccountSummary[]>;
  /** Forgets a token (false if it was not there): requests with it are refused from then on. */
  removeToken(tokenSha256: string): Promise<boolean>;

  /**
   * Imports: rows are staged first (outside the orders table), then merged into the orders in ONE
   * transaction, per account one merge at a time, so an import commits all its valid rows or nothing.
   * Re-importing the same rows changes nothing (counts them `unchanged`, no version or changeSeq bump).
   */
  beginImport(accountId: string, fileName: string | null): Promise<ImportRecord>;
  /**
   * Stages lines (a later line of the same lineKey replaces an earlier one). Throws ImportStateError at
   * once if the import is not the account's or not staging. May return while the lines are still being
   * written, so the caller can parse its next batch meanwhile: the next call for the import, commitImport
   * and failImport wait for that write, and the first two throw its error. Lines come as objects or packed
   * (packed-lines.ts: a reader thread's batch); a packed batch's bytes may be moved to another thread.
   */
  stageImportLines(accountId: string, importId: string, lines: readonly EncodedImportLine[] | PackedImportLines): Promise<void>;
  /** Throws ImportStateError if the import is not the account's or not staging. */
  commitImport(accountId: string, importId: string, rejected: RowError[], warnings: string[], options?: CommitOptions): Promise<ImportRecord>;
  /** Marks a staging import failed and drops its staged lines; no-op for a committed or failed one. */
  failImport(accountId: string, importId: string, reason: string): Promise<void>;
  /**
   * Marks `staging` imports that received no lines for `olderThanMs` failed (their worker died or gave up)
   * and drops their staged lines; returns how many. For the worker to call at start and now and then.
   */
  cleanupStaleImports(olderThanMs: number): Promise<number>;
  /**
   * Marks `staging` imports failed whose worker is known dead, drops their staged lines and gives the space back:
   * those of a worker process on this host that has ended (at once, e.g. at the start after a kill -9), and
   * those whose owner's heartbeat lease ran out (another host's worker died). Returns how many. The store also
   * runs it on its own every LEASE_MS / 3 while open.
   */
  reclaimAbandonedImports(): Promise<number>;
  getImport(accountId: string, importId: string): Promise<ImportRecord | null>;

  getOrderLines(accountId: string, orderId: string): Promise<StoredOrder[]>;
  /** Order lines in lineKey order, after `cursor` (exclusive). */
  listOrders(accountId: string, cursor: string | null, limit: number): Promise<Page<StoredOrder>>;
  /**
   * Lines changed after `sinceSeq`, in changeSeq order; nextCursor is the last changeSeq as text when more
   * follow, null when this page reached the end (resume later from the last item's changeSeq).
   */
  changesSince(accountId: string, sinceSeq: number, limit: number): Promise<Page<StoredOrder>>;
  /**
   * Sets operator fields if the line is at `ifVersion`; throws VersionConflictError otherwise; null if no such line.
   * A patch that changes nothing returns the line as it is (no version or changeSeq bump).
   */
  patchOrderLine(accountId: string, lineKey: string, ifVersion: number, patch: OperatorPatch): Promise<StoredOrder | null>;
  /** Every order line of the account, in batches (for /v1/summary). */
  scanOrders(accountId: string, batchSize: number): AsyncIterable<StoredOrder[]>;

  /**
   * An import of a report whose lines are facts about orders (feedback, returns), committed at once: one import
   * record (`inserted` = facts kept) and its facts, all or nothing. Facts are kept whether their order is stored
   * or not; each fact's source.file becomes the import's file name. Every stored line of an order that gains a fact
   * (one its earlier imports did not give) gets a new changeSeq, under the account's lock, so /v1/changes sends it again
   * with its facts; its version (the operator's ETag) stays. Facts already known bump nothing.
   */
  commitOrderFacts(accountId: string, fileName: string | null, facts: readonly FactRecord[], rejected: RowError[], warnings: string[], rejectedRows: number): Promise<ImportRecord>;
  /**
   * The facts of an order, in import order then line order; a fact an earlier import gave already (same kind,
   * item and values: the same report downloaded again) is given once.
   */
  getOrderFacts(accountId: string, orderId: string): Promise<FactRecord[]>;
  /** getOrderFacts of several orders at once (a page of lines): only orders that have facts are in the map. */
  getFactsOfOrders(accountId: string, orderIds: readonly string[]): Promise<Map<string, FactRecord[]>>;
  /** Per order, the first rating its feedback imports give (for /v1/summary's ODR), in import order. */
  feedbackRatings(accountId: string): Promise<Map<string, number>>;
}
