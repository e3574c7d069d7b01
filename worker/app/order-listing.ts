import type { Policy } from '../../shared/policy/schema.js';
import type { Store } from '../store/types.js';
import { encodeOrderCursor } from './cursor.js';
import { orderLineJson, type OrderLineJson } from './order-view.js';
import type { StatusFilter } from './status-filter.js';

/** Lines a filtered listing looks at per request before answering with what it found (and a cursor). */
export const MAX_SCANNED_LINES = 20_000;
/** Store page size while filtering: statuses are computed here, so most lines read may be dropped. */
const FILTERED_STORE_PAGE = 500;

export interface ListingRequest {
  accountId: string;
  /** Last line key of the previous page (decoded cursor), or null from the start. */
  after: string | null;
  limit: number;
  filter: StatusFilter | null;
  policy: Policy;
  asOf: number;
}

/**
 * One page of order lines with their statuses (and facts, as GET /v1/orders/{id} gives them), filtered while paging through the store in line-key order.
 * Stops at `limit` matches or after MAX_SCANNED_LINES lines looked at, so a rare filter over a large account
 * answers in bounded time; the cursor then resumes after the last line looked at, not the last one returned.
 */
export async function listOrderLines(store: Store, request: ListingRequest): Promise<{ items: OrderLineJson[]; nextCursor: string | null }> {
  const { accountId, limit, filter, policy, asOf } = request;
  const items: OrderLineJson[] = [];
  let after = request.after;
  let scanned = 0;
  for (;;) {
    const page = await store.listOrders(accountId, after, filter ? Math.max(limit, FILTERED_STORE_PAGE) : limit);
    // The facts (feedback, returns, shipments imports) of the page's orders, in one query: filters see the merged statuses.
    const facts = await store.getFactsOfOrders(accountId, page.items.map((line) => line.orderId));
    for (let i = 0; i < page.items.length; i++) {
      const line = page.items[i]!;
      scanned++;
      after = line.lineKey;
      const view = orderLineJson(line, policy, asOf, facts.get(line.orderId));
      if (filter && !filter(view.statuses)) continue;
      items.push(view);
      if (items.length === limit) {
        const more = i < page.items.length - 1 || page.nextCursor !== null;
        return { items, nextCursor: more ? encodeOrderCursor(after) : null };
      }
    }
    if (page.nextCursor === null) return { items, nextCursor: null };
    if (scanned >= MAX_SCANNED_LINES) return { items, nextCursor: encodeOrderCursor(after!) };
  }
}
