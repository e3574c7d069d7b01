import { OrderRowSchema, type OrderRow } from '../../shared/schemas/order-row.js';
import { cellsRecord } from './cells.js';
import type { ImportsTable, OrdersTable } from './schema.js';
import type { ImportCounts, ImportRecord, StoredOrder } from './types.js';

/** Every OrderRow field in the schema's order: the one key order a stored row is written in. */
const ROW_FIELDS = Object.keys(OrderRowSchema.shape) as (keyof OrderRow)[];

/**
 * A row as JSON with its keys always in the same order and absent fields left out, so equal rows are
 * equal text: a re-import is recognized as unchanged by comparing text. Instants stay numbers (ms).
 */
export function encodeRow(row: OrderRow): string {
  // A fresh object of the present fields: JSON.stringify's fast path (a replacer list is about twice as slow;
  // writing the JSON by hand field by field measured no faster).
  const present: Record<string, unknown> = {};
  for (const field of ROW_FIELDS) {
    const value = row[field];
    if (value !== undefined) present[field] = value;
  }
  return JSON.stringify(present);
}

/** Back to an OrderRow with every field present (undefined where absent), the shape the report reader builds. */
export function decodeRow(text: string): OrderRow {
  const stored = JSON.parse(text) as Record<string, unknown>;
  const row: Record<string, unknown> = {};
  for (const field of ROW_FIELDS) row[field] = stored[field];
  return row as OrderRow;
}

/** A stored line with its cells as an object, header → value; `headers` is the line's header list (headers_id). */
export function toStoredOrder(record: OrdersTable, headers: readonly string[]): StoredOrder {
  return {
    lineKey: record.line_key,
    orderId: record.order_id,
    orderItemId: record.order_item_id,
    sku: record.sku,
    row: decodeRow(record.row_json),
    cells: cellsRecord({ headers, values: JSON.parse(record.cells_json) as string[] }),
    version: record.version,
    changeSeq: record.change_seq,
    updatedAt: record.updated_at,
    importId: record.import_id,
  };
}

export function toImportRecord(record: ImportsTable): ImportRecord {
  return {
    id: record.id,
    accountId: record.account_id,
    createdAt: record.created_at,
    status: record.status,
    fileName: record.file_name,
    counts: JSON.parse(record.counts_json) as ImportCounts,
    errors: JSON.parse(record.errors_json) as ImportRecord['errors'],
    warnings: JSON.parse(record.warnings_json) as string[],
    failure: record.failure,
  };
}

/** The order_id / order_item_id / sku columns, taken from the row (they index and identify it). */
export function identityColumns(row: OrderRow): Pick<OrdersTable, 'order_id' | 'order_item_id' | 'sku'> {
  return { order_id: row.orderId, order_item_id: row.orderItemId ?? null, sku: row.sku ?? null };
}
