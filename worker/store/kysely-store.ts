import { importLinesOf, type PackedImportLines } from './packed-lines.js';
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { RowError } from '../../shared/schemas/statuses.js';
import type { FactRecord } from '../../shared/report/facts.js';
import { decodeRow, encodeRow, toImportRecord, toStoredOrder } from './codec.js';
import { headerListOf, type HeaderList } from './header-list.js';
import type { StoreDatabase, WriteOptions } from './database.js';
import { countStagedLines, mergeStagedLines } from './import-merge.js';
import { formatOwner, LEASE_MS, ownerIsDead, parseOwner, processOwner, type ImportOwner } from './owner.js';
import { applyPatch, decodeOperatorSet, encodeOperatorSet, patchOperatorSet } from './merge.js';
import type { Database, ImportLinesTable, OrdersTable } from './schema.js';
import {
  type AccountSummary,
  ImportStateError,
  VersionConflictError,
  type CommitOptions,
  type ImportCounts,
  type EncodedImportLine,
  type ImportRecord,
  type OperatorPatch,
  type Page,
  type Store,
  type StoredOrder,
} from './types.js';

/** Rows of one multi-row INSERT at most (and never over the parameter limit). */
const MAX_INSERT_ROWS = 2_000;
/** Fact rows per INSERT: 6 values each, far below SQLite's 32,766 bound parameters. */
const MAX_FACT_ROWS = 1_000;

/** A fact with its source file named: what an import of that file says. */
function withFile(fact: FactRecord, file: string): FactRecord {
  const source = { ...fact.source, file };
  const out: FactRecord = { ...fact, source };
  if (fact.feedback) out.feedback = { ...fact.feedback, source };
  if (fact.returned) out.returned = { ...fact.returned, source };
  if (fact.shipment) out.shipment = { ...fact.shipment, source };
  return out;
}

/** What a fact says, without where: the same line of a report downloaded and imported again has the same key. */
function factKey(fact: FactRecord): string {
  return JSON.stringify([fact.source.kind, fact.orderItemId, fact.sku, fact.fields, fact.feedback && { ...fact.feedback, source: 0 }, fact.returned && { ...fact.returned, source: 0 }, fact.shipment && { ...fact.shipment, source: 0 }, fact.performance]);
}
/** Distinct header lists kept in memory (a seller's reports use a handful). */
export const MAX_CACHED_HEADER_LISTS = 1_000;
const STAGED_LINE_COLUMNS = ['import_id', 'line_key', 'order_id', 'order_item_id', 'sku', 'row_json', 'cells_json', 'headers_id'] as const satisfies readonly (keyof ImportLinesTable)[];

const STALE_IMPORT_FAILURE = 'abandoned: no lines arrived for too long and it was never committed (the worker stopped or gave up)';
const DEAD_OWNER_FAILURE = 'abandoned: the worker process importing it ended before the commit (stopped or killed); import the file again';
const LEASE_FAILURE = 'abandoned: the worker importing it stopped renewing its lease (it died or lost the database); import the file again';

export interface KyselyStoreOptions {
  /** The clock for updatedAt / createdAt and stale imports (tests). Leases always use the real clock. */
  now?: (() => number) | undefined;
  /** This process's owner token (a writer thread is given its process's); default: made here. */
  ownerToken?: string | undefined;
  /** Renews the leases of this store's imports and reclaims abandoned ones every LEASE_MS / 3 (default true). */
  heartbeat?: boolean | undefined;
}

type Trx = Kysely<Database>;

