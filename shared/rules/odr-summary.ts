import type { Policy } from '../policy/schema.js';
import type { OrderRow } from '../schemas/order-row.js';
import type { OdrSummary } from '../schemas/statuses.js';
import { formatDay } from '../time/civil.js';
import { dayInZone } from '../time/zone.js';
import { isCancelled, rowDays, type RowDays } from './days.js';
import { odrDefect, odrWindow } from './odr.js';
import { OrderIdSet, type OrderIdTable } from './order-id-set.js';

const AFN = 1;
const MFN = 2;
const DEFECT = 4;

/**
 * docs/rules.md §6 over a stream of rows: each order counts once (whatever its number of lines or defects),
 * placed in the window by its purchase day in its own marketplace zone; cancelled orders are left out.
 * Memory grows by a few bytes per order in the window, never with the rows' text.
 */
export class OdrAccumulator {
  private orders = new OrderIdSet();

  constructor(
    private readonly policy: Policy,
    private readonly asOf: number,
    /** The zone the window's dates are reported in (each row is still placed by its own zone). */
    private readonly reportZone: string,
  ) {}

  /** An accumulator that continues from another's orderTable() (taking the table over, not copying it). */
  static fromOrderTable(policy: Policy, asOf: number, reportZone: string, table: OrderIdTable): OdrAccumulator {
    const accumulator = new OdrAccumulator(policy, asOf, reportZone);
    accumulator.orders = OrderIdSet.fromTable(table);
    return accumulator;
  }

  add(row: OrderRow, days: RowDays = rowDays(row, this.asOf)): void {
    if (isCancelled(row)) return;
    const { purchase } = days;
    if (purchase === undefined) return;
    const window = odrWindow(days.today, this.policy);
    if (purchase < window.start || purchase > window.end) return;
    const slot = this.orders.slotFor(row.orderId);
    let flags = this.orders.flags[slot]!;
    if (flags === 0) flags = row.fulfillment === 'afn' ? AFN : MFN;
    if (odrDefect(row)) flags |= DEFECT;
    this.orders.flags[slot] = flags;
  }

  /** The orders counted so far, to merge into another thread's accumulator (this one is then used no more). */
  orderTable(): OrderIdTable {
    return this.orders.toTable();
  }

  /**
   * Adds the orders of an accumulator that read the rows AFTER this one's rows, in file order, so that the
   * result equals one accumulator reading all of them: an order both saw keeps the AFN/MFN side of its first
   * line (ours), and is defective if either saw a defect.
   */
  mergeLater(table: OrderIdTable): void {
    this.orders.merge(table, (mine, theirs) => (mine === 0 ? theirs : mine | (theirs & DEFECT)));
  }

  summary(): OdrSummary {
    const counts = { afn: { orders: 0, ordersWithDefects: 0 }, mfn: { orders: 0, ordersWithDefects: 0 } };
    for (const flags of this.orders.allFlags()) {
      const side = flags & AFN ? counts.afn : counts.mfn;
      side.orders++;
      if (flags & DEFECT) side.ordersWithDefects++;
    }
    const orders = counts.afn.orders + counts.mfn.orders;
    const withDefects = counts.afn.ordersWithDefects + counts.mfn.ordersWithDefects;
    const rate = orders === 0 ? null : Math.round((withDefects / orders) * 10_000) / 10_000;
    const window = odrWindow(dayInZone(this.asOf, this.reportZone), this.policy);
    return {
      windowStart: formatDay(window.start),
      windowEnd: formatDay(window.end),
      orders,
      ordersWithDefects: withDefects,
      rate,
      target: this.policy.odrTarget,
      meetsTarget: orders === 0 || withDefects / orders < this.policy.odrTarget,
      afn: counts.afn,
      mfn: counts.mfn,
    };
  }
}

/** The ODR summary of a set of rows (for callers that hold them all, such as the add-in). */
export function odrSummary(rows: Iterable<OrderRow>, policy: Policy, asOf: number, reportZone: string): OdrSummary {
  const acc = new OdrAccumulator(policy, asOf, reportZone);
  for (const row of rows) acc.add(row);
  return acc.summary();
}
