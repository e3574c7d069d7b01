import type { Fulfillment, OrderRow } from '../schemas/order-row.js';

export interface OdrLineMarks {
  /** This line stands for its order in the order count. */
  order: boolean;
  /** This line stands for its order in the defect count. */
  defectOrder: boolean;
  /** The order's fulfilment (its first counted line's), so both counts split AFN/MFN alike. */
  channel: Fulfillment;
}

/**
 * The ODR counts each order once (docs/rules.md §6) while a sheet has one line per item. Sheet formulas
 * cannot deduplicate order ids cheaply, so the first counted line of each order carries the order
 * and the first defective counted line carries its defect; COUNTIFS then count marked lines.
 * Lines of one order share its purchase day in Amazon's reports, so they enter and leave the
 * window together, as the engine's OdrAccumulator sees them.
 */
export class OdrLineMarker {
  /** Order id → its channel, and whether a defect was already marked. */
  private readonly orders = new Map<string, { channel: Fulfillment; defect: boolean }>();

  /** Marks for a counted line (not cancelled, with a purchase date), in sheet order. */
  mark(row: OrderRow, defective: boolean): OdrLineMarks {
    const seen = this.orders.get(row.orderId);
    if (!seen) {
      this.orders.set(row.orderId, { channel: row.fulfillment, defect: defective });
      return { order: true, defectOrder: defective, channel: row.fulfillment };
    }
    const defectOrder = defective && !seen.defect;
    if (defectOrder) seen.defect = true;
    return { order: false, defectOrder, channel: seen.channel };
  }
}