/** A KyselyStore over `database`, migrated; the database is closed again if the migration fails. */
export async function openMigrated(database: StoreDatabase, options: KyselyStoreOptions): Promise<KyselyStore> {
  const store = new KyselyStore(database, options);
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

/** The Store on either dialect: every query written once with Kysely; `database` holds what differs. */
export class KyselyStore implements Store {
  /** Writes in flight, which close() lets finish. */
  private readonly writing = new Set<Promise<unknown>>();
  /** Per import, the staging write still in flight (see stageImportLines). */
  private readonly stagingWrites = new Map<string, Promise<void>>();
  private closing: Promise<void> | undefined;
  /** Header lists by id: read once, never changed (an id is a hash of the list). Bounded: cleared when full. */
  private readonly headerLists = new Map<string, readonly string[]>();
  /**
   * Per import staged by this store, the header lists its lines use. They are written by the commit, in its
   * durable transaction (staging commits are not waited for on disk, and a list lost with one would leave
   * lines pointing at nothing).
   */
  private readonly importHeaderLists = new Map<string, Map<string, HeaderList>>();

  /** Imports this store began and has not committed or failed yet: their leases are renewed. */
  private readonly active = new Set<string>();
  private readonly owner: ImportOwner;
  private readonly now: () => number;
  private readonly heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly database: StoreDatabase,
    options: KyselyStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.owner = processOwner(options.ownerToken);
    if (options.heartbeat !== false) {
      this.heartbeat = setInterval(() => void this.beat(), LEASE_MS / 3);
      this.heartbeat.unref();
    }
  }

  /** Renews this store's leases, then reclaims imports of dead workers; errors wait for the next beat. */
  private async beat(): Promise<void> {
    if (this.closing) return;
    try {
      const ids = [...this.active];
      if (ids.length > 0) {
        const leaseUntil = new Date(Date.now() + LEASE_MS).toISOString();
        await this.write(async (trx) => {
          for (let i = 0; i < ids.length; i += this.database.maxParameters) {
            await trx.updateTable('imports').set({ lease_until: leaseUntil }).where('id', 'in', ids.slice(i, i + this.database.maxParameters)).where('status', '=', 'staging').execute();
          }
        });
      }
      await this.reclaimAbandonedImports();
    } catch {
      // the database is busy or gone: the next beat tries again, well within the lease
    }
  }

  get dialect() {
    return this.database.dialect;
  }

  migrate(): Promise<void> {
    return this.database.migrate();
  }

  /** Lets the writes in flight commit or roll back, then closes the connections. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.heartbeat);
      await Promise.allSettled([...this.writing]);
      await this.database.close();
    })();
    return this.closing;
  }

  // Accounts and tokens

  async createAccount(name: string): Promise<string> {
    const id = randomUUID();
    await this.write((trx) => trx.insertInto('accounts').values({ id, name, change_seq: 0, created_at: this.isoNow() }).execute());
    return id;
  }

  async addToken(accountId: string, tokenSha256: string, label: string): Promise<void> {
    await this.write((trx) =>
      trx.insertInto('api_tokens').values({ token_sha256: tokenSha256, account_id: accountId, label, created_at: this.isoNow() }).execute(),
    );
  }

  async accountForToken(tokenSha256: string): Promise<string | null> {
    const found = await this.database.reader.selectFrom('api_tokens').select('account_id').where('token_sha256', '=', tokenSha256).executeTakeFirst();
    return found?.account_id ?? null;
  }

  async ensureTokenAccount(tokenSha256: string, accountName: string, label: string): Promise<string> {
    const existing = await this.accountForToken(tokenSha256);
    if (existing) return existing;
    try {
      return await this.write(async (trx) => {
        const id = randomUUID();
        const createdAt = this.isoNow();
        await trx.insertInto('accounts').values({ id, name: accountName, change_seq: 0, created_at: createdAt }).execute();
        await trx.insertInto('api_tokens').values({ token_sha256: tokenSha256, account_id: id, label, created_at: createdAt }).execute();
        return id;
      });
    } catch (error) {
      // Another worker registered the token first: its account wins and ours was rolled back.
      const winner = await this.accountForToken(tokenSha256);
      if (winner) return winner;
      throw error;
    }
  }

  async listAccounts(): Promise<AccountSummary[]> {
    const rows = await this.database.reader
      .selectFrom('accounts as a')
      .leftJoin('api_tokens as t', 't.account_id', 'a.id')
      .select(['a.id', 'a.name', 'a.created_at'])
      .select((eb) => eb.fn.count<number>('t.token_sha256').as('tokens'))
      .groupBy(['a.id', 'a.name', 'a.created_at'])
      .orderBy('a.created_at')
      .orderBy('a.id')
      .execute();
    return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, tokens: Number(row.tokens) }));
  }

  async removeToken(tokenSha256: string): Promise<boolean> {
    const removed = await this.write((trx) => trx.deleteFrom('api_tokens').where('token_sha256', '=', tokenSha256).executeTakeFirst());
    return Number(removed.numDeletedRows) > 0;
  }

  // Imports

  async beginImport(accountId: string, fileName: string | null): Promise<ImportRecord> {
    const at = this.isoNow();
    const record = {
      id: randomUUID(),
      account_id: accountId,
      status: 'staging' as const,
      file_name: fileName,
      created_at: at,
      updated_at: at,
      counts_json: JSON.stringify({ inserted: 0, updated: 0, unchanged: 0, rejected: 0 } satisfies ImportCounts),
      errors_json: '[]',
      warnings_json: '[]',
      failure: null,
      owner: formatOwner(this.owner),
      lease_until: new Date(Date.now() + LEASE_MS).toISOString(),
    };
    await this.write((trx) => trx.insertInto('imports').values(record).execute());
    this.active.add(record.id);
    return toImportRecord(record);
  }

  async stageImportLines(accountId: string, importId: string, lines: readonly EncodedImportLine[] | PackedImportLines): Promise<void> {
    // Built while the database may still be storing the previous batch.
    const { rows, headerLists } = stagedRows(importId, importLinesOf(lines));
    // The previous write for this import checked the import under lock; the first call checks it here,
    // so a wrong import id fails at once rather than at the next call.
    if (this.stagingWrites.has(importId)) await this.settleStaging(importId);
    else await this.checkStagingImport(accountId, importId);
    if (rows.length === 0) return;
    const stagedAt = this.isoNow();
    let begun!: () => void;
    const started = new Promise<void>((resolve) => (begun = resolve));
    const write = this.write(async (trx) => {
      begun();
      await this.lockStagingImport(trx, accountId, importId);
      // COPY when the dialect has it; an upsert where a key was staged before (a line repeated across batches).
      if (!(await this.database.copyRows?.(trx, 'import_lines', STAGED_LINE_COLUMNS, rows))) {
        await this.database.upsert(trx, 'import_lines', STAGED_LINE_COLUMNS, ['import_id', 'line_key'], rows);
      }
      await trx.updateTable('imports').set({ updated_at: stagedAt }).where('id', '=', importId).execute();
      // Not durable one by one: a crash ends the upload anyway, and only a commit makes staged lines count.
    }, { durable: false });
    // Not awaited here: the caller reads and parses the next batch while the database stores this one.
    // Its outcome is awaited (and its error thrown) by the next call for this import.
    write.then(() => {
      const used = this.importHeaderLists.get(importId) ?? new Map<string, HeaderList>();
      for (const list of headerLists) used.set(list.id, list);
      this.importHeaderLists.set(importId, used);
    }, () => {});
    this.stagingWrites.set(importId, write);
    // Returns once the write holds the database (or failed to get it): a commit asked for after this call, by any
    // store, comes after these lines. (Writes wait for the lock by retrying on timers, so without this another
    // store's commit could get the lock first.)
    await Promise.race([started, write.then(() => undefined, () => undefined)]);
  }

  async commitImport(accountId: string, importId: string, rejected: RowError[], warnings: string[], options: CommitOptions = {}): Promise<ImportRecord> {
    return this.track(async () => {
      try {
        const committed = await this.commitStaged(accountId, importId, rejected, warnings, options);
        this.active.delete(importId);
        return committed;
      } finally {
        this.importHeaderLists.delete(importId);
      }
    });
  }

  private async commitStaged(accountId: string, importId: string, rejected: RowError[], warnings: string[], options: CommitOptions): Promise<ImportRecord> {
    await this.settleStaging(importId);
    return this.database.write(async (trx) => {
      const account = await this.lockAccount(trx, accountId);
      if (!account) throw new ImportStateError(importId, null);
      const record = await this.lockStagingImport(trx, accountId, importId);

      await this.storeHeaderLists(trx, importId);
      const updatedAt = this.isoNow();
      const staged = await countStagedLines(trx, importId);
      const merged = await mergeStagedLines(trx, {
        accountId,
        importId,
        changeSeq: account.change_seq,
        updatedAt,
        upsert: this.database.upsert,
        onProgress: options.onProgress,
        sets: options.sets ? new Set(options.sets) : undefined,
        kind: options.kind,
      });
      await trx.deleteFrom('import_lines').where('import_id', '=', importId).execute();
      if (merged.changeSeq !== account.change_seq) await trx.updateTable('accounts').set({ change_seq: merged.changeSeq }).where('id', '=', accountId).execute();

      const counts: ImportCounts = { inserted: merged.inserted, updated: merged.updated, unchanged: staged - merged.inserted - merged.updated, rejected: options.rejectedRows ?? new Set(rejected.map((e) => e.line)).size };
      const committed = {
        status: 'committed' as const,
        updated_at: updatedAt,
        counts_json: JSON.stringify(counts),
        errors_json: JSON.stringify(rejected),
        warnings_json: JSON.stringify(warnings),
      };
      await trx.updateTable('imports').set(committed).where('id', '=', importId).execute();
      if (options.hold) {
        Atomics.store(options.hold, 1, 1);
        Atomics.wait(options.hold, 0, 1, 30_000);
      }
      return toImportRecord({ ...record, ...committed });
    });
  }

  async failImport(accountId: string, importId: string, reason: string): Promise<void> {
    await this.settleStaging(importId).catch(() => {}); // whatever it did is dropped with the import
    this.importHeaderLists.delete(importId);
    this.active.delete(importId);
    const dropped = await this.write(async (trx) => {
      const failed = await trx
        .updateTable('imports')
        .set({ status: 'failed', failure: reason, updated_at: this.isoNow() })
        .where('id', '=', importId)
        .where('account_id', '=', accountId)
        .where('status', '=', 'staging')
        .returning('id')
        .executeTakeFirst();
      if (!failed) return 0;
      const deleted = await trx.deleteFrom('import_lines').where('import_id', '=', importId).executeTakeFirst();
      return Number(deleted.numDeletedRows);
    });
    // A rejected big upload leaves its staged lines' pages free: give them back to the system.
    if (dropped > 0) await this.reclaimSpace();
  }

  async reclaimAbandonedImports(): Promise<number> {
    const staging = await this.database.reader.selectFrom('imports').select(['id', 'owner', 'lease_until']).where('status', '=', 'staging').where('owner', 'is not', null).execute();
    const nowIso = new Date(Date.now()).toISOString();
    const failures = new Map<string, string>();
    for (const { id, owner, lease_until } of staging) {
      if (this.active.has(id)) continue;
      const parsed = owner === null ? null : parseOwner(owner);
      if (parsed && ownerIsDead(parsed, this.owner)) failures.set(id, DEAD_OWNER_FAILURE);
      else if (lease_until !== null && lease_until < nowIso) failures.set(id, LEASE_FAILURE);
    }
    if (failures.size === 0) return 0;
    const failed = await this.write(async (trx) => {
      let count = 0;
      for (const [id, failure] of failures) {
        // Still staging and still not renewed (a live owner may have renewed the lease meanwhile).
        const done = await trx
          .updateTable('imports')
          .set({ status: 'failed', failure, updated_at: this.isoNow() })
          .where('id', '=', id)
          .where('status', '=', 'staging')
          .$if(failure === LEASE_FAILURE, (q) => q.where('lease_until', '<', nowIso))
          .returning('id')
          .executeTakeFirst();
        if (!done) continue;
        await trx.deleteFrom('import_lines').where('import_id', '=', id).execute();
        count++;
      }
      return count;
    });
    if (failed > 0) await this.reclaimSpace();
    return failed;
  }

  /** Gives the space of deleted staged lines back (SQLite: free pages and the WAL; PostgreSQL: VACUUM); best effort. */
  private async reclaimSpace(): Promise<void> {
    if (this.closing) return;
    await this.track(() => this.database.reclaimSpace()).catch(() => {});
  }

  async cleanupStaleImports(olderThanMs: number): Promise<number> {
    const cutoff = new Date(this.now() - olderThanMs).toISOString();
    return this.write(async (trx) => {
      const failed = await trx
        .updateTable('imports')
        .set({ status: 'failed', failure: STALE_IMPORT_FAILURE, updated_at: this.isoNow() })
        .where('status', '=', 'staging')
        .where('updated_at', '<=', cutoff)
        .returning('id')
        .execute();
      for (let i = 0; i < failed.length; i += this.database.maxParameters) {
        const ids = failed.slice(i, i + this.database.maxParameters).map((f) => f.id);
        await trx.deleteFrom('import_lines').where('import_id', 'in', ids).execute();
      }
      return failed.length;
    }).then(async (count) => {
      if (count > 0) await this.reclaimSpace();
      return count;
    });
  }

  async getImport(accountId: string, importId: string): Promise<ImportRecord | null> {
    const found = await this.database.reader.selectFrom('imports').selectAll().where('id', '=', importId).where('account_id', '=', accountId).executeTakeFirst();
    return found ? toImportRecord(found) : null;
  }

  // Facts of feedback and returns imports (migration 0006)

  async commitOrderFacts(accountId: string, fileName: string | null, facts: readonly FactRecord[], rejected: RowError[], warnings: string[], rejectedRows: number): Promise<ImportRecord> {
    const at = this.isoNow();
    const id = randomUUID();
    const counts: ImportCounts = { inserted: facts.length, updated: 0, unchanged: 0, rejected: rejectedRows };
    const record = {
      id,
      account_id: accountId,
      status: 'committed' as const,
      file_name: fileName,
      created_at: at,
      updated_at: at,
      counts_json: JSON.stringify(counts),
      errors_json: JSON.stringify(rejected),
      warnings_json: JSON.stringify(warnings),
      failure: null,
      owner: null,
      lease_until: null,
    };
    const file = fileName ?? `import ${id}`;
    await this.write(async (trx) => {
      // The account row is locked first, like every change: lines whose order gains a fact get new change_seqs.
      const account = await this.lockAccount(trx, accountId);
      const gaining = await this.ordersGainingFacts(trx, accountId, facts);
      await trx.insertInto('imports').values(record).execute();
      for (let i = 0; i < facts.length; i += MAX_FACT_ROWS) {
        const rows = facts.slice(i, i + MAX_FACT_ROWS).map((fact) => ({
          account_id: accountId,
          import_id: id,
          line: fact.source.line,
          order_id: fact.orderId,
          kind: fact.source.kind,
          fact_json: JSON.stringify(withFile(fact, file)),
        }));
        await trx.insertInto('order_facts').values(rows).execute();
      }
      if (account && gaining.length > 0) await this.bumpOrderLines(trx, accountId, account.change_seq, gaining, at);
    });
    return toImportRecord(record);
  }

  /**
   * The orders to which `facts` add something their earlier imports did not say (by factKey, as getOrderFacts
   * dedups): the same report imported again gains nothing.
   */
  private async ordersGainingFacts(trx: Trx, accountId: string, facts: readonly FactRecord[]): Promise<string[]> {
    const byOrder = new Map<string, FactRecord[]>();
    for (const fact of facts) {
      const list = byOrder.get(fact.orderId);
      if (list) list.push(fact);
      else byOrder.set(fact.orderId, [fact]);
    }
    const known = await this.factsByOrder(trx, accountId, [...byOrder.keys()]);
    const gaining: string[] = [];
    for (const [orderId, list] of byOrder) {
      const keys = new Set((known.get(orderId) ?? []).map(factKey));
      if (list.some((fact) => !keys.has(factKey(fact)))) gaining.push(orderId);
    }
    return gaining;
  }

  /**
   * Gives every stored line of `orderIds` a new change_seq after `seq` (so /v1/changes sends them again with their
   * facts), in order then line-key order; their version (the operator's ETag) stays. Under the account lock.
   */
  private async bumpOrderLines(trx: Trx, accountId: string, seq: number, orderIds: readonly string[], updatedAt: string): Promise<void> {
    let next = seq;
    const chunk = this.database.maxParameters - 8;
    for (let i = 0; i < orderIds.length; i += chunk) {
      const ids = orderIds.slice(i, i + chunk);
      const numbered = trx
        .selectFrom('orders')
        .select(['line_key', sql<number>`cast(${next} as bigint) + row_number() over (order by line_key)`.as('seq')])
        .where('account_id', '=', accountId)
        .where('order_id', 'in', ids);
      const result = await trx
        .updateTable('orders')
        .from(numbered.as('n'))
        .set((eb) => ({ change_seq: eb.ref('n.seq'), updated_at: updatedAt }))
        .where('orders.account_id', '=', accountId)
        .whereRef('orders.line_key', '=', 'n.line_key')
        .executeTakeFirst();
      next += Number(result.numUpdatedRows);
    }
    if (next !== seq) await trx.updateTable('accounts').set({ change_seq: next }).where('id', '=', accountId).execute();
  }

  async getOrderFacts(accountId: string, orderId: string): Promise<FactRecord[]> {
    return (await this.factsByOrder(this.database.reader, accountId, [orderId])).get(orderId) ?? [];
  }

  getFactsOfOrders(accountId: string, orderIds: readonly string[]): Promise<Map<string, FactRecord[]>> {
    return this.factsByOrder(this.database.reader, accountId, [...new Set(orderIds)]);
  }

  /**
   * Per order that has facts, its facts in import order then line order, each once (a fact an earlier import gave
   * already is left out): one query per maxParameters orders.
   */
  private async factsByOrder(db: Trx, accountId: string, orderIds: readonly string[]): Promise<Map<string, FactRecord[]>> {
    const out = new Map<string, FactRecord[]>();
    const seen = new Map<string, Set<string>>();
    const chunk = this.database.maxParameters - 1;
    for (let i = 0; i < orderIds.length; i += chunk) {
      const rows = await db
        .selectFrom('order_facts')
        .innerJoin('imports', 'imports.id', 'order_facts.import_id')
        .select(['order_facts.order_id', 'order_facts.fact_json'])
        .where('order_facts.account_id', '=', accountId)
        .where('order_facts.order_id', 'in', orderIds.slice(i, i + chunk))
        .orderBy('imports.created_at')
        .orderBy('order_facts.import_id')
        .orderBy('order_facts.line')
        .execute();
      for (const row of rows) {
        const fact = JSON.parse(row.fact_json) as FactRecord;
        const key = factKey(fact);
        let keys = seen.get(row.order_id);
        if (!keys) seen.set(row.order_id, (keys = new Set()));
        if (keys.has(key)) continue;
        keys.add(key);
        const list = out.get(row.order_id);
        if (list) list.push(fact);
        else out.set(row.order_id, [fact]);
      }
    }
    return out;
  }

  async feedbackRatings(accountId: string): Promise<Map<string, number>> {
    const rows = await this.database.reader
      .selectFrom('order_facts')
      .innerJoin('imports', 'imports.id', 'order_facts.import_id')
      .select(['order_facts.order_id', 'order_facts.fact_json'])
      .where('order_facts.account_id', '=', accountId)
      .where('order_facts.kind', '=', 'feedback')
      .orderBy('imports.created_at')
      .orderBy('order_facts.import_id')
      .orderBy('order_facts.line')
      .execute();
    const ratings = new Map<string, number>();
    for (const row of rows) {
      const rating = (JSON.parse(row.fact_json) as FactRecord).fields.feedbackRating;
      if (rating !== undefined && !ratings.has(row.order_id)) ratings.set(row.order_id, rating);
    }
    return ratings;
  }

  // Orders

  async getOrderLines(accountId: string, orderId: string): Promise<StoredOrder[]> {
    const rows = await this.orders(accountId).where('order_id', '=', orderId).orderBy('line_key').execute();
    return this.storedOrders(rows);
  }

  async listOrders(accountId: string, cursor: string | null, limit: number): Promise<Page<StoredOrder>> {
    checkLimit(limit);
    const rows = await this.orders(accountId)
      .$if(cursor !== null, (q) => q.where('line_key', '>', cursor!))
      .orderBy('line_key')
      .limit(limit + 1)
      .execute();
    return this.page(rows, limit, (last) => last.line_key);
  }

  async changesSince(accountId: string, sinceSeq: number, limit: number): Promise<Page<StoredOrder>> {
    checkLimit(limit);
    // A change_seq is a safe integer (BIGINT on PostgreSQL): anything else is no cursor of ours.
    if (!Number.isSafeInteger(sinceSeq) || sinceSeq < 0) throw new RangeError(`a changes cursor is a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${sinceSeq}`);
    const rows = await this.orders(accountId)
      .where('change_seq', '>', sinceSeq)
      .orderBy('change_seq')
      .limit(limit + 1)
      .execute();
    return this.page(rows, limit, (last) => String(last.change_seq));
  }

  async patchOrderLine(accountId: string, lineKey: string, ifVersion: number, patch: OperatorPatch): Promise<StoredOrder | null> {
    const written = await this.write(async (trx) => {
      const account = await this.lockAccount(trx, accountId);
      if (!account) return null;
      const current = await trx.selectFrom('orders').selectAll().where('account_id', '=', accountId).where('line_key', '=', lineKey).executeTakeFirst();
      if (!current) return null;
      if (current.version !== ifVersion) return { conflict: true, line: current };
      const rowJson = encodeRow(applyPatch(decodeRow(current.row_json), patch));
      const operatorSet = encodeOperatorSet(patchOperatorSet(decodeOperatorSet(current.operator_set), patch));
      if (rowJson === current.row_json && operatorSet === current.operator_set) return { conflict: false, line: current };
      // Setting a field to the value it holds changes no value (no new version), but records that the operator chose it.
      if (rowJson === current.row_json) {
        await trx.updateTable('orders').set({ operator_set: operatorSet }).where('account_id', '=', accountId).where('line_key', '=', lineKey).execute();
        return { conflict: false, line: { ...current, operator_set: operatorSet } };
      }

      const changed = { row_json: rowJson, operator_set: operatorSet, version: current.version + 1, change_seq: account.change_seq + 1, updated_at: this.isoNow() };
      await trx.updateTable('orders').set(changed).where('account_id', '=', accountId).where('line_key', '=', lineKey).execute();
      await trx.updateTable('accounts').set({ change_seq: changed.change_seq }).where('id', '=', accountId).execute();
      return { conflict: false, line: { ...current, ...changed } };
    });
    if (!written) return null;
    const [line] = await this.storedOrders([written.line]);
    if (written.conflict) throw new VersionConflictError(line!);
    return line!;
  }

  async *scanOrders(accountId: string, batchSize: number): AsyncIterable<StoredOrder[]> {
    let cursor: string | null = null;
    do {
      const { items, nextCursor }: Page<StoredOrder> = await this.listOrders(accountId, cursor, batchSize);
      if (items.length > 0) yield items;
      cursor = nextCursor;
    } while (cursor !== null);
  }

  // Helpers

  private orders(accountId: string) {
    return this.database.reader.selectFrom('orders').selectAll().where('account_id', '=', accountId);
  }

  /**
   * Writes the header lists of the import's staged lines (those already stored are left as they are). An
   * import staged by another store (another process) is checked instead: a line whose list is missing fails it.
   */
  private async storeHeaderLists(trx: Trx, importId: string): Promise<void> {
    const used = this.importHeaderLists.get(importId);
    if (!used) {
      const orphan = await trx
        .selectFrom('import_lines as l')
        .leftJoin('cell_headers as h', 'h.id', 'l.headers_id')
        .select('l.line_key')
        .where('l.import_id', '=', importId)
        .where('h.id', 'is', null)
        .limit(1)
        .executeTakeFirst();
      if (orphan) throw new Error(`import ${importId}: line ${orphan.line_key} was staged by another worker and its header list is missing`);
      return;
    }
    const values = [...used.values()].map(({ id, json }) => ({ id, headers_json: json }));
    for (let i = 0; i < values.length; i += MAX_INSERT_ROWS) {
      await trx.insertInto('cell_headers').values(values.slice(i, i + MAX_INSERT_ROWS)).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
  }

  /** Stored rows as StoredOrders, their header lists read where not known yet. */
  private async storedOrders(rows: OrdersTable[]): Promise<StoredOrder[]> {
    const ids = [...new Set(rows.map((row) => row.headers_id))];
    let missing = ids.filter((id) => !this.headerLists.has(id));
    if (missing.length > 0) {
      if (this.headerLists.size + missing.length > MAX_CACHED_HEADER_LISTS) {
        this.headerLists.clear();
        missing = ids; // the page's lists that were cached went too
      }
      for (let i = 0; i < missing.length; i += this.database.maxParameters) {
        const found = await this.database.reader
          .selectFrom('cell_headers')
          .selectAll()
          .where('id', 'in', missing.slice(i, i + this.database.maxParameters))
          .execute();
        for (const { id, headers_json } of found) this.headerLists.set(id, JSON.parse(headers_json) as string[]);
      }
    }
    return rows.map((row) => {
      const headers = this.headerLists.get(row.headers_id);
      if (!headers) throw new Error(`order line ${row.line_key}: header list ${row.headers_id} is missing`);
      return toStoredOrder(row, headers);
    });
  }

  /** A page from `limit + 1` rows: the extra row only tells that there is more. */
  private async page(rows: OrdersTable[], limit: number, cursorOf: (last: OrdersTable) => string): Promise<Page<StoredOrder>> {
    const more = rows.length > limit;
    const items = await this.storedOrders(more ? rows.slice(0, limit) : rows);
    return { items, nextCursor: more ? cursorOf(rows[limit - 1]!) : null };
  }

  /** Waits for the import's staging write in flight, if any, and throws its error. */
  private async settleStaging(importId: string): Promise<void> {
    const pending = this.stagingWrites.get(importId);
    if (!pending) return;
    this.stagingWrites.delete(importId);
    await pending;
  }

  private write<T>(work: (trx: Trx) => Promise<T>, options?: WriteOptions): Promise<T> {
    return this.track(() => this.database.write(work, options));
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    const running = operation();
    this.writing.add(running);
    const forget = () => this.writing.delete(running);
    running.then(forget, forget);
    return running;
  }

  /**
   * The account row is the per-account lock: merges and patches of one account run one at a time, and
   * change_seq is handed out under it, so the /v1/changes cursor never passes a change still uncommitted.
   */
  private lockAccount(trx: Trx, accountId: string) {
    return trx.selectFrom('accounts').select('change_seq').where('id', '=', accountId).$if(this.database.lockRows, (q) => q.forUpdate()).executeTakeFirst();
  }

  private async checkStagingImport(accountId: string, importId: string): Promise<void> {
    const found = await this.database.reader.selectFrom('imports').select('status').where('id', '=', importId).where('account_id', '=', accountId).executeTakeFirst();
    if (found?.status !== 'staging') throw new ImportStateError(importId, found?.status ?? null);
  }

  /** The import, locked against a concurrent fail or cleanup (PostgreSQL), if it is the account's and still staging. */
  private async lockStagingImport(trx: Trx, accountId: string, importId: string) {
    const record = await trx
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .where('account_id', '=', accountId)
      .$if(this.database.lockRows, (q) => q.forUpdate())
      .executeTakeFirst();
    if (!record || record.status !== 'staging') throw new ImportStateError(importId, record?.status ?? null);
    return record;
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/**
 * One row per key (PostgreSQL refuses to upsert a row twice in one statement); a later line of a key wins.
 * Also the header lists the lines use (one, for lines of one report).
 */
function stagedRows(importId: string, lines: readonly EncodedImportLine[]): { rows: ImportLinesTable[]; headerLists: HeaderList[] } {
  const rows = new Map<string, ImportLinesTable>();
  const headerLists = new Map<string, HeaderList>();
  for (const line of lines) {
    const list = headerListOf(line.headers);
    headerLists.set(list.id, list);
    rows.set(line.lineKey, {
      import_id: importId,
      line_key: line.lineKey,
      order_id: line.orderId,
      order_item_id: line.orderItemId,
      sku: line.sku,
      row_json: line.rowJson,
      cells_json: line.valuesJson,
      headers_id: list.id,
    });
  }
  return { rows: [...rows.values()], headerLists: [...headerLists.values()] };
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`page size must be a whole number ≥ 1, got ${limit}`);
}

