import type { z } from '@hono/zod-openapi';
import type { Policy } from '../../shared/policy/schema.js';
import { rowDays } from '../../shared/rules/days.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import type { EvaluatedRow } from '../../shared/schemas/statuses.js';
import type { StoredOrder } from '../store/types.js';
import { formatEtag } from './etag.js';
import type { OrderLine, OrderRowJson, Statuses } from './schemas.js';

export type OrderLineJson = z.infer<typeof OrderLine>;
type StatusesJson = z.infer<typeof Statuses>;

const INSTANT_FIELDS = ['purchaseAt', 'maxEddAt', 'deliveredAt', 'claimAt', 'buyerContactAt', 'responseAt', 'decisionAt', 'appealAt'] as const;

/** The statuses of a stored line as of `asOf`: the engine's row result without the file's line and the ids. */
export function statusesOf(row: OrderRow, policy: Policy, asOf: number): StatusesJson {
  const { line: _line, orderId: _orderId, orderItemId: _item, sku: _sku, ...statuses }: EvaluatedRow = evaluateRow(row, policy, asOf, 1, rowDays(row, asOf));
  return statuses;
}

/** A stored line as the API shows it: typed values (instants as ISO text), cells, version and statuses. */
export function orderLineJson(stored: StoredOrder, policy: Policy, asOf: number): OrderLineJson {
  return {
    lineKey: stored.lineKey,
    orderId: stored.orderId,
    orderItemId: stored.orderItemId,
    sku: stored.sku,
    version: stored.version,
    etag: formatEtag(stored.version),
    changeSeq: stored.changeSeq,
    updatedAt: stored.updatedAt,
    importId: stored.importId,
    row: rowJson(stored.row),
    cells: stored.cells,
    statuses: statusesOf(stored.row, policy, asOf),
  };
}

function rowJson(row: OrderRow): z.infer<typeof OrderRowJson> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== undefined) out[key] = value;
  for (const field of INSTANT_FIELDS) {
    const ms = row[field];
    if (ms !== undefined) out[field] = new Date(ms).toISOString();
  }
  return out as z.infer<typeof OrderRowJson>;
}
