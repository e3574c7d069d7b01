import type { z } from '@hono/zod-openapi';
import type { Policy } from '../../shared/policy/schema.js';
import { rowDays } from '../../shared/rules/days.js';
import { evaluateRow } from '../../shared/rules/evaluate.js';
import type { OrderRow } from '../../shared/schemas/order-row.js';
import type { EvaluatedRow } from '../../shared/schemas/statuses.js';
import { mergeLine, type LineFacts } from '../../shared/merge/merge-facts.js';
import { responseDraft } from '../../shared/drafts/claim-drafts.js';
import type { FactField, FactRecord, FactSource } from '../../shared/report/facts.js';
import type { StoredOrder } from '../store/types.js';
import { formatEtag } from './etag.js';
import type { LineFactsJson, OrderLine, OrderRowJson, Statuses } from './schemas.js';

export type OrderLineJson = z.infer<typeof OrderLine>;
type StatusesJson = z.infer<typeof Statuses>;

const INSTANT_FIELDS = ['purchaseAt', 'maxEddAt', 'deliveredAt', 'claimAt', 'buyerContactAt', 'responseAt', 'decisionAt', 'appealAt'] as const;

/** The statuses of a stored line as of `asOf`: the engine's row result without the file's line and the ids. */
export function statusesOf(row: OrderRow, policy: Policy, asOf: number): StatusesJson {
  const { line: _line, orderId: _orderId, orderItemId: _item, sku: _sku, ...statuses }: EvaluatedRow = evaluateRow(row, policy, asOf, 1, rowDays(row, asOf));
  return statuses;
}

const STORED: FactSource = { file: 'the stored line', line: 0, kind: 'orders' };

/**
 * A stored line as the API shows it: typed values (instants as ISO text), cells, version and statuses. With the
 * order's facts (feedback, returns imports), `row` and `statuses` include them and `facts` says where they came from.
 */
export function orderLineJson(stored: StoredOrder, policy: Policy, asOf: number, facts?: readonly FactRecord[]): OrderLineJson {
  if (facts) {
    const stated = new Set((Object.keys(stored.row) as FactField[]).filter((field) => stored.row[field] !== undefined));
    const merged = mergeLine(stored.row, STORED, stated, facts);
    const line = orderLineJson({ ...stored, row: merged.row }, policy, asOf);
    // A claim's response draft cites the facts (carrier, tracking number, return and refund) instead of placeholders.
    const draft = merged.row.claimAt !== undefined || merged.row.claimReason !== undefined ? responseDraft({ row: merged.row, result: evaluateRow(merged.row, policy, asOf, 1), facts: merged.facts }) : undefined;
    return { ...line, facts: { ...factsJson(merged.facts, merged.warnings), ...(draft === undefined ? {} : { responseDraft: draft }) } };
  }
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

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function factsJson(facts: LineFacts, warnings: string[]): z.infer<typeof LineFactsJson> {
  return {
    sources: facts.sources as Record<string, z.infer<typeof LineFactsJson>['sources'][string]>,
    shipments: facts.shipments.map((s) => ({ ...s, shippedAt: iso(s.shippedAt) })),
    returns: facts.returns.map((r) => ({ ...r, requestedAt: iso(r.requestedAt), returnDeliveredAt: iso(r.returnDeliveredAt) })),
    feedback: facts.feedback,
    warnings,
  };
}
