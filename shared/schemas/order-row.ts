import { z } from 'zod';

export const CLAIM_REASONS = [
  'not_received',
  'damaged',
  'defective',
  'not_as_described',
  'return_not_refunded',
  'international_return_label',
  'unexpected_fees',
] as const;
export const CLAIM_STATUSES = ['open', 'granted', 'amazon_funded', 'denied', 'withdrawn', 'refunded'] as const;
export const ITEM_TYPES = ['physical', 'digital', 'stored_value', 'service'] as const;
export const FULFILLMENTS = ['afn', 'mfn'] as const;

export const ClaimReasonSchema = z.enum(CLAIM_REASONS);
export const ClaimStatusSchema = z.enum(CLAIM_STATUSES);
export const ItemTypeSchema = z.enum(ITEM_TYPES);
export const FulfillmentSchema = z.enum(FULFILLMENTS);

/** An instant as milliseconds since 1970-01-01T00:00:00Z (what the engine computes with). */
const instant = z.number().finite();

/**
 * One order line as the engine sees it: typed values, every date already an instant.
 * Date-only cells become 00:00 of that day in the row's marketplace zone (docs/rules.md §1),
 * which maps back to the same calendar day for the day-counting rules.
 */
export const OrderRowSchema = z.object({
  orderId: z.string().min(1),
  orderItemId: z.string().optional(),
  sku: z.string().optional(),
  /** The marketplace zone calendar days are counted in (from the sales channel or the user's override). */
  timeZone: z.string().min(1),
  purchaseAt: instant.optional(),
  orderStatus: z.string().optional(),
  fulfillment: FulfillmentSchema,
  salesChannel: z.string().optional(),
  itemType: ItemTypeSchema,
  /** The maximum (latest) estimated delivery date. */
  maxEddAt: instant.optional(),
  deliveredAt: instant.optional(),
  claimAt: instant.optional(),
  claimReason: ClaimReasonSchema.optional(),
  /** Unset with a claim date means open (docs/rules.md §4). */
  claimStatus: ClaimStatusSchema.optional(),
  buyerContactAt: instant.optional(),
  responseAt: instant.optional(),
  decisionAt: instant.optional(),
  appealAt: instant.optional(),
  chargeback: z.boolean(),
  feedbackRating: z.number().int().min(1).max(5).optional(),
});

export type OrderRow = z.infer<typeof OrderRowSchema>;
export type ClaimReason = z.infer<typeof ClaimReasonSchema>;
export type ClaimStatus = z.infer<typeof ClaimStatusSchema>;
export type ItemType = z.infer<typeof ItemTypeSchema>;
export type Fulfillment = z.infer<typeof FulfillmentSchema>;
