import { z } from 'zod';

export const DELIVERY_STATES = ['pending', 'at_risk', 'late', 'delivered_on_time', 'delivered_late', 'unknown', 'cancelled'] as const;
export const ELIGIBILITY_STATES = ['eligible', 'ineligible'] as const;
export const ELIGIBILITY_REASONS = [
  'digital_item',
  'stored_value',
  'service',
  'chargeback',
  'window_closed',
  'filed_too_early',
  'no_prior_contact',
] as const;
export const RESPONSE_STATES = ['none', 'due', 'due_soon', 'overdue', 'responded', 'responded_late'] as const;
export const APPEAL_STATES = ['none', 'open', 'closed', 'appealed'] as const;
/** docs/rules.md §7, most urgent first; exactly one per row. */
export const NEXT_ACTIONS = [
  'respond_overdue',
  'submit_to_amazon',
  'send_proof_of_delivery',
  'respond_now',
  'respond',
  'appeal',
  'contact_buyer',
  'check_carrier',
  'await_decision',
  'none',
] as const;

export const DeliveryStateSchema = z.enum(DELIVERY_STATES);
export const EligibilityStateSchema = z.enum(ELIGIBILITY_STATES);
export const EligibilityReasonSchema = z.enum(ELIGIBILITY_REASONS);
export const ResponseStateSchema = z.enum(RESPONSE_STATES);
export const AppealStateSchema = z.enum(APPEAL_STATES);
export const NextActionSchema = z.enum(NEXT_ACTIONS);

export type DeliveryState = z.infer<typeof DeliveryStateSchema>;
export type EligibilityState = z.infer<typeof EligibilityStateSchema>;
export type EligibilityReason = z.infer<typeof EligibilityReasonSchema>;
export type ResponseState = z.infer<typeof ResponseStateSchema>;
export type AppealState = z.infer<typeof AppealStateSchema>;
export type NextAction = z.infer<typeof NextActionSchema>;

const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** One evaluated row: the contract the CLI's JSON and the worker's API share. */
export const EvaluatedRowSchema = z.object({
  line: z.number().int().positive(),
  orderId: z.string(),
  orderItemId: z.string().optional(),
  sku: z.string().optional(),
  timeZone: z.string(),
  delivery: DeliveryStateSchema,
  eligibility: EligibilityStateSchema,
  eligibilityReasons: z.array(EligibilityReasonSchema),
  claimWindowLastDay: dayString.nullable(),
  response: ResponseStateSchema,
  responseDueAt: z.string().datetime().nullable(),
  appeal: AppealStateSchema,
  appealLastDay: dayString.nullable(),
  odrDefect: z.boolean(),
  nextAction: NextActionSchema,
});
export type EvaluatedRow = z.infer<typeof EvaluatedRowSchema>;

export const RowErrorSchema = z.object({
  line: z.number().int().positive(),
  column: z.string().nullable(),
  message: z.string(),
});
export type RowError = z.infer<typeof RowErrorSchema>;

const odrCounts = z.object({ orders: z.number().int(), ordersWithDefects: z.number().int() });
export const OdrSummarySchema = z.object({
  windowStart: dayString,
  windowEnd: dayString,
  orders: z.number().int(),
  ordersWithDefects: z.number().int(),
  /** null when the window holds no orders. */
  rate: z.number().nullable(),
  target: z.number(),
  meetsTarget: z.boolean(),
  afn: odrCounts,
  mfn: odrCounts,
});
export type OdrSummary = z.infer<typeof OdrSummarySchema>;

export const EvaluationSchema = z.object({
  asOf: z.string().datetime(),
  rows: z.array(EvaluatedRowSchema),
  errors: z.array(RowErrorSchema),
  summary: z.object({ odr: OdrSummarySchema }),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;
